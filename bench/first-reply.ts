/**
 * Time to the first reply on a slow machine and network: Chromium with 4x
 * CPU throttling (CDP Emulation.setCPUThrottlingRate) and a Fast-3G-like
 * connection (CDP Network.emulateNetworkConditions), a fresh profile each
 * run. Reports when the prompt shows, when the first PING (typed the moment
 * the prompt shows) is answered, and the `(N.NNs)` line redis-cli's timing
 * printed for it, if any. Medians of a few runs; never asserts.
 *
 *   npx vite build && npx tsx bench/first-reply.ts
 *   npx tsx bench/first-reply.ts --url http://127.0.0.1:4173/ --runs 5
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from '@playwright/test';
import { pct, startPreview } from './util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Chrome DevTools' "Fast 3G" preset: 562.5 ms latency, 1.44 Mbps down, 675 kbps up. */
export const SLOW_NETWORK = { offline: false, latency: 562.5, downloadThroughput: (1.44 * 1024 * 1024) / 8, uploadThroughput: (675 * 1024) / 8 };
export const CPU_SLOWDOWN = 4;

export interface FirstReply {
  promptMs: number;
  replyMs: number;
  /** What the terminal printed as the command's duration, or 0 when it printed none (under 0.5 s). */
  billedMs: number;
}

async function once(browser: Browser, url: string): Promise<FirstReply> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', SLOW_NETWORK);
    const t0 = Date.now();
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => document.querySelector('[data-testid="terminal"] .xterm-rows')?.textContent?.includes('127.0.0.1:6379>'), null, {
      timeout: 120_000,
      polling: 20,
    });
    const promptMs = Date.now() - t0;
    await page.locator('.xterm-helper-textarea').first().focus();
    await page.keyboard.type('PING');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="terminal"] .xterm-rows')?.textContent?.includes('PONG'), null, {
      timeout: 120_000,
      polling: 20,
    });
    const replyMs = Date.now() - t0;
    await page.waitForTimeout(200);
    const text = await page.locator('[data-testid="terminal"] .xterm-rows').first().textContent();
    const billed = /PONG\s*\((\d+\.\d\d)s\)/.exec(text ?? '');
    return { promptMs, replyMs, billedMs: billed ? Number(billed[1]) * 1000 : 0 };
  } finally {
    await context.close();
  }
}

export async function benchFirstReply(url: string, runs: number): Promise<void> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const results: FirstReply[] = [];
    for (let i = 0; i < runs; i++) results.push(await once(browser, url));
    const med = (k: keyof FirstReply) => pct(results.map((r) => r[k]), 50);
    console.log(
      `first reply, ${CPU_SLOWDOWN}x CPU throttling + Fast 3G (${SLOW_NETWORK.latency} ms, ${(SLOW_NETWORK.downloadThroughput / 1024).toFixed(0)} KB/s), median of ${runs}: ` +
        `prompt ${(med('promptMs') / 1000).toFixed(2)} s, PING answered ${(med('replyMs') / 1000).toFixed(2)} s, ` +
        `billed ${med('billedMs') === 0 ? 'nothing (under 0.5 s)' : `(${(med('billedMs') / 1000).toFixed(2)}s)`}`,
    );
  } finally {
    await browser.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: { url: { type: 'string' }, port: { type: 'string', default: '4177' }, runs: { type: 'string', default: '3' } },
    strict: true,
  });
  const preview = values.url ? undefined : await startPreview(ROOT, values.port!);
  try {
    await benchFirstReply(values.url ?? preview!.url, Number(values.runs));
  } finally {
    preview?.proc.kill();
  }
}
