/**
 * A keyspace written out as redis-cli input: one command per line, every
 * argument quoted the way redis-cli prints (and reads back) a bulk string.
 * `redis-cli < keyspace.redis` rebuilds it, and so does pasting it into the
 * playground's terminal. Used to rescue a learner's keys when a panel fails.
 */
import type { Reply } from '../engine/core/reply';
import { quoteBytes } from './format';

/** One key as read back: its TYPE, the reply of the command that reads its whole value, its PTTL. */
export interface ExportedKey {
  readonly key: string;
  readonly type: string;
  readonly value: Reply;
  readonly pttl: number;
}

/** The command that reads a whole value of each type (RESP2 replies). */
export function readCommand(type: string, key: string): string[] | undefined {
  switch (type) {
    case 'string':
      return ['GET', key];
    case 'hash':
      return ['HGETALL', key];
    case 'list':
      return ['LRANGE', key, '0', '-1'];
    case 'set':
      return ['SMEMBERS', key];
    case 'zset':
      return ['ZRANGE', key, '0', '-1', 'WITHSCORES'];
    case 'stream':
      return ['XRANGE', key, '-', '+'];
    default:
      return undefined;
  }
}

/** A reply's strings, flat (values of any shape become text: a saved value of the wrong type is still exported). */
function strings(r: Reply): string[] {
  switch (r.t) {
    case 'array':
    case 'set':
    case 'push':
      return r.v.flatMap(strings);
    case 'map':
      return r.v.flatMap(([k, v]) => [...strings(k), ...strings(v)]);
    case 'nil':
    case 'nilarray':
    case 'error':
      return [];
    default:
      return [String(r.v)];
  }
}

/** A command line: the command's name bare, every argument quoted. */
const line = ([name, ...args]: readonly string[]): string => [name, ...args.map((a) => quoteBytes(String(a)))].join(' ');

/** The commands that rebuild one key (none for a key that vanished or an unknown type). */
export function keyCommands(k: ExportedKey): string[] {
  const out: string[] = [];
  const flat = strings(k.value);
  switch (k.type) {
    case 'string':
      if (k.value.t === 'nil' || k.value.t === 'error') return [];
      out.push(line(['SET', k.key, flat[0] ?? '']));
      break;
    case 'hash':
      if (flat.length < 2) return [];
      out.push(line(['HSET', k.key, ...flat]));
      break;
    case 'list':
      if (flat.length === 0) return [];
      out.push(line(['RPUSH', k.key, ...flat]));
      break;
    case 'set':
      if (flat.length === 0) return [];
      out.push(line(['SADD', k.key, ...flat]));
      break;
    case 'zset': {
      if (flat.length < 2) return [];
      const args: string[] = [];
      for (let i = 0; i + 1 < flat.length; i += 2) args.push(flat[i + 1]!, flat[i]!);
      out.push(line(['ZADD', k.key, ...args]));
      break;
    }
    case 'stream': {
      if (k.value.t !== 'array') return [];
      for (const entry of k.value.v) {
        if (entry.t !== 'array' || entry.v.length < 2) continue;
        const [id, fields] = entry.v;
        out.push(line(['XADD', k.key, ...strings(id!), ...strings(fields!)]));
      }
      if (out.length === 0) return [];
      break;
    }
    default:
      return [];
  }
  if (k.pttl > 0) out.push(line(['PEXPIRE', k.key, String(k.pttl)]));
  return out;
}

/** A whole export: a SELECT before each database's keys. */
export function exportText(dbs: readonly (readonly ExportedKey[])[]): string {
  const out: string[] = [];
  dbs.forEach((keys, db) => {
    const cmds = keys.flatMap(keyCommands);
    if (cmds.length === 0) return;
    out.push(line(['SELECT', String(db)]), ...cmds);
  });
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}
