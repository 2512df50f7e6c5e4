/**
 * How the fuzzer compares a reply from the engine with redis-server's.
 *
 * Both replies as a RESP2 client receives them, compared in the one
 * canonical form of the differential oracle (test/support/oracle.ts):
 * exactly by default. Exceptions, each because Redis leaves something
 * unspecified:
 * - order-free: SMEMBERS, SINTER, SUNION, SDIFF, KEYS; HGETALL/HKEYS/HVALS
 *   when the hash is hashtable-encoded (a listpack hash keeps insertion order,
 *   which the engine must match); SORT BY nosort of a hashtable set without
 *   STORE; SORT BY a pattern with ALPHA without STORE (tied order); GEO searches
 *   without ASC/DESC;
 * - shape only: SPOP, SRANDMEMBER, HRANDFIELD, ZRANDMEMBER, RANDOMKEY (same
 *   kind and length; order-free content when the whole collection came back);
 *   SCAN-family cursors (content compared when both finished in one call);
 * - time: TTL/EXPIRETIME may differ by 1 s, PTTL/PEXPIRETIME by the time
 *   between the two servers running the command.
 */
import type { Reply } from '../../src/engine';
import { canon, replyShape, sameReply, wire } from '../support/oracle';

export interface CompareInfo {
  /** OBJECT ENCODING of argv[1] on redis-server right after the command, when asked for. */
  encoding?: string | undefined;
  /** Milliseconds between sending to redis-server and the engine finishing. */
  windowMs: number;
  /** For EXEC: the queued commands. */
  queued?: readonly (readonly string[])[];
}

/** Commands whose reply needs OBJECT ENCODING of argv[1] to be judged. */
export const NEEDS_ENCODING = new Set(['hgetall', 'hkeys', 'hvals', 'hscan', 'sscan', 'zscan', 'sort', 'sort_ro']);

const UNORDERED = new Set(['smembers', 'sinter', 'sunion', 'sdiff', 'keys']);
const RANDOM = new Set(['spop', 'srandmember', 'hrandfield', 'zrandmember', 'randomkey']);
const GEO_SEARCH = new Set(['georadius', 'georadiusbymember', 'georadius_ro', 'georadiusbymember_ro', 'geosearch']);

/** Elements of an aggregate (wire-shaped, RESP2) reply. */
function items(r: Reply): readonly Reply[] | undefined {
  return r.t === 'array' ? r.v : undefined;
}

const exact = (ours: Reply, theirs: Reply, what = 'different reply'): string | undefined => (sameReply(ours, theirs) ? undefined : what);

/** What one side has that the other lacks, elements (or pairs) in the oracle's canonical form. */
function multisetDiff(ours: Reply, theirs: Reply, pairs: boolean): string {
  const elements = (r: Reply): string[] => ((canon(r, { unordered: true, pairs }) as { v: unknown[] }).v ?? []).map((x) => JSON.stringify(x));
  const count = (xs: string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());
  const a = count(elements(ours));
  const b = count(elements(theirs));
  const only = (x: Map<string, number>, y: Map<string, number>) => [...x].flatMap(([k, n]) => Array<string>(Math.max(0, n - (y.get(k) ?? 0))).fill(k)).map(readable);
  const cut = (xs: string[]) => (xs.length > 8 ? `${xs.slice(0, 8).join(' ')} … (${xs.length} in all)` : xs.join(' ') || 'nothing');
  return `different elements (order ignored): only redis-server has ${cut(only(b, a))}; only the engine has ${cut(only(a, b))}`;
}

/** A canonical element back to something readable: `"a"`, `"f" => "1"`, `(integer) 3`. */
function readable(json: string): string {
  const show = (x: unknown): string => {
    if (Array.isArray(x)) return x.map(show).join(' => ');
    const r = x as Reply;
    return r.t === 'int' ? `(integer) ${String(r.v)}` : showReply(r);
  };
  return show(JSON.parse(json));
}

function unorderedOrMismatch(ours: Reply, theirs: Reply, pairs: boolean): string | undefined {
  if (items(ours) && items(theirs)) return sameReply(ours, theirs, { unordered: true, pairs }) ? undefined : multisetDiff(ours, theirs, pairs);
  return exact(ours, theirs);
}

function numberArg(s: string | undefined): number | undefined {
  if (s === undefined || !/^-?\d+$/.test(s)) return undefined;
  return Number(s);
}

/** Undefined when the replies agree; otherwise what differs. */
export function compareReplies(argv: readonly string[], engineReply: Reply, serverReply: Reply, info: CompareInfo): string | undefined {
  // Both as a RESP2 client receives them.
  const ours = wire(engineReply, 2)!;
  const theirs = wire(serverReply, 2)!;
  const name = argv[0]!.toLowerCase();
  // Errors are always compared exactly, as is anything of a different kind.
  if (ours.t === 'error' || theirs.t === 'error') return exact(ours, theirs);

  if (name === 'exec' && info.queued) {
    const a = items(ours);
    const b = items(theirs);
    if (!a || !b || a.length !== b.length || a.length !== info.queued.length) return exact(ours, theirs, 'different EXEC reply');
    for (let i = 0; i < a.length; i++) {
      const d = compareReplies(info.queued[i]!, a[i]!, b[i]!, { windowMs: info.windowMs });
      if (d) return `EXEC item ${i + 1} (${info.queued[i]!.join(' ')}): ${d}`;
    }
    return undefined;
  }

  if (UNORDERED.has(name)) return unorderedOrMismatch(ours, theirs, false);

  if (name === 'hgetall' || name === 'hkeys' || name === 'hvals') {
    // A listpack hash keeps insertion order; a hashtable has none.
    if (info.encoding === 'listpack' || info.encoding === 'ziplist') return exact(ours, theirs, 'different reply (listpack order)');
    return unorderedOrMismatch(ours, theirs, name === 'hgetall');
  }

  if (name === 'sort' || name === 'sort_ro') {
    const lower = argv.map((a) => a.toLowerCase());
    // Any BY whose pattern has no '*' turns sorting off for good (a later BY
    // sets the pattern but does not turn it back on).
    const by = lower.indexOf('by');
    const nosort = lower.some((a, i) => i >= 2 && a === 'by' && !(argv[i + 1] ?? '').includes('*'));
    const store = lower.includes('store');
    // LIMIT over an unspecified order picks unspecified elements, and a GET
    // pattern turns each into a value or a nil: only the count is known then.
    const limited = (): string | undefined => {
      if (!lower.includes('get')) return replyShape(ours) === replyShape(theirs) ? undefined : 'different shape';
      return items(ours)?.length === items(theirs)?.length ? undefined : 'different number of elements';
    };
    // BY nosort returns the elements as the value iterates: a list or a
    // sorted set in its own order (compared exactly), an intset in ascending
    // order (compared exactly), a hashtable set in its hash-table order,
    // which is unspecified. The encoding is redis-server's, read right after
    // the command; unknown (inside MULTI) counts as unspecified.
    const hashOrder = info.encoding === undefined || info.encoding === 'hashtable';
    if (nosort && !store && hashOrder) {
      if (lower.includes('limit')) return limited();
      return unorderedOrMismatch(ours, theirs, false);
    }
    // BY a pattern with ALPHA: elements whose sort values tie (both missing,
    // or equal strings) compare equal, and come out in whatever order qsort
    // (or pqsort, with LIMIT) leaves the input in -- a set's or sorted set's
    // hash-table order -- which is unspecified. The fuzzer does not know the
    // values, so an order-only difference is accepted here; SORT with
    // distinct values is checked in order by the differential tests. Without
    // ALPHA, redis-server breaks a tie of weights by comparing the elements
    // themselves, so that order is fully determined and compared exactly.
    if (by > 0 && !nosort && !store && lower.includes('alpha')) {
      if (sameReply(ours, theirs)) return undefined;
      if (lower.includes('limit')) return limited();
      return unorderedOrMismatch(ours, theirs, false);
    }
  }

  if (GEO_SEARCH.has(name)) {
    const lower = argv.map((a) => a.toLowerCase());
    if (!lower.includes('asc') && !lower.includes('desc') && !lower.includes('store') && !lower.includes('storedist')) {
      return unorderedOrMismatch(ours, theirs, false);
    }
  }

  if (RANDOM.has(name)) {
    if (replyShape(ours) !== replyShape(theirs)) return 'different shape';
    const count = numberArg(argv[2]);
    const withPairs = argv.some((a) => /^with(values|scores)$/i.test(a));
    const a = items(ours);
    const b = items(theirs);
    // A positive count larger than the collection returns all of it.
    if (a && b && count !== undefined && count > 0 && (withPairs ? b.length / 2 : b.length) < count) {
      return sameReply(ours, theirs, { unordered: true, pairs: withPairs }) ? undefined : `whole collection: ${multisetDiff(ours, theirs, withPairs)}`;
    }
    return undefined;
  }

  if (name === 'scan' || name === 'sscan' || name === 'hscan' || name === 'zscan') {
    const a = items(ours);
    const b = items(theirs);
    if (!a || !b || a.length !== 2 || b.length !== 2) return exact(ours, theirs);
    const ca = a[0]!.t === 'bulk' ? a[0]!.v : '?';
    const cb = b[0]!.t === 'bulk' ? b[0]!.v : '?';
    // A whole iteration (from cursor 0 back to 0) returns every element; other
    // cursors mean positions in a hash table, which the engine need not share.
    const from = name === 'scan' ? argv[1] : argv[2];
    if (from !== '0') return items(a[1]!) && items(b[1]!) ? undefined : 'different shape';
    if (ca === '0' && cb === '0') return unorderedOrMismatch(a[1]!, b[1]!, name === 'hscan' || name === 'zscan');
    // Small listpack/intset collections are returned whole in one call.
    const compact = info.encoding === 'listpack' || info.encoding === 'intset' || info.encoding === 'ziplist';
    if (name !== 'scan' && compact && (ca === '0') !== (cb === '0')) return 'cursor differs on a compact collection';
    return items(a[1]!) && items(b[1]!) ? undefined : 'different shape';
  }

  if (name === 'ttl' || name === 'expiretime' || name === 'pttl' || name === 'pexpiretime') {
    if (ours.t === 'int' && theirs.t === 'int') {
      // Exact integers: a TTL near 2^63 ms is past a double's precision.
      const x = BigInt(ours.v);
      const y = BigInt(theirs.v);
      if (x < 0n || y < 0n) return x === y ? undefined : 'different reply';
      const slack = BigInt(name === 'ttl' || name === 'expiretime' ? 1 : info.windowMs + 5);
      const d = x > y ? x - y : y - x;
      return d <= slack ? undefined : `differs by ${d} (allowed ${slack})`;
    }
  }

  return exact(ours, theirs);
}

const MAX_SHOWN = 12;

/** A reply as redis-cli shows it (for reports; long arrays cut). */
export function showReply(r: Reply | undefined, indent = ''): string {
  if (r === undefined) return '(no reply: the engine blocked the client)';
  switch (r.t) {
    case 'simple':
      return r.v;
    case 'error':
      return `(error) ${r.v}`;
    case 'int':
      return `(integer) ${r.v}`;
    case 'bulk':
    case 'verbatim':
    case 'bignum':
      return r.v.length > 200 ? `${quote(r.v.slice(0, 200))}… (${r.v.length} bytes)` : quote(r.v);
    case 'double':
      return `(double) ${r.v}`;
    case 'bool':
      return `(boolean) ${r.v}`;
    case 'nil':
    case 'nilarray':
      return '(nil)';
    case 'array':
    case 'set':
    case 'push':
      if (r.v.length === 0) return '(empty array)';
      return (
        r.v
          .slice(0, MAX_SHOWN)
          .map((x, i) => `${i === 0 ? '' : indent}${i + 1}) ${showReply(x, indent + '   ')}`)
          .join('\n') + (r.v.length > MAX_SHOWN ? `\n${indent}… (${r.v.length} elements)` : '')
      );
    case 'map':
      if (r.v.length === 0) return '(empty hash)';
      return r.v.map(([k, v], i) => `${i === 0 ? '' : indent}${i + 1}# ${showReply(k)} => ${showReply(v, indent + '   ')}`).join('\n');
  }
}

/** An argument as redis-cli accepts it back (double quotes and \x escapes when needed). */
export function quote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i]!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c >= 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}

/** A command line redis-cli accepts. */
export function commandLine(argv: readonly string[]): string {
  return argv.map((a) => (/^[\x21-\x7e]+$/.test(a) && !/["'\\]/.test(a) ? a : quote(a))).join(' ');
}
