import { describe, expect, it } from 'vitest';
import { exportText, readCommand, type ExportedKey } from '../../src/cli/export';
import { splitArgs } from '../../src/cli/split';
import type { Reply } from '../../src/protocol/messages';
import { EngineHost } from '../../src/worker/host';

function engine() {
  const host = new EngineHost(() => {});
  const { client } = host.handle('open', { name: 't' });
  const exec = (...argv: string[]): Reply => host.handle('exec', { client, argv }).reply ?? { t: 'nil' };
  return { exec };
}

/** Reads every key of every database the way the page's export does. */
function dump(exec: (...argv: string[]) => Reply): string {
  const dbs: ExportedKey[][] = [];
  for (let db = 0; db < 16; db++) {
    exec('SELECT', String(db));
    const keys: ExportedKey[] = [];
    const names = exec('KEYS', '*');
    for (const n of names.t === 'array' ? names.v : []) {
      if (n.t !== 'bulk') continue;
      const type = exec('TYPE', n.v);
      const t = type.t === 'simple' ? type.v : 'none';
      const pttl = exec('PTTL', n.v);
      keys.push({ key: n.v, type: t, value: exec(...readCommand(t, n.v)!), pttl: pttl.t === 'int' ? Number(pttl.v) : -1 });
    }
    keys.sort((a, b) => (a.key < b.key ? -1 : 1));
    dbs.push(keys);
  }
  return exportText(dbs);
}

describe('exporting the keyspace as redis-cli commands', () => {
  it('rebuilds every type, database, binary value and TTL when its lines are run again', () => {
    const a = engine();
    a.exec('SET', 'plain', 'hello world');
    a.exec('SET', 'bin', 'a"b\\c\n\x00\xff');
    a.exec('HSET', 'h', 'f 1', 'v"1', 'f2', '');
    a.exec('RPUSH', 'l', 'x', 'y', 'x');
    a.exec('SADD', 's', 'm1', 'm2');
    a.exec('ZADD', 'z', '1.5', 'a', '-inf', 'b', '3', 'c');
    a.exec('XADD', 'st', '1-1', 'f', 'v');
    a.exec('XADD', 'st', '2-0', 'g', 'w', 'h', 'u');
    a.exec('SET', 'ttl', 'v', 'EX', '1000');
    a.exec('SELECT', '3');
    a.exec('SET', 'in3', '3');
    const text = dump(a.exec);
    expect(text).toContain('SELECT "3"\nSET "in3" "3"\n');
    expect(text).toContain('SET "bin" "a\\"b\\\\c\\n\\x00\\xff"\n');

    const b = engine();
    for (const line of text.split('\n').filter((l) => l !== '')) {
      const argv = splitArgs(line);
      expect(argv).not.toBeNull();
      expect(b.exec(...argv!).t).not.toBe('error');
    }
    const again = dump(b.exec);
    // Same keys, values and databases; the TTL is re-based on the time of the rebuild.
    const noTtl = (s: string) => s.replace(/PEXPIRE "ttl" "\d+"/, 'PEXPIRE "ttl" N');
    expect(noTtl(again)).toBe(noTtl(text));
    expect(text).toMatch(/PEXPIRE "ttl" "\d+"/);
  });

  it('exports nothing for an empty keyspace', () => {
    expect(dump(engine().exec)).toBe('');
  });
});
