import { describe, expect, it } from 'vitest';
import type { CommandSpec } from '../core/command';
import { allSpecs } from './index';
import { keyPositions } from './keys';

const all: CommandSpec[] = allSpecs.flatMap((s) => [s, ...(s.subcommands ?? [])]);
const spec = (name: string): CommandSpec => all.find((s) => s.name === name)!;
const keysOf = (line: string): string[] | undefined => {
  const argv = line.split(' ');
  return keyPositions(spec(argv[0]!.toLowerCase()), argv)?.map((i) => argv[i]!);
};

describe('key positions in the command table', () => {
  it('a command has a movable-keys rule exactly when it is flagged movablekeys', () => {
    for (const s of all) expect(s.movableKeys !== undefined, s.name).toBe(s.flags.includes('movablekeys'));
  });

  it('fixed ranges, counts, keywords and SORT', () => {
    expect(keysOf('MSET a 1 b 2')).toEqual(['a', 'b']);
    expect(keysOf('GET k')).toEqual(['k']);
    expect(keysOf('PING')).toEqual([]);
    expect(keysOf('ZUNION 2 a b WEIGHTS 1 2')).toEqual(['a', 'b']);
    expect(keysOf('ZUNIONSTORE dst 2 a b')).toEqual(['dst', 'a', 'b']);
    expect(keysOf('BLMPOP 0 2 a b LEFT')).toEqual(['a', 'b']);
    expect(keysOf('LMPOP 4 a b LEFT')).toBeUndefined(); // count runs past the end
    expect(keysOf('SINTERCARD 0 a')).toBeUndefined(); // at least one key
    expect(keysOf('XREAD COUNT 2 STREAMS s1 s2 0 0')).toEqual(['s1', 's2']);
    expect(keysOf('XREAD STREAMS s1 s2 0')).toBeUndefined(); // keys and ids must pair
    expect(keysOf('SORT k BY w_* GET # LIMIT 0 5 STORE d1 STORE d2')).toEqual(['k', 'd2']);
    expect(keysOf('SORT k GET STORE')).toEqual(['k']); // STORE as GET's pattern
    expect(keysOf('SORT_RO k ALPHA')).toEqual(['k']);
  });

  it('rules kept for commands that declare them (EVAL, GEORADIUS, MIGRATE)', () => {
    const evalLike: CommandSpec = { ...spec('zunion'), name: 'eval', movableKeys: { find: 'numkeys', at: 2, min: 0 } };
    expect(keyPositions(evalLike, ['EVAL', 'return 1', '0'])).toEqual([]);
    expect(keyPositions(evalLike, ['EVAL', 's', '2', 'a', 'b', 'x'])).toEqual([3, 4]);
    const geo: CommandSpec = { ...spec('zunion'), name: 'georadius', movableKeys: { find: 'store-keywords', keywords: ['STORE', 'STOREDIST'] } };
    expect(keyPositions(geo, 'GEORADIUS g 0 0 1 km STORE a STOREDIST b'.split(' '))).toEqual([1, 7, 9]);
    // As redis-server 7.0 answers COMMAND GETKEYS for each line.
    const migrate: CommandSpec = { ...spec('zunion'), name: 'migrate', movableKeys: { find: 'migrate' } };
    expect(keyPositions(migrate, ['MIGRATE', 'h', '1', 'k', '0', '5'])).toEqual([3]);
    expect(keyPositions(migrate, ['MIGRATE', 'h', '1', '', '0', '5', 'KEYS', 'a', 'b'])).toEqual([7, 8]);
    expect(keyPositions(migrate, ['MIGRATE', 'h', '1', '', '0', '5', 'AUTH', 'keys', 'KEYS', 'a', 'b'])).toEqual([9, 10]);
    expect(keyPositions(migrate, ['MIGRATE', 'h', '1', '', '0', '5', 'AUTH2', 'u', 'keys', 'KEYS', 'a'])).toEqual([10]);
    expect(keyPositions(migrate, ['MIGRATE', 'h', '1', '', '0', '5', 'COPY', 'REPLACE', 'KEYS', 'a'])).toEqual([9]);
    expect(keyPositions(migrate, ['MIGRATE', 'h', '1', 'k', '0', '5', 'KEYS', 'a', 'b'])).toBeUndefined();
  });
});
