/**
 * DEBUG POPULATE on the engine's RESP server and on a real redis-server, in
 * the same run: the time of the command as a client sees it, and how much
 * redis-server's used_memory grows per key (the figure the engine's heap per
 * key is read against).
 */
import { RespClient, startRedis } from '../test/support/redis';
import { startEngineServer } from './network';
import { table } from './util';

interface Populated {
  ms: number;
  usedPerKey: number;
}

function usedMemory(info: string): number {
  const m = /used_memory:(\d+)/.exec(info);
  return m === null ? NaN : Number(m[1]);
}

/** FLUSHALL, then DEBUG POPULATE `keys`, timed; `rounds` times, the fastest kept. */
async function populate(port: number, keys: number, rounds: number): Promise<Populated> {
  const c = await RespClient.connect(port);
  try {
    let best: Populated | undefined;
    for (let i = 0; i < rounds; i++) {
      await c.call(['FLUSHALL']);
      const info0 = await c.call(['INFO', 'memory']);
      const t0 = process.hrtime.bigint();
      const r = await c.call(['DEBUG', 'POPULATE', String(keys)]);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (r.t !== 'simple') throw new Error(`DEBUG POPULATE replied ${JSON.stringify(r)}`);
      const info1 = await c.call(['INFO', 'memory']);
      const text = (x: typeof info0) => (x.t === 'bulk' || x.t === 'verbatim' ? x.v : '');
      const usedPerKey = (usedMemory(text(info1)) - usedMemory(text(info0))) / keys;
      if (best === undefined || ms < best.ms) best = { ms, usedPerKey };
    }
    await c.call(['FLUSHALL']);
    return best!;
  } finally {
    c.close();
  }
}

export async function benchPopulate(o: { keys: number; rounds: number }): Promise<void> {
  const ours = await startEngineServer();
  let redis: Awaited<ReturnType<typeof startRedis>> | undefined;
  try {
    redis = await startRedis(['--enable-debug-command', 'yes']);
    const mine = await populate(ours.port, o.keys, o.rounds);
    const theirs = await populate(redis.port, o.keys, o.rounds);
    const n = o.keys.toLocaleString('en-US');
    console.log(
      table([
        [`DEBUG POPULATE ${n} (best of ${o.rounds})`, 'engine server', 'redis-server', 'ratio'],
        ['time', `${(mine.ms / 1000).toFixed(2)} s`, `${(theirs.ms / 1000).toFixed(2)} s`, `${(mine.ms / theirs.ms).toFixed(1)}x`],
        ['used_memory growth per key', `${mine.usedPerKey.toFixed(0)} B (Redis's sizes, estimated)`, `${theirs.usedPerKey.toFixed(0)} B`, '-'],
      ]),
    );
  } finally {
    await ours.stop();
    await redis?.stop();
  }
}
