/**
 * The visualizer at a million elements, in Chromium: how long after a
 * command's change event reaches the page the views have committed the new
 * windows (and the next frame after that). Prints p50/p95; never asserts.
 *
 *   npx vite build && npx tsx bench/visualizer.ts
 *   npx tsx bench/visualizer.ts --url http://127.0.0.1:4174/   # an already running preview
 *   npx tsx bench/visualizer.ts --size 200000 --runs 20        # smaller, quicker
 *
 * The big structures are built inside the engine's worker (MSET / RPUSH /
 * ZADD in batches of 100,000, as the terminal's client); the page only ever
 * asks for windows. Each measured command is typed into the terminal like a
 * learner would. Marks come from the app (User Timing): `viz:event` when the
 * change event arrives, `viz:tree-commit` and `viz:value-commit` when React
 * committed the windows it caused.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Page } from '@playwright/test';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    port: { type: 'string', default: '4175' },
    size: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '40' },
    headed: { type: 'boolean', default: false },
  },
  strict: true,
});
const SIZE = Number(values.size);
const RUNS = Number(values.runs);
const BATCH = 100_000;

async function startPreview(port: string): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn('npx', ['vite', 'preview', '--port', port, '--strictPort'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
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

/** Runs argv in the engine's worker as client 1 (the terminal's connection). */
async function workerExec(page: Page, argv: string[]): Promise<void> {
  const worker = page.workers()[0];
  if (!worker) throw new Error('no engine worker');
  await worker.evaluate((a) => {
    const g = self as unknown as { onmessage: (ev: { data: unknown }) => void };
    g.onmessage({ data: { id: 2 ** 30, kind: 'exec', req: { client: 1, argv: a } } });
  }, argv);
}

async function build(page: Page, make: (from: number, to: number) => string[]): Promise<void> {
  for (let from = 0; from < SIZE; from += BATCH) await workerExec(page, make(from, Math.min(SIZE, from + BATCH)));
}

async function typeLine(page: Page, line: string): Promise<void> {
  await page.locator('[data-testid="terminal"] .xterm-helper-textarea').first().focus();
  await page.keyboard.insertText(line);
  await page.keyboard.press('Enter');
}

interface Sample {
  commit: number;
  frame: number;
}

/**
 * Types `line`, then waits until the views committed what the event caused
 * (`expect`: which commits) and one more animation frame.
 */
async function measure(page: Page, line: string, expect: ('tree' | 'value')[]): Promise<Sample> {
  await page.evaluate(() => {
    performance.clearMarks('viz:event');
    performance.clearMarks('viz:tree-commit');
    performance.clearMarks('viz:value-commit');
  });
  await typeLine(page, line);
  // A string, not a function: tsx would wrap named helpers in __name(), unknown in the page.
  return page.evaluate(`(async (want) => {
    const deadline = performance.now() + 5000;
    for (;;) {
      const ev = performance.getEntriesByName('viz:event', 'mark').at(-1)?.startTime;
      const commits = want.map((w) => performance.getEntriesByName('viz:' + w + '-commit', 'mark').at(-1)?.startTime);
      if (ev !== undefined && commits.every((c) => c !== undefined && c >= ev)) {
        const commit = Math.max(...commits);
        const frame = await new Promise((r) => requestAnimationFrame(() => r(performance.now())));
        return { commit: commit - ev, frame: frame - ev };
      }
      if (performance.now() > deadline) throw new Error("no commit for " + JSON.stringify(want) + " " + JSON.stringify(performance.getEntriesByType("mark").map((m) => m.name + "@" + m.startTime.toFixed(1))) + " now " + performance.now().toFixed(1));
      await new Promise((r) => setTimeout(r, 1));
    }
  })(${JSON.stringify(expect)})`) as Promise<Sample>;
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function scenario(page: Page, name: string, lines: (i: number) => string, expect: ('tree' | 'value')[]): Promise<string[]> {
  const out: Sample[] = [];
  for (let i = 0; i < RUNS + 5; i++) {
    const s = await measure(page, lines(i), expect);
    if (i >= 5) out.push(s); // warm-up
    await page.waitForTimeout(60); // let animations start, like a person typing
  }
  const c = out.map((s) => s.commit);
  const f = out.map((s) => s.frame);
  return [name, pct(c, 50).toFixed(1), pct(c, 95).toFixed(1), pct(f, 50).toFixed(1), pct(f, 95).toFixed(1)];
}

async function main(): Promise<void> {
  const server = values.url ? undefined : await startPreview(values.port!);
  const url = values.url ?? server!.url;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: !values.headed,
    args: ['--no-sandbox', '--disable-background-timer-throttling', '--disable-renderer-backgrounding'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(url);
    await page.locator('[data-testid="terminal"] .xterm-rows').first().getByText('127.0.0.1:6379>').first().waitFor();
    await typeLine(page, 'FLUSHALL');
    const n = SIZE.toLocaleString('en-US');
    const rows: string[][] = [];
    const t0 = performance.now();

    await build(page, (a, b) => {
      const argv = ['MSET'];
      for (let i = a; i < b; i++) argv.push(`key:${i}`, `value:${i}`);
      return argv;
    });
    await page.getByTestId('key-count').getByText(`${n} keys`).waitFor({ timeout: 120_000 });
    console.log(`built ${n} keys in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    rows.push(await scenario(page, `SET existing key (${n} keys)`, (i) => `SET key:${(i * 7919) % SIZE} v${i}`, ['tree', 'value']));
    rows.push(await scenario(page, `SET new key (${n} keys)`, (i) => `SET new:${i} x`, ['tree', 'value']));
    rows.push(await scenario(page, `GET (read highlight, ${n} keys)`, (i) => `GET key:${(i * 104729) % SIZE}`, ['value']));

    await build(page, (a, b) => {
      const argv = ['RPUSH', 'biglist'];
      for (let i = a; i < b; i++) argv.push(`e${i}`);
      return argv;
    });
    await typeLine(page, 'LLEN biglist');
    rows.push(await scenario(page, `LPUSH (list of ${n})`, (i) => `LPUSH biglist x${i}`, ['tree', 'value']));
    rows.push(await scenario(page, `RPOP (list of ${n})`, () => 'RPOP biglist', ['tree', 'value']));
    rows.push(await scenario(page, `LRANGE 0 9 (list of ${n})`, () => 'LRANGE biglist 0 9', ['value']));

    await build(page, (a, b) => {
      const argv = ['ZADD', 'bigzset'];
      for (let i = a; i < b; i++) argv.push(String(i), `m${i}`);
      return argv;
    });
    await typeLine(page, 'ZCARD bigzset');
    rows.push(await scenario(page, `ZINCRBY (sorted set of ${n})`, (i) => `ZINCRBY bigzset ${SIZE} m${(i * 7919) % SIZE}`, ['tree', 'value']));
    rows.push(await scenario(page, `ZRANGEBYSCORE (sorted set of ${n})`, (i) => `ZRANGEBYSCORE bigzset ${i * 10} ${i * 10 + 5}`, ['value']));

    const widths = [42, 10, 10, 10, 10];
    const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' ');
    console.log(`\nevent -> views committed / -> next frame, in ms (${RUNS} runs each, Chromium, 1920x1080)\n`);
    console.log(line(['command', 'commit p50', 'commit p95', 'frame p50', 'frame p95']));
    for (const r of rows) console.log(line(r));
  } finally {
    await browser.close();
    server?.proc.kill();
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
