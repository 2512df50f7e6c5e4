import { REPLY_FLAG, type ArgSpec, type CommandSpec, type Ctx, type Handler } from '../core/command';
import { forgetEncoding, isMarkedBig, objectEncoding, stringEncoding } from '../core/encoding';
import { stringEntry, type Entry } from '../core/entry';
import { E } from '../core/errors';
import { globMatch } from '../core/glob';
import { keyUsage, lpEntrySize } from '../core/memory';
import { RedisError, is, parseInt64 } from '../core/parse';
import { NIL, OK, array, bulk, int, simple, type Reply } from '../core/reply';
import type { Engine } from '../engine';
import { REDIS_VERSION, helpReply } from './connection';

/**
 * Server introspection: INFO, TIME, LASTSAVE, COMMAND, CONFIG, MEMORY,
 * OBJECT, FUNCTION FLUSH and DEBUG.
 *
 * Values that only a real process has (pids, CPU, RSS, network bytes) are
 * reported with Redis's field names and neutral values; everything the
 * engine knows (clients, commands, keyspace, memory estimate, hits and
 * misses, expiries, evictions, per-command stats) is real.
 */
export const serverCommands: Record<string, Handler> = {
  info,
  monitor,
  time: (c) => {
    const ms = c.engine.now();
    return array([bulk(String(Math.floor(ms / 1000))), bulk(String((ms % 1000) * 1000))]);
  },
  lastsave: (c) => int(Math.floor(c.engine.persistence.lastSaveAt / 1000)),
  save,
  bgsave,
  command: (c) => array(topLevel(c.engine).map((cmd) => commandInfo(cmd))),
  'command|count': (c) => int(c.engine.commands.size),
  'command|list': commandList,
  'command|info': (c) => {
    const specs = c.argv.length === 2 ? topLevel(c.engine) : c.argv.slice(2).map((n) => findSpec(c.engine, n));
    return array(specs.map((s) => (s === undefined ? NIL : commandInfo(s))));
  },
  'command|docs': (c) => {
    const specs = c.argv.length === 2 ? topLevel(c.engine) : c.argv.slice(2).map((n) => findSpec(c.engine, n));
    const pairs: [Reply, Reply][] = [];
    for (const s of specs) if (s !== undefined) pairs.push([bulk(s.name), commandDocs(s)]);
    return { t: 'map', v: pairs };
  },
  'command|getkeys': (c) => array(getKeysFor(c).map(([k]) => bulk(k))),
  'command|getkeysandflags': (c) =>
    array(getKeysFor(c).map(([k, flags]) => array([bulk(k), { t: 'set', v: flags.map((f) => simple(f)) }]))),
  'command|help': (c) => helpReply(c, COMMAND_HELP),
  'config|get': (c) => ({ t: 'map', v: c.engine.config.match(c.argv.slice(2)).map(([k, v]) => [bulk(k), bulk(v)] as const) }),
  'config|set': configSet,
  'config|resetstat': (c) => {
    resetStats(c.engine);
    return OK;
  },
  'config|rewrite': () => {
    throw new RedisError(E.NO_CONFIG_FILE);
  },
  'config|help': (c) => helpReply(c, CONFIG_HELP),
  'memory|usage': memoryUsage,
  'memory|stats': memoryStats,
  'memory|doctor': (c) => ({ t: 'verbatim', format: 'txt', v: memoryDoctor(c.engine) }),
  'memory|malloc-stats': () => bulk('Stats not supported for the current allocator'),
  'memory|purge': () => OK,
  'memory|help': (c) => helpReply(c, MEMORY_HELP),
  'slowlog|get': slowlogGet,
  'slowlog|len': (c) => int(c.engine.slowlog.entries.length),
  'slowlog|reset': (c) => {
    c.engine.slowlog.reset();
    return OK;
  },
  'slowlog|help': (c) => helpReply(c, SLOWLOG_HELP),
  'object|encoding': (c) => {
    const e = c.db.peek(c.argv[2]!);
    return e === undefined ? NIL : bulk(objectEncoding(e, c.engine.config));
  },
  'object|refcount': (c) => {
    const e = c.db.peek(c.argv[2]!);
    return e === undefined ? NIL : int(isSharedInteger(c.engine, e) ? 2147483647 : 1);
  },
  'object|idletime': (c) => {
    const e = c.db.peek(c.argv[2]!);
    if (e === undefined) return NIL;
    if (c.engine.config.maxmemoryPolicy.endsWith('-lfu')) throw new RedisError(E.LFU_SELECTED);
    return int(c.engine.memory.idleSeconds(c.db.id, c.argv[2]!));
  },
  'object|freq': (c) => {
    const e = c.db.peek(c.argv[2]!);
    if (e === undefined) return NIL;
    if (!c.engine.config.maxmemoryPolicy.endsWith('-lfu')) throw new RedisError(E.LFU_NOT_SELECTED);
    const st = c.engine.memory.stat(c.db.id, c.argv[2]!);
    return int(st === undefined ? 0 : c.engine.memory.lfuDecayed(st));
  },
  'object|help': (c) => helpReply(c, OBJECT_HELP),
  'function|flush': (c) => {
    if (c.argv.length > 3) throw new RedisError(E.SUBCOMMAND_SYNTAX(c.argv[1]!, 'function'));
    if (c.argv.length === 3 && !is(c.argv[2]!, 'SYNC') && !is(c.argv[2]!, 'ASYNC')) {
      throw new RedisError('ERR FUNCTION FLUSH only supports SYNC|ASYNC option');
    }
    return OK;
  },
  'function|help': (c) => helpReply(c, FUNCTION_HELP),
  debug,
};

// ---- INFO ------------------------------------------------------------------

const DEFAULT_SECTIONS = ['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'module_list', 'errorstats', 'cluster', 'keyspace'];

/**
 * Extra INFO fields other modules own (pub/sub counts ...): a field name in
 * an existing section mapped to a function giving its value. A provider for
 * a name Redis prints replaces the neutral value.
 */
export const infoProviders = new Map<string, (engine: Engine) => string | number>();

/** Per-engine identities (run_id, replication id) made once from the engine's random source. */
const identities = new WeakMap<Engine, { runId: string; replId: string }>();
function identity(engine: Engine): { runId: string; replId: string } {
  let id = identities.get(engine);
  if (id === undefined) {
    const hex = (): string => Array.from({ length: 40 }, () => Math.floor(engine.random() * 16).toString(16)).join('');
    id = { runId: hex(), replId: hex() };
    identities.set(engine, id);
  }
  return id;
}

/** bytesToHuman. */
export function human(n: number): string {
  const units = ['K', 'M', 'G', 'T', 'P'];
  if (n < 1024) return `${n}B`;
  let d = n / 1024;
  for (const u of units) {
    if (d < 1024) return `${d.toFixed(2)}${u}`;
    d /= 1024;
  }
  return `${n}B`;
}

function info(c: Ctx): Reply {
  const wanted = new Set<string>();
  let all = false;
  if (c.argv.length === 1) {
    for (const s of DEFAULT_SECTIONS) wanted.add(s);
  } else {
    for (const a of c.argv.slice(1)) {
      const l = a.toLowerCase();
      if (l === 'default') for (const s of DEFAULT_SECTIONS) wanted.add(s);
      else if (l === 'all' || l === 'everything') all = true;
      else wanted.add(l);
    }
  }
  const text = infoText(c, (s) => all || wanted.has(s) || (s === 'module_list' && wanted.has('modules')));
  return { t: 'verbatim', format: 'txt', v: text };
}

type Field = readonly [string, string | number];

function infoText(c: Ctx, want: (section: string) => boolean): string {
  const e = c.engine;
  const out: string[] = [];
  const section = (name: string, title: string, fields: () => readonly Field[]): void => {
    if (!want(name)) return;
    const lines = fields().map(([k, v]) => {
      const p = infoProviders.get(k);
      return `${k}:${p !== undefined ? p(e) : v}`;
    });
    out.push(`# ${title}\r\n${lines.map((l) => l + '\r\n').join('')}`);
  };
  const now = e.now();
  const uptime = Math.floor((now - e.startedAt) / 1000);
  const clients = [...e.clients.values()];
  const blocked = clients.filter((cl) => cl.blocked !== undefined);
  const used = e.memory.used();
  const maxmemory = e.config.maxmemory;
  const { runId, replId } = identity(e);

  section('server', 'Server', () => [
    ['redis_version', REDIS_VERSION],
    ['redis_git_sha1', '00000000'],
    ['redis_git_dirty', 0],
    ['redis_build_id', 'playground'],
    ['redis_mode', 'standalone'],
    ['os', 'JavaScript engine (Redis Playground)'],
    ['arch_bits', 64],
    ['monotonic_clock', 'engine clock'],
    ['multiplexing_api', 'none'],
    ['atomicvar_api', 'none'],
    ['gcc_version', '0.0.0'],
    ['process_id', 1],
    ['process_supervised', 'no'],
    ['run_id', runId],
    ['tcp_port', e.config.num('port')],
    ['server_time_usec', now * 1000],
    ['uptime_in_seconds', uptime],
    ['uptime_in_days', Math.floor(uptime / 86400)],
    ['hz', e.config.num('hz')],
    ['configured_hz', e.config.num('hz')],
    ['lru_clock', Math.floor(now / 1000) & 0xffffff],
    ['executable', ''],
    ['config_file', ''],
    ['io_threads_active', 0],
  ]);
  section('clients', 'Clients', () => [
    ['connected_clients', clients.length],
    ['cluster_connections', 0],
    ['maxclients', e.config.num('maxclients')],
    ['client_recent_max_input_buffer', 0],
    ['client_recent_max_output_buffer', 0],
    ['blocked_clients', blocked.length],
    ['tracking_clients', 0],
    ['clients_in_timeout_table', blocked.filter((cl) => cl.blocked!.timeoutAt !== 0).length],
  ]);
  section('memory', 'Memory', () => {
    const peak = e.memory.peak;
    const startup = 876016;
    const overhead = used - e.memory.dataset;
    const dataset = e.memory.dataset;
    const pct = (a: number, b: number): string => (b === 0 ? '0.00' : ((a * 100) / b).toFixed(2));
    return [
      ['used_memory', used],
      ['used_memory_human', human(used)],
      ['used_memory_rss', used],
      ['used_memory_rss_human', human(used)],
      ['used_memory_peak', peak],
      ['used_memory_peak_human', human(peak)],
      ['used_memory_peak_perc', `${pct(used, peak)}%`],
      ['used_memory_overhead', overhead],
      ['used_memory_startup', startup],
      ['used_memory_dataset', dataset],
      ['used_memory_dataset_perc', `${pct(dataset, used - startup)}%`],
      ['allocator_allocated', used],
      ['allocator_active', used],
      ['allocator_resident', used],
      ['total_system_memory', 0],
      ['total_system_memory_human', '0B'],
      ['used_memory_lua', 32768],
      ['used_memory_vm_eval', 32768],
      ['used_memory_lua_human', '32.00K'],
      ['used_memory_scripts_eval', 0],
      ['number_of_cached_scripts', 0],
      ['number_of_functions', 0],
      ['number_of_libraries', 0],
      ['used_memory_vm_functions', 32768],
      ['used_memory_vm_total', 65536],
      ['used_memory_vm_total_human', '64.00K'],
      ['used_memory_functions', 184],
      ['used_memory_scripts', 184],
      ['used_memory_scripts_human', '184B'],
      ['maxmemory', maxmemory],
      ['maxmemory_human', human(maxmemory)],
      ['maxmemory_policy', e.config.maxmemoryPolicy],
      ['allocator_frag_ratio', '1.00'],
      ['allocator_frag_bytes', 0],
      ['allocator_rss_ratio', '1.00'],
      ['allocator_rss_bytes', 0],
      ['rss_overhead_ratio', '1.00'],
      ['rss_overhead_bytes', 0],
      ['mem_fragmentation_ratio', '1.00'],
      ['mem_fragmentation_bytes', 0],
      ['mem_not_counted_for_evict', 0],
      ['mem_replication_backlog', 0],
      ['mem_total_replication_buffers', 0],
      ['mem_clients_slaves', 0],
      ['mem_clients_normal', 1838 * clients.length],
      ['mem_cluster_links', 0],
      ['mem_aof_buffer', 0],
      ['mem_allocator', 'jemalloc-5.3.0 (estimated)'],
      ['active_defrag_running', 0],
      ['lazyfree_pending_objects', 0],
      ['lazyfreed_objects', 0],
    ];
  });
  section('persistence', 'Persistence', () => [
    ['loading', 0],
    ['async_loading', 0],
    ['current_cow_peak', 0],
    ['current_cow_size', 0],
    ['current_cow_size_age', 0],
    ['current_fork_perc', '0.00'],
    ['current_save_keys_processed', 0],
    ['current_save_keys_total', 0],
    ['rdb_changes_since_last_save', e.persistence.changesSinceSave],
    ['rdb_bgsave_in_progress', e.persistence.bgsaveSince === undefined ? 0 : 1],
    ['rdb_last_save_time', Math.floor(e.persistence.lastSaveAt / 1000)],
    ['rdb_last_bgsave_status', e.persistence.lastBgsaveOk ? 'ok' : 'err'],
    ['rdb_last_bgsave_time_sec', e.persistence.lastBgsaveSeconds],
    ['rdb_current_bgsave_time_sec', e.persistence.bgsaveSince === undefined ? -1 : Math.floor((e.now() - e.persistence.bgsaveSince) / 1000)],
    ['rdb_saves', e.persistence.saves],
    ['rdb_last_cow_size', 0],
    ['rdb_last_load_keys_expired', 0],
    ['rdb_last_load_keys_loaded', 0],
    ['aof_enabled', e.config.num('appendonly')],
    ['aof_rewrite_in_progress', 0],
    ['aof_rewrite_scheduled', 0],
    ['aof_last_rewrite_time_sec', -1],
    ['aof_current_rewrite_time_sec', -1],
    ['aof_last_bgrewrite_status', 'ok'],
    ['aof_rewrites', 0],
    ['aof_rewrites_consecutive_failures', 0],
    ['aof_last_write_status', 'ok'],
    ['aof_last_cow_size', 0],
    ['module_fork_in_progress', 0],
    ['module_fork_last_cow_size', 0],
  ]);
  section('stats', 'Stats', () => [
    ['total_connections_received', e.stats.connections],
    ['total_commands_processed', e.stats.commands],
    ['instantaneous_ops_per_sec', 0],
    ['total_net_input_bytes', 0],
    ['total_net_output_bytes', 0],
    ['total_net_repl_input_bytes', 0],
    ['total_net_repl_output_bytes', 0],
    ['instantaneous_input_kbps', '0.00'],
    ['instantaneous_output_kbps', '0.00'],
    ['instantaneous_input_repl_kbps', '0.00'],
    ['instantaneous_output_repl_kbps', '0.00'],
    ['rejected_connections', 0],
    ['sync_full', 0],
    ['sync_partial_ok', 0],
    ['sync_partial_err', 0],
    ['expired_keys', e.stats.expiredKeys],
    ['expired_stale_perc', '0.00'],
    ['expired_time_cap_reached_count', 0],
    ['expire_cycle_cpu_milliseconds', 0],
    ['evicted_keys', e.memory.evictedKeys],
    ['evicted_clients', 0],
    ['total_eviction_exceeded_time', 0],
    ['current_eviction_exceeded_time', 0],
    ['keyspace_hits', e.stats.keyspaceHits],
    ['keyspace_misses', e.stats.keyspaceMisses],
    ['pubsub_channels', e.pubsub.channels.size],
    ['pubsub_patterns', e.pubsub.patterns.size],
    ['pubsubshard_channels', e.pubsub.shardChannels.size],
    ['latest_fork_usec', 0],
    ['total_forks', 0],
    ['migrate_cached_sockets', 0],
    ['slave_expires_tracked_keys', 0],
    ['active_defrag_hits', 0],
    ['active_defrag_misses', 0],
    ['active_defrag_key_hits', 0],
    ['active_defrag_key_misses', 0],
    ['total_active_defrag_time', 0],
    ['current_active_defrag_time', 0],
    ['tracking_total_keys', 0],
    ['tracking_total_items', 0],
    ['tracking_total_prefixes', 0],
    ['unexpected_error_replies', 0],
    ['total_error_replies', e.stats.errorReplies],
    ['dump_payload_sanitizations', 0],
    ['total_reads_processed', e.stats.commands],
    ['total_writes_processed', e.stats.commands],
    ['io_threaded_reads_processed', 0],
    ['io_threaded_writes_processed', 0],
    ['reply_buffer_shrinks', 0],
    ['reply_buffer_expands', 0],
  ]);
  section('replication', 'Replication', () => [
    ['role', 'master'],
    ['connected_slaves', 0],
    ['master_failover_state', 'no-failover'],
    ['master_replid', replId],
    ['master_replid2', '0000000000000000000000000000000000000000'],
    ['master_repl_offset', 0],
    ['second_repl_offset', -1],
    ['repl_backlog_active', 0],
    ['repl_backlog_size', e.config.num('repl-backlog-size')],
    ['repl_backlog_first_byte_offset', 0],
    ['repl_backlog_histlen', 0],
  ]);
  section('cpu', 'CPU', () => [
    ['used_cpu_sys', '0.000000'],
    ['used_cpu_user', '0.000000'],
    ['used_cpu_sys_children', '0.000000'],
    ['used_cpu_user_children', '0.000000'],
    ['used_cpu_sys_main_thread', '0.000000'],
    ['used_cpu_user_main_thread', '0.000000'],
  ]);
  section('module_list', 'Modules', () => []);
  section('commandstats', 'Commandstats', () =>
    [...e.commandStats].map(([name, s]) => [
      `cmdstat_${name}`,
      `calls=${s.calls},usec=0,usec_per_call=0.00,rejected_calls=${s.rejected},failed_calls=${s.failed}`,
    ]),
  );
  section('errorstats', 'Errorstats', () => [...e.errorStats].map(([code, n]) => [`errorstat_${code}`, `count=${n}`]));
  section('latencystats', 'Latencystats', () =>
    [...e.commandStats]
      .filter(([, s]) => s.calls > 0)
      .map(([name]) => [`latency_percentiles_usec_${name}`, 'p50=0.001,p99=0.001,p99.9=0.001']),
  );
  section('cluster', 'Cluster', () => [['cluster_enabled', 0]]);
  section('keyspace', 'Keyspace', () => {
    const rows: Field[] = [];
    for (const db of e.dbs) {
      if (db.size === 0) continue;
      let ttlSum = 0;
      let ttlCount = 0;
      for (const at of db.expires.values()) {
        if (at > now) {
          ttlSum += at - now;
          ttlCount++;
        }
      }
      rows.push([`db${db.id}`, `keys=${db.size},expires=${db.expires.size},avg_ttl=${ttlCount === 0 ? 0 : Math.round(ttlSum / ttlCount)}`]);
    }
    return rows;
  });
  return out.join('\r\n');
}

function resetStats(e: Engine): void {
  e.stats.commands = 0;
  e.stats.connections = 0;
  e.stats.expiredKeys = 0;
  e.stats.keyspaceHits = 0;
  e.stats.keyspaceMisses = 0;
  e.stats.errorReplies = 0;
  e.commandStats.clear();
  e.errorStats.clear();
  e.memory.evictedKeys = 0;
  e.memory.resetPeak();
}

// ---- COMMAND -----------------------------------------------------------------

type EngineCommand = NonNullable<ReturnType<Engine['commands']['get']>>;

function topLevel(engine: Engine): CommandSpec[] {
  return [...engine.commands.values()].map((c) => c.spec);
}

/** lookupCommandBySds: `get`, `config|get` (case-insensitive). */
function findSpec(engine: Engine, name: string): CommandSpec | undefined {
  const [base, sub, extra] = name.toLowerCase().split('|');
  if (extra !== undefined) return undefined;
  const cmd = engine.commands.get(base!);
  if (sub === undefined) return cmd?.spec;
  return cmd?.subcommands?.get(sub)?.spec;
}

const FLAG_ORDER = [
  'write',
  'readonly',
  'denyoom',
  'module',
  'admin',
  'pubsub',
  'noscript',
  'blocking',
  'loading',
  'stale',
  'skip_monitor',
  'skip_slowlog',
  'asking',
  'fast',
  'no_auth',
  'no_mandatory_keys',
  'no_async_loading',
  'no_multi',
  'movablekeys',
  'allow_busy',
];

const CATEGORY_ORDER = [
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
  return CATEGORY_ORDER.filter((c) => cats.has(c));
}

function keySpecFlags(spec: CommandSpec): string[] {
  if (spec.flags.includes('write')) return ['RW', 'update'];
  return ['RO', 'access'];
}

function keySpecs(spec: CommandSpec): Reply {
  if (spec.firstKey <= 0) return { t: 'set', v: [] };
  const lastkey = spec.lastKey >= 0 ? spec.lastKey - spec.firstKey : spec.lastKey;
  return {
    t: 'set',
    v: [
      {
        t: 'map',
        v: [
          [bulk('flags'), { t: 'set', v: keySpecFlags(spec).map((f) => simple(f)) }],
          [bulk('begin_search'), { t: 'map', v: [[bulk('type'), bulk('index')], [bulk('spec'), { t: 'map', v: [[bulk('index'), int(spec.firstKey)]] }]] }],
          [
            bulk('find_keys'),
            {
              t: 'map',
              v: [
                [bulk('type'), bulk('range')],
                [bulk('spec'), { t: 'map', v: [[bulk('lastkey'), int(lastkey)], [bulk('keystep'), int(spec.step)], [bulk('limit'), int(0)]] }],
              ],
            },
          ],
        ],
      },
    ],
  };
}

/** addReplyCommandInfo: the 10-element array of COMMAND / COMMAND INFO. */
export function commandInfo(spec: CommandSpec): Reply {
  const flags = FLAG_ORDER.filter((f) => spec.flags.includes(f));
  return array([
    bulk(spec.name),
    int(spec.arity),
    { t: 'set', v: flags.map((f) => simple(f)) },
    int(spec.firstKey),
    int(spec.lastKey),
    int(spec.step),
    { t: 'set', v: categories(spec).map((c) => simple(`@${c}`)) },
    { t: 'set', v: [] },
    keySpecs(spec),
    spec.subcommands === undefined ? { t: 'set', v: [] } : array(spec.subcommands.map((s) => commandInfo(s))),
  ]);
}

function argDocs(args: readonly ArgSpec[], counter: { keys: number }): Reply {
  return array(
    args.map((a) => {
      const pairs: [Reply, Reply][] = [
        [bulk('name'), bulk(a.name)],
        [bulk('type'), bulk(a.type)],
      ];
      if (a.type === 'key') pairs.push([bulk('key_spec_index'), int(Math.min(counter.keys++, 0))]);
      if (a.token !== undefined) pairs.push([bulk('token'), bulk(a.token)]);
      if (a.since !== undefined) pairs.push([bulk('since'), bulk(a.since)]);
      if (a.deprecatedSince !== undefined) pairs.push([bulk('deprecated_since'), bulk(a.deprecatedSince)]);
      const flags: string[] = [];
      if (a.optional) flags.push('optional');
      if (a.multiple) flags.push('multiple');
      if (a.multipleToken) flags.push('multiple_token');
      if (flags.length > 0) pairs.push([bulk('flags'), { t: 'set', v: flags.map((f) => simple(f)) }]);
      if ((a.type === 'oneof' || a.type === 'block') && a.args !== undefined) pairs.push([bulk('arguments'), argDocs(a.args, counter)]);
      return { t: 'map', v: pairs } as Reply;
    }),
  );
}

/** addReplyCommandDocs: summary, since, group, complexity, history, arguments, subcommands. */
export function commandDocs(spec: CommandSpec): Reply {
  const pairs: [Reply, Reply][] = [
    [bulk('summary'), bulk(spec.summary)],
    [bulk('since'), bulk(spec.since)],
    [bulk('group'), bulk(spec.group)],
  ];
  if (spec.complexity !== undefined) pairs.push([bulk('complexity'), bulk(spec.complexity)]);
  if (spec.history !== undefined && spec.history.length > 0) {
    pairs.push([bulk('history'), { t: 'set', v: spec.history.map(([v, text]) => array([bulk(v), bulk(text)])) }]);
  }
  if (spec.args !== undefined && spec.args.length > 0) pairs.push([bulk('arguments'), argDocs(spec.args, { keys: 0 })]);
  if (spec.subcommands !== undefined) {
    pairs.push([bulk('subcommands'), { t: 'map', v: spec.subcommands.map((s) => [bulk(s.name), commandDocs(s)] as const) }]);
  }
  return { t: 'map', v: pairs };
}

/** COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN pattern] */
function commandList(c: Ctx): Reply {
  const argv = c.argv;
  let filter: ((s: CommandSpec) => boolean) | undefined;
  for (let i = 2; i < argv.length; i++) {
    const more = argv.length - 1 - i;
    if (is(argv[i]!, 'FILTERBY') && more === 2) {
      const kind = argv[i + 1]!.toUpperCase();
      const arg = argv[i + 2]!;
      if (kind === 'MODULE') filter = () => false;
      else if (kind === 'ACLCAT') filter = (s) => categories(s).includes(arg.toLowerCase());
      else if (kind === 'PATTERN') filter = (s) => globMatch(arg.toLowerCase(), s.name.toLowerCase());
      else throw new RedisError(E.SYNTAX);
      i += 2;
    } else {
      throw new RedisError(E.SYNTAX);
    }
  }
  const out: Reply[] = [];
  const visit = (s: CommandSpec): void => {
    if (filter === undefined || filter(s)) out.push(bulk(s.name));
    for (const sub of s.subcommands ?? []) visit(sub);
  };
  for (const s of topLevel(c.engine)) visit(s);
  return array(out);
}

/**
 * Key positions of commands whose keys are not a fixed range ("movablekeys"):
 * a numkeys argument, a STREAMS keyword, an optional STORE destination.
 */
function movableKeys(name: string, argv: readonly string[]): number[] | undefined {
  const numkeysAt = (at: number, before: number[] = []): number[] | undefined => {
    const n = parseInt64(argv[at] ?? '');
    if (n === null || n < 1n || at + Number(n) >= argv.length) return undefined;
    return [...before, ...Array.from({ length: Number(n) }, (_, i) => at + 1 + i)];
  };
  switch (name) {
    case 'zunion':
    case 'zinter':
    case 'zdiff':
    case 'zintercard':
    case 'sintercard':
    case 'lmpop':
    case 'zmpop':
      return numkeysAt(1);
    case 'eval':
    case 'evalsha':
    case 'eval_ro':
    case 'evalsha_ro':
    case 'fcall':
    case 'fcall_ro': {
      const n = parseInt64(argv[2] ?? '');
      if (n === null || n < 0n || 2 + Number(n) >= argv.length) return undefined;
      return Array.from({ length: Number(n) }, (_, i) => 3 + i);
    }
    case 'zunionstore':
    case 'zinterstore':
    case 'zdiffstore':
      return numkeysAt(2, [1]);
    case 'blmpop':
    case 'bzmpop':
      return numkeysAt(2);
    case 'xread':
    case 'xreadgroup': {
      const at = argv.findIndex((a, i) => i > 0 && is(a, 'STREAMS'));
      if (at < 0) return undefined;
      const rest = argv.length - at - 1;
      if (rest === 0 || rest % 2 !== 0) return undefined;
      return Array.from({ length: rest / 2 }, (_, i) => at + 1 + i);
    }
    case 'sort_ro':
      return [1];
    case 'sort': {
      // sortGetKeys: LIMIT, GET and BY skip their arguments; the last STORE wins.
      let store = -1;
      for (let i = 2; i < argv.length; i++) {
        const a = argv[i]!;
        if (is(a, 'LIMIT')) i += 2;
        else if (is(a, 'GET') || is(a, 'BY')) i += 1;
        else if (is(a, 'STORE') && i + 1 < argv.length) store = ++i;
      }
      return store === -1 ? [1] : [1, store];
    }
    case 'georadius':
    case 'georadiusbymember': {
      const keys = [1];
      for (let i = 2; i < argv.length - 1; i++) {
        const a = argv[i]!.toUpperCase();
        if (a === 'STORE' || a === 'STOREDIST') keys.push(i + 1);
      }
      return keys;
    }
    default:
      return undefined;
  }
}

const MOVABLE = new Set([
  'zunion', 'zinter', 'zdiff', 'zintercard', 'sintercard', 'lmpop', 'zmpop', 'eval', 'evalsha', 'eval_ro', 'evalsha_ro', 'fcall',
  'fcall_ro', 'zunionstore', 'zinterstore', 'zdiffstore', 'blmpop', 'bzmpop', 'xread', 'xreadgroup', 'sort', 'sort_ro', 'georadius',
  'georadiusbymember',
]);

/** COMMAND GETKEYS / GETKEYSANDFLAGS: the keys of the command in argv[2..]. */
function getKeysFor(c: Ctx): [string, string[]][] {
  const argv = c.argv.slice(2);
  let cmd: EngineCommand | undefined = c.engine.commands.get(argv[0]!.toLowerCase());
  if (cmd !== undefined && cmd.subcommands !== undefined && argv.length >= 2) cmd = cmd.subcommands.get(argv[1]!.toLowerCase());
  if (cmd === undefined) throw new RedisError(E.GETKEYS_INVALID_COMMAND);
  const spec = cmd.spec;
  const movable = MOVABLE.has(spec.name);
  if (spec.firstKey <= 0 && !movable) throw new RedisError(E.GETKEYS_NO_KEYS);
  if ((spec.arity > 0 && spec.arity !== argv.length) || argv.length < -spec.arity) throw new RedisError(E.GETKEYS_BAD_ARITY);
  let positions: number[] | undefined;
  if (movable) {
    positions = movableKeys(spec.name, argv);
  } else {
    const last = spec.lastKey >= 0 ? spec.lastKey : argv.length + spec.lastKey;
    positions = [];
    for (let i = spec.firstKey; i <= last && i < argv.length; i += spec.step) positions.push(i);
  }
  if (positions === undefined || positions.length === 0) {
    if (spec.flags.includes('no_mandatory_keys')) return [];
    throw new RedisError(E.GETKEYS_BAD_ARGS);
  }
  return positions.map((p) => [argv[p]!, keySpecFlags(spec)]);
}

// ---- CONFIG --------------------------------------------------------------------

function configSet(c: Ctx): Reply {
  if (c.argv.length % 2 !== 0) throw new RedisError(E.SYNTAX);
  const pairs: [string, string][] = [];
  for (let i = 2; i < c.argv.length; i += 2) pairs.push([c.argv[i]!, c.argv[i + 1]!]);
  const error = c.engine.config.set(pairs);
  if (error !== undefined) throw new RedisError(error);
  // A lower maxmemory evicts at once, as Redis's apply function does.
  if (pairs.some(([k]) => k.toLowerCase() === 'maxmemory')) c.engine.memory.makeRoom();
  return OK;
}

// ---- MEMORY --------------------------------------------------------------------

function memoryUsage(c: Ctx): Reply {
  let samples = 5;
  for (let j = 3; j < c.argv.length; j++) {
    if (is(c.argv[j]!, 'SAMPLES') && j + 1 < c.argv.length) {
      const n = parseInt64(c.argv[j + 1]!);
      if (n === null) throw new RedisError(E.NOT_INTEGER);
      if (n < 0n) throw new RedisError(E.SYNTAX);
      samples = n === 0n ? 0 : Number(n);
      j++;
    } else {
      throw new RedisError(E.SYNTAX);
    }
  }
  const key = c.argv[2]!;
  const e = c.db.peek(key);
  if (e === undefined) return NIL;
  return int(keyUsage(key, e, c.engine.config, samples));
}

function memoryStats(c: Ctx): Reply {
  const e = c.engine;
  const used = e.memory.used();
  const startup = 876016;
  const clientsNormal = 1838 * e.clients.size;
  const keys = e.dbs.reduce((n, db) => n + db.size, 0);
  const dataset = e.memory.dataset;
  const overhead = used - dataset;
  const num = (n: number): Reply => int(Math.round(n));
  const pairs: [Reply, Reply][] = [
    [bulk('peak.allocated'), num(e.memory.peak)],
    [bulk('total.allocated'), num(used)],
    [bulk('startup.allocated'), num(startup)],
    [bulk('replication.backlog'), int(0)],
    [bulk('clients.slaves'), int(0)],
    [bulk('clients.normal'), num(clientsNormal)],
    [bulk('cluster.links'), int(0)],
    [bulk('aof.buffer'), int(0)],
    [bulk('lua.caches'), int(0)],
    [bulk('functions.caches'), int(184)],
  ];
  for (const db of e.dbs) {
    if (db.size === 0 && db.expires.size === 0) continue;
    const slots = (n: number): number => (n === 0 ? 0 : n <= 4 ? 4 : 2 ** Math.ceil(Math.log2(n)));
    pairs.push([
      bulk(`db.${db.id}`),
      {
        t: 'map',
        v: [
          [bulk('overhead.hashtable.main'), num(db.size * 24 + slots(db.size) * 8 + 56)],
          [bulk('overhead.hashtable.expires'), num(db.expires.size * 24 + slots(db.expires.size) * 8 + 56)],
          [bulk('overhead.hashtable.slot-to-keys'), int(0)],
        ],
      },
    ]);
  }
  pairs.push(
    [bulk('overhead.total'), num(overhead)],
    [bulk('keys.count'), int(keys)],
    [bulk('keys.bytes-per-key'), num(keys === 0 ? 0 : (used - startup) / keys)],
    [bulk('dataset.bytes'), num(dataset)],
    [bulk('dataset.percentage'), { t: 'double', v: used - startup <= 0 ? 0 : (dataset * 100) / (used - startup) }],
    [bulk('peak.percentage'), { t: 'double', v: (used * 100) / e.memory.peak }],
    [bulk('allocator.allocated'), num(used)],
    [bulk('allocator.active'), num(used)],
    [bulk('allocator.resident'), num(used)],
    [bulk('allocator-fragmentation.ratio'), { t: 'double', v: 1 }],
    [bulk('allocator-fragmentation.bytes'), int(0)],
    [bulk('allocator-rss.ratio'), { t: 'double', v: 1 }],
    [bulk('allocator-rss.bytes'), int(0)],
    [bulk('rss-overhead.ratio'), { t: 'double', v: 1 }],
    [bulk('rss-overhead.bytes'), int(0)],
    [bulk('fragmentation'), { t: 'double', v: 1 }],
    [bulk('fragmentation.bytes'), int(0)],
  );
  return { t: 'map', v: pairs };
}

function memoryDoctor(e: Engine): string {
  const used = e.memory.used();
  if (used < 5 * 1024 * 1024) {
    return (
      'Hi Sam, this instance is empty or is using very little memory, my issues detector can\'t be used in these conditions. ' +
      'Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be back to our programming as soon as I finished rebooting.\n'
    );
  }
  if (e.memory.peak / used > 1.5) {
    return (
      'Sam, I detected a few issues in this Redis instance memory implants:\n\n' +
      ' * Peak memory: In the past this instance used more than 150% the memory that is currently using. The allocator is normally not able to release memory after a peak, so you can expect to see a big fragmentation ratio, however this is actually harmless and is only due to the memory peak, and if the Redis instance Resident Set Size (RSS) is currently bigger than expected, the memory will be used as soon as you fill the Redis instance with more data. If the memory peak was only occasional and you want to try to reclaim memory, please try the MEMORY PURGE command, otherwise the only other option is to shutdown and restart the instance.\n\n' +
      "I'm here to keep you safe, Sam. I want to help you.\n"
    );
  }
  return "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.\n";
}

// ---- OBJECT --------------------------------------------------------------------

/** Values 0..9999 of int-encoded strings are shared objects unless maxmemory uses LRU/LFU. */
function isSharedInteger(engine: Engine, e: Entry): boolean {
  if (e.type !== 'string' || isMarkedBig(e) || stringEncoding(e.value) !== 'int') return false;
  const v = Number(e.value);
  if (v < 0 || v >= 10000) return false;
  const policy = engine.config.maxmemoryPolicy;
  return engine.config.maxmemory === 0 || !(policy.endsWith('-lru') || policy.endsWith('-lfu'));
}

// ---- DEBUG ---------------------------------------------------------------------

/**
 * DEBUG: the subcommands a playground can honour.
 *
 * DEBUG SLEEP never blocks: the engine runs in the browser's worker and a
 * real sleep would freeze every terminal. It validates its argument and
 * replies OK at once (`engine.debugSleepMs` accumulates the requested time
 * for hosts that want to show it). Crashing subcommands (SEGFAULT, PANIC,
 * RESTART ...) are not available.
 */
function debug(c: Ctx): Reply {
  const argv = c.argv;
  const sub = argv[1]!.toLowerCase();
  const n = argv.length;
  if (sub === 'help' && n === 2) return helpReply(c, DEBUG_HELP);
  if (sub === 'sleep' && n === 3) {
    const secs = Number.parseFloat(argv[2]!);
    debugSleeps.set(c.engine, (debugSleeps.get(c.engine) ?? 0) + (Number.isFinite(secs) && secs > 0 ? secs * 1000 : 0));
    return OK;
  }
  if (sub === 'set-active-expire' && n === 3) {
    c.engine.activeExpireEnabled = atoi(argv[2]!) !== 0;
    return OK;
  }
  if (sub === 'log' && n === 3) return OK;
  if (sub === 'error' && n === 3) return { t: 'error', v: argv[2]!.replace(/[\r\n]/g, ' ') };
  if (sub === 'populate' && n >= 3 && n <= 5) return populate(c);
  if (sub === 'object' && n === 3) return debugObject(c);
  if (sub === 'reload') return reload(c);
  if (sub === 'protocol' && n === 3) return protocol(c, argv[2]!.toLowerCase());
  if (sub === 'change-repl-id' && n === 2) return OK;
  if (sub === 'quicklist-packed-threshold' && n === 3) return OK;
  if (sub === 'stringmatch-test' && n === 2) return simple('Apparently Redis did not crash: test passed');
  throw new RedisError(E.SUBCOMMAND_SYNTAX(argv[1]!, 'debug'));
}

/** Milliseconds of DEBUG SLEEP requested per engine (no time actually passes). */
export const debugSleeps = new WeakMap<Engine, number>();

/** C's atoi: leading spaces, optional sign, digits; anything else stops the parse. */
function atoi(s: string): number {
  const m = /^\s*([+-]?[0-9]+)/.exec(s);
  return m === null ? 0 : Number.parseInt(m[1]!, 10);
}

/** getPositiveLongFromObjectOrReply. */
function positiveLong(s: string): number {
  const v = parseInt64(s);
  if (v === null || v < 0n) throw new RedisError('ERR value is out of range, must be positive');
  return Number(v);
}

/**
 * DEBUG POPULATE count [prefix] [size]: string keys `prefix:N` holding
 * `value:N` (or `size` bytes: that text padded with zero bytes). Existing
 * keys are skipped. Refused with OOM up front when the keys would not fit
 * under maxmemory, so a huge count cannot exhaust the browser tab.
 */
function populate(c: Ctx): Reply {
  const count = positiveLong(c.argv[2]!);
  const prefix = c.argv.length >= 4 ? c.argv[3]! : 'key';
  const size = c.argv.length === 5 ? positiveLong(c.argv[4]!) : 0;
  // Estimate: key sds + dictEntry + value object, from the last key's shape.
  const sample = `${prefix}:${Math.max(0, count - 1)}`;
  const valueLen = size > 0 ? size : `value:${Math.max(0, count - 1)}`.length;
  const perKey = keyUsage(sample, { type: 'string', value: 'x'.repeat(Math.min(valueLen, 64)) }, c.engine.config) + Math.max(0, valueLen - 64);
  c.engine.memory.checkGrowth(perKey * count);
  const pad = size > 0 ? '\0'.repeat(size) : '';
  // An empty database holds none of the keys: no lookup before each add.
  const fresh = c.db.size === 0;
  for (let j = 0; j < count; j++) {
    const key = `${prefix}:${j}`;
    if (!fresh && c.db.peek(key) !== undefined) continue;
    const text = `value:${j}`;
    const value = size === 0 ? text : size <= text.length ? text.slice(0, size) : text + pad.slice(text.length);
    c.db.add(key, stringEntry(value));
    if ((j & 4095) === 4095) {
      c.engine.memory.settle();
      c.engine.memory.checkGrowth(0);
    }
  }
  return OK;
}

/** DEBUG OBJECT key: Redis's one-line summary (the address is synthetic). */
function debugObject(c: Ctx): Reply {
  const key = c.argv[2]!;
  const e = c.db.peek(key);
  if (e === undefined) throw new RedisError(E.NO_SUCH_KEY);
  const enc = objectEncoding(e, c.engine.config);
  const refcount = isSharedInteger(c.engine, e) ? 2147483647 : 1;
  const st = c.engine.memory.stat(c.db.id, key);
  const lru = st === undefined ? 0 : st.lru;
  const idle = c.engine.memory.idleSeconds(c.db.id, key);
  let extra = '';
  if (enc === 'quicklist' && e.type === 'list') {
    const fill = c.engine.config.num('list-max-listpack-size');
    let bytes = 0;
    for (const v of e.value) bytes += lpEntrySize(v);
    const limit = fill >= 0 ? Infinity : [4096, 8192, 16384, 32768, 65536][Math.min(-fill, 5) - 1]!;
    const nodes = Math.max(1, fill > 0 ? Math.ceil(e.value.length / fill) : Math.ceil(bytes / limit));
    extra =
      ` ql_nodes:${nodes} ql_avg_node:${(e.value.length / nodes).toFixed(2)} ql_listpack_max:${fill}` +
      ` ql_compressed:${c.engine.config.num('list-compress-depth') !== 0 ? 1 : 0} ql_uncompressed_size:${bytes + 7 * nodes}`;
  }
  const addr = `0x7f${(hashOf(key) >>> 0).toString(16).padStart(8, '0')}00`;
  return simple(
    `Value at:${addr} refcount:${refcount} encoding:${enc} serializedlength:${serializedLength(e)} lru:${lru} lru_seconds_idle:${idle}${extra}`,
  );
}

function hashOf(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h;
}

/** An estimate of rdbSavedObjectLen (length-prefixed strings, no compression). */
function serializedLength(e: Entry): number {
  const str = (s: string): number => {
    if (s.length <= 11 && stringEncoding(s) === 'int') {
      const v = Number(s);
      return v >= -128 && v <= 127 ? 2 : v >= -32768 && v <= 32767 ? 3 : v >= -2147483648 && v <= 2147483647 ? 5 : s.length + 1;
    }
    const n = s.length;
    return n + (n < 64 ? 1 : n < 16384 ? 2 : 5);
  };
  switch (e.type) {
    case 'string':
      return str(e.value);
    case 'list': {
      let t = 1;
      for (const v of e.value) t += str(v);
      return t;
    }
    case 'set': {
      let t = 1;
      for (const v of e.value) t += str(v);
      return t;
    }
    case 'hash': {
      let t = 1;
      for (const [f, v] of e.value) t += str(f) + str(v);
      return t;
    }
    default:
      return 1;
  }
}

/**
 * DEBUG RELOAD: Redis saves and reloads the dataset; nothing changes except
 * that every value gets the encoding its contents call for (conversions that
 * were one-way are undone), which is what this does.
 */
function reload(c: Ctx): Reply {
  for (let i = 2; i < c.argv.length; i++) {
    const o = c.argv[i]!.toUpperCase();
    if (o !== 'MERGE' && o !== 'NOFLUSH' && o !== 'NOSAVE') throw new RedisError(E.SYNTAX);
  }
  for (const db of c.engine.dbs) {
    for (const key of [...db.keys()]) {
      const e = db.peek(key);
      if (e !== undefined) forgetEncoding(e);
    }
  }
  return OK;
}

function protocol(c: Ctx, name: string): Reply {
  switch (name) {
    case 'string':
      return bulk('Hello World');
    case 'integer':
      return int(12345);
    case 'double':
      return { t: 'double', v: 3.141 };
    case 'bignum':
      return { t: 'bignum', v: '1234567999999999999999999999999999999' };
    case 'null':
      return NIL;
    case 'array':
      return array([int(0), int(1), int(2)]);
    case 'set':
      return { t: 'set', v: [int(0), int(1), int(2)] };
    case 'map':
      return { t: 'map', v: [0, 1, 2].map((j) => [int(j), { t: 'bool', v: j === 1 }] as const) };
    case 'attrib':
      return bulk('Some real reply following the attribute');
    case 'push':
      if (c.client.resp < 3) throw new RedisError('ERR RESP2 is not supported by this command');
      c.client.send({ t: 'push', v: [bulk('server-cpu-usage'), int(42)] });
      return bulk('Some real reply following the push reply');
    case 'true':
      return { t: 'bool', v: true };
    case 'false':
      return { t: 'bool', v: false };
    case 'verbatim':
      return { t: 'verbatim', format: 'txt', v: 'This is a verbatim\nstring' };
    default:
      throw new RedisError(
        'ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false',
      );
  }
}

// ---- HELP texts ------------------------------------------------------------------

const COMMAND_HELP = [
  '(no subcommand)',
  '    Return details about all Redis commands.',
  'COUNT',
  '    Return the total number of commands in this Redis server.',
  'LIST',
  '    Return a list of all commands in this Redis server.',
  'INFO [<command-name> ...]',
  '    Return details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'DOCS [<command-name> ...]',
  '    Return documentation details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'GETKEYS <full-command>',
  '    Return the keys from a full Redis command.',
  'GETKEYSANDFLAGS <full-command>',
  '    Return the keys and the access flags from a full Redis command.',
];

const CONFIG_HELP = [
  'GET <pattern>',
  '    Return parameters matching the glob-like <pattern> and their values.',
  'SET <directive> <value>',
  '    Set the configuration <directive> to <value>.',
  'RESETSTAT',
  '    Reset statistics reported by the INFO command.',
  'REWRITE',
  '    Rewrite the configuration file.',
];

const MEMORY_HELP = [
  'DOCTOR',
  '    Return memory problems reports.',
  'MALLOC-STATS',
  '    Return internal statistics report from the memory allocator.',
  'PURGE',
  '    Attempt to purge dirty pages for reclamation by the allocator.',
  'STATS',
  '    Return information about the memory usage of the server.',
  'USAGE <key> [SAMPLES <count>]',
  '    Return memory in bytes used by <key> and its value. Nested values are',
  '    sampled up to <count> times (default: 5, 0 means sample all).',
];

const OBJECT_HELP = [
  'ENCODING <key>',
  '    Return the kind of internal representation used in order to store the value',
  '    associated with a <key>.',
  'FREQ <key>',
  '    Return the access frequency index of the <key>. The returned integer is',
  '    proportional to the logarithm of the recent access frequency of the key.',
  'IDLETIME <key>',
  '    Return the idle time of the <key>, that is the approximated number of',
  '    seconds elapsed since the last access to the key.',
  'REFCOUNT <key>',
  '    Return the number of references of the value associated with the specified',
  '    <key>.',
];

const FUNCTION_HELP = [
  'LOAD [REPLACE] <FUNCTION CODE>',
  '    Create a new library with the given library name and code.',
  'DELETE <LIBRARY NAME>',
  '    Delete the given library.',
  'LIST [LIBRARYNAME PATTERN] [WITHCODE]',
  '    Return general information on all the libraries:',
  '    * Library name',
  '    * The engine used to run the Library',
  '    * Library description',
  '    * Functions list',
  '    * Library code (if WITHCODE is given)',
  '    It also possible to get only function that matches a pattern using LIBRARYNAME argument.',
  'STATS',
  '    Return information about the current function running:',
  '    * Function name',
  '    * Command used to run the function',
  '    * Duration in MS that the function is running',
  '    If no function is running, return nil',
  '    In addition, returns a list of available engines.',
  'KILL',
  '    Kill the current running function.',
  'FLUSH [ASYNC|SYNC]',
  '    Delete all the libraries.',
  '    When called without the optional mode argument, the behavior is determined by the',
  '    lazyfree-lazy-user-flush configuration directive. Valid modes are:',
  '    * ASYNC: Asynchronously flush the libraries.',
  '    * SYNC: Synchronously flush the libraries.',
  'DUMP',
  '    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command',
  'RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]',
  '    Restore the libraries represented by the given payload, it is possible to give a restore policy to',
  '    control how to handle existing libraries (default APPEND):',
  '    * FLUSH: delete all existing libraries.',
  '    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.',
  '    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old',
  '      libraries with the new libraries (notice that even on this option there is a chance of failure',
  '      in case of functions name collision with another library).',
];

const DEBUG_HELP = [
  'CHANGE-REPL-ID',
  '    Change the replication IDs of the instance.',
  '    Dangerous: should be used only for testing the replication subsystem.',
  'ERROR <string>',
  '    Return a Redis protocol error with <string> as message. Useful for clients',
  '    unit tests to simulate Redis errors.',
  'LOG <message>',
  '    Write <message> to the server log.',
  'OBJECT <key>',
  '    Show low level info about `key` and associated value.',
  'POPULATE <count> [<prefix>] [<size>]',
  '    Create <count> string keys named key:<num>. If <prefix> is specified then',
  '    it is used instead of the \'key\' prefix. These are not propagated to',
  '    replicas. Cluster slots are not respected so keys not belonging to the',
  '    current node can be created in cluster mode.',
  'PROTOCOL <type>',
  '    Reply with a test value of the specified type. <type> can be: string,',
  '    integer, double, bignum, null, array, set, map, attrib, push, verbatim,',
  '    true, false.',
  'RELOAD [option ...]',
  '    Save the RDB on disk and reload it back to memory. Valid <option> values:',
  '    * MERGE: conflicting keys will be loaded from RDB.',
  '    * NOFLUSH: the existing database will not be removed before load, but',
  '      conflicting keys will generate an exception and kill the server.',
  '    * NOSAVE: the database will be loaded from an existing RDB file.',
  'SET-ACTIVE-EXPIRE <0|1>',
  '    Setting it to 0 disables expiring keys in background when they are not',
  '    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the',
  '    default.',
  'SLEEP <seconds>',
  '    Stop the server for <seconds>. Decimals allowed.',
];

/**
 * MONITOR: from now on the client is sent every command any client runs
 * (Engine.feedMonitors). Not inside a transaction (a client that may not
 * block); a second MONITOR is ignored without a reply, as in Redis.
 */
function monitor(c: Ctx): Reply {
  const client = c.client;
  if (client.inExec) throw new RedisError("ERR MONITOR isn't allowed for DENY BLOCKING client");
  if (client.monitor === true) {
    client.replyFlags |= REPLY_FLAG.NO_REPLY;
    return OK;
  }
  client.monitor = true;
  c.engine.monitors.add(client);
  return OK;
}

/** SAVE: saves the keyspace where the host keeps it (the browser: IndexedDB), before replying. */
function save(c: Ctx): Reply {
  const p = c.engine.persistence;
  if (p.bgsaveSince !== undefined) throw new RedisError(E.BGSAVE_RUNNING);
  if (!p.available) throw new RedisError(E.NO_SAVE_TARGET);
  if (!p.save()) throw new RedisError('ERR');
  return OK;
}

/** BGSAVE [SCHEDULE]: starts a save that finishes after the reply (LASTSAVE and INFO persistence show when). */
function bgsave(c: Ctx): Reply {
  const argv = c.argv;
  if (argv.length > 2 || (argv.length === 2 && argv[1]!.toLowerCase() !== 'schedule')) throw new RedisError(E.SYNTAX);
  const p = c.engine.persistence;
  if (p.bgsaveSince !== undefined) throw new RedisError(E.BGSAVE_RUNNING);
  if (!p.available) throw new RedisError(E.NO_SAVE_TARGET);
  p.startBackground();
  // Inside EXEC Redis only schedules it; here the save starts after the reply either way.
  return simple(c.client.inExec ? 'Background saving scheduled' : 'Background saving started');
}

const SLOWLOG_HELP = [
  'GET [<count>]',
  '    Return top <count> entries from the slowlog (default: 10, -1 mean all).',
  '    Entries are made of:',
  '    id, timestamp, time in microseconds, arguments array, client IP and port,',
  '    client name',
  'LEN',
  '    Return the length of the slowlog.',
  'RESET',
  '    Reset the slowlog.',
];

/** SLOWLOG GET [count]: the newest entries (10 by default, -1 for all). */
function slowlogGet(c: Ctx): Reply {
  const entries = c.engine.slowlog.entries;
  let count = 10;
  if (c.argv.length === 3) {
    const v = parseInt64(c.argv[2]!);
    const msg = 'ERR count should be greater than or equal to -1';
    if (v === null || v < -1n) throw new RedisError(msg);
    count = v === -1n ? entries.length : Number(v > BigInt(entries.length) ? BigInt(entries.length) : v);
  } else if (c.argv.length > 3) {
    throw new RedisError(E.SUBCOMMAND_SYNTAX(c.argv[1]!, c.argv[0]!));
  }
  return array(
    entries.slice(0, count).map((e) =>
      array([int(e.id), int(e.time), int(e.duration), array(e.argv.map((a) => bulk(a))), bulk(e.peer), bulk(e.name)]),
    ),
  );
}
