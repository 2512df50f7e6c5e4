/**
 * The visualizer at a million elements, in Chromium: how long after a
 * command's change event reaches the page the views have committed the new
 * windows (and the next frame after that). Prints p50/p95; never asserts.
 *
 *   npx vite build && npx tsx bench/visualizer.ts
 *   npx tsx bench/visualizer.ts --url http://127.0.0.1:4174/   # an already running preview
 *   npx tsx bench/visualizer.ts --size 200000 --runs 20        # smaller, quicker
 *   npx tsx bench/visualizer.ts --only zset,list               # some scenarios (keys, list, zset)
 *   npx tsx bench/visualizer.ts --trace-dir /tmp/viz-trace     # also save each scenario's Chrome trace
 *
 * The big structures are built inside the engine's worker (MSET / RPUSH /
 * ZADD in batches of 100,000, as the terminal's client); the page only ever
 * asks for windows. Each measured command is typed into the terminal like a
 * learner would. Marks come from the app (User Timing): `viz:event` when the
 * change event arrives, `viz:tree-commit` and `viz:value-commit` when React
 * committed the windows it caused.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type CDPSession, type Page } from '@playwright/test';
import { pct, startPreview } from './util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    port: { type: 'string', default: '4175' },
    size: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '40' },
    headed: { type: 'boolean', default: false },
    only: { type: 'string', default: 'keys,list,zset' },
    // Also write each scenario's Chrome trace (JSON, for chrome://tracing or Perfetto) into this directory.
    'trace-dir': { type: 'string' },
  },
  strict: true,
});
const SIZE = Number(values.size);
const RUNS = Number(values.runs);
const BATCH = 100_000;
const ONLY = new Set(values.only!.split(','));


/**
 * Runs `head` followed by generated arguments in the engine's worker, as
 * client 1 (the terminal's connection). The arguments are made inside the
 * worker (`item` is a JS expression of i returning one or two strings): a
 * million strings through the DevTools protocol would take minutes.
 */
async function build(page: Page, head: string[], item: string): Promise<void> {
  const worker = page.workers()[0];
  if (!worker) throw new Error('no engine worker');
  for (let from = 0; from < SIZE; from += BATCH) {
    const to = Math.min(SIZE, from + BATCH);
    await worker.evaluate(`(() => {
      const argv = ${JSON.stringify(head)};
      for (let i = ${from}; i < ${to}; i++) argv.push(...[].concat(${item}));
      self.onmessage({ data: { id: 2 ** 30, kind: 'exec', req: { client: 1, argv } } });
    })()`);
  }
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
async function measure(page: Page, line: string, expect: ('tree' | 'value')[], settled?: string): Promise<Sample> {
  await page.evaluate(() => {
    performance.clearMarks('viz:event');
    performance.clearMarks('viz:tree-commit');
    performance.clearMarks('viz:value-commit');
  });
  await typeLine(page, line);
  // A string, not a function: tsx would wrap named helpers in __name(), unknown in the page.
  return page.evaluate(`(async (want, settled) => {
    const deadline = performance.now() + 15000;
    for (;;) {
      const ev = performance.getEntriesByName('viz:event', 'mark').at(-1)?.startTime;
      const commits = want.map((w) => performance.getEntriesByName('viz:' + w + '-commit', 'mark').at(-1)?.startTime);
      if (ev !== undefined && commits.every((c) => c !== undefined && c >= ev) && (settled === undefined || document.querySelector(settled))) {
        const commit = Math.max(...commits);
        const frame = await new Promise((r) => requestAnimationFrame(() => r(performance.now())));
        return { commit: commit - ev, frame: frame - ev };
      }
      if (performance.now() > deadline) throw new Error("no commit for " + JSON.stringify(want) + " " + " " + JSON.stringify(performance.getEntriesByType("mark").map((m) => m.name + "@" + m.startTime.toFixed(1))) + " now " + performance.now().toFixed(1));
      await new Promise((r) => setTimeout(r, 1));
    }
  })(${JSON.stringify(expect)}, ${JSON.stringify(settled)})`) as Promise<Sample>;
}

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

async function startTrace(cdp: CDPSession): Promise<void> {
  await cdp.send('Tracing.start', {
    // With --trace-dir, JS samples too (they cost a little CPU: compare numbers from runs without it).
    categories: `toplevel,blink.user_timing,disabled-by-default-devtools.timeline,__metadata${values['trace-dir'] !== undefined ? ',devtools.timeline,v8.execute,disabled-by-default-v8.cpu_profiler' : ''}`,
    transferMode: 'ReportEvents',
    options: 'record-as-much-as-possible',
  } as never);
}

async function stopTrace(cdp: CDPSession): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  const onData = (e: { value: TraceEvent[] }) => events.push(...e.value);
  cdp.on('Tracing.dataCollected' as never, onData as never);
  const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete' as never, (() => r()) as never));
  await cdp.send('Tracing.end');
  await done;
  cdp.off('Tracing.dataCollected' as never, onData as never);
  return events;
}

/**
 * CPU time (thread time, not wall time) the page's main thread and the
 * engine worker spent between each `viz:event` and the commits it caused:
 * what the update costs, independent of how busy the machine is.
 */
function cpuPerCommand(events: TraceEvent[], expect: string[]): { main: number; worker: number }[] {
  const threads = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
  const isMain = (e: TraceEvent) => threads.get(`${e.pid}:${e.tid}`) === 'CrRendererMain';
  const isWorker = (e: TraceEvent) => (threads.get(`${e.pid}:${e.tid}`) ?? '').startsWith('DedicatedWorker');
  const marks = events.filter((e) => e.cat.includes('blink.user_timing') && e.name.startsWith('viz:')).sort((a, b) => a.ts - b.ts);
  const tasks = events.filter((e) => e.ph === 'X' && e.name === 'RunTask' && e.dur !== undefined && e.tdur !== undefined);
  const starts = marks.filter((m) => m.name === 'viz:event');
  const out: { main: number; worker: number }[] = [];
  starts.forEach((ev, i) => {
    const next = starts[i + 1]?.ts ?? Infinity;
    // Until the view settled: the last commit of each kind before the next command (a window
    // that follows the change, e.g. scrolled to where a member moved, counts).
    const ends = expect.map((w) => marks.filter((m) => m.name === `viz:${w}-commit` && m.ts >= ev.ts && m.ts < next).at(-1)?.ts);
    if (ends.some((t) => t === undefined)) return;
    const end = Math.max(...(ends as number[]));
    let main = 0;
    let worker = 0;
    for (const t of tasks) {
      const a = Math.max(t.ts, ev.ts);
      const b = Math.min(t.ts + t.dur!, end);
      if (b <= a) continue;
      const cpu = ((b - a) / Math.max(1, t.dur!)) * t.tdur!;
      if (isMain(t)) main += cpu;
      else if (isWorker(t)) worker += cpu;
    }
    out.push({ main: main / 1000, worker: worker / 1000 });
  });
  return out;
}


async function scenario(
  page: Page,
  cdp: CDPSession,
  name: string,
  lines: (i: number) => string,
  expect: ('tree' | 'value')[],
  settled?: (i: number) => string,
): Promise<string[]> {
  const out: Sample[] = [];
  for (let i = 0; i < 5; i++) await measure(page, lines(i), expect, settled?.(i)); // warm-up
  await startTrace(cdp);
  for (let i = 5; i < RUNS + 5; i++) {
    out.push(await measure(page, lines(i), expect, settled?.(i)));
    await page.waitForTimeout(60); // let animations start, like a person typing
  }
  const trace = await stopTrace(cdp);
  if (values['trace-dir'] !== undefined) {
    mkdirSync(values['trace-dir'], { recursive: true });
    writeFileSync(join(values['trace-dir'], `${name.split(' (')[0]!.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.json`), JSON.stringify({ traceEvents: trace }));
  }
  const cpu = cpuPerCommand(trace, expect);
  const c = out.map((s) => s.commit);
  const f = out.map((s) => s.frame);
  const m = cpu.map((x) => x.main);
  const w = cpu.map((x) => x.worker);
  const p = (xs: number[], q: number) => (xs.length ? pct(xs, q).toFixed(1) : '-');
  return [name, p(c, 50), p(c, 95), p(f, 50), p(f, 95), p(m, 50), p(m, 95), p(w, 50)];
}

async function main(): Promise<void> {
  const server = values.url ? undefined : await startPreview(ROOT, values.port!);
  const url = values.url ?? server!.url;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: !values.headed,
    args: ['--no-sandbox', '--disable-background-timer-throttling', '--disable-renderer-backgrounding'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const cdp = await page.context().newCDPSession(page);
    page.on('console', (m) => {
      if (m.type() === 'warning' || m.type() === 'error') console.log(`[page ${m.type()}] ${m.text()}`);
    });
    page.on('pageerror', (e) => console.log(`[page error] ${e.message}`));
    await page.goto(`${url}${url.includes('?') ? '&' : '?'}vizbench`);
    await page.locator('[data-testid="terminal"] .xterm-rows').first().getByText('127.0.0.1:6379>').first().waitFor();
    await typeLine(page, 'FLUSHALL');
    await page.getByTestId('key-count').getByText('0 keys', { exact: true }).waitFor();
    const n = SIZE.toLocaleString('en-US');
    const rows: string[][] = [];
    const t0 = performance.now();

    if (ONLY.has('keys')) {
      await build(page, ['MSET'], '["key:" + i, "value:" + i]');
      await page.getByTestId('key-count').getByText(`${n} keys`).waitFor({ timeout: 120_000 });
      console.log(`built ${n} keys in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      rows.push(await scenario(page, cdp, `SET existing key (${n} keys)`, (i) => `SET key:${(i * 7919) % SIZE} v${i}`, ['tree', 'value']));
      rows.push(await scenario(page, cdp, `SET new key (${n} keys)`, (i) => `SET new:${i} x`, ['tree', 'value']));
      rows.push(await scenario(page, cdp, `GET (read highlight, ${n} keys)`, (i) => `GET key:${(i * 104729) % SIZE}`, ['value']));
    }

    if (ONLY.has('list')) {
      await build(page, ['RPUSH', 'biglist'], '"e" + i');
      await typeLine(page, 'LLEN biglist');
      await page.getByTestId('value-size').getByText(`${n} items`).waitFor({ timeout: 60_000 });
      rows.push(await scenario(page, cdp, `LPUSH (list of ${n})`, (i) => `LPUSH biglist x${i}`, ['tree', 'value']));
      rows.push(await scenario(page, cdp, `RPOP (list of ${n})`, () => 'RPOP biglist', ['tree', 'value']));
      rows.push(await scenario(page, cdp, `LRANGE 0 9 (list of ${n})`, () => 'LRANGE biglist 0 9', ['value']));
    }

    if (ONLY.has('zset')) {
      await build(page, ['ZADD', 'bigzset'], '[String(i), "m" + i]');
      await typeLine(page, 'ZCARD bigzset');
      await page.getByTestId('value-size').getByText(`${n} members`).waitFor({ timeout: 60_000 });
      // Settled: the member is drawn at its new rank (the view follows it there).
      rows.push(
        await scenario(page, cdp, `ZINCRBY (sorted set of ${n})`, (i) => `ZINCRBY bigzset ${SIZE} m${(i * 7919) % SIZE}`, ['tree', 'value'], (i) => `[data-testid="zset-view"] [data-member="m${(i * 7919) % SIZE}"]`),
      );
      rows.push(await scenario(page, cdp, `ZRANGEBYSCORE (sorted set of ${n})`, (i) => `ZRANGEBYSCORE bigzset ${i * 10} ${i * 10 + 5}`, ['value']));
    }

    const widths = [40, 8, 8, 8, 8, 8, 8, 8];
    const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' ');
    console.log(`\nms from a command's change event reaching the page (${RUNS} runs each, Chromium, 1920x1080, load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores)`);
    console.log('  commit: until the views committed the new windows (wall clock; ZINCRBY: the member drawn at its new rank)');
    console.log('  frame:  until the next animation frame after that (wall clock)');
    console.log('  cpu:    main-thread CPU time until the views settled (last commit before the next command; trace thread time); worker: the engine worker\'s\n');
    console.log(line(['command', 'commit50', 'commit95', 'frame50', 'frame95', 'cpu50', 'cpu95', 'worker50']));
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
