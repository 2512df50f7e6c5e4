import { describe, expect, it } from 'vitest';
import { editCommand } from './edit';

describe('editCommand: each edit is the Redis command it is', () => {
  it('builds key commands', () => {
    expect(editCommand('user:1', { op: 'rename', to: 'user:2' })).toEqual(['RENAME', 'user:1', 'user:2']);
    expect(editCommand('k', { op: 'delete' })).toEqual(['DEL', 'k']);
    expect(editCommand('k', { op: 'expire', seconds: ' 60 ' })).toEqual(['EXPIRE', 'k', '60']);
    expect(editCommand('k', { op: 'persist' })).toEqual(['PERSIST', 'k']);
  });

  it('builds value commands, typed text as UTF-8 bytes', () => {
    expect(editCommand('k', { op: 'set-string', value: 'héllo' })).toEqual(['SET', 'k', 'h\xc3\xa9llo', 'KEEPTTL']);
    expect(editCommand('h', { op: 'hash-set', field: 'name', value: 'Ada' })).toEqual(['HSET', 'h', 'name', 'Ada']);
    expect(editCommand('h', { op: 'hash-del', field: 'name' })).toEqual(['HDEL', 'h', 'name']);
    expect(editCommand('l', { op: 'list-push', end: 'head', value: 'x' })).toEqual(['LPUSH', 'l', 'x']);
    expect(editCommand('l', { op: 'list-push', end: 'tail', value: 'x' })).toEqual(['RPUSH', 'l', 'x']);
    expect(editCommand('l', { op: 'list-set', index: '-1', value: 'y' })).toEqual(['LSET', 'l', '-1', 'y']);
    expect(editCommand('l', { op: 'list-rem', value: 'y' })).toEqual(['LREM', 'l', '1', 'y']);
    expect(editCommand('s', { op: 'set-add', member: 'm' })).toEqual(['SADD', 's', 'm']);
    expect(editCommand('s', { op: 'set-rem', member: 'm' })).toEqual(['SREM', 's', 'm']);
    expect(editCommand('z', { op: 'zset-add', score: '1.5', member: 'm' })).toEqual(['ZADD', 'z', '1.5', 'm']);
    expect(editCommand('z', { op: 'zset-add', score: '-inf', member: 'm' })).toEqual(['ZADD', 'z', '-inf', 'm']);
    expect(editCommand('z', { op: 'zset-rem', member: 'm' })).toEqual(['ZREM', 'z', 'm']);
    expect(editCommand('st', { op: 'stream-add', field: 'f', value: 'v' })).toEqual(['XADD', 'st', '*', 'f', 'v']);
  });

  it('says what is wrong instead of building a command Redis would refuse', () => {
    expect(editCommand('k', { op: 'rename', to: '' })).toHaveProperty('problem');
    expect(editCommand('k', { op: 'expire', seconds: '1.5' })).toHaveProperty('problem');
    expect(editCommand('k', { op: 'expire', seconds: '0' })).toHaveProperty('problem');
    expect(editCommand('l', { op: 'list-set', index: 'first', value: 'x' })).toHaveProperty('problem');
    expect(editCommand('z', { op: 'zset-add', score: 'high', member: 'm' })).toHaveProperty('problem');
    expect(editCommand('h', { op: 'hash-set', field: '', value: 'v' })).toHaveProperty('problem');
  });
});
