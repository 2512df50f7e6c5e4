import { describe, expect, it } from 'vitest';
import { Engine, VirtualClock, type Reply } from '../engine';
import { takeSnapshot } from '../engine/core/snapshot';
import type { ChangeEvent, WorkerEvent } from '../protocol/messages';
import { EngineHost } from './host';
import { Timeline } from './timeline';

function setup() {
  const events: WorkerEvent[] = [];
  const host = new EngineHost((e) => events.push(e));
  host.clock.pause(); // time moves only when a test moves it
  const open = (name = 't') => host.handle('open', { name }).client;
  const client = open();
  const on =
    (c: number) =>
    (...argv: string[]): Reply | undefined =>
      host.handle('exec', { client: c, argv }).reply;
  const exec = on(client);
  /** Every database, keys (sorted: a restored key may come back at another place in SCAN order) with values and absolute expiry times. */
  const state = () =>
    JSON.stringify(
      takeSnapshot(host.engine).dbs.map((keys) => [...keys].sort((a, b) => (a.key < b.key ? -1 : 1))),
      (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v),
    );
  const undo = (skipClients?: number[]) => host.handle('undo', skipClients ? { skipClients } : {});
  const changes = () => events.filter((e): e is ChangeEvent => e.type === 'change');
  return { host, exec, on, open, client, state, undo, changes };
}

/** Runs `then` after `first` and checks that one undo brings back the state `first` left. */
function roundTrip(first: string[][], then: string[][]): void {
  const { exec, state, undo } = setup();
  for (const a of first) exec(...a);
  for (const a of then.slice(0, -1)) exec(...a);
  const before = state();
  const last = then.at(-1)!;
  exec(...last);
  expect(state(), `${last.join(' ')} changed nothing`).not.toBe(before);
  const r = undo();
  expect(r.ok, r.reason).toBe(true);
  expect(r.argv).toEqual(last);
  expect(state()).toBe(before);
}

describe('Timeline: undo', () => {
  it('undoes string commands: a new key, an overwrite, APPEND, INCR, SETRANGE, GETDEL', () => {
    roundTrip([], [['SET', 'k', 'v']]);
    roundTrip([['SET', 'k', 'v']], [['SET', 'k', 'w']]);
    roundTrip([['SET', 'k', 'v']], [['APPEND', 'k', 'xyz']]);
    roundTrip([['SET', 'n', '41']], [['INCR', 'n']]);
    roundTrip([['SET', 'k', 'hello']], [['SETRANGE', 'k', '1', 'EY']]);
    roundTrip([['SET', 'k', 'v']], [['GETDEL', 'k']]);
    roundTrip([], [['MSET', 'a', '1', 'b', '2', 'c', '3']]);
  });

  it('undoes hash commands field by field', () => {
    roundTrip([['HSET', 'h', 'a', '1', 'b', '2']], [['HSET', 'h', 'c', '3']]);
    roundTrip([['HSET', 'h', 'a', '1', 'b', '2']], [['HDEL', 'h', 'a']]);
    roundTrip([['HSET', 'h', 'a', '1']], [['HDEL', 'h', 'a']]);
    roundTrip([['HSET', 'h', 'a', '1']], [['HINCRBY', 'h', 'a', '5']]);
  });

  it('undoes list commands, order included', () => {
    roundTrip([['RPUSH', 'l', 'a', 'b', 'c']], [['LPUSH', 'l', 'z']]);
    roundTrip([['RPUSH', 'l', 'a', 'b', 'c']], [['LPOP', 'l']]);
    roundTrip([['RPUSH', 'l', 'a', 'b', 'c']], [['LSET', 'l', '1', 'B']]);
    roundTrip([['RPUSH', 'l', 'a', 'b', 'c', 'd']], [['LTRIM', 'l', '1', '2']]);
    roundTrip([['RPUSH', 'l', 'a', 'b'], ['RPUSH', 'm', 'x']], [['LMOVE', 'l', 'm', 'LEFT', 'RIGHT']]);
    roundTrip([['RPUSH', 'l', 'a', 'b']], [['RPOPLPUSH', 'l', 'l']]);
  });

  it('undoes set commands', () => {
    roundTrip([['SADD', 's', 'a', 'b']], [['SADD', 's', 'c']]);
    roundTrip([['SADD', 's', 'a', 'b']], [['SREM', 's', 'a']]);
    roundTrip([['SADD', 's', 'a', 'b'], ['SADD', 't', 'b', 'c']], [['SINTERSTORE', 'd', 's', 't']]);
    roundTrip([['SADD', 's', 'a', 'b']], [['SMOVE', 's', 't', 'a']]);
  });

  it('undoes sorted-set commands, scores and ranks included', () => {
    roundTrip([['ZADD', 'z', '1', 'a', '2', 'b']], [['ZADD', 'z', '3', 'c']]);
    roundTrip([['ZADD', 'z', '1', 'a', '2', 'b']], [['ZINCRBY', 'z', '5', 'a']]);
    roundTrip([['ZADD', 'z', '1', 'a', '2', 'b']], [['ZREM', 'z', 'b']]);
    roundTrip([['ZADD', 'z', '1', 'a', '2', 'b']], [['ZPOPMIN', 'z']]);
    roundTrip([['ZADD', 'z', '1', 'a'], ['ZADD', 'y', '2', 'a', '3', 'b']], [['ZUNIONSTORE', 'u', '2', 'z', 'y']]);
  });

  it('undoes stream commands, consumer groups included', () => {
    roundTrip([['XADD', 'st', '1-1', 'f', 'v']], [['XADD', 'st', '2-1', 'g', 'w']]);
    roundTrip([['XADD', 'st', '1-1', 'f', 'v']], [['XGROUP', 'CREATE', 'st', 'grp', '0']]);
    roundTrip(
      [
        ['XADD', 'st', '1-1', 'f', 'v'],
        ['XGROUP', 'CREATE', 'st', 'grp', '0'],
      ],
      [['XREADGROUP', 'GROUP', 'grp', 'alice', 'COUNT', '1', 'STREAMS', 'st', '>']],
    );
  });

  it('undoes key commands: DEL, RENAME, a type change', () => {
    roundTrip([['SET', 'a', '1'], ['RPUSH', 'b', 'x']], [['DEL', 'a', 'b']]);
    roundTrip([['SET', 'a', '1'], ['SET', 'b', '2']], [['RENAME', 'a', 'b']]);
    roundTrip([['RPUSH', 'a', 'x']], [['SET', 'a', 'now a string']]);
  });

  it('puts TTLs back as absolute expiry times', () => {
    const { exec, host, state, undo } = setup();
    exec('SET', 'k', 'v', 'EX', '100');
    const at = host.engine.dbs[0]!.expires.get('k')!;
    host.clock.advance(10_000);
    exec('DEL', 'k');
    expect(undo().ok).toBe(true);
    expect(host.engine.dbs[0]!.expires.get('k')).toBe(at);
    expect(exec('PTTL', 'k')).toEqual({ t: 'int', v: 90_000 });
    const before = state();
    exec('PERSIST', 'k');
    expect(undo().ok).toBe(true);
    expect(state()).toBe(before);
    exec('SET', 'p', 'v');
    const plain = state();
    exec('EXPIRE', 'p', '50');
    undo();
    expect(state()).toBe(plain);
    expect(exec('TTL', 'p')).toEqual({ t: 'int', v: -1 });
  });

  it('leaves out a key whose time ran out since, and says so', () => {
    const { exec, host, undo } = setup();
    exec('SET', 'k', 'v', 'PX', '5000');
    exec('DEL', 'k');
    host.clock.advance(6000);
    const r = undo();
    expect(r.ok).toBe(true);
    expect(r.expiredSince).toBe(1);
    expect(exec('EXISTS', 'k')).toEqual({ t: 'int', v: 0 });
  });

  it('treats a key that expired before the command as absent', () => {
    const { exec, host, undo } = setup();
    exec('SET', 'k', 'old', 'PX', '1000');
    host.clock.advance(2000);
    exec('SET', 'k', 'new');
    expect(undo().ok).toBe(true);
    expect(exec('GET', 'k')).toEqual({ t: 'nil' });
  });

  it('undoes FLUSHALL across databases, TTLs included', () => {
    const { exec, state, undo } = setup();
    exec('SET', 'a', '1', 'EX', '100');
    exec('HSET', 'h', 'f', 'v');
    exec('SELECT', '3');
    exec('RPUSH', 'l', 'x', 'y');
    exec('SELECT', '0');
    const before = state();
    exec('FLUSHALL');
    expect(exec('DBSIZE')).toEqual({ t: 'int', v: 0 });
    const r = undo();
    expect(r.ok).toBe(true);
    expect(r.keys.map((k) => `${k.db}:${k.key}:${k.type}`)).toEqual(['0:a:string', '0:h:hash', '3:l:list']);
    expect(state()).toBe(before);
  });

  it('undoes FLUSHDB, SWAPDB, MOVE and COPY ... DB between databases', () => {
    const base = [
      ['SET', 'a', '1'],
      ['SELECT', '1'],
      ['SET', 'b', '2'],
      ['SELECT', '0'],
    ];
    roundTrip(base, [['FLUSHDB']]);
    roundTrip(base, [['SWAPDB', '0', '1']]);
    roundTrip(base, [['MOVE', 'a', '1']]);
    roundTrip(base, [['COPY', 'a', 'a2', 'DB', '1']]);
    roundTrip([['SELECT', '5'], ['SET', 'x', '1']], [['SET', 'x', '2']]);
  });

  it('undoes a whole transaction at once, SELECT inside it included', () => {
    const { exec, state, undo } = setup();
    exec('SET', 'a', '1');
    const before = state();
    exec('MULTI');
    exec('INCR', 'a');
    exec('SELECT', '2');
    exec('SET', 'b', 'x');
    exec('EXEC');
    exec('SELECT', '0');
    const r = undo();
    expect(r.ok, r.reason).toBe(true);
    expect(r.argv).toEqual(['EXEC']);
    expect(state()).toBe(before);
  });

  it('undoes one command at a time, newest first, and then has nothing left', () => {
    const { exec, state, undo } = setup();
    const s0 = state();
    exec('SET', 'a', '1');
    const s1 = state();
    exec('SET', 'a', '2');
    exec('GET', 'a'); // reads are not in the timeline
    exec('SET', 'nx', '1');
    exec('SET', 'nx', '2', 'NX'); // changed nothing: not in the timeline either
    undo();
    undo();
    expect(state()).toBe(s1);
    undo();
    expect(state()).toBe(s0);
    const r = undo();
    expect(r.ok).toBe(false);
    expect(r.reason).toMatch(/nothing/);
  });

  it('reports an undo as one change event, and never as a learner command', () => {
    const { exec, host, undo, changes, client } = setup();
    exec('RPUSH', 'l', 'a');
    const seq = host.handle('inspect', { db: 0, keys: [] }).seq;
    undo();
    const e = changes().at(-1)!;
    expect(e.command).toBe('undo');
    expect(e.argv).toEqual(['UNDO', 'RPUSH', 'l', 'a']);
    expect(e.keys).toEqual([{ db: 0, key: 'l', type: null, size: 0, expireAt: -1 }]);
    const after = host.handle('inspect', { db: 0, keys: [] });
    expect(after.seq).toBe(seq);
    expect(after.journal.filter((j) => j.client === client && j.argv[0] === 'UNDO')).toEqual([]);
  });

  it('undoes the learner command under a simulation that changed other keys, and refuses when it changed the same ones', () => {
    const { exec, on, open, undo } = setup();
    const sim = open('sim');
    exec('SET', 'mine', '1');
    on(sim)('SET', 'theirs', '1');
    expect(undo([sim]).argv).toEqual(['SET', 'mine', '1']);
    expect(exec('EXISTS', 'mine', 'theirs')).toEqual({ t: 'int', v: 1 });
    exec('SET', 'shared', 'me');
    on(sim)('SET', 'shared', 'sim');
    const r = undo([sim]);
    expect(r.ok).toBe(false);
    expect(r.reason).toMatch(/changed since by another client/);
    expect(exec('GET', 'shared')).toEqual({ t: 'bulk', v: 'sim' });
  });

  it('marks a command that changed a key it did not name as one that cannot be undone', () => {
    const { exec, on, open, undo, host } = setup();
    const other = open('other');
    exec('RPUSH', 'dst', 'z');
    on(other)('BLMOVE', 'src', 'dst', 'LEFT', 'LEFT', '0'); // blocks
    exec('LPUSH', 'src', 'x'); // wakes it: dst changes too
    const entry = host.handle('timeline', null).entries.at(-1)!;
    expect(entry.argv).toEqual(['LPUSH', 'src', 'x']);
    expect(entry.cannotUndo).toMatch(/"dst"/);
    const r = undo();
    expect(r.ok).toBe(false);
    expect(r.reason).toBe(entry.cannotUndo);
  });

  it('starts over when the keyspace is rebuilt outside the terminal (a lesson reset)', () => {
    const { exec, host, undo } = setup();
    exec('SET', 'a', '1');
    host.handle('lessonReset', { setup: [['SET', 'lesson', 'x']] });
    expect(host.handle('timeline', null).entries).toEqual([]);
    expect(undo().ok).toBe(false);
    expect(exec('GET', 'lesson')).toEqual({ t: 'bulk', v: 'x' });
  });
});

describe('Timeline: bounded memory', () => {
  function small(limits: { budget: number; perCommand: number; entries: number }) {
    const engine = new Engine({ clock: new VirtualClock() });
    const t = new Timeline(() => engine, limits);
    const c = engine.createClient();
    const exec = (...argv: string[]) => {
      t.before(c, argv);
      const r = engine.exec(c, argv);
      t.after();
      return r;
    };
    return { engine, t, exec };
  }

  it('drops the oldest commands past the budget and counts them', () => {
    const { t, exec } = small({ budget: 4000, perCommand: 2000, entries: 100 });
    const big = 'x'.repeat(900);
    for (let i = 0; i < 10; i++) exec('SET', 'k', `${big}${i}`);
    const l = t.list();
    expect(l.bytes).toBeLessThanOrEqual(4000);
    expect(l.entries.length).toBeGreaterThan(0);
    expect(l.entries.length + l.dropped).toBe(10);
    expect(l.dropped).toBeGreaterThan(0);
    expect(l.entries.at(-1)!.argv[2]).toBe(`${big}9`);
  });

  it('keeps at most `entries` commands', () => {
    const { t, exec } = small({ budget: 1e9, perCommand: 1e9, entries: 5 });
    for (let i = 0; i < 12; i++) exec('INCR', 'n');
    expect(t.list().entries.map((e) => e.id)).toEqual([8, 9, 10, 11, 12]);
    expect(t.list().dropped).toBe(7);
  });

  it('keeps a command with a too-large before-image, marked as one that cannot be undone, and says why', () => {
    const { t, exec, engine } = small({ budget: 1e6, perCommand: 5000, entries: 100 });
    exec('RPUSH', 'big', ...Array.from({ length: 1000 }, (_, i) => `element-${i}`));
    exec('SET', 'a', '1');
    exec('DEL', 'big');
    const last = t.list().entries.at(-1)!;
    expect(last.argv).toEqual(['DEL', 'big']);
    expect(last.cannotUndo).toMatch(/more than the history keeps/);
    const r = t.undo();
    expect(r.ok).toBe(false);
    expect(r.reason).toMatch(/more than the history keeps/);
    expect(engine.dbs[0]!.data.has('big')).toBe(false);
    // Nothing before it can be reached either.
    expect(t.restore(t.list().entries[0]!.id).ok).toBe(false);
  });
});

describe('Timeline: preview and restore', () => {
  it('shows what differs between a point and now, then restores that point', () => {
    const { exec, host, state } = setup();
    exec('SET', 'a', '1');
    exec('RPUSH', 'l', 'x', 'y');
    const afterTwo = state();
    exec('SET', 'a', '2');
    exec('DEL', 'l');
    exec('SADD', 's', 'm');
    const list = host.handle('timeline', null).entries;
    expect(list.map((e) => e.argv[0])).toEqual(['SET', 'RPUSH', 'SET', 'DEL', 'SADD']);
    const p = host.handle('timelinePreview', { id: list[1]!.id, db: 0 });
    expect(p.ok).toBe(true);
    expect(p.after).toBe(3);
    expect(p.dbsize).toBe(2);
    expect(p.changed).toEqual([
      { key: 'a', then: { type: 'string', items: ['1'], size: 1, expireAt: -1 }, now: { type: 'string', items: ['2'], size: 1, expireAt: -1 } },
      { key: 'l', then: { type: 'list', items: ['x', 'y'], size: 2, expireAt: -1 }, now: null },
      { key: 's', then: null, now: { type: 'set', items: ['m'], size: 1, expireAt: -1 } },
    ]);
    const r = host.handle('timelineRestore', { id: list[1]!.id });
    expect(r.ok).toBe(true);
    expect(r.undone).toBe(3);
    expect(state()).toBe(afterTwo);
    expect(host.handle('timeline', null).entries.map((e) => e.id)).toEqual([list[0]!.id, list[1]!.id]);
  });

  it('restores the point before the first command kept (id 0)', () => {
    const { exec, host, state } = setup();
    const empty = state();
    exec('SET', 'a', '1');
    exec('SELECT', '4');
    exec('SET', 'b', '1');
    expect(host.handle('timelinePreview', { id: 0, db: 4 }).changed.map((c) => c.key)).toEqual(['b']);
    expect(host.handle('timelineRestore', { id: 0 }).undone).toBe(2);
    expect(state()).toBe(empty);
  });
});

describe('the keyspace at an earlier point, in the views (read-only)', () => {
  const keysOf = (w: { rows: readonly { kind: string; key?: string }[] }) => w.rows.flatMap((r) => (r.kind === 'key' ? [r.key] : []));
  const tree = (host: EngineHost, at?: number, db = 0) =>
    host.handle('tree', { view: 'keyspace', db, pattern: '*', sort: 'name', flat: true, offset: 0, limit: 50, ...(at !== undefined ? { at } : {}) });

  it('shows the keys and values as they were right after an entry, and leaves the live keyspace alone', () => {
    const { host, exec, state } = setup();
    exec('SET', 'a', '1');
    exec('SET', 'a', '2');
    exec('RPUSH', 'l', 'x', 'y');
    exec('SELECT', '3');
    exec('SET', 'other', 'db3');
    const ids = host.handle('timeline', null).entries.map((e) => e.id);
    const live = state();

    expect(keysOf(tree(host, ids[0]))).toEqual(['a']);
    expect(host.handle('value', { db: 0, key: 'a', offset: 0, limit: 10, at: ids[0] })).toMatchObject({ type: 'string', value: '1' });
    expect(host.handle('value', { db: 0, key: 'l', offset: 0, limit: 10, at: ids[0] })).toMatchObject({ type: null });
    expect(tree(host, ids[0], 3).dbSizes[3]).toBe(0);
    expect(keysOf(tree(host, ids[2]))).toEqual(['a', 'l']);
    expect(host.handle('value', { db: 0, key: 'l', offset: 0, limit: 10, at: ids[2] })).toMatchObject({ type: 'list', items: ['x', 'y'] });
    expect(keysOf(tree(host, 0))).toEqual([]);
    // Now: everything is still there, and looking back changed nothing.
    expect(keysOf(tree(host))).toEqual(['a', 'l']);
    expect(host.handle('value', { db: 0, key: 'a', offset: 0, limit: 10 })).toMatchObject({ type: 'string', value: '2' });
    expect(state()).toBe(live);
  });

  it('is built again after the keyspace changed, and refuses a point no longer reachable', () => {
    const { host, exec } = setup();
    exec('SET', 'a', '1');
    const first = host.handle('timeline', null).entries[0]!.id;
    expect(keysOf(tree(host, first))).toEqual(['a']);
    exec('SET', 'b', '2');
    exec('DEL', 'a');
    expect(keysOf(tree(host, first))).toEqual(['a']);
    expect(keysOf(tree(host))).toEqual(['b']);
    host.handle('timelineRestore', { id: 0 });
    expect(() => tree(host, first)).toThrow(/cannot be shown/);
  });
});
