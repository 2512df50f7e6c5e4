/**
 * Eviction quality: how much of a hot set survives a stream of cold writes
 * under each maxmemory-policy, on redis-server and on `npm run server`, side
 * by side. It prints figures and asserts nothing.
 *
 *   npx tsx bench/eviction.ts                          # every policy
 *   npx tsx bench/eviction.ts --policies allkeys-lru   # some policies
 *   npx tsx bench/eviction.ts --waves 4 --cold 30000 --hot 1000 --mb 4
 *   npx tsx bench/eviction.ts --ours-root /tmp/old-checkout   # an older engine against the same redis-server
 *   npm run bench -- --only eviction
 *
 * The workload, per policy, on a fresh server: maxmemory is set to the
 * empty server's used_memory plus 4 MB; 1,000 hot keys are written; then,
 * for each wave, the hot set is read once (GET of every hot key) and 30,000
 * new cold keys are written (pipelined). Keys are short (`h:12`, `c:34567`)
 * and values one byte, so about 50,000 keys fit (35,000 with TTLs). Under the volatile-* policies every
 * key, hot and cold, gets the same one-hour TTL, so the policies have the
 * same candidates as the allkeys-* ones (volatile-ttl then takes the oldest
 * writes first, hot or not). A pause of 1.1 s separates the phases: Redis's
 * LRU clock counts whole seconds, so reads and writes made in the same
 * second look equally recent to it, on both servers.
 *
 * Reported: the share of the hot set still present at the end, the keys
 * left, evicted_keys, and the writes refused (noeviction's OOM error).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Reply } from '../src/engine';
import { RespClient, freePort, startRedis } from '../test/support/redis';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export const POLICIES = [
  'allkeys-lru',
  'allkeys-lfu',
  'allkeys-random',
  'volatile-lru',
  'volatile-lfu',
  'volatile-random',
  'volatile-ttl',
  'noeviction',
] as const;

export interface EvictionOptions {
  policies: readonly string[];
  waves: number;
  cold: number;
  hot: number;
  mb: number;
  /** Another checkout to run `npm run server` from (to compare with an older version). */
  oursRoot?: string;
}

export interface EvictionResult {
  hotKept: number;
  keys: number;
  evicted: number;
  refused: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function text(r: Reply): string {
  return r.t === 'bulk' || r.t === 'simple' || r.t === 'verbatim' ? String(r.v) : '';
}

function infoField(info: string, name: string): number {
  const m = new RegExp(`^${name}:(\\d+)`, 'm').exec(info);
  return m === null ? NaN : Number(m[1]);
}

/** Sends commands pipelined in batches; returns how many were answered with an error. */
async function pipeline(c: RespClient, cmds: readonly (readonly string[])[], batch = 500): Promise<number> {
  let errors = 0;
  for (let i = 0; i < cmds.length; i += batch) {
    const replies = await Promise.all(cmds.slice(i, i + batch).map((a) => c.call(a)));
    for (const r of replies) if (r.t === 'error') errors++;
  }
  return errors;
}

/** The workload on one server (already running on `port`). */
export async function runWorkload(port: number, policy: string, o: EvictionOptions): Promise<EvictionResult> {
  const c = await RespClient.connect(port);
  try {
    await c.call(['FLUSHALL']);
    await c.call(['CONFIG', 'SET', 'maxmemory', '0', 'maxmemory-policy', 'noeviction']);
    await c.call(['CONFIG', 'RESETSTAT']);
    const empty = infoField(text(await c.call(['INFO', 'memory'])), 'used_memory');
    await c.call(['CONFIG', 'SET', 'maxmemory', String(empty + o.mb * 1024 * 1024), 'maxmemory-policy', policy]);
    const ttl = policy.startsWith('volatile-') ? ['EX', '3600'] : [];
    const hot = Array.from({ length: o.hot }, (_, i) => `h:${i}`);
    let refused = await pipeline(c, hot.map((k) => ['SET', k, 'v', ...ttl]));
    for (let w = 0; w < o.waves; w++) {
      await sleep(1100);
      await pipeline(c, hot.map((k) => ['GET', k]));
      await sleep(1100);
      refused += await pipeline(c, Array.from({ length: o.cold }, (_, i) => ['SET', `c:${w * o.cold + i}`, 'v', ...ttl]));
    }
    const exists = await Promise.all(hot.map((k) => c.call(['EXISTS', k])));
    const hotKept = exists.filter((r) => r.t === 'int' && Number(r.v) === 1).length;
    const keys = await c.call(['DBSIZE']);
    const stats = text(await c.call(['INFO', 'stats']));
    await c.call(['CONFIG', 'SET', 'maxmemory', '0', 'maxmemory-policy', 'noeviction']);
    await c.call(['FLUSHALL']);
    return { hotKept: hotKept / o.hot, keys: keys.t === 'int' ? Number(keys.v) : NaN, evicted: infoField(stats, 'evicted_keys'), refused };
  } finally {
    c.close();
  }
}

/** Starts `npm run server` as its own process (what a user runs), on a free port. */
async function startOurs(root = ROOT): Promise<{ port: number; stop(): void }> {
  const port = await freePort();
  const proc: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/resp-server.ts', '--port', String(port)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) resolve();
    });
    proc.once('exit', (code) => reject(new Error(`npm run server exited (${code})`)));
  });
  return { port, stop: () => proc.kill('SIGTERM') };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export async function benchEviction(o: EvictionOptions): Promise<void> {
  const redis = await startRedis();
  const ours = await startOurs(o.oursRoot);
  try {
    console.log(
      `${o.hot} hot keys read between ${o.waves} waves of ${o.cold} cold writes, maxmemory = empty + ${o.mb} MB\n` +
        `${'policy'.padEnd(16)} ${'redis-server: hot kept'.padEnd(24)} ${'keys'.padStart(6)} ${'evicted'.padStart(8)} ${'refused'.padStart(8)}   ${'npm run server: hot kept'.padEnd(26)} ${'keys'.padStart(6)} ${'evicted'.padStart(8)} ${'refused'.padStart(8)}`,
    );
    for (const policy of o.policies) {
      const [a, b] = await Promise.all([runWorkload(redis.port, policy, o), runWorkload(ours.port, policy, o)]);
      console.log(
        `${policy.padEnd(16)} ${pct(a.hotKept).padEnd(24)} ${String(a.keys).padStart(6)} ${String(a.evicted).padStart(8)} ${String(a.refused).padStart(8)}   ${pct(b.hotKept).padEnd(26)} ${String(b.keys).padStart(6)} ${String(b.evicted).padStart(8)} ${String(b.refused).padStart(8)}`,
      );
    }
  } finally {
    ours.stop();
    await redis.stop();
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: {
      policies: { type: 'string' },
      waves: { type: 'string', default: '4' },
      cold: { type: 'string', default: '30000' },
      hot: { type: 'string', default: '1000' },
      mb: { type: 'string', default: '4' },
      'ours-root': { type: 'string' },
    },
    strict: true,
  });
  await benchEviction({
    policies: values.policies === undefined ? POLICIES : values.policies.split(','),
    waves: Number(values.waves),
    cold: Number(values.cold),
    hot: Number(values.hot),
    mb: Number(values.mb),
    oursRoot: values['ours-root'],
  });
}
