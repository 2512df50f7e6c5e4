import { expect, test, type Page } from '@playwright/test';
import { cpSync, createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { TerminalPage } from './terminal';

/**
 * The built app keeps itself in a service worker: after one visit a reload
 * with no network shows the whole playground (terminal, engine, keyspace
 * view, lessons, the Lua VM), and a new version is offered, never forced.
 */
// The other specs block service workers (playwright.config.ts); these are about one.
test.use({ serviceWorkers: 'allow' });

/** Resolves once a service worker controls the page (the first visit's worker claims it). */
const controlled = (page: Page) =>
  page.waitForFunction(() => navigator.serviceWorker.controller !== null && navigator.serviceWorker.controller.state === 'activated', null, {
    timeout: 30_000,
  });

test('after one visit, a reload with no network shows the whole playground and it keeps working', async ({ page, context }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('./');
  const term = new TerminalPage(page);
  await term.ready();
  await controlled(page);
  // The service worker has kept everything: screen readers are told once.
  await expect(page.getByTestId('offline-ready')).toBeAttached();

  await context.setOffline(true);
  await page.goto('./?lesson=speed-problem');
  await term.ready();
  await term.run('SET offline:greeting "still here"');
  await term.run('GET offline:greeting');
  expect(await term.text()).toContain('"still here"');
  // The keyspace view (a lazily loaded chunk) and the lesson (the curriculum chunk) came from the cache.
  await expect(page.getByTestId('key-count')).toHaveText(/\d+ keys?/);
  await expect(page.getByTestId('section-title')).toHaveText('How long things take');
  // The Lua VM's WebAssembly too.
  await term.run(`EVAL "return redis.call('INCR', KEYS[1])" 1 offline:n`);
  await expect.poll(() => term.text()).toContain('(integer) 1');
  // And a plain reload, still offline.
  await page.reload();
  await term.ready();
  await term.run('GET offline:greeting');
  await expect.poll(() => term.text()).toContain('"still here"');
  await context.setOffline(false);
});

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
};

/** A static server over `root` (a copy of dist/ this test may change: a new deployment). */
function serve(root: string): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    let path = normalize(join(root, decodeURIComponent(url.pathname)));
    if (!path.startsWith(root)) return void res.writeHead(403).end();
    if (existsSync(path) && statSync(path).isDirectory()) path = join(path, 'index.html');
    if (!existsSync(path)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    createReadStream(path).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('a new deployment is announced with a reload button, and the page reloads only when asked', async ({ page }) => {
  const root = mkdtempSync(join(tmpdir(), 'playground-deploy-'));
  cpSync(join(process.cwd(), 'dist'), root, { recursive: true, filter: (src) => !src.endsWith('.map') });
  const server = await serve(root);
  try {
    const { port } = server.address() as AddressInfo;
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(`http://127.0.0.1:${port}/`);
    const term = new TerminalPage(page);
    await term.ready();
    await controlled(page);
    await term.run('SET mine 1');
    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

    // A new version is deployed: its service worker lists a changed page.
    const sw = join(root, 'sw.js');
    const text = readFileSync(sw, 'utf8');
    const next = text.replace(/(url:"index\.html",revision:")[0-9a-f]+"/, '$1' + 'f'.repeat(32) + '"');
    expect(next).not.toBe(text);
    writeFileSync(sw, next);
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));

    const prompt = page.getByTestId('update-prompt');
    await expect(prompt).toBeVisible({ timeout: 30_000 });
    await expect(prompt).toHaveAttribute('role', 'status');
    await expect(prompt).toContainText('A new version of the playground is ready');
    // Nothing happens by itself: the page is the same page, the terminal still the learner's.
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
    expect(await term.text()).toContain('SET mine 1');

    // "Later" puts it away; the next visit gets the new version.
    await prompt.getByRole('button', { name: 'Later' }).click();
    await expect(prompt).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);

    // The same on another page load, this time accepted: the page reloads under the new worker.
    await page.reload();
    await term.ready();
    await expect(prompt).toBeVisible({ timeout: 30_000 });
    const waiting = await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.waiting?.state ?? null));
    expect(waiting).toBe('installed');
    await Promise.all([page.waitForEvent('load'), prompt.getByRole('button', { name: 'Reload now' }).click()]);
    await term.ready();
    expect(await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.waiting ?? null))).toBeNull();
    await expect(prompt).toHaveCount(0);
    await term.run('GET mine');
    await expect.poll(() => term.text()).toContain('"1"');
  } finally {
    server.close();
    rmSync(root, { recursive: true, force: true });
  }
});
