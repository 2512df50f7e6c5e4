/**
 * Heap bytes per key for N small string keys, written two ways: N SET
 * commands (`SET key:i v<i%1000>`), and one DEBUG POPULATE N (`key:i` ->
 * `value:i`, what redis-server's used_memory growth is measured with).
 * Run with --expose-gc:
 *   node --expose-gc --import tsx bench/heap.ts [N]
 */
import { Engine } from '../src/engine';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error('run with node --expose-gc');
  process.exit(2);
}
const n = Number(process.argv[2] ?? 1_000_000);
const settle = () => {
  for (let i = 0; i < 4; i++) gc();
  return process.memoryUsage().heapUsed;
};
const engine = new Engine();
const c = engine.createClient();
engine.exec(c, ['SET', 'warm', 'up']);

let before = settle();
engine.exec(c, ['DEBUG', 'POPULATE', String(n)]);
const populated = settle();
const bytesPerKeyPopulate = (populated - before) / n;
engine.exec(c, ['FLUSHALL']);
engine.exec(c, ['SET', 'warm', 'up']);

before = settle();
for (let i = 0; i < n; i++) engine.exec(c, ['SET', `key:${i}`, `v${i % 1000}`]);
const after = settle();
const dbsize = engine.exec(c, ['DBSIZE']);
console.log(
  JSON.stringify({
    keys: n,
    dbsize: dbsize && dbsize.t === 'int' ? Number(dbsize.v) : -1,
    bytesPerKey: (after - before) / n,
    bytesPerKeyPopulate,
    heapUsed: after,
  }),
);
