import type { Ctx } from '../../core/command';
import { array, bulk, type Reply } from '../../core/reply';
import { REDIS_VERSION } from '../../core/version';
import { sdsAlloc } from '../../core/memory';
import type { Engine } from '../../engine';
import type { HandlersFor } from '../../core/command';
import type { serverSpecs } from '../../spec/server';

/**
 * INFO and TIME: what the server says about itself.
 *
 * Values that only a real process has (pids, CPU, RSS, network bytes) are
 * reported with Redis's field names and neutral values; everything the
 * engine knows (clients, commands, keyspace, memory estimate, hits and
 * misses, expiries, evictions, per-command stats) is real.
 */
export const infoCommands = {
  info,
  time: (c) => {
    const ms = c.engine.now();
    return array([bulk(String(Math.floor(ms / 1000))), bulk(String((ms % 1000) * 1000))]);
  },
} satisfies Partial<HandlersFor<typeof serverSpecs>>;

const DEFAULT_SECTIONS = ['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'module_list', 'errorstats', 'cluster', 'keyspace'];

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
/**
 * Memory of the script cache and the libraries as Redis 7.0 counts it: the
 * SHA and body strings of each cached script (lua_scripts_mem); a fixed
 * 184 bytes of function tables plus each library's code and entries.
 */
function scriptMemory(e: Engine): { eval: number; functions: number } {
  let eval_ = 0;
  for (const [sha, s] of e.scripting.scripts) eval_ += sdsAlloc(sha.length) + sdsAlloc(s.body.length) + 16;
  let functions = 184;
  for (const lib of e.scripting.libraries.values()) functions += sdsAlloc(lib.code.length) + sdsAlloc(lib.name.length) + 112 + lib.functions.size * 96;
  return { eval: eval_, functions };
}

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
    const lines = fields().map(([k, v]) => `${k}:${v}`);
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
    ['tracking_clients', e.clientTracking.clients],
    ['clients_in_timeout_table', blocked.filter((cl) => cl.blocked!.timeoutAt !== 0).length],
  ]);
  section('memory', 'Memory', () => {
    const scripts = scriptMemory(e);
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
      ['used_memory_scripts_eval', scripts.eval],
      ['number_of_cached_scripts', e.scripting.scripts.size],
      ['number_of_functions', e.scripting.functions.size],
      ['number_of_libraries', e.scripting.libraries.size],
      ['used_memory_vm_functions', 32768],
      ['used_memory_vm_total', 65536],
      ['used_memory_vm_total_human', '64.00K'],
      ['used_memory_functions', scripts.functions],
      ['used_memory_scripts', scripts.eval + scripts.functions],
      ['used_memory_scripts_human', human(scripts.eval + scripts.functions)],
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
    ['rdb_last_load_keys_expired', e.persistence.lastLoadKeysExpired],
    ['rdb_last_load_keys_loaded', e.persistence.lastLoadKeysLoaded],
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
    ['rejected_connections', e.stats.rejectedConnections],
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
    ['tracking_total_keys', e.clientTracking.totalKeys],
    ['tracking_total_items', e.clientTracking.totalItems],
    ['tracking_total_prefixes', e.clientTracking.totalPrefixes],
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
    [...e.commandStats].map(([name, s]) => {
      // The time spent is known while latency-tracking times every command.
      const usec = e.lookupByName(name)?.histogram?.usec ?? 0;
      const perCall = s.calls === 0 ? 0 : usec / s.calls;
      return [`cmdstat_${name}`, `calls=${s.calls},usec=${usec},usec_per_call=${perCall.toFixed(2)},rejected_calls=${s.rejected},failed_calls=${s.failed}`];
    }),
  );
  // Listed in byte order of their codes, as Redis's radix tree of them is.
  section('errorstats', 'Errorstats', () =>
    [...e.errorStats]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([code, n]) => [`errorstat_${code}`, `count=${n}`]),
  );
  // fillPercentileDistributionLatencies: each timed command's percentiles (latency-tracking-info-percentiles), in microseconds.
  section('latencystats', 'Latencystats', () => {
    const percentiles = (e.config.get('latency-tracking-info-percentiles') ?? '').split(' ').filter((p) => p !== '');
    const rows: Field[] = [];
    for (const [name] of e.commandStats) {
      const h = e.lookupByName(name)?.histogram;
      if (h === undefined || h.calls === 0) continue;
      rows.push([`latency_percentiles_usec_${name}`, percentiles.map((p) => `p${p}=${(h.percentile(Number(p)) / 1000).toFixed(3)}`).join(',')]);
    }
    return rows;
  });
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
