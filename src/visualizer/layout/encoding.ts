/**
 * Redis's internal encodings, explained: what OBJECT ENCODING says and why
 * a structure switched to its big encoding as it grew.
 */
const NOTES: Record<string, string> = {
  'hash:listpack>hashtable': 'more than 128 fields, or a field or value longer than 64 bytes (hash-max-listpack-entries / -value)',
  'set:intset>hashtable': 'a member that is not an integer, or more than 512 members (set-max-intset-entries)',
  'set:listpack>hashtable': 'more than 128 members, or a member longer than 64 bytes (set-max-listpack-entries / -value)',
  'set:intset>listpack': 'a member that is not an integer (set-max-listpack-entries)',
  'zset:listpack>skiplist': 'more than 128 members, or a member longer than 64 bytes (zset-max-listpack-entries / -value)',
  'list:listpack>quicklist': 'the list outgrew one listpack node (list-max-listpack-size)',
  'string:int>embstr': 'the value is no longer an integer',
  'string:int>raw': 'the value is no longer an integer and is longer than 44 bytes',
  'string:embstr>raw': 'longer than 44 bytes, or edited in place (APPEND, SETRANGE)',
  'string:embstr>int': 'the value is an integer again',
  'string:raw>int': 'the value is an integer again',
};

/** Why `type` went from encoding `from` to `to`, in one line. */
export function encodingNote(type: string, from: string, to: string): string {
  return NOTES[`${type}:${from}>${to}`] ?? `Redis chose a different representation for this ${type}`;
}

/** What an encoding is, for the badge's tooltip. */
export function encodingHint(enc: string): string {
  switch (enc) {
    case 'int':
      return 'int: the value is stored as a 64-bit integer';
    case 'embstr':
      return 'embstr: a short string stored in the same allocation as its object (44 bytes or less)';
    case 'raw':
      return 'raw: a string in its own buffer';
    case 'listpack':
      return 'listpack: compact, one contiguous block; small collections only';
    case 'quicklist':
      return 'quicklist: a linked list of listpack nodes';
    case 'hashtable':
      return 'hashtable: a real hash table, O(1) lookups at any size';
    case 'intset':
      return 'intset: a sorted array of integers';
    case 'skiplist':
      return 'skiplist: a skip list plus a hash table, O(log n) by rank and score';
    default:
      return enc;
  }
}

/** True when `to` is the big encoding of a structure that was compact. */
export function isGrowth(from: string, to: string): boolean {
  const compact = new Set(['listpack', 'intset', 'int', 'embstr']);
  return compact.has(from) && !compact.has(to);
}
