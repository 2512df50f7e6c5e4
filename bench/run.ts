/**
 * `npm run bench` prints performance numbers (it never asserts timings).
 *
 *   npm run bench                         # everything, about 2-3 minutes
 *   npm run bench -- --only engine,list   # some sections: engine zset list heap populate network scripting soak bundle first-reply eviction
 *   npm run bench -- --quick              # smaller sizes
 *   npm run bench -- --ops 5000000 --zset 2000000 --keys 2000000 --requests 1000000
 *   npm run bench -- --no-build           # bundle budget from the existing dist/
 *   npm run bench -- --only network --rounds 5   # redis-benchmark rounds (medians)
 *   npm run bench -- --only network --tests lrange_100 --requests 200000   # some redis-benchmark tests
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchBundle } from './bundle';
import { benchList, benchSetGet, benchZset } from './engine';
import { POLICIES, benchEviction } from './eviction';
import { benchFirstReply } from './first-reply';
import { benchNetwork } from './network';
import { benchPopulate } from './populate';
import { benchScripting } from './scripting';
import { benchSoak } from './soak';
import { startPreview } from './util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
    ops: { type: 'string' },
    zset: { type: 'string' },
    lists: { type: 'string' },
    keys: { type: 'string' },
    requests: { type: 'string' },
    rounds: { type: 'string' },
    tests: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
  },
  strict: true,
});

const quick = values.quick;
const sections = new Set((values.only ?? 'engine,zset,list,heap,populate,network,scripting,soak,bundle').split(','));
const num = (v: string | undefined, d: number) => (v === undefined ? d : Number(v));
const engineOpts = {
  ops: num(values.ops, quick ? 300_000 : 1_000_000),
  zsetSize: num(values.zset, quick ? 100_000 : 1_000_000),
  listSizes: values.lists ? values.lists.split(',').map(Number) : quick ? [10, 1_000, 100_000] : [10, 1_000, 100_000, 1_000_000, 10_000_000],
};

const section = async (name: string, title: string, fn: () => void | Promise<void>) => {
  if (!sections.has(name)) return;
  console.log(`\n== ${title}`);
  const t0 = Date.now();
  try {
    await fn();
  } catch (e) {
    console.log(`failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  console.log(`(${((Date.now() - t0) / 1000).toFixed(1)} s)`);
};

console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
await section('engine', 'Engine: commands per second in process', () => benchSetGet(engineOpts));
await section('zset', 'Engine: a big sorted set', () => benchZset(engineOpts));
await section('list', 'Engine: LPUSH/LPOP at growing list lengths', () => benchList(engineOpts));
await section('heap', 'Engine: heap bytes per small string key', () => {
  const keys = num(values.keys, quick ? 200_000 : 1_000_000);
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/heap.ts', String(keys)], { cwd: ROOT, encoding: 'utf8' });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    const m = JSON.parse(line) as { keys: number; bytesPerKey: number; bytesPerKeyPopulate: number; heapUsed: number };
    console.log(`${m.keys.toLocaleString('en-US')} keys (SET key:N vN): ${m.bytesPerKey.toFixed(0)} heap bytes per key, heap ${(m.heapUsed / 1024 / 1024).toFixed(0)} MiB`);
    console.log(`${m.keys.toLocaleString('en-US')} keys (DEBUG POPULATE): ${m.bytesPerKeyPopulate.toFixed(0)} heap bytes per key`);
    console.log("(redis-server's used_memory growth per key after DEBUG POPULATE is printed by the populate section)");
  } catch {
    console.log(`heap measurement failed: ${r.stdout}${r.stderr}`);
  }
});
await section('populate', 'DEBUG POPULATE: engine server vs redis-server', () =>
  benchPopulate({ keys: num(values.keys, quick ? 200_000 : 1_000_000), rounds: quick ? 1 : 2 }),
);
const network = {
  requests: num(values.requests, quick ? 20_000 : 300_000),
  pipeline: 16,
  tests: values.tests ?? 'set,get,incr,lpush,lpop,sadd,zadd,lrange_100',
  rounds: num(values.rounds, quick ? 1 : 3),
};
await section('network', 'RESP server vs redis-server (redis-benchmark)', async () => {
  await benchNetwork(network);
  // The default run repeats one key per test; -r spreads them over a million.
  console.log('');
  await benchNetwork({ ...network, random: 1_000_000 });
});
await section('scripting', "Scripting: EVAL \"return redis.call('INCR', KEYS[1])\" 1 k", () =>
  benchScripting({ ops: quick ? 20_000 : 100_000, requests: num(values.requests, quick ? 20_000 : 100_000) }),
);
await section('soak', 'RESP server soak vs redis-server (heavy load, a never-reading client, a reply burst, a PING probe)', () => benchSoak(quick));
await section('bundle', 'Bundle budget (gzipped JS before the terminal accepts input)', async () => {
  if (values['no-build']) return benchBundle({ build: false, outDir: join(ROOT, 'dist') });
  const out = mkdtempSync(join(tmpdir(), 'bench-dist-'));
  try {
    await benchBundle({ build: true, outDir: out });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
// Not in the default list: about 3 minutes (it pauses between phases for the LRU clock's seconds).
await section('eviction', 'Eviction: hot-set retention per maxmemory-policy, redis-server vs engine server', () =>
  benchEviction({ policies: quick ? ['allkeys-lru', 'allkeys-lfu'] : POLICIES, waves: 4, cold: quick ? 10_000 : 30_000, hot: 1000, mb: quick ? 2 : 4 }),
);
// Needs a build in dist/ (npx vite build); not in the default list because it takes a browser.
await section('first-reply', 'Time to first reply: 4x CPU throttling, slow network (Chromium)', async () => {
  const preview = await startPreview(ROOT, '4177');
  try {
    await benchFirstReply(preview.url, quick ? 1 : 3);
  } finally {
    preview.proc.kill();
  }
});
