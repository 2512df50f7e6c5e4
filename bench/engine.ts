/**
 * In-process engine benchmarks: command throughput through Engine.exec (the
 * full path: lookup, arity, handler, reply), sorted set and list scaling.
 */
import { Engine } from '../src/engine';
import { fmtNs, fmtRate, rate, table, timeMs, wire } from './util';

export interface EngineBenchOptions {
  /** SET/GET operations. */
  ops: number;
  /** Members in the big sorted set. */
  zsetSize: number;
  /** List sizes for the LPUSH/LPOP scaling run. */
  listSizes: number[];
}

export function benchSetGet(opts: EngineBenchOptions): void {
  const engine = new Engine();
  const c = engine.createClient();
  const keys = 100_000;
  const setArgv = Array.from({ length: keys }, (_, i) => ['SET', `key:${i}`, `value:${i}`]);
  const getArgv = Array.from({ length: keys }, (_, i) => ['GET', `key:${i}`]);
  // Warm up the JIT on a smaller run first.
  rate(200_000, (i) => engine.exec(c, setArgv[i % keys]!));
  rate(200_000, (i) => engine.exec(c, getArgv[i % keys]!));
  const set = rate(opts.ops, (i) => engine.exec(c, setArgv[i % keys]!));
  const get = rate(opts.ops, (i) => engine.exec(c, getArgv[i % keys]!));
  const incr = rate(opts.ops, (i) => engine.exec(c, ['INCR', `n:${i & 1023}`]));
  // What timing every command costs (latency-tracking, LATENCY HISTOGRAM): GET with it off and on,
  // in alternating rounds so both see the same machine; the medians compared.
  const off: number[] = [];
  const on: number[] = [];
  for (let round = 0; round < 7; round++) {
    for (const [setting, out] of [['no', off], ['yes', on]] as const) {
      engine.exec(c, ['CONFIG', 'SET', 'latency-tracking', setting]);
      out.push(rate(Math.ceil(opts.ops / 5), (i) => engine.exec(c, getArgv[i % keys]!)));
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  const [getOff, getOn] = [median(off), median(on)];
  console.log(
    table([
      ['in-process (Engine.exec)', 'rate', 'target'],
      ['SET', fmtRate(set), '≥ 1,000,000 ops/s'],
      ['GET', fmtRate(get), '≥ 1,000,000 ops/s'],
      ['INCR', fmtRate(incr), ''],
      ['GET, latency-tracking no', fmtRate(getOff), ''],
      ['GET, latency-tracking yes', fmtRate(getOn), `+${Math.round(1e9 / getOn - 1e9 / getOff)} ns per command`],
    ]),
  );
}

export function benchZset(opts: EngineBenchOptions): void {
  const engine = new Engine();
  if (!engine.commands.has('zadd') || !engine.commands.has('zrank')) {
    console.log('sorted sets: ZADD/ZRANK not in the engine yet, skipped');
    return;
  }
  const c = engine.createClient();
  const n = opts.zsetSize;
  // Scores in random order so inserts land all over the index. Commands are
  // built before the clock starts, as in the SET/GET rows, in chunks (a
  // million argument arrays at once would weigh on the collector), from
  // strings like those the server decodes.
  const chunk = 100_000;
  let zaddNs = 0;
  for (let from = 0; from < n; from += chunk) {
    const argv = Array.from({ length: Math.min(chunk, n - from) }, (_, k) => ['ZADD', 'z', String(((from + k) * 7919) % n), wire(`member:${from + k}`)]);
    zaddNs += timeMs(() => {
      for (const a of argv) engine.exec(c, a);
    }) * 1e6;
  }
  const zadd = n / (zaddNs / 1e9);
  const card = engine.exec(c, ['ZCARD', 'z']);
  // Reads: random members (a stride coprime with n), after a warm-up so the
  // numbers are the steady state rather than the JIT's first tiers; the
  // median of three runs, commands built beforehand as above.
  const probes = 200_000;
  const read = (cmd: string, runs = 3): number => {
    rate(20_000, (i) => engine.exec(c, [cmd, 'z', wire(`member:${(i * 104729 + 7) % n}`)]));
    const rs = Array.from({ length: runs }, (_, r) => {
      const argv = Array.from({ length: probes }, (_, i) => [cmd, 'z', wire(`member:${((i + r * probes) * 104729) % n}`)]);
      return rate(probes, (i) => engine.exec(c, argv[i]!));
    });
    return rs.sort((a, b) => a - b)[runs >> 1]!;
  };
  const zrank = read('ZRANK');
  const zscore = read('ZSCORE');
  rate(2_000, (i) => engine.exec(c, ['ZRANGE', 'z', String((i * 37) % n), String(((i * 37) % n) + 9)]));
  const zrange = rate(20_000, (i) => engine.exec(c, ['ZRANGE', 'z', String((i * 31) % n), String(((i * 31) % n) + 9)]));
  console.log(
    table([
      [`sorted set of ${n.toLocaleString('en-US')} members`, 'rate', 'target'],
      ['ZADD (building it)', fmtRate(zadd), '≥ 300,000 ops/s'],
      ['ZRANK', fmtRate(zrank), '≥ 500,000 ops/s'],
      ['ZSCORE', fmtRate(zscore), ''],
      ['ZRANGE start start+9', fmtRate(zrange), ''],
    ]) + `\n(ZCARD ${card && card.t === 'int' ? card.v : '?'})`,
  );
}

export function benchList(opts: EngineBenchOptions): void {
  const engine = new Engine();
  if (!engine.commands.has('lpush') || !engine.commands.has('lpop') || !engine.commands.has('rpush')) {
    console.log('lists: LPUSH/LPOP not in the engine yet, skipped');
    return;
  }
  const c = engine.createClient();
  const rows: (string | number)[][] = [['list length', 'build', 'LPUSH', 'LPOP', 'RPUSH+RPOP']];
  const chunk = Array.from({ length: 1000 }, (_, i) => `e${i}`);
  for (const size of opts.listSizes) {
    engine.exec(c, ['DEL', 'l']);
    const build = timeMs(() => {
      for (let have = 0; have < size; have += chunk.length) {
        const take = Math.min(chunk.length, size - have);
        engine.exec(c, ['RPUSH', 'l', ...(take === chunk.length ? chunk : chunk.slice(0, take))]);
      }
    });
    const ops = 200_000;
    // Push then pop so the length stays at `size`.
    const push = rate(ops, () => engine.exec(c, ['LPUSH', 'l', 'x']));
    const pop = rate(ops, () => engine.exec(c, ['LPOP', 'l']));
    const both = rate(ops, () => {
      engine.exec(c, ['RPUSH', 'l', 'y']);
      engine.exec(c, ['RPOP', 'l']);
    });
    rows.push([size.toLocaleString('en-US'), `${build.toFixed(0)} ms`, fmtNs(1e9 / push), fmtNs(1e9 / pop), fmtNs(1e9 / both)]);
  }
  console.log(table(rows));
  console.log('(per-operation times; flat across lengths means O(1) at both ends)');
}
