/**
 * redis-benchmark against the engine's RESP server and against a real
 * redis-server, in the same run, with the ratio; on Linux also each
 * server's CPU time per request (from /proc), which a loaded machine
 * disturbs far less than requests per second.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort, startRedis } from '../test/support/redis';
import { table } from './util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface NetworkBenchOptions {
  requests: number;
  pipeline: number;
  tests: string;
  /** redis-benchmark's -r: random keys (and ZADD scores) out of this many, instead of one key per test. */
  random?: number;
}

/** A process's CPU time (user + system) in seconds, or undefined where /proc is not there. */
function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/** redis-server's process id (INFO's process_id). */
function redisPid(port: number): number | undefined {
  const r = spawnSync('redis-cli', ['-p', String(port), 'INFO', 'server'], { encoding: 'utf8' });
  const m = /process_id:(\d+)/.exec(r.stdout ?? '');
  return m ? Number(m[1]) : undefined;
}

/** One test on one server: requests per second, and CPU seconds per request when known (list fills included). */
function measured(port: number, pid: number | undefined, o: NetworkBenchOptions, test: string): Map<string, { rps: number; cpu?: number }> {
  const before = cpuSeconds(pid);
  const rates = redisBenchmark(port, o, test);
  const after = cpuSeconds(pid);
  const out = new Map<string, { rps: number; cpu?: number }>();
  for (const [name, rps] of rates) {
    // Several lines (LPUSH and the LRANGEs of `-t lrange`) share one CPU reading: only a single line gets it.
    const cpu = before !== undefined && after !== undefined && rates.size === 1 ? (after - before) / o.requests : undefined;
    out.set(name, cpu === undefined ? { rps } : { rps, cpu });
  }
  return out;
}

function redisBenchmark(port: number, o: NetworkBenchOptions, tests = o.tests, requests = o.requests): Map<string, number> {
  const random = o.random === undefined ? [] : ['-r', String(o.random)];
  const r = spawnSync('redis-benchmark', ['-h', '127.0.0.1', '-p', String(port), '-P', String(o.pipeline), ...random, '-q', '-t', tests, '-n', String(requests)], {
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (r.error) throw r.error;
  const out = new Map<string, number>();
  for (const line of `${r.stdout}`.split(/[\r\n]+/)) {
    const m = /^([A-Z][\w ()]*?): ([\d.]+) requests per second/.exec(line.trim());
    // `-t lrange_100` fills its list with LPUSH first and reports that too.
    if (m && !m[1]!.includes('needed')) out.set(m[1]!, Number(m[2]));
  }
  return out;
}

function median(xs: readonly number[]): number {
  const a = [...xs].sort((x, y) => x - y);
  const mid = a.length >> 1;
  return a.length % 2 === 1 ? a[mid]! : (a[mid - 1]! + a[mid]!) / 2;
}

/** Starts `server/resp-server.ts` in its own process, as `npm run server` does. */
export async function startEngineServer(): Promise<{ port: number; pid: number | undefined; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/resp-server.ts', '--port', String(port)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let buf = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      buf += d;
      if (buf.includes('ready on')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`engine server exited with ${code}`)));
  });
  return {
    port,
    pid: child.pid,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Both servers run side by side. Each gets one short warm-up pass first (the
 * engine's JIT compiles its hot paths; redis-server needs none), then every
 * command is measured on the engine and at once on redis-server, `rounds`
 * times, so both see the same load on a shared machine; medians are printed.
 */
export async function benchNetwork(o: NetworkBenchOptions & { rounds?: number }): Promise<void> {
  if (spawnSync('redis-benchmark', ['--version']).status !== 0) {
    console.log('redis-benchmark is not installed: skipped');
    return;
  }
  const rounds = o.rounds ?? 3;
  const ours = await startEngineServer();
  let redis: Awaited<ReturnType<typeof startRedis>> | undefined;
  const mine = new Map<string, number[]>();
  const theirs = new Map<string, number[]>();
  const mineCpu = new Map<string, number[]>();
  const theirsCpu = new Map<string, number[]>();
  const add = (into: Map<string, number[]>, cpuInto: Map<string, number[]>, from: Map<string, { rps: number; cpu?: number }>) => {
    for (const [name, r] of from) {
      into.set(name, [...(into.get(name) ?? []), r.rps]);
      if (r.cpu !== undefined) cpuInto.set(name, [...(cpuInto.get(name) ?? []), r.cpu]);
    }
  };
  try {
    redis = await startRedis();
    const theirPid = redisPid(redis.port);
    const warm = Math.min(o.requests, 20_000);
    redisBenchmark(ours.port, o, o.tests, warm);
    redisBenchmark(redis.port, o, o.tests, warm);
    for (let round = 0; round < rounds; round++) {
      for (const test of o.tests.split(',')) {
        add(mine, mineCpu, measured(ours.port, ours.pid, o, test));
        add(theirs, theirsCpu, measured(redis.port, theirPid, o, test));
      }
    }
  } finally {
    await ours.stop();
    await redis?.stop();
  }
  const flags = `-P ${o.pipeline}${o.random === undefined ? '' : ` -r ${o.random}`} -n ${o.requests}`;
  const rows: (string | number)[][] = [
    [`redis-benchmark ${flags} (median of ${rounds})`, 'engine server', 'redis-server', 'ratio', 'CPU µs/request: engine', 'redis', 'ratio'],
  ];
  for (const [name, rs] of theirs) {
    const r = median(rs);
    const ms = mine.get(name);
    const m = ms === undefined ? undefined : median(ms);
    const mc = mineCpu.get(name);
    const tc = theirsCpu.get(name);
    const cpu =
      mc === undefined || tc === undefined
        ? ['-', '-', '-']
        : [(median(mc) * 1e6).toFixed(2), (median(tc) * 1e6).toFixed(2), `${((100 * median(tc)) / median(mc)).toFixed(0)}%`];
    rows.push([name, m ? `${Math.round(m).toLocaleString('en-US')}/s` : 'failed', `${Math.round(r).toLocaleString('en-US')}/s`, m ? `${((100 * m) / r).toFixed(0)}%` : '-', ...cpu]);
  }
  console.log(table(rows));
}
