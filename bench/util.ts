/** Small helpers shared by the benchmarks: they print numbers, never assert. */
import { spawn, type ChildProcess } from 'node:child_process';

export function fmtRate(opsPerSec: number): string {
  return `${Math.round(opsPerSec).toLocaleString('en-US')} ops/s`;
}

export function fmtNs(ns: number): string {
  return ns >= 1000 ? `${(ns / 1000).toFixed(2)} µs` : `${ns.toFixed(0)} ns`;
}

export function fmtBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

/**
 * A string as the RESP server hands it to the engine: decoded from bytes
 * with latin1, so flat. (A template literal of 13+ characters is a rope in
 * V8, which every later comparison would have to follow.)
 */
export function wire(s: string): string {
  return Buffer.from(s, 'latin1').toString('latin1');
}

/** Runs fn() `ops` times in a tight loop and returns ops per second. */
export function rate(ops: number, fn: (i: number) => void): number {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) fn(i);
  const ns = Number(process.hrtime.bigint() - t0);
  return ops / (ns / 1e9);
}

export function timeMs(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export function table(rows: (string | number)[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  return rows.map((r) => r.map((x, c) => (c === 0 ? String(x).padEnd(widths[c]!) : String(x).padStart(widths[c]!))).join('  ')).join('\n');
}

/** The p-th percentile (0..100) of some samples. */
export function pct(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/** Serves the built dist/ with `vite preview` on a port and waits until it answers. */
export async function startPreview(root: string, port: string): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn('npx', ['vite', 'preview', '--port', port, '--strictPort'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return { url, proc };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  proc.kill();
  throw new Error('vite preview did not start (run `npx vite build` first)');
}
