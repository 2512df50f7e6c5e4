/**
 * Bundle budget: the gzipped JavaScript a visitor downloads before the
 * terminal accepts input: the entry chunk and everything it imports statically
 * (recursively, plus modulepreload links). The engine's worker chunk loads in
 * parallel and is reported beside it.
 * Lazy chunks (dynamic import()) are not counted, except those the entry
 * itself imports as it starts (the page's chunk: the entry is kept small so
 * the engine's worker starts loading first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { fmtBytes, table } from './util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BUDGET_BYTES = 185 * 1024;

export interface BundleOptions {
  /** Build first (vite build into outDir). */
  build: boolean;
  outDir: string;
}

const STATIC_IMPORT = /(?:^|[;\n}])\s*(?:import|export)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+\.js)["']/g;
const WORKER_URL = /new\s+Worker\s*\(\s*new\s+URL\s*\(\s*["'`]([^"'`]+\.js)["'`]/g;
const ASSET_JS = /["'`]((?:\.{0,2}\/)?(?:[\w-]+\/)*[\w.-]+\.js)["'`]/g;
/** The entry's own dynamic imports (it loads the page's chunk at once), with their preloaded dependencies. */
const ENTRY_DYNAMIC = /import\(\s*["']([^"']+\.js)["']\s*\)/g;
const PRELOAD_LIST = /m\.f\s*=\s*\[([^\]]*)\]/g;

export async function benchBundle(o: BundleOptions): Promise<void> {
  const dist = o.outDir;
  if (o.build) {
    const t0 = Date.now();
    const r = spawnSync(join(ROOT, 'node_modules/.bin/vite'), ['build', '--outDir', dist, '--emptyOutDir', '--logLevel', 'warn'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (r.status !== 0) {
      console.log(`vite build failed:\n${r.stdout}${r.stderr}`);
      return;
    }
    console.log(`vite build: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  const html = join(dist, 'index.html');
  if (!existsSync(html)) {
    console.log(`no ${html}: run vite build first (or drop --no-build)`);
    return;
  }
  const page = readFileSync(html, 'utf8');
  const resolve = (from: string, spec: string) => normalize(spec.startsWith('/') ? join(dist, spec) : join(dirname(from), spec));
  const queue: string[] = [];
  for (const m of page.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)) queue.push(resolve(html, m[1]!));
  for (const m of page.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) queue.push(resolve(html, m[1]!));
  const loaded = new Map<string, string>(); // file -> why
  const why = new Map<string, string>();
  queue.forEach((f, i) => why.set(f, i === 0 ? 'entry' : 'modulepreload'));
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (loaded.has(file) || !existsSync(file)) continue;
    loaded.set(file, why.get(file) ?? '');
    const code = readFileSync(file, 'utf8');
    if (loaded.get(file) === 'entry') {
      // The entry is small and imports the page at once: that chunk and its dependencies count.
      const deps = [...code.matchAll(ENTRY_DYNAMIC)].map((m) => m[1]!);
      for (const l of code.matchAll(PRELOAD_LIST)) for (const d of l[1]!.matchAll(/["']([^"']+\.js)["']/g)) deps.push(d[1]!);
      for (const d of deps) {
        const dep = resolve(file, d);
        if (!why.has(dep)) why.set(dep, 'loaded by the entry');
        queue.push(dep);
      }
    }
    for (const m of code.matchAll(STATIC_IMPORT)) {
      const dep = resolve(file, m[1]!);
      if (!why.has(dep)) why.set(dep, 'static import');
      queue.push(dep);
    }
    // The worker: `new Worker(new URL("...", import.meta.url))`, or failing that any
    // referenced chunk whose name says worker.
    const workers = [...code.matchAll(WORKER_URL)].map((m) => m[1]!);
    if (workers.length === 0) for (const m of code.matchAll(ASSET_JS)) if (/worker/i.test(m[1]!)) workers.push(m[1]!);
    for (const w of workers) {
      const base = w.split('/').pop()!;
      const hit = readdirSync(join(dist, 'assets')).find((f) => f === base);
      if (!hit) continue;
      const dep = join(dist, 'assets', hit);
      if (!why.has(dep)) why.set(dep, 'worker');
      queue.push(dep);
    }
  }
  // The terminal shows its prompt and takes input before the engine's worker has
  // loaded (commands wait for it), so the budget counts the page's own chunks; the
  // worker, downloaded in parallel, is reported beside it.
  let total = 0;
  let raw = 0;
  let workerGz = 0;
  let workerRaw = 0;
  const rows: (string | number)[][] = [['file', 'loaded as', 'raw', 'gzip']];
  for (const [file, reason] of loaded) {
    const bytes = readFileSync(file);
    const gz = gzipSync(bytes, { level: 9 }).length;
    if (reason === 'worker') {
      workerGz += gz;
      workerRaw += bytes.length;
    } else {
      total += gz;
      raw += bytes.length;
    }
    rows.push([relative(dist, file), reason, fmtBytes(bytes.length), fmtBytes(gz)]);
  }
  rows.push(['total before the terminal accepts input', '', fmtBytes(raw), fmtBytes(total)]);
  rows.push(['with the engine worker (before the first reply)', '', fmtBytes(raw + workerRaw), fmtBytes(total + workerGz)]);
  console.log(table(rows));
  const pct = ((100 * total) / BUDGET_BYTES).toFixed(0);
  console.log(`budget: ${fmtBytes(total)} of ${fmtBytes(BUDGET_BYTES)} gzipped (${pct}%) ${total <= BUDGET_BYTES ? 'within budget' : 'OVER BUDGET'}`);
  console.log(`with the engine worker: ${fmtBytes(total + workerGz)} gzipped (${((100 * (total + workerGz)) / BUDGET_BYTES).toFixed(0)}% of the budget)`);
}
