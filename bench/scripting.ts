/**
 * Scripting speed: `EVAL "return redis.call('INCR', KEYS[1])" 1 k` per
 * second in process (the engine with the Lua VM) and through
 * redis-benchmark against the engine's RESP server and redis-server.
 */
import { spawnSync } from 'node:child_process';
import { Engine } from '../src/engine';
import { loadLua } from '../src/engine/core/scripting';
import { startRedis } from '../test/support/redis';
import { startEngineServer } from './network';
import { fmtRate, rate, table } from './util';

const SCRIPT = "return redis.call('INCR', KEYS[1])";

function benchmark(port: number, requests: number, pipeline: number): number | undefined {
  const r = spawnSync('redis-benchmark', ['-h', '127.0.0.1', '-p', String(port), '-q', '-n', String(requests), '-P', String(pipeline), 'EVAL', SCRIPT, '1', 'k'], {
    encoding: 'utf8',
    timeout: 600_000,
  });
  const m = /([\d.]+) requests per second/.exec(`${r.stdout}`);
  return m ? Number(m[1]) : undefined;
}

export async function benchScripting(o: { ops: number; requests: number }): Promise<void> {
  await loadLua();
  const e = new Engine();
  const c = e.createClient();
  const argv = ['EVAL', SCRIPT, '1', 'k'];
  for (let i = 0; i < 2000; i++) e.exec(c, argv); // warm up
  const inProcess = rate(o.ops, () => e.exec(c, argv));
  console.log(`in process: ${fmtRate(inProcess)} (${o.ops.toLocaleString('en-US')} EVALs)`);
  if (spawnSync('redis-benchmark', ['--version']).status !== 0) {
    console.log('redis-benchmark is not installed: skipped');
    return;
  }
  const ours = await startEngineServer();
  const redis = await startRedis();
  try {
    const rows: (string | number)[][] = [['redis-benchmark EVAL INCR', 'engine server', 'redis-server', 'ratio']];
    for (const pipeline of [1, 16]) {
      benchmark(ours.port, Math.min(o.requests, 5000), pipeline);
      const m = benchmark(ours.port, o.requests, pipeline);
      const r = benchmark(redis.port, o.requests, pipeline);
      rows.push([`-P ${pipeline} -n ${o.requests}`, m ? `${Math.round(m).toLocaleString('en-US')}/s` : 'failed', r ? `${Math.round(r).toLocaleString('en-US')}/s` : 'failed', m && r ? `${((100 * m) / r).toFixed(0)}%` : '-']);
    }
    console.log(table(rows));
  } finally {
    await ours.stop();
    await redis.stop();
  }
}
