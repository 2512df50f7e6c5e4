import { chromium } from '@playwright/test';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto('http://127.0.0.1:4174/');
await page.locator('[data-testid="terminal"] .xterm-rows').first().getByText('127.0.0.1:6379>').first().waitFor();
const type = async (l: string) => { const t = Date.now(); await page.locator('[data-testid="terminal"] .xterm-helper-textarea').first().focus(); await page.keyboard.insertText(l); await page.keyboard.press('Enter'); console.log('typed', l.slice(0, 30), Date.now() - t); };
const worker = page.workers()[0]!;
const ex = async (argv: string[]) => { const t = Date.now(); await worker.evaluate((a) => { (self as any).onmessage({ data: { id: 2 ** 30, kind: 'exec', req: { client: 1, argv: a } } }); }, argv); console.log('exec', argv[0], Date.now() - t); };
const argv = ['ZADD', 'bigzset']; for (let i = 0; i < 100000; i++) argv.push(String(i), `m${i}`);
await ex(argv);
await page.waitForTimeout(2000);
await type('ZCARD bigzset');
await page.waitForTimeout(2000);
for (let i = 0; i < 3; i++) { await type(`ZINCRBY bigzset 100000 m${i * 7919}`); const t = Date.now(); await page.evaluate(() => new Promise((r) => requestAnimationFrame(r))); console.log('raf', Date.now() - t); }
await page.screenshot({ path: '/tmp/viz-shots/dbg.png' });
await browser.close();
