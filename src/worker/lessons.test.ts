import { describe, expect, it } from 'vitest';
import type { ChangeEvent, WorkerEvent } from '../protocol/messages';
import { fromText } from '../engine';
import { EngineHost } from './host';

function setup() {
  const events: WorkerEvent[] = [];
  const host = new EngineHost((e) => events.push(e));
  host.handle('clock', { op: 'pause' });
  const { client } = host.handle('open', { name: 'learner' });
  const exec = (...argv: string[]) => host.handle('exec', { client, argv });
  return { host, events, exec, client };
}

describe('lesson support in the worker', () => {
  it('inspect reads keys without side effects: no events, no stats, expired keys read as absent', () => {
    const { host, events, exec } = setup();
    exec('SET', 'a', fromText('héllo'), 'EX', '10');
    exec('SET', 'b', 'x');
    const before = events.length;
    const statsBefore = { ...host.engine.stats };
    const res = host.handle('inspect', { db: 0, keys: ['a', 'b', 'nope'] });
    expect(events.length).toBe(before);
    expect(host.engine.stats).toEqual(statsBefore);
    expect(res.dbsize).toBe(2);
    expect(res.keys).toEqual([
      { key: 'a', entry: { type: 'string', value: 'héllo' }, pttl: 10_000 },
      { key: 'b', entry: { type: 'string', value: 'x' }, pttl: -1 },
      { key: 'nope', entry: null, pttl: -2 },
    ]);
    host.clock.advance(11_000);
    const later = host.handle('inspect', { db: 0, keys: ['a'] });
    expect(later.keys[0]!.entry).toBeNull();
    expect(later.dbsize).toBe(1);
  });

  it('keeps a journal of commands with their replies, as text', () => {
    const { host, exec, client } = setup();
    const { seq } = host.handle('inspect', { db: 0, keys: [] });
    exec('SET', 'k', 'v', 'EX', '5');
    exec('GET', 'k');
    const res = host.handle('inspect', { db: 0, keys: [], since: seq });
    expect(res.journal.map((j) => [j.client, j.argv.join(' '), j.reply])).toEqual([
      [client, 'SET k v EX 5', { t: 'simple', v: 'OK' }],
      [client, 'GET k', { t: 'bulk', v: 'v' }],
    ]);
    expect(host.handle('inspect', { db: 0, keys: [], since: res.seq }).journal).toEqual([]);
  });

  it('lessonReset empties every database and runs the setup; the views hear about it', () => {
    const { host, events, exec } = setup();
    exec('SET', 'old', '1');
    exec('SELECT', '3');
    exec('SET', 'elsewhere', '1');
    const res = host.handle('lessonReset', { setup: [['SET', 'name', 'Alice'], ['BOGUS']] });
    expect(res.errors.map((e) => e.index)).toEqual([1]);
    expect(host.engine.dbs[3]!.data.size).toBe(0);
    expect([...host.engine.dbs[0]!.data.keys()]).toEqual(['name']);
    const changes = events.filter((e): e is ChangeEvent => e.type === 'change');
    expect(changes.some((e) => e.keys.some((k) => k.key === 'old' && k.type === null))).toBe(true);
    expect(changes.some((e) => e.keys.some((k) => k.key === 'name' && k.type === 'string'))).toBe(true);
    // The internal client is not one of the server's clients.
    const list = exec('CLIENT', 'LIST').reply;
    if (list?.t === 'bulk' || list?.t === 'verbatim') expect(list.v).not.toContain('name=lesson');
  });

  it('lessonSave gives commands that rebuild database 0, expiry included', () => {
    const { host, exec } = setup();
    exec('SET', 's', 'x');
    exec('SET', 't', 'y', 'PX', '5000');
    const saved = host.handle('lessonSave', null);
    expect(saved.commands).toEqual([['SET', 's', 'x'], ['SET', 't', 'y'], ['PEXPIREAT', 't', String(host.clock.now() + 5000)]]);
    host.handle('lessonReset', { setup: [] });
    expect(host.engine.dbs[0]!.data.size).toBe(0);
    host.handle('lessonReset', { setup: saved.commands! });
    const res = host.handle('inspect', { db: 0, keys: ['s', 't'] });
    expect(res.keys.map((k) => [k.key, k.pttl])).toEqual([
      ['s', -1],
      ['t', 5000],
    ]);
  });
});
