/**
 * `npm run fuzz -- --n 1000000 --seed S [--port P] [--batch 64] [--segment 300] [--no-minimize]`
 *
 * Starts a throwaway redis-server (unless --port names a running one), runs
 * the differential fuzzer and prints every distinct divergence with the
 * seed and a shrunk list of commands that reproduces it. Exits 1 when any
 * divergence was found.
 */
import { parseArgs } from 'node:util';
import { startRedis } from '../support/redis';
import { fuzz } from './fuzzer';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '100000' },
    seed: { type: 'string' },
    port: { type: 'string' },
    batch: { type: 'string', default: '64' },
    segment: { type: 'string', default: '300' },
    'max-distinct': { type: 'string', default: '20' },
    'no-minimize': { type: 'boolean', default: false },
  },
  strict: true,
});

const seed = values.seed ?? String(Date.now() % 1_000_000_000);
const server = values.port ? undefined : await startRedis();
const port = values.port ? Number(values.port) : server!.port;
// Never leave the throwaway redis-server behind (Ctrl-C, or output piped into `head`).
const bail = () => {
  void (server?.stop() ?? Promise.resolve()).then(() => process.exit(130));
};
process.once('SIGINT', bail);
process.once('SIGTERM', bail);
process.stdout.on('error', bail);
const started = Date.now();
console.log(`fuzzing ${values.n} commands, seed ${seed}, redis-server on port ${port}`);
try {
  const report = await fuzz({
    seed,
    n: Number(values.n),
    redisPort: port,
    batch: Number(values.batch),
    segment: Number(values.segment),
    maxDistinct: Number(values['max-distinct']),
    minimize: !values['no-minimize'],
    log: (line) => console.log(line),
  });
  const secs = (Date.now() - started) / 1000;
  console.log('');
  console.log(`${report.commands} commands in ${secs.toFixed(1)} s (${Math.round(report.commands / secs)}/s), seed ${seed}`);
  for (const [g, names] of report.groups) {
    console.log(`  ${g}: ${names.map((n) => `${n} ${report.perCommand.get(n) ?? 0}`).join(', ')}`);
  }
  if (report.unspecified > 0) console.log(`${report.unspecified} lex range commands on skiplist sets of mixed scores replaced (unspecified in Redis)`);
  console.log(`${report.divergences.length} distinct divergences${report.divergences.length ? ':' : ''}`);
  for (const d of report.divergences) console.log(`  x${d.count} ${d.kind} ${d.argv[0]}: ${d.detail}`);
  process.exitCode = report.divergences.length > 0 ? 1 : 0;
} finally {
  await server?.stop();
}
