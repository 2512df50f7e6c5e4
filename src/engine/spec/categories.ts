import type { CommandSpec } from '../core/command';

/** Redis's ACL command categories, in its order (ACL CAT, COMMAND INFO). */
export const ACL_CATEGORIES = [
  'keyspace', 'read', 'write', 'set', 'sortedset', 'list', 'hash', 'string', 'bitmap', 'hyperloglog', 'geo', 'stream',
  'pubsub', 'admin', 'fast', 'slow', 'blocking', 'dangerous', 'connection', 'transaction', 'scripting',
];

const GROUP_CATEGORY: Partial<Record<CommandSpec['group'], string>> = {
  generic: 'keyspace',
  string: 'string',
  list: 'list',
  set: 'set',
  'sorted-set': 'sortedset',
  hash: 'hash',
  transactions: 'transaction',
  connection: 'connection',
  scripting: 'scripting',
  hyperloglog: 'hyperloglog',
  bitmap: 'bitmap',
  geo: 'geo',
  stream: 'stream',
};

/** Commands Redis 7.0 tags with explicit categories beyond their group's. */
const EXPLICIT_CATEGORIES: Record<string, readonly string[]> = {
  keys: ['keyspace', 'dangerous'],
  migrate: ['keyspace', 'dangerous'],
  restore: ['keyspace', 'dangerous'],
  'restore-asking': ['keyspace', 'dangerous'],
  sort: ['set', 'sortedset', 'list', 'dangerous'],
  sort_ro: ['set', 'sortedset', 'list', 'dangerous'],
  flushall: ['keyspace', 'dangerous'],
  flushdb: ['keyspace', 'dangerous'],
  swapdb: ['keyspace', 'dangerous'],
  dbsize: ['keyspace'],
  info: ['dangerous'],
  lastsave: ['admin', 'dangerous'],
  role: ['dangerous'],
  command: ['connection'],
  wait: ['connection'],
  client: [],
  object: [],
};

/** ACL categories as COMMAND INFO lists them: explicit ones plus those implied by the flags. */
export function categories(spec: CommandSpec): string[] {
  const base = spec.name.split('|')[0]!;
  const cats = new Set<string>(
    EXPLICIT_CATEGORIES[spec.name] ??
      (base === 'command' ? ['connection'] : spec.subcommands !== undefined ? [] : GROUP_CATEGORY[spec.group] !== undefined ? [GROUP_CATEGORY[spec.group]!] : []),
  );
  const f = new Set(spec.flags);
  if (f.has('write')) cats.add('write');
  if (f.has('readonly') && !cats.has('scripting')) cats.add('read');
  if (f.has('admin')) {
    cats.add('admin');
    cats.add('dangerous');
  }
  if (f.has('pubsub')) cats.add('pubsub');
  if (f.has('fast')) cats.add('fast');
  if (f.has('blocking')) cats.add('blocking');
  if (!cats.has('fast')) cats.add('slow');
  return ACL_CATEGORIES.filter((c) => cats.has(c));
}
