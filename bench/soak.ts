/**
 * The server soak: everything that used to take `npm run server` down, at
 * once, against one server process:
 *
 * - `redis-benchmark -c <clients> -P 16` (heavy pipelined load),
 * - a client that pipelines LRANGE on a 10,000-element list and never reads,
 * - a reply burst: `SETRANGE v <size-1> x` then six `GET v` in one write
 *   (six 100 MB replies in the long form, about 629 MB),
 * - a probe client sending PING one at a time, timing each answer.
 *
 * It reports whether the process lived, its peak RSS, the burst's bytes and
 * the probe's latency percentiles. It never asserts a timing: `npm run soak`
 * prints, test/server/soak.test.ts checks liveness and bounds on a short form.
 *
 *   npm run soak                        # long form, engine server and redis-server
 *   npm run soak -- --short             # the seconds-long form the tests run
 *   npm run soak -- --target engine     # one side only (engine | redis)
 *   npm run soak -- --requests 100000   # fewer redis-benchmark requests per test
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { freePort, RespClient, startRedis } from '../test/support/redis';
import { encodeCommand } from '../server/resp';
import { table } from './util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface SoakOptions {
  /** redis-benchmark connections and pipeline depth. */
  clients: number;
  pipeline: number;
  /** redis-benchmark requests per test (`-t set,get,lrange_100`). */
  requests: number;
  /** Size of the string the burst GETs, and how many GETs are in the write. */
  burstBytes: number;
  burstGets: number;
  /** How long the never-reading client keeps sending LRANGE. */
  neverReadMs: number;
}

export const LONG_SOAK: SoakOptions = {
  clients: 500,
  pipeline: 16,
  requests: 1_000_000,
  burstBytes: 100 * 1024 * 1024,
  burstGets: 6,
  neverReadMs: 15_000,
};

/** The same soak, smaller and shorter (for the test suite). */
export const SHORT_SOAK: SoakOptions = { ...LONG_SOAK, clients: 50, requests: 20_000, burstBytes: 8 * 1024 * 1024, neverReadMs: 2_000 };

export interface SoakResult {
  target: string;
  /** The server process still answered PING at the end. */
  alive: boolean;
  exitCode: number | null;
  rssStartMB: number;
  rssPeakMB: number;
  rssEndMB: number;
  burstExpected: number;
  burstReceived: number;
  burstMs: number;
  /** What happened to the never-reading client: 'open' or 'closed by server'. */
  neverReader: string;
  /** LRANGE requests it managed to send (bytes the server read from it). */
  neverReaderSent: number;
  probes: number;
  /** Probe latency percentiles in milliseconds. */
  p50: number;
  p99: number;
  max: number;
  /**
   * The server's main thread's CPU time while each PING waited, percentiles
   * in milliseconds (from /proc's schedstat; NaN where unavailable): what
   * the wait would be if the server had a core to itself, so it changes
   * little with the machine's load, unlike the wall-clock figures.
   */
  cpuP50: number;
  cpuP99: number;
  cpuMax: number;
  /** PINGs answered while redis-benchmark was still running. */
  probesDuringLoad: number;
  benchmarkMs: number;
  /** The machine's 1-minute load average when the run started and ended (other work skews every figure). */
  loadStart: number;
  loadEnd: number;
}

export interface SoakTarget {
  name: string;
  port: number;
  pid: number;
  /** Exit code once the process has exited (null while running). */
  exitCode: () => number | null;
  stop: () => Promise<void>;
}

/** Starts `server/resp-server.ts` as `npm run server` does, in its own process. */
export async function startEngineTarget(extraArgs: string[] = []): Promise<SoakTarget & { output: () => string }> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/resp-server.ts', '--port', String(port), ...extraArgs], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let code: number | null = null;
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = new Promise<void>((r) =>
    child.once('exit', (c, sig) => {
      code = c ?? (sig === null ? -1 : 128);
      r();
    }),
  );
  await new Promise<void>((resolve, reject) => {
    const t = setInterval(() => {
      if (out.includes('ready on')) {
        clearInterval(t);
        resolve();
      } else if (code !== null) {
        clearInterval(t);
        reject(new Error(`engine server exited with ${code}: ${out}`));
      }
    }, 20);
  });
  return {
    name: 'engine server',
    port,
    pid: child.pid!,
    exitCode: () => code,
    output: () => out,
    stop: async () => {
      if (code === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (code === null) child.kill('SIGKILL');
    },
  };
}

export async function startRedisTarget(extra: string[] = []): Promise<SoakTarget> {
  const r = await startRedis(extra);
  const c = await RespClient.connect(r.port);
  const info = await c.call(['INFO', 'server']);
  c.close();
  const pid = Number(/process_id:(\d+)/.exec(info.t === 'bulk' || info.t === 'verbatim' ? info.v : '')?.[1] ?? 0);
  let stopped = false;
  return {
    name: 'redis-server',
    port: r.port,
    pid,
    exitCode: () => (stopped ? 0 : alivePid(pid) ? null : -1),
    stop: async () => {
      stopped = true;
      await r.stop();
    },
  };
}

function alivePid(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resident set size in MB from /proc (0 when unavailable). */
export function rssMB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Sends `burstGets` GETs of a `burstBytes` string in one write; counts the bytes that come back. */
export async function replyBurst(port: number, burstBytes: number, gets: number): Promise<{ expected: number; received: number; ms: number }> {
  const setup = await RespClient.connect(port);
  await setup.call(['SETRANGE', '__soak_burst', String(burstBytes - 1), 'x']);
  setup.close();
  const one = `$${burstBytes}\r\n`.length + burstBytes + 2;
  const expected = one * gets;
  const t0 = performance.now();
  return new Promise((resolve) => {
    let received = 0;
    const sock = net.createConnection({ port, host: '127.0.0.1' }, () => {
      sock.write(Array.from({ length: gets }, () => encodeCommand(['GET', '__soak_burst'])).join(''), 'latin1');
    });
    const done = () => {
      sock.destroy();
      resolve({ expected, received, ms: performance.now() - t0 });
    };
    sock.on('data', (d: Buffer) => {
      received += d.length;
      if (received >= expected) done();
    });
    sock.on('error', done);
    sock.on('close', done);
  });
}

/**
 * A client that pipelines LRANGE over a 10,000-element list and never reads
 * a reply. It writes whenever its own socket accepts more, so the server
 * decides how much it takes.
 */
export function neverReadingClient(port: number): { sent: () => number; closed: () => boolean; stop: () => void } {
  const req = Buffer.from(encodeCommand(['LRANGE', '__soak_list', '0', '-1']).repeat(64), 'latin1');
  let sent = 0;
  let closed = false;
  let stopped = false;
  const sock = net.createConnection({ port, host: '127.0.0.1' });
  sock.pause(); // never reads
  const pump = () => {
    while (!stopped && !closed && sock.write(req)) sent += req.length;
    if (!stopped && !closed) sent += req.length;
  };
  sock.on('connect', pump);
  sock.on('drain', pump);
  sock.on('error', () => (closed = true));
  sock.on('close', () => (closed = true));
  return {
    sent: () => sent,
    closed: () => closed,
    stop: () => {
      stopped = true;
      sock.destroy();
    },
  };
}

/**
 * The PING probe, in a child process of its own: one PING at a time, 10 ms
 * apart, each answer's latency in milliseconds reported as it comes, with
 * the CPU time the server's main thread ran meanwhile (ms, -1 if unknown).
 */
const PROBE_SOURCE = `
const net = require('node:net');
const fs = require('node:fs');
const sock = net.createConnection({ port: Number(process.argv[1]), host: '127.0.0.1' });
const stat = '/proc/' + process.argv[2] + '/task/' + process.argv[2] + '/schedstat';
const cpu = () => { try { return Number(fs.readFileSync(stat, 'utf8').split(' ')[0]) / 1e6; } catch { return NaN; } };
let sent = 0, cpu0 = 0, buf = '';
const ping = () => { cpu0 = cpu(); sent = performance.now(); sock.write('*1\\r\\n$4\\r\\nPING\\r\\n'); };
sock.setNoDelay(true);
sock.setEncoding('latin1');
sock.on('connect', ping);
sock.on('data', (d) => {
  buf += d;
  while (buf.startsWith('+PONG\\r\\n')) {
    buf = buf.slice(7);
    const wall = performance.now() - sent, used = cpu() - cpu0;
    process.stdout.write(wall.toFixed(3) + ' ' + (Number.isFinite(used) ? used.toFixed(3) : -1) + '\\n');
    setTimeout(ping, 10);
  }
});
sock.on('error', () => process.exit(1));
sock.on('close', () => process.exit(0));
process.stdin.on('data', () => process.exit(0));
`;

function startProbe(port: number, pid: number, onLatency: (ms: number, cpuMs: number) => void): { stop: () => Promise<void> } {
  const child = spawn(process.execPath, ['-e', PROBE_SOURCE, String(port), String(pid)], { stdio: ['pipe', 'pipe', 'inherit'] });
  let rest = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    rest += d;
    const lines = rest.split('\n');
    rest = lines.pop()!;
    for (const l of lines) {
      const [wall, used] = l.split(' ').map(Number);
      onLatency(wall!, used!);
    }
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    stop: async () => {
      child.stdin!.end('stop\n');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      child.kill('SIGKILL');
    },
  };
}

/** Runs the soak against one server. */
export async function soak(target: SoakTarget, o: SoakOptions): Promise<SoakResult> {
  const prep = await RespClient.connect(target.port);
  await prep.call(['DEL', '__soak_list', '__soak_burst']);
  for (let i = 0; i < 10_000; i += 1000) {
    await prep.call(['RPUSH', '__soak_list', ...Array.from({ length: 1000 }, (_, j) => `element:${i + j}`)]);
  }
  prep.close();

  const loadStart = loadavg()[0]!;
  const rssStart = rssMB(target.pid);
  let rssPeak = rssStart;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMB(target.pid))), 100);

  // The probe: one PING at a time, on its own connection, from its own
  // process (so the bytes this process reads for the burst do not delay it).
  const latencies: number[] = [];
  const cpuWaits: number[] = [];
  let benchRunning = true;
  let probesDuringLoad = 0;
  const probe = startProbe(target.port, target.pid, (ms, cpuMs) => {
    latencies.push(ms);
    if (cpuMs >= 0) cpuWaits.push(cpuMs);
    if (benchRunning) probesDuringLoad++;
  });

  // The heavy load.
  const t0 = performance.now();
  const bench = spawn(
    'redis-benchmark',
    ['-h', '127.0.0.1', '-p', String(target.port), '-c', String(o.clients), '-P', String(o.pipeline), '-n', String(o.requests), '-t', 'set,get,lrange_100', '-q'],
    { stdio: 'ignore' },
  );
  const benchDone = new Promise<number>((r) => bench.once('exit', () => r(performance.now() - t0)));

  const reader = neverReadingClient(target.port);
  const readerStopped = new Promise<void>((r) => setTimeout(r, o.neverReadMs));

  await new Promise((r) => setTimeout(r, 300));
  const burst = await replyBurst(target.port, o.burstBytes, o.burstGets);

  await readerStopped;
  const neverReader = reader.closed() ? 'closed by server' : 'open';
  const neverReaderSent = reader.sent();
  reader.stop();
  const benchmarkMs = await benchDone;
  benchRunning = false;
  await probe.stop();
  clearInterval(sampler);

  let alive = false;
  if (target.exitCode() === null) {
    try {
      const c = await RespClient.connect(target.port);
      const r = await Promise.race([c.call(['PING']), new Promise<undefined>((res) => setTimeout(res, 10_000))]);
      alive = r !== undefined && r.t === 'simple' && r.v === 'PONG';
      c.close();
    } catch {
      alive = false;
    }
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const cpuSorted = [...cpuWaits].sort((a, b) => a - b);
  return {
    target: target.name,
    alive,
    exitCode: target.exitCode(),
    rssStartMB: rssStart,
    rssPeakMB: rssPeak,
    rssEndMB: rssMB(target.pid),
    burstExpected: burst.expected,
    burstReceived: burst.received,
    burstMs: burst.ms,
    neverReader,
    neverReaderSent,
    probes: latencies.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length > 0 ? sorted[sorted.length - 1]! : NaN,
    cpuP50: percentile(cpuSorted, 50),
    cpuP99: percentile(cpuSorted, 99),
    cpuMax: cpuSorted.length > 0 ? cpuSorted[cpuSorted.length - 1]! : NaN,
    probesDuringLoad,
    benchmarkMs,
    loadStart,
    loadEnd: loadavg()[0]!,
  };
}

export function redisBenchmarkAvailable(): boolean {
  return spawnSync('redis-benchmark', ['--version']).status === 0;
}

/** The figures of one or more soaks side by side. */
export function soakTable(results: readonly SoakResult[]): string[][] {
  const f = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '-');
  const rows: [string, (r: SoakResult) => string][] = [
    ['process alive after', (r) => (r.alive ? 'yes' : `NO (exit ${r.exitCode})`)],
    ['RSS start / peak / end (MB)', (r) => `${f(r.rssStartMB)} / ${f(r.rssPeakMB)} / ${f(r.rssEndMB)}`],
    ['reply burst bytes received', (r) => `${r.burstReceived.toLocaleString('en-US')} of ${r.burstExpected.toLocaleString('en-US')} in ${f(r.burstMs)} ms`],
    ['never-reading client', (r) => `${r.neverReader}, ${(r.neverReaderSent / 1e6).toFixed(1)} MB of LRANGE sent`],
    ['PING probe p50 / p99 / max (ms)', (r) => `${f(r.p50, 2)} / ${f(r.p99, 2)} / ${f(r.max, 1)}`],
    ['server CPU while a PING waited p50 / p99 / max (ms)', (r) => `${f(r.cpuP50, 2)} / ${f(r.cpuP99, 2)} / ${f(r.cpuMax, 1)}`],
    ['PINGs answered during the benchmark', (r) => `${r.probesDuringLoad} of ${r.probes}`],
    ['redis-benchmark run time (ms)', (r) => f(r.benchmarkMs)],
    [`machine load, 1 min (${cpus().length} CPUs) start / end`, (r) => `${f(r.loadStart, 2)} / ${f(r.loadEnd, 2)}`],
  ];
  return [['soak', ...results.map((r) => r.target)], ...rows.map(([name, get]) => [name, ...results.map(get)])];
}

/** Runs the soak on the engine server, then on redis-server, and prints both side by side. */
export async function benchSoak(short: boolean, targets = ['engine', 'redis'], requests?: number): Promise<void> {
  if (!redisBenchmarkAvailable()) {
    console.log('redis-benchmark is not installed: soak skipped');
    return;
  }
  const o = { ...(short ? SHORT_SOAK : LONG_SOAK), ...(requests !== undefined ? { requests } : {}) };
  console.log(
    `soak: redis-benchmark -c ${o.clients} -P ${o.pipeline} -n ${o.requests} -t set,get,lrange_100, a never-reading LRANGE client for ${o.neverReadMs / 1000} s, ` +
      `${o.burstGets} x GET of ${(o.burstBytes / 1024 / 1024).toFixed(0)} MB in one write, a PING probe (p99 goal: under 50 ms)`,
  );
  const results: SoakResult[] = [];
  for (const name of targets) {
    const target = name === 'redis' ? await startRedisTarget() : await startEngineTarget();
    try {
      results.push(await soak(target, o));
    } finally {
      await target.stop();
    }
  }
  console.log(table(soakTable(results)));
}

async function main(): Promise<void> {
  const { parseArgs } = await import('node:util');
  const { values } = parseArgs({
    options: { short: { type: 'boolean', default: false }, target: { type: 'string', default: 'engine,redis' }, requests: { type: 'string' } },
    strict: true,
  });
  await benchSoak(values.short, values.target.split(','), values.requests !== undefined ? Number(values.requests) : undefined);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await main();
