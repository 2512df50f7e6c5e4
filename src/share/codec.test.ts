import { describe, expect, it } from 'vitest';
import { splitArgs } from '../cli/split';
import { decodeShare, encodeShare, parseKeys, SHARE_MAX_KEYS, SHARE_MAX_LINK, shareData, ShareError } from './codec';

/** Raw DEFLATE + base64url of any text, as a hostile link would carry it. */
async function pack(text: string): Promise<string> {
  const s = new Blob([new TextEncoder().encode(text)]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const bytes = new Uint8Array(await new Response(s).arrayBuffer());
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const refused = async (data: string): Promise<string> => {
  try {
    await decodeShare(data);
  } catch (e) {
    expect(e).toBeInstanceOf(ShareError);
    return (e as Error).message;
  }
  throw new Error('the link was accepted');
};

const KEYS = [
  'SELECT "0"',
  'SET "greeting" "hello world"',
  'HSET "user:1" "name" "Ada" "visits" "3"',
  'RPUSH "jobs" "a" "b" "\\xff\\x00"',
  'SADD "tags" "x" "y"',
  'ZADD "board" "1.5" "ada" "-inf" "bob"',
  'XADD "events" "1-0" "type" "click"',
  'PEXPIRE "greeting" "60000"',
  'SELECT "3"',
  'SET "other" "db three"',
  '',
].join('\n');

describe('share links', () => {
  it('carry a keyspace and a lesson step through the fragment and back, byte for byte', async () => {
    const fragment = await encodeShare({ keys: KEYS, lesson: 'speed-problem', step: 'cache-the-categories' });
    expect(fragment).toMatch(/^share=[A-Za-z0-9_-]+$/);
    const data = shareData(`#${fragment}`)!;
    const s = await decodeShare(data);
    expect(s.payload).toEqual({ keys: KEYS, lesson: 'speed-problem', step: 'cache-the-categories' });
    const lines = KEYS.split('\n').filter(Boolean);
    // Built on database 0 again after the last SELECT.
    expect(s.argv).toEqual([...lines.map((l) => splitArgs(l)), ['SELECT', '0']]);
    expect(s.argv[3]).toEqual(['RPUSH', 'jobs', 'a', 'b', '\xff\x00']);
    expect(s.keys.map((k) => [k.db, k.name, k.type])).toEqual([
      [0, '"greeting"', 'string'],
      [0, '"user:1"', 'hash'],
      [0, '"jobs"', 'list'],
      [0, '"tags"', 'set'],
      [0, '"board"', 'zset'],
      [0, '"events"', 'stream'],
      [3, '"other"', 'string'],
    ]);
  });

  it('is not read from a fragment that is not a share', () => {
    expect(shareData('')).toBeUndefined();
    expect(shareData('#region-terminal')).toBeUndefined();
    expect(shareData('#share=')).toBe('');
  });

  it('refuses damaged, cut or foreign data with a reason, never a crash', async () => {
    const good = shareData(await encodeShare({ keys: KEYS }))!;
    expect(await refused('')).toMatch(/empty/);
    expect(await refused('not base64!')).toMatch(/not in the link format/);
    expect(await refused('A')).toMatch(/not in the link format/);
    expect(await refused(good.slice(0, Math.floor(good.length / 2)))).toMatch(/does not unpack|not in the share format|not text/);
    expect(await refused(await pack('just text'))).toMatch(/not in the share format/);
    expect(await refused(await pack('[1,2]'))).toMatch(/not in the share format/);
    expect(await refused(await pack('{"v":2,"keys":""}'))).toMatch(/newer version/);
    expect(await refused(await pack('{"v":1}'))).toMatch(/no keyspace/);
    expect(await refused(await pack('{"v":1,"keys":"","lesson":"../../etc"}'))).toMatch(/lesson name/);
    expect(await refused(await pack('{"v":1,"keys":"","step":"x"}'))).toMatch(/step/);
    expect(await refused(await pack(`{"v":1,"keys":"SET \\"a"}`))).toMatch(/line 1 has unbalanced quotes/);
  });

  it('refuses a link longer than the limit before reading it', async () => {
    expect(await refused('A'.repeat(SHARE_MAX_LINK + 1))).toMatch(/longer than 32,000 characters/);
  });

  it('refuses a small link that would unpack into a huge text (it stops reading)', async () => {
    const bomb = await pack(JSON.stringify({ v: 1, keys: `SET a "${'x'.repeat(5_000_000)}"` }));
    expect(bomb.length).toBeLessThan(SHARE_MAX_LINK);
    expect(await refused(bomb)).toMatch(/unpacks to more than 1,000 KB/);
  });

  it('runs only the commands that build keys, with their shapes', async () => {
    for (const [line, why] of [
      ['FLUSHALL', /"FLUSHALL" is not a command a share link may run/],
      ['CONFIG SET maxmemory 1', /"CONFIG" is not a command/],
      ['EVAL "return 1" 0', /"EVAL" is not a command/],
      ['DEBUG SLEEP 100', /"DEBUG" is not a command/],
      ['SET a b EX 10', /SET takes a key and a value only/],
      ['SELECT 16', /database from 0 to 15/],
      ['HSET h f', /field and value pairs/],
      ['ZADD z NaN m', /score "NaN" is not a number/],
      ['PEXPIRE k -1', /milliseconds/],
      ['XADD s * f v', /entry id/],
    ] as const) {
      expect(() => parseKeys(line), line).toThrow(why);
      expect(await refused(await pack(JSON.stringify({ v: 1, keys: `SET ok 1\n${line}` })))).toMatch(/^line 2: /);
    }
  });

  it(`holds at most ${SHARE_MAX_KEYS} keys`, () => {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `SET k${i} v`).join('\n');
    expect(parseKeys(lines(SHARE_MAX_KEYS)).keys).toHaveLength(SHARE_MAX_KEYS);
    expect(() => parseKeys(lines(SHARE_MAX_KEYS + 1))).toThrow(/more than 1,000 keys/);
    // The same key twice is one key.
    expect(parseKeys('SET a 1\nSET a 2\nPEXPIRE a 5').keys).toHaveLength(1);
  });
});
