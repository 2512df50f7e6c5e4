/**
 * Terminal latency in Chromium: from the Enter key to the reply painted
 * (the next animation frame after xterm's rows show it), with an empty
 * keyspace and with 1,000,000 keys loaded. Also a 10,000-line paste: how
 * long it takes, and the longest gap between frames while it runs (how
 * responsive the page stays). Prints p50/p95; never asserts.
 *
 *   npx vite build && npx tsx bench/terminal.ts
 *   npx tsx bench/terminal.ts --url http://127.0.0.1:4173/ --runs 100 --keys 1000000
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Page } from '@playwright/test';
import { pct, startPreview } from './util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    port: { type: 'string', default: '4176' },
    runs: { type: 'string', default: '100' },
    keys: { type: 'string', default: '1000000' },
    paste: { type: 'string', default: '10000' },
  },
  strict: true,
});
const RUNS = Number(values.runs);



/** Types a line into the focused terminal and waits for its prompt to come back. */
async function typeAndWait(page: Page, line: string, timeout = 120_000): Promise<void> {
  await page.locator('.xterm-helper-textarea').first().focus();
  await page.keyboard.insertText(line);
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    () => {
      const rows = [...document.querySelectorAll('[data-testid="terminal"] .xterm-rows > div')].map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd());
      const last = rows.filter((r) => r !== '').at(-1) ?? '';
      return /^127\.0\.0\.1:6379(\[\d+\])?> ?$/.test(last);
    },
    null,
    { timeout },
  );
}

/** One sample: the app's own User Timing measure from Enter to the reply painted. */
async function sample(page: Page): Promise<number> {
  const before = await page.evaluate(() => performance.getEntriesByName('term:enter-to-paint').length);
  await typeAndWait(page, 'INCR bench:counter');
  await page.waitForFunction((n) => performance.getEntriesByName('term:enter-to-paint').length > n, before);
  return page.evaluate(() => performance.getEntriesByName('term:enter-to-paint').at(-1)!.duration);
}

/**
 * Frames in the page: rAF timestamps, to tell in which frame after Enter each reply
 * was painted. A key press lands at a random moment of the 16.7 ms frame cycle, so
 * "painted in the first frame after Enter" is the one-frame budget, whatever the phase.
 */
async function watchFrames(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    window.__frames = [];
    const tick = (t) => { window.__frames.push(t); if (window.__frames.length < 200000) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
}

/** For each Enter -> paint measure: how many frames began after Enter up to the one that painted the reply. */
async function framesToPaint(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const frames = (window as unknown as { __frames: number[] }).__frames;
    return performance.getEntriesByName('term:enter-to-paint').map((m) => {
      const end = m.startTime + m.duration;
      return frames.filter((t) => t > m.startTime && t <= end).length;
    });
  });
}

async function measure(page: Page, label: string): Promise<void> {
  await typeAndWait(page, 'DEL bench:counter');
  await page.evaluate(() => performance.clearMeasures());
  await watchFrames(page);
  const xs: number[] = [];
  for (let i = 1; i <= RUNS; i++) xs.push(await sample(page));
  const frames = await framesToPaint(page);
  if (frames.length > 0) {
    const first = frames.filter((f) => f <= 1).length;
    console.log(
      `${label}: reply painted in the first frame after Enter in ${first} of ${frames.length} runs (${((100 * first) / frames.length).toFixed(0)} %); ` +
        `frames to paint p50 ${pct(frames, 50)}, p95 ${pct(frames, 95)}`,
    );
  }
  const exec = await page.evaluate(() => performance.getEntriesByName('term:exec').map((e) => e.duration));
  if (exec.length > 0) console.log(`${label}: engine round trip (page -> worker -> page), p50 ${pct(exec, 50).toFixed(1)} ms, p95 ${pct(exec, 95).toFixed(1)} ms`);
  const replied = await page.evaluate(() => performance.getEntriesByName('term:enter-to-reply').map((e) => e.duration));
  if (replied.length > 0) {
    console.log(`${label}: Enter -> reply in xterm's buffer (before the frame), p50 ${pct(replied, 50).toFixed(1)} ms, p95 ${pct(replied, 95).toFixed(1)} ms`);
  }
  console.log(`${label}: Enter -> reply painted, ${RUNS} runs: p50 ${pct(xs, 50).toFixed(1)} ms, p95 ${pct(xs, 95).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms`);
}

async function paste(page: Page, n: number): Promise<void> {
  await typeAndWait(page, 'DEL paste:n');
  const text = Array.from({ length: n }, () => 'INCR paste:n').join('\n');
  // Watch frame gaps while the paste runs.
  // A string, so the bundler's helpers never leak into the page.
  await page.evaluate(`(() => {
    window.__gaps = [];
    window.__stop = false;
    let last = performance.now();
    const tick = () => {
      const now = performance.now();
      window.__gaps.push(now - last);
      last = now;
      if (!window.__stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  await page.locator('.xterm-helper-textarea').first().focus();
  const t0 = Date.now();
  await page.evaluate((t) => {
    const ta = document.querySelector('.xterm-helper-textarea') as HTMLTextAreaElement;
    const dt = new DataTransfer();
    dt.setData('text/plain', t);
    ta.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, text);
  await page.waitForFunction(
    (want) => [...document.querySelectorAll('[data-testid="terminal"] .xterm-rows > div')].some((r) => (r.textContent ?? '').includes(want)),
    `(integer) ${n}`,
    { timeout: 600_000, polling: 100 },
  );
  const secs = (Date.now() - t0) / 1000;
  const gaps = await page.evaluate(() => {
    const w = window as unknown as { __gaps: number[]; __stop: boolean };
    w.__stop = true;
    return w.__gaps;
  });
  console.log(
    `paste of ${n.toLocaleString('en-US')} lines: ${secs.toFixed(1)} s (${Math.round(n / secs).toLocaleString('en-US')} lines/s); ` +
      `frame gaps while running: p50 ${pct(gaps, 50).toFixed(1)} ms, p95 ${pct(gaps, 95).toFixed(1)} ms, max ${Math.max(...gaps).toFixed(0)} ms`,
  );
}

const preview = values.url ? undefined : await startPreview(ROOT, values.port!);
const url = values.url ?? preview!.url;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector('[data-testid="terminal"] .xterm-rows')?.textContent?.includes('127.0.0.1:6379>'));
  await typeAndWait(page, 'FLUSHALL');
  await measure(page, 'empty keyspace');
  const keys = Number(values.keys);
  await typeAndWait(page, 'CONFIG SET maxmemory 0');
  await typeAndWait(page, `DEBUG POPULATE ${keys}`, 300_000);
  await measure(page, `${keys.toLocaleString('en-US')} keys loaded`);
  await paste(page, Number(values.paste));
  await typeAndWait(page, 'FLUSHALL');
} finally {
  await browser.close();
  preview?.proc.kill();
}
