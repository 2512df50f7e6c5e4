/**
 * redis-benchmark against the engine's RESP server and against a real
 * redis-server, in the same run, with the ratio.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort, startRedis } from '../test/support/redis';
import { table } from './util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface NetworkBenchOptions {
  requests: number;
  pipeline: number;
  tests: string;
}

function redisBenchmark(port: number, o: NetworkBenchOptions): Map<string, number> {
  const r = spawnSync('redis-benchmark', ['-h', '127.0.0.1', '-p', String(port), '-P', String(o.pipeline), '-q', '-t', o.tests, '-n', String(o.requests)], {
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (r.error) throw r.error;
  const out = new Map<string, number>();
  for (const line of `${r.stdout}`.split(/[\r\n]+/)) {
    const m = /^([A-Z][\w ()]*?): ([\d.]+) requests per second/.exec(line.trim());
    if (m) out.set(m[1]!, Number(m[2]));
  }
  return out;
}

/** Starts `server/resp-server.ts` in its own process, as `npm run server` does. */
async function startEngineServer(): Promise<{ port: number; stop: () => Promise<void> }> {
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
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function benchNetwork(o: NetworkBenchOptions): Promise<void> {
  if (spawnSync('redis-benchmark', ['--version']).status !== 0) {
    console.log('redis-benchmark is not installed: skipped');
    return;
  }
  const ours = await startEngineServer();
  let mine: Map<string, number>;
  try {
    mine = redisBenchmark(ours.port, o);
  } finally {
    await ours.stop();
  }
  const redis = await startRedis();
  let theirs: Map<string, number>;
  try {
    theirs = redisBenchmark(redis.port, o);
  } finally {
    await redis.stop();
  }
  const rows: (string | number)[][] = [[`redis-benchmark -P ${o.pipeline} -n ${o.requests}`, 'engine server', 'redis-server', 'ratio']];
  for (const [name, r] of theirs) {
    const m = mine.get(name);
    rows.push([name, m ? `${Math.round(m).toLocaleString('en-US')}/s` : 'failed', `${Math.round(r).toLocaleString('en-US')}/s`, m ? `${((100 * m) / r).toFixed(0)}%` : '-']);
  }
  console.log(table(rows));
}
