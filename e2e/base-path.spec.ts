import { expect, test } from '@playwright/test';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { TerminalPage } from './terminal';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** Serves dist/ under a nested path, as a plain static file server would. */
function serve(prefix: string): Promise<Server> {
  const root = join(process.cwd(), 'dist');
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (!url.pathname.startsWith(prefix)) {
      res.writeHead(404).end();
      return;
    }
    let path = normalize(join(root, decodeURIComponent(url.pathname.slice(prefix.length))));
    if (!path.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(path) && statSync(path).isDirectory()) path = join(path, 'index.html');
    if (!existsSync(path)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
    createReadStream(path).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('the built site works from a static server under a nested path', async ({ page }) => {
  const server = await serve('/courses/redis/');
  try {
    const { port } = server.address() as AddressInfo;
    await page.goto(`http://127.0.0.1:${port}/courses/redis/`);
    const term = new TerminalPage(page);
    await term.ready();
    // A plain static server sends no isolation headers: answers come by message only, same output.
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    await term.run('PING');
    expect(await term.text()).toContain('127.0.0.1:6379> PING\nPONG');
    await term.run('INCR n');
    expect(await term.text()).toContain('127.0.0.1:6379> INCR n\n(integer) 1');
  } finally {
    server.close();
  }
});
