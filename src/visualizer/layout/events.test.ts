import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../../protocol/messages';
import { focusKey, narrate, selectedDb, touchesOf } from './events';

const ev = (o: Partial<ChangeEvent>): ChangeEvent => ({
  type: 'change',
  clientId: 1,
  command: 'set',
  argv: [],
  db: 0,
  dbAfter: 0,
  error: false,
  reads: [],
  changes: [],
  keys: [],
  expired: [],
  time: 0,
  ...o,
});
const meta = (key: string, type: 'string' | 'list' | 'zset' | null, size = 1, db = 0) => ({ db, key, type, size, expireAt: -1 });

describe('what a command did', () => {
  it('tells reads, writes, creations, deletions and expiries apart', () => {
    const e = ev({
      command: 'rename',
      reads: ['r'],
      keys: [meta('new', 'string'), meta('old', null), meta('w', 'string'), meta('gone', null), meta('other', 'string', 1, 3)],
      created: ['new'],
      expired: [{ db: 0, key: 'gone' }],
    });
    expect(Object.fromEntries(touchesOf(e, 0))).toEqual({ r: 'read', new: 'created', old: 'deleted', w: 'written', gone: 'expired' });
    expect(touchesOf(e, 3).get('other')).toBe('written');
  });
  it('tells keys maxmemory evicted from keys a command deleted, and says so', () => {
    const e = ev({
      command: 'set',
      argv: ['SET', 'n', 'v'],
      keys: [meta('n', 'string'), meta('cold:1', null), meta('cold:2', null), meta('x', null)],
      created: ['n'],
      evicted: [
        { db: 0, key: 'cold:1' },
        { db: 0, key: 'cold:2' },
      ],
      memory: { used: 1000, max: 1024, policy: 'allkeys-lru', evicted: 2 },
    });
    expect(Object.fromEntries(touchesOf(e, 0))).toEqual({ n: 'created', 'cold:1': 'evicted', 'cold:2': 'evicted', x: 'deleted' });
    expect(narrate(e, 0)).toBe('SET: created string n (1 byte); deleted x; maxmemory evicted cold:1 and cold:2 (allkeys-lru).');
  });
  it('follows the first written key, else the first read', () => {
    expect(focusKey(ev({ keys: [meta('a', null), meta('b', 'list')] }), 0)).toBe('b');
    expect(focusKey(ev({ command: 'get', reads: ['g'] }), 0)).toBe('g');
    expect(focusKey(ev({ command: 'get', reads: ['g'], error: true }), 0)).toBeUndefined();
    expect(focusKey(ev({ command: '', expired: [{ db: 0, key: 'x' }] }), 0)).toBeUndefined();
  });
  it('sees the client switch databases (SELECT, RESET)', () => {
    expect(selectedDb(ev({ command: 'select', argv: ['SELECT', '2'], dbAfter: 2 }))).toBe(2);
    expect(selectedDb(ev({ command: 'reset', db: 3, dbAfter: 0 }))).toBe(0);
    expect(selectedDb(ev({ command: 'get', argv: ['GET', '2'] }))).toBeUndefined();
    expect(selectedDb(ev({ command: 'select', dbAfter: 2, error: true }))).toBeUndefined();
  });
  it('narrates in one sentence', () => {
    expect(narrate(ev({ command: 'lpush', keys: [meta('queue', 'list', 3)], created: ['queue'] }), 0)).toBe('LPUSH: created list queue (3 elements).');
    expect(narrate(ev({ command: 'zincrby', keys: [meta('board', 'zset', 3)] }), 0)).toBe('ZINCRBY: board now holds 3 members.');
    expect(narrate(ev({ command: '', expired: [{ db: 0, key: 'session:abc123' }], keys: [meta('session:abc123', null)] }), 0)).toBe('session:abc123 expired.');
    expect(narrate(ev({ command: 'get', reads: ['greeting'] }), 0)).toBe('GET: read greeting.');
    expect(narrate(ev({ command: 'flushdb', keys: [meta('a', null)], truncated: 999_999 }), 0)).toBe('FLUSHDB: deleted a; and 999,999 more keys changed.');
  });
});
