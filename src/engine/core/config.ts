/**
 * The server configuration behind CONFIG GET/SET: every parameter Redis 7.0
 * knows (names, aliases, defaults, bounds and validation messages), held as
 * data. Values are kept in the canonical text CONFIG GET prints plus, for
 * numbers, a JS number the engine reads on hot paths (`num`).
 *
 * Defaults are those of a `redis-server` started without a configuration
 * file (config.c's built-in defaults), because that is what the oracle the
 * differential tests run against reports. Note that redis.conf as shipped
 * overrides a few of them (hash-max-listpack-entries 128, save ...).
 *
 * Deliberate differences from a bare redis-server, because the playground is
 * a teaching tool: `enable-debug-command` is `yes` (DEBUG works), and `dir`
 * is a fixed virtual path since there is no file system.
 */
import { globMatch } from './glob';
import { INT64_MAX, UINT64_MAX, parseInt64 } from '../../text/int';

/** keyspace notification classes (notify-keyspace-events), Redis's bit values. */
export const NOTIFY = {
  KEYSPACE: 1 << 0, // K
  KEYEVENT: 1 << 1, // E
  GENERIC: 1 << 2, // g
  STRING: 1 << 3, // $
  LIST: 1 << 4, // l
  SET: 1 << 5, // s
  HASH: 1 << 6, // h
  ZSET: 1 << 7, // z
  EXPIRED: 1 << 8, // x
  EVICTED: 1 << 9, // e
  STREAM: 1 << 10, // t
  KEY_MISS: 1 << 11, // m (not part of A)
  MODULE: 1 << 13, // d
  NEW: 1 << 14, // n (not part of A)
} as const;
const NOTIFY_ALL =
  NOTIFY.GENERIC | NOTIFY.STRING | NOTIFY.LIST | NOTIFY.SET | NOTIFY.HASH | NOTIFY.ZSET | NOTIFY.EXPIRED | NOTIFY.EVICTED | NOTIFY.STREAM | NOTIFY.MODULE;

const NOTIFY_CHARS: readonly [string, number][] = [
  ['g', NOTIFY.GENERIC],
  ['$', NOTIFY.STRING],
  ['l', NOTIFY.LIST],
  ['s', NOTIFY.SET],
  ['h', NOTIFY.HASH],
  ['z', NOTIFY.ZSET],
  ['x', NOTIFY.EXPIRED],
  ['e', NOTIFY.EVICTED],
  ['t', NOTIFY.STREAM],
  ['d', NOTIFY.MODULE],
  ['n', NOTIFY.NEW],
];

/** notify-keyspace-events text -> flags, or -1 for an unknown class character. */
export function parseNotifyFlags(s: string): number {
  let flags = 0;
  for (const c of s) {
    if (c === 'A') flags |= NOTIFY_ALL;
    else if (c === 'K') flags |= NOTIFY.KEYSPACE;
    else if (c === 'E') flags |= NOTIFY.KEYEVENT;
    else if (c === 'm') flags |= NOTIFY.KEY_MISS;
    else {
      const hit = NOTIFY_CHARS.find(([ch]) => ch === c);
      if (hit === undefined) return -1;
      flags |= hit[1];
    }
  }
  return flags;
}

/** flags -> the canonical text CONFIG GET shows (`AKE`, `gx`, ...). */
export function formatNotifyFlags(flags: number): string {
  let s = '';
  if ((flags & NOTIFY_ALL) === NOTIFY_ALL) {
    s = 'A'; // Redis shows no `n` next to A, though the flag stays set
  } else {
    for (const [c, bit] of NOTIFY_CHARS) if (flags & bit) s += c;
  }
  if (flags & NOTIFY.KEYSPACE) s += 'K';
  if (flags & NOTIFY.KEYEVENT) s += 'E';
  if (flags & NOTIFY.KEY_MISS) s += 'm';
  return s;
}

export const MAXMEMORY_POLICIES = [
  'volatile-lru',
  'volatile-lfu',
  'volatile-random',
  'volatile-ttl',
  'allkeys-lru',
  'allkeys-lfu',
  'allkeys-random',
  'noeviction',
] as const;
export type MaxmemoryPolicy = (typeof MAXMEMORY_POLICIES)[number];

// ---- The parameter table -------------------------------------------------

type Outcome = { ok: string; num?: number } | { err: string };

interface Param {
  readonly name: string;
  readonly alias?: string;
  readonly immutable?: boolean;
  /** Only matched by an exact CONFIG GET name, never by a pattern. */
  readonly hidden?: boolean;
  /** The value is split on spaces before parsing (save, bind ...). */
  readonly multiArg?: boolean;
  readonly def: string;
  /** Validates and canonicalises a new value. */
  readonly parse: (args: string[]) => Outcome;
}

const I32_MIN = -2147483648n;
const I32_MAX = 2147483647n;
const U32_MAX = 4294967295n;


/** memtoull: digits with an optional b/k/kb/m/mb/g/gb unit (k = 1000, kb = 1024). */
function memToBig(s: string): bigint | null {
  const m = /^([0-9]*)(b|k|kb|m|mb|g|gb)?$/i.exec(s);
  if (m === null || m[1] === '' || m[1]!.length >= 128) return null;
  const units: Record<string, bigint> = { b: 1n, k: 1000n, kb: 1024n, m: 1000000n, mb: 1048576n, g: 1000000000n, gb: 1073741824n };
  let v = BigInt(m[1]!);
  if (v > UINT64_MAX) v = UINT64_MAX; // strtoull saturates
  return (v * units[(m[2] ?? 'b').toLowerCase()]!) & UINT64_MAX;
}

interface NumOpts {
  readonly memory?: boolean;
  /** Unsigned C type: out-of-range values are compared after a 64-bit cast. */
  readonly unsigned?: boolean;
  /** Accepts `N%` (stored negative, as Redis does). */
  readonly percent?: boolean;
  readonly octal?: boolean;
  /** Post-processing of an accepted value (hz is clamped to 1..500). */
  readonly clamp?: (v: bigint) => bigint;
}

function numeric(min: bigint, max: bigint, o: NumOpts = {}): (args: string[]) => Outcome {
  return ([raw = '']) => {
    let v: bigint | null = null;
    if (o.memory) v = memToBig(raw);
    if (v === null && o.percent && raw.length > 1 && raw.endsWith('%')) {
      const p = parseInt64(raw.slice(0, -1));
      if (p !== null && p >= 0n) v = -p;
    }
    if (v === null && o.octal && /^[0-7]+$/.test(raw)) v = BigInt(`0o${raw}`);
    if (v === null && !o.memory && !o.percent && !o.octal) v = parseInt64(raw);
    if (v === null) {
      return {
        err: o.memory && o.percent
          ? 'argument must be a memory or percent value'
          : o.memory
            ? 'argument must be a memory value'
            : o.octal
              ? "argument couldn't be parsed as an octal number"
              : "argument couldn't be parsed into an integer",
      };
    }
    if (o.unsigned) {
      const u = v < 0n ? v + (UINT64_MAX + 1n) : v;
      if (u > max || u < min) {
        return o.octal
          ? { err: `argument must be between ${min.toString(8)} and ${max.toString(8)} inclusive` }
          : { err: `argument must be between ${min} and ${max} inclusive` };
      }
      v = u;
    } else if (o.percent && v < 0n) {
      if (v < min) return { err: `percentage argument must be less or equal to ${-min}` };
    } else if (v > max || v < min) {
      return { err: `argument must be between ${min} and ${max} inclusive` };
    }
    if (o.clamp) v = o.clamp(v);
    const text = o.percent && v < 0n ? `${-v}%` : o.octal ? v.toString(8) : v.toString();
    return { ok: text, num: Number(v) };
  };
}

const bool = ([raw = '']: string[]): Outcome => {
  const l = raw.toLowerCase();
  if (l === 'yes' || l === 'no') return { ok: l, num: l === 'yes' ? 1 : 0 };
  return { err: "argument must be 'yes' or 'no'" };
};

function enumOf(values: readonly string[], multi = false): (args: string[]) => Outcome {
  const err = { err: `argument(s) must be one of the following: ${values.join(', ')}` };
  return (args) => {
    if (!multi) {
      const i = values.findIndex((v) => v.toLowerCase() === (args[0] ?? '').toLowerCase());
      return i < 0 ? err : { ok: values[i]!, num: i };
    }
    const picked = new Set<string>();
    for (const a of args) {
      const v = values.find((x) => x.toLowerCase() === a.toLowerCase());
      if (v === undefined) return err;
      picked.add(v);
    }
    // Bit flags: `default` is the absence of the others.
    const names = values.filter((v) => picked.has(v) && v !== values[0]);
    return { ok: names.length === 0 ? values[0]! : names.join(' ') };
  };
}

const anyString = ([raw = '']: string[]): Outcome => ({ ok: raw });

function saveParse(args: string[]): Outcome {
  if (args.length === 1 && args[0] === '') args = [];
  if (args.length % 2 !== 0) return { err: 'Invalid save parameters' };
  const out: string[] = [];
  for (let j = 0; j < args.length; j++) {
    const m = /^[-+]?[0-9]+$/.exec(args[j]!);
    if (m === null) return { err: 'Invalid save parameters' };
    const v = Number(args[j]);
    if ((j % 2 === 0 && v < 1) || (j % 2 === 1 && v < 0)) return { err: 'Invalid save parameters' };
    out.push(String(v));
  }
  return { ok: out.join(' ') };
}

function notifyParse(args: string[]): Outcome {
  if (args.length !== 1) return { err: 'wrong number of arguments' };
  const flags = parseNotifyFlags(args[0]!);
  if (flags === -1) return { err: "Invalid event class character. Use 'Ag$lshzxeKEtmdn'." };
  return { ok: formatNotifyFlags(flags), num: flags };
}

const OBUF_CLASSES = ['normal', 'slave', 'pubsub'] as const;
function outputBufferParse(current: () => string): (args: string[]) => Outcome {
  return (args) => {
    if (args.length % 4 !== 0) return { err: 'Wrong number of arguments in buffer limit configuration.' };
    const cur = current().split(' ');
    const byClass = new Map<string, string[]>();
    for (let j = 0; j < cur.length; j += 4) byClass.set(cur[j]!, cur.slice(j + 1, j + 4));
    for (let j = 0; j < args.length; j += 4) {
      let cls = args[j]!.toLowerCase();
      if (cls === 'replica') cls = 'slave';
      if (!(OBUF_CLASSES as readonly string[]).includes(cls)) {
        return { err: 'Invalid client class specified in buffer limit configuration.' };
      }
      const hard = memToBig(args[j + 1]!);
      const soft = memToBig(args[j + 2]!);
      const secs = /^[-+]?[0-9]+$/.test(args[j + 3]!) ? Number(args[j + 3]) : -1;
      if (hard === null || soft === null || secs < 0) {
        return { err: 'Error in hard, soft or soft_seconds setting in buffer limit configuration.' };
      }
      byClass.set(cls, [hard.toString(), soft.toString(), String(secs)]);
    }
    return { ok: OBUF_CLASSES.map((c) => `${c} ${byClass.get(c)!.join(' ')}`).join(' ') };
  };
}

function oomValuesParse(args: string[]): Outcome {
  if (args.length !== 3) return { err: 'wrong number of arguments' };
  const out: number[] = [];
  for (const a of args) {
    const v = /^[-+]?[0-9]+$/.test(a) ? Number(a) : NaN;
    if (!(v >= -2000 && v <= 2000)) return { err: 'Invalid oom-score-adj-values, elements must be between -2000 and 2000.' };
    out.push(v);
  }
  return { ok: out.join(' ') };
}

function percentilesParse(args: string[]): Outcome {
  if (args.length === 1 && args[0] === '') return { ok: '' };
  const out: string[] = [];
  for (const a of args) {
    const v = /^[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/.test(a) ? Number(a) : NaN;
    if (Number.isNaN(v)) return { err: 'Invalid latency-tracking-info-percentiles parameters' };
    if (v > 100 || v < 0) return { err: 'latency-tracking-info-percentiles parameters should sit between [0.0,100.0]' };
    out.push(String(Number(v.toFixed(6))));
  }
  return { ok: out.join(' ') };
}

function bindParse(args: string[]): Outcome {
  if (args.length > 16) return { err: 'Too many bind addresses specified.' };
  if (args.length === 1 && args[0] === '') return { ok: '' };
  return { ok: args.join(' ') };
}

const hzClamp = (v: bigint): bigint => (v < 1n ? 1n : v > 500n ? 500n : v);

type Spec = Omit<Param, 'parse'> & { parse?: Param['parse'] };

function b(name: string, def: boolean, o: Partial<Spec> = {}): Param {
  return { name, def: def ? 'yes' : 'no', parse: bool, ...o };
}
function n(name: string, min: bigint, max: bigint, def: bigint | number, o: Partial<Spec> & NumOpts = {}): Param {
  const { memory, unsigned, percent, octal, clamp, ...rest } = o;
  const opts: NumOpts = { memory, unsigned, percent, octal, clamp };
  const d = BigInt(def);
  return { name, def: percent && d < 0n ? `${-d}%` : octal ? d.toString(8) : d.toString(), parse: numeric(min, max, opts), ...rest };
}
function e(name: string, values: readonly string[], def: string, o: Partial<Spec> = {}): Param {
  return { name, def, parse: enumOf(values, o.multiArg === true), ...o };
}
function s(name: string, def = '', o: Partial<Spec> = {}): Param {
  return { name, def, parse: anyString, ...o };
}

const IMM = { immutable: true } as const;
const U = { unsigned: true } as const;
const MEM = { memory: true } as const;

function buildTable(current: (name: string) => string): Param[] {
  return [
    // Booleans
    b('rdbchecksum', true, IMM),
    b('daemonize', false, IMM),
    b('io-threads-do-reads', false, IMM),
    b('always-show-logo', false, IMM),
    b('protected-mode', true),
    b('rdbcompression', true),
    b('rdb-del-sync-files', false),
    b('activerehashing', true),
    b('stop-writes-on-bgsave-error', true),
    b('set-proc-title', true, IMM),
    b('dynamic-hz', true),
    b('lazyfree-lazy-eviction', false),
    b('lazyfree-lazy-expire', false),
    b('lazyfree-lazy-server-del', false),
    b('lazyfree-lazy-user-del', false),
    b('lazyfree-lazy-user-flush', false),
    b('repl-disable-tcp-nodelay', false),
    b('repl-diskless-sync', true),
    b('aof-rewrite-incremental-fsync', true),
    b('no-appendfsync-on-rewrite', false),
    b('cluster-require-full-coverage', true),
    b('rdb-save-incremental-fsync', true),
    b('aof-load-truncated', true),
    b('aof-use-rdb-preamble', true),
    b('aof-timestamp-enabled', false),
    b('cluster-replica-no-failover', false, { alias: 'cluster-slave-no-failover' }),
    b('replica-lazy-flush', false, { alias: 'slave-lazy-flush' }),
    b('replica-serve-stale-data', true, { alias: 'slave-serve-stale-data' }),
    b('replica-read-only', true, { alias: 'slave-read-only' }),
    b('replica-ignore-maxmemory', true, { alias: 'slave-ignore-maxmemory' }),
    b('jemalloc-bg-thread', true),
    b('activedefrag', false),
    b('syslog-enabled', false, IMM),
    b('cluster-enabled', false, IMM),
    b('appendonly', false),
    b('cluster-allow-reads-when-down', false),
    b('cluster-allow-pubsubshard-when-down', true),
    b('crash-log-enabled', true),
    b('crash-memcheck-enabled', true),
    b('use-exit-on-panic', false, { hidden: true }),
    b('disable-thp', true, IMM),
    b('cluster-allow-replica-migration', true),
    b('replica-announced', true),
    b('latency-tracking', true),
    b('aof-disable-auto-gc', false),
    b('replica-ignore-disk-write-errors', false),
    b('tls-cluster', false),
    b('tls-replication', false),
    b('tls-prefer-server-ciphers', false),
    b('tls-session-caching', true),
    // Strings
    // There is no ACL file (users live in memory only): a start-up value naming one is refused.
    s('aclfile', '', { ...IMM, parse: ([raw = '']) => (raw === '' ? { ok: '' } : { err: 'this server has no ACL file: users are kept in memory only (ACL SETUSER)' }) }),
    s('unixsocket', '', IMM),
    s('pidfile', '', IMM),
    s('replica-announce-ip', '', { alias: 'slave-announce-ip' }),
    s('masteruser'),
    s('cluster-announce-ip'),
    s('cluster-config-file', 'nodes.conf', IMM),
    s('cluster-announce-hostname'),
    s('syslog-ident', 'redis', IMM),
    s('dbfilename', 'dump.rdb', {
      parse: ([v = '']) => (v.includes('/') ? { err: 'dbfilename can\'t be a path, just a filename' } : { ok: v }),
    }),
    s('appendfilename', 'appendonly.aof', IMM),
    s('appenddirname', 'appendonlydir', IMM),
    s('server_cpulist', '', IMM),
    s('bio_cpulist', '', IMM),
    s('aof_rewrite_cpulist', '', IMM),
    s('bgsave_cpulist', '', IMM),
    s('ignore-warnings'),
    s('proc-title-template', '{title} {listen-addr} {server-mode}'),
    s('bind-source-addr'),
    s('logfile', '', IMM),
    s('masterauth'),
    s('requirepass'),
    s('tls-cert-file'),
    s('tls-key-file'),
    s('tls-key-file-pass'),
    s('tls-client-cert-file'),
    s('tls-client-key-file'),
    s('tls-client-key-file-pass'),
    s('tls-dh-params-file'),
    s('tls-ca-cert-file'),
    s('tls-ca-cert-dir'),
    s('tls-protocols'),
    s('tls-ciphers'),
    s('tls-ciphersuites'),
    // Enums
    e('supervised', ['upstart', 'systemd', 'auto', 'no'], 'no', IMM),
    e('syslog-facility', ['user', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'], 'local0', IMM),
    e('repl-diskless-load', ['disabled', 'on-empty-db', 'swapdb'], 'disabled'),
    e('loglevel', ['debug', 'verbose', 'notice', 'warning'], 'notice'),
    e('maxmemory-policy', MAXMEMORY_POLICIES, 'noeviction'),
    e('appendfsync', ['everysec', 'always', 'no'], 'everysec'),
    e('oom-score-adj', ['no', 'yes', 'relative', 'absolute'], 'no'),
    e('acl-pubsub-default', ['allchannels', 'resetchannels'], 'resetchannels'),
    e('sanitize-dump-payload', ['no', 'yes', 'clients'], 'no'),
    e('enable-protected-configs', ['no', 'yes', 'local'], 'no', IMM),
    e('enable-debug-command', ['no', 'yes', 'local'], 'yes', IMM),
    e('enable-module-command', ['no', 'yes', 'local'], 'no', IMM),
    e('cluster-preferred-endpoint-type', ['ip', 'hostname', 'unknown-endpoint'], 'ip'),
    e('propagation-error-behavior', ['ignore', 'panic', 'panic-on-replicas'], 'ignore'),
    e('shutdown-on-sigint', ['default', 'save', 'nosave', 'now', 'force'], 'default', { multiArg: true }),
    e('shutdown-on-sigterm', ['default', 'save', 'nosave', 'now', 'force'], 'default', { multiArg: true }),
    e('tls-auth-clients', ['no', 'yes', 'optional'], 'yes'),
    // Integers (int)
    n('databases', 1n, I32_MAX, 16, IMM),
    n('port', 0n, 65535n, 6379),
    n('io-threads', 1n, 128n, 1, IMM),
    n('auto-aof-rewrite-percentage', 0n, I32_MAX, 100),
    n('cluster-replica-validity-factor', 0n, I32_MAX, 10, { alias: 'cluster-slave-validity-factor' }),
    n('list-max-listpack-size', I32_MIN, I32_MAX, -2, { alias: 'list-max-ziplist-size' }),
    n('tcp-keepalive', 0n, I32_MAX, 300),
    n('cluster-migration-barrier', 0n, I32_MAX, 1),
    n('active-defrag-cycle-min', 1n, 99n, 1),
    n('active-defrag-cycle-max', 1n, 99n, 25),
    n('active-defrag-threshold-lower', 0n, 1000n, 10),
    n('active-defrag-threshold-upper', 0n, 1000n, 100),
    n('lfu-log-factor', 0n, I32_MAX, 10),
    n('lfu-decay-time', 0n, I32_MAX, 1),
    n('replica-priority', 0n, I32_MAX, 100, { alias: 'slave-priority' }),
    n('repl-diskless-sync-delay', 0n, I32_MAX, 5),
    n('maxmemory-samples', 1n, I32_MAX, 5),
    n('maxmemory-eviction-tenacity', 0n, 100n, 10),
    n('timeout', 0n, I32_MAX, 0),
    n('replica-announce-port', 0n, 65535n, 0, { alias: 'slave-announce-port' }),
    n('tcp-backlog', 0n, I32_MAX, 511, IMM),
    n('cluster-port', 0n, 65535n, 0, IMM),
    n('cluster-announce-bus-port', 0n, 65535n, 0),
    n('cluster-announce-port', 0n, 65535n, 0),
    n('cluster-announce-tls-port', 0n, 65535n, 0),
    n('repl-timeout', 1n, I32_MAX, 60),
    n('repl-ping-replica-period', 1n, I32_MAX, 10, { alias: 'repl-ping-slave-period' }),
    n('list-compress-depth', 0n, I32_MAX, 0),
    n('rdb-key-save-delay', I32_MIN, I32_MAX, 0, { hidden: true }),
    n('key-load-delay', I32_MIN, I32_MAX, 0, { hidden: true }),
    n('active-expire-effort', 1n, 10n, 1),
    n('hz', 0n, I32_MAX, 10, { clamp: hzClamp }),
    n('min-replicas-to-write', 0n, I32_MAX, 0, { alias: 'min-slaves-to-write' }),
    n('min-replicas-max-lag', 0n, I32_MAX, 10, { alias: 'min-slaves-max-lag' }),
    n('watchdog-period', 0n, I32_MAX, 0, { hidden: true }),
    n('shutdown-timeout', 0n, I32_MAX, 10),
    n('repl-diskless-sync-max-replicas', 0n, I32_MAX, 0),
    n('tls-port', 0n, 65535n, 0),
    n('tls-session-cache-size', 0n, I32_MAX, 20480),
    n('tls-session-cache-timeout', 0n, I32_MAX, 300),
    // Unsigned int / unsigned long
    n('maxclients', 1n, U32_MAX, 10000, U),
    n('unixsocketperm', 0n, 0o777n, 0, { ...IMM, ...U, octal: true }),
    n('socket-mark-id', 0n, U32_MAX, 0, { ...IMM, ...U }),
    n('active-defrag-max-scan-fields', 1n, INT64_MAX, 1000, U),
    n('slowlog-max-len', 0n, INT64_MAX, 128, U),
    n('acllog-max-len', 0n, INT64_MAX, 128, U),
    // long long
    n('busy-reply-threshold', 0n, INT64_MAX, 5000, { alias: 'lua-time-limit' }),
    n('cluster-node-timeout', 0n, INT64_MAX, 15000),
    n('slowlog-log-slower-than', -1n, INT64_MAX, 10000),
    n('latency-monitor-threshold', 0n, INT64_MAX, 0),
    n('proto-max-bulk-len', 1024n * 1024n, INT64_MAX, 512 * 1024 * 1024, MEM),
    n('stream-node-max-entries', 0n, INT64_MAX, 100),
    n('repl-backlog-size', 1n, INT64_MAX, 1024 * 1024, MEM),
    // unsigned long long
    n('maxmemory', 0n, UINT64_MAX, 0, { ...MEM, ...U }),
    n('cluster-link-sendbuf-limit', 0n, UINT64_MAX, 0, { ...MEM, ...U }),
    // size_t
    n('hash-max-listpack-entries', 0n, INT64_MAX, 512, { alias: 'hash-max-ziplist-entries', ...U }),
    n('set-max-intset-entries', 0n, INT64_MAX, 512, U),
    n('zset-max-listpack-entries', 0n, INT64_MAX, 128, { alias: 'zset-max-ziplist-entries', ...U }),
    n('active-defrag-ignore-bytes', 1n, INT64_MAX, 100 * 1024 * 1024, { ...MEM, ...U }),
    n('hash-max-listpack-value', 0n, INT64_MAX, 64, { alias: 'hash-max-ziplist-value', ...MEM, ...U }),
    n('stream-node-max-bytes', 0n, INT64_MAX, 4096, { ...MEM, ...U }),
    n('zset-max-listpack-value', 0n, INT64_MAX, 64, { alias: 'zset-max-ziplist-value', ...MEM, ...U }),
    n('hll-sparse-max-bytes', 0n, INT64_MAX, 3000, { ...MEM, ...U }),
    n('tracking-table-max-keys', 0n, INT64_MAX, 1000000, U),
    n('client-query-buffer-limit', 1024n * 1024n, INT64_MAX, 1024 * 1024 * 1024, { ...MEM, ...U }),
    n('maxmemory-clients', -100n, INT64_MAX, 0, { ...MEM, percent: true }),
    // time_t / off_t
    n('repl-backlog-ttl', 0n, INT64_MAX, 3600),
    n('auto-aof-rewrite-min-size', 0n, INT64_MAX, 64 * 1024 * 1024, MEM),
    n('loading-process-events-interval-bytes', 1024n, I32_MAX, 2 * 1024 * 1024, { hidden: true }),
    // Special
    { name: 'dir', def: '/data', parse: ([v = '', ...rest]) => (rest.length > 0 ? { err: 'wrong number of arguments' } : { ok: v }) },
    { name: 'save', def: '3600 1 300 100 60 10000', multiArg: true, parse: saveParse },
    {
      name: 'client-output-buffer-limit',
      def: 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60',
      multiArg: true,
      parse: outputBufferParse(() => current('client-output-buffer-limit')),
    },
    { name: 'oom-score-adj-values', def: '0 200 800', multiArg: true, parse: oomValuesParse },
    { name: 'notify-keyspace-events', def: '', parse: notifyParse },
    { name: 'bind', def: '* -::*', multiArg: true, parse: bindParse },
    { name: 'replicaof', alias: 'slaveof', def: '', multiArg: true, immutable: true, parse: anyString },
    { name: 'latency-tracking-info-percentiles', def: '50 99 99.9', multiArg: true, parse: percentilesParse },
  ];
}

/**
 * The parameters the engine acts on. Every other parameter is kept at its
 * start-up value: CONFIG SET to anything else is refused (a setting Redis
 * has but the playground does not implement is never accepted and ignored),
 * unless the host applies it (the RESP server applies bind, maxclients,
 * protected-mode ...; see Config.hostApplies).
 */
const ENGINE_APPLIES = new Set([
  'maxmemory',
  'maxmemory-policy',
  'maxmemory-samples',
  'lfu-log-factor',
  'lfu-decay-time',
  'notify-keyspace-events',
  'slowlog-log-slower-than',
  'latency-monitor-threshold',
  'latency-tracking',
  'latency-tracking-info-percentiles',
  'slowlog-max-len',
  'hash-max-listpack-entries',
  'hash-max-listpack-value',
  'set-max-intset-entries',
  'zset-max-listpack-entries',
  'zset-max-listpack-value',
  'list-max-listpack-size',
  'list-compress-depth',
  'stream-node-max-entries',
  'stream-node-max-bytes',
  'hll-sparse-max-bytes',
  'hz',
  'requirepass',
  // A master without replicas keeps no backlog: Redis then only records the size (INFO's repl_backlog_size).
  'repl-backlog-size',
  // ACL (core/acl.ts): the channels new users start with, and the ACL LOG's length.
  'acl-pubsub-default',
  'acllog-max-len',
  'stop-writes-on-bgsave-error',
  // Scripting: the instruction budget of each script run (core/scripting.ts).
  'busy-reply-threshold',
  // Client-side caching: the tracking table's size (core/tracking.ts).
  'tracking-table-max-keys',
  // Which redis.log lines a script writes to the log (core/scripting.ts).
  'loglevel',
]);

/** The error reply texts of CONFIG SET, word for word. */
export const CONFIG_ERR = {
  unknown: (name: string) => `ERR Unknown option or number of arguments for CONFIG SET - '${name}'`,
  /** Our own reason, in CONFIG SET's error form: the parameter exists in Redis but is not implemented here. */
  notImplemented: (current: string) => `not implemented by this server; only its current value '${current}' is accepted`,
  failed: (name: string, why: string) => `ERR CONFIG SET failed (possibly related to argument '${name}') - ${why}`,
};

/**
 * The live configuration. One per engine. `num()` is the fast path for
 * numeric parameters; `get()` gives the CONFIG GET text.
 */
export class Config {
  private readonly params: Param[];
  /** Lower-case name or alias -> parameter. */
  private readonly byName = new Map<string, Param>();
  private readonly text = new Map<string, string>();
  private readonly nums = new Map<string, number>();
  private readonly listeners: ((name: string) => void)[] = [];
  /** `maxmemory`, read before every command: kept in a field. */
  private maxmemoryBytes = 0;
  /** Parameters the host applies itself (see ENGINE_APPLIES). */
  private readonly hostApplied = new Set<string>();

  constructor(overrides: Readonly<Record<string, string>> = {}) {
    this.params = buildTable((name) => this.text.get(name) ?? '');
    for (const p of this.params) {
      this.byName.set(p.name, p);
      if (p.alias !== undefined) this.byName.set(p.alias, p);
      this.text.set(p.name, p.def);
      const r = p.parse(p.multiArg ? splitArgs(p.def) : [p.def]);
      if ('ok' in r && r.num !== undefined) this.setNum(p.name, r.num);
    }
    for (const [k, v] of Object.entries(overrides)) {
      const err = this.set([[k, v]], true);
      if (err !== undefined) throw new Error(err);
    }
  }

  /** The numeric value of a numeric, boolean (1/0) or enum (index) parameter. */
  num(name: string): number {
    const v = this.nums.get(name);
    if (v === undefined) throw new Error(`config ${name} is not numeric`);
    return v;
  }

  /** The CONFIG GET text of a parameter (canonical name or alias). */
  get(name: string): string | undefined {
    const p = this.byName.get(name.toLowerCase());
    return p === undefined ? undefined : this.text.get(p.name);
  }

  get maxmemory(): number {
    return this.maxmemoryBytes;
  }

  private setNum(name: string, v: number): void {
    this.nums.set(name, v);
    if (name === 'maxmemory') this.maxmemoryBytes = v;
  }
  get maxmemoryPolicy(): MaxmemoryPolicy {
    return this.text.get('maxmemory-policy') as MaxmemoryPolicy;
  }
  get notifyKeyspaceEvents(): number {
    return this.nums.get('notify-keyspace-events') ?? 0;
  }

  /** Declares the parameters the host applies, so CONFIG SET may change them. */
  hostApplies(names: readonly string[]): void {
    for (const n of names) this.hostApplied.add(n);
  }

  /** True when CONFIG SET may change the parameter (canonical name) to another value. */
  applied(name: string): boolean {
    return ENGINE_APPLIES.has(name) || this.hostApplied.has(name);
  }

  /** Called with the canonical name after every successful change. */
  onChange(listener: (name: string) => void): void {
    this.listeners.push(listener);
  }

  /**
   * CONFIG GET: patterns are matched (case-insensitively) against names and
   * aliases, skipping hidden parameters; a plain name is looked up exactly
   * and reported under the name as given.
   */
  match(patterns: readonly string[]): [string, string][] {
    const out = new Map<string, [string, string]>();
    for (const pat of patterns) {
      if (!/[[*?]/.test(pat)) {
        const p = this.byName.get(pat.toLowerCase());
        if (p !== undefined && !out.has(pat.toLowerCase())) out.set(pat.toLowerCase(), [pat, this.text.get(p.name)!]);
        continue;
      }
      const lower = pat.toLowerCase();
      for (const [name, p] of this.byName) {
        if (p.hidden || out.has(name)) continue;
        if (globMatch(lower, name)) out.set(name, [name, this.text.get(p.name)!]);
      }
    }
    return [...out.values()];
  }

  /**
   * CONFIG SET with Redis's all-or-nothing semantics. Returns the error
   * reply text, or undefined on success. `force` allows immutable
   * parameters (start-up options).
   */
  set(pairs: readonly (readonly [string, string])[], force = false): string | undefined {
    const picked: Param[] = [];
    let err: string | undefined;
    for (const [name] of pairs) {
      const p = this.byName.get(name.toLowerCase());
      if (p === undefined) return CONFIG_ERR.unknown(name);
      if (err !== undefined) continue;
      if (p.immutable && !force) err = CONFIG_ERR.failed(name, "can't set immutable config");
      else if (picked.includes(p)) err = CONFIG_ERR.failed(name, 'duplicate parameter');
      picked.push(p);
    }
    if (err !== undefined) return err;
    const results: { p: Param; ok: string; num?: number }[] = [];
    for (let i = 0; i < pairs.length; i++) {
      const p = picked[i]!;
      const raw = pairs[i]![1];
      const r = p.parse(p.multiArg ? splitArgs(raw) : [raw]);
      // Redis names the parameter as registered: the canonical name or the alias used.
      if ('err' in r) return CONFIG_ERR.failed(pairs[i]![0].toLowerCase(), r.err);
      const current = this.text.get(p.name)!;
      if (!force && r.ok !== current && !this.applied(p.name)) return CONFIG_ERR.failed(pairs[i]![0].toLowerCase(), CONFIG_ERR.notImplemented(current));
      results.push({ p, ...r });
    }
    for (const r of results) {
      this.text.set(r.p.name, r.ok);
      if (r.num !== undefined) this.setNum(r.p.name, r.num);
    }
    for (const r of results) for (const l of this.listeners) l(r.p.name);
    return undefined;
  }

  /** Every canonical parameter name (for completion and docs). */
  names(): string[] {
    return this.params.filter((p) => !p.hidden).map((p) => p.name);
  }
}

/** sdssplitlen on single spaces, as CONFIG SET splits multi-argument values. */
function splitArgs(v: string): string[] {
  return v === '' ? [] : v.split(' ');
}
