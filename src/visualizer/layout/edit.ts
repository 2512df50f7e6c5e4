/**
 * What the keyspace view's edit controls do, as the Redis command each one
 * is (RedisInsight's browser works the same way): the view types the command
 * into the terminal, so it shows there, goes into the history, MONITOR and
 * the lesson journal like any other. Arguments are engine byte strings;
 * typed text is converted with `textToBytes` first.
 */
import { textToBytes } from './text';

export type EditAction =
  | { readonly op: 'rename'; readonly to: string }
  | { readonly op: 'delete' }
  | { readonly op: 'expire'; readonly seconds: string }
  | { readonly op: 'persist' }
  | { readonly op: 'set-string'; readonly value: string }
  | { readonly op: 'hash-set'; readonly field: string; readonly value: string }
  | { readonly op: 'hash-del'; readonly field: string }
  | { readonly op: 'list-push'; readonly end: 'head' | 'tail'; readonly value: string }
  | { readonly op: 'list-set'; readonly index: string; readonly value: string }
  | { readonly op: 'list-rem'; readonly value: string }
  | { readonly op: 'set-add'; readonly member: string }
  | { readonly op: 'set-rem'; readonly member: string }
  | { readonly op: 'zset-add'; readonly score: string; readonly member: string }
  | { readonly op: 'zset-rem'; readonly member: string }
  | { readonly op: 'stream-add'; readonly field: string; readonly value: string };

/**
 * The command for an action on `key` (a byte string); text fields are what
 * the learner typed. Returns a message instead when the input cannot make a
 * command (an empty new name, a TTL that is not a whole number).
 */
export function editCommand(key: string, a: EditAction): string[] | { readonly problem: string } {
  const b = textToBytes;
  switch (a.op) {
    case 'rename':
      if (a.to === '') return { problem: 'Type the new name first.' };
      return ['RENAME', key, b(a.to)];
    case 'delete':
      return ['DEL', key];
    case 'expire':
      if (!/^\s*\d+\s*$/.test(a.seconds) || Number(a.seconds) <= 0) return { problem: 'A TTL is a whole number of seconds, above 0.' };
      return ['EXPIRE', key, String(Number(a.seconds))];
    case 'persist':
      return ['PERSIST', key];
    case 'set-string':
      // KEEPTTL: editing the value keeps the key's expiry, as an editor should.
      return ['SET', key, b(a.value), 'KEEPTTL'];
    case 'hash-set':
      if (a.field === '') return { problem: 'Type a field name.' };
      return ['HSET', key, b(a.field), b(a.value)];
    case 'hash-del':
      if (a.field === '') return { problem: 'Type the field to remove.' };
      return ['HDEL', key, b(a.field)];
    case 'list-push':
      return [a.end === 'head' ? 'LPUSH' : 'RPUSH', key, b(a.value)];
    case 'list-set':
      if (!/^\s*-?\d+\s*$/.test(a.index)) return { problem: 'An index is a whole number (negative counts from the end).' };
      return ['LSET', key, String(Number(a.index)), b(a.value)];
    case 'list-rem':
      return ['LREM', key, '1', b(a.value)];
    case 'set-add':
      return ['SADD', key, b(a.member)];
    case 'set-rem':
      return ['SREM', key, b(a.member)];
    case 'zset-add': {
      const s = a.score.trim();
      if (s === '' || (Number.isNaN(Number(s)) && !/^[+-]?inf$/i.test(s))) return { problem: 'A score is a number.' };
      return ['ZADD', key, s, b(a.member)];
    }
    case 'zset-rem':
      return ['ZREM', key, b(a.member)];
    case 'stream-add':
      if (a.field === '') return { problem: 'Type a field name.' };
      return ['XADD', key, '*', b(a.field), b(a.value)];
  }
}
