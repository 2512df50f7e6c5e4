import { expect, test, type Locator, type Page } from '@playwright/test';
import { TerminalPage } from './terminal';

/** Writes saved keys straight into IndexedDB (one record per key), as a corrupt or foreign copy would be. */
async function saveRaw(page: Page, snap: { now: number; dbs: { key: string; value: unknown; expireAt: number }[][] }): Promise<void> {
  await page.evaluate(async (s) => {
    // The worker creates the database's stores; until it has, wait (an early open would see none).
    for (;;) {
      const ready = await new Promise<boolean>((resolve, reject) => {
        const req = indexedDB.open('redis-playground');
        req.onsuccess = () => {
          const has = req.result.objectStoreNames.contains('keys') && req.result.objectStoreNames.contains('workspaces');
          req.result.close();
          resolve(has);
        };
        req.onerror = () => reject(req.error);
      });
      if (ready) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.open('redis-playground');
      req.onerror = () => reject(req.error);
      req.onsuccess = () => {
        const tx = req.result.transaction(['keys', 'workspaces'], 'readwrite');
        s.dbs.forEach((keys, db) => {
          for (const k of keys) tx.objectStore('keys').put({ stamp: Date.now(), value: k.value, expireAt: k.expireAt }, ['free', db, k.key]);
        });
        tx.objectStore('workspaces').put({ now: s.now }, 'free');
        tx.oncomplete = () => {
          req.result.close();
          resolve();
        };
        tx.onerror = () => reject(tx.error);
      };
    });
  }, snap);
}

test('a saved string holding a number: the page stays up and the good keys come back', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('./');
  const term = new TerminalPage(page);
  await term.ready();
  await saveRaw(page, {
    now: Date.now(),
    dbs: [
      [
        { key: 'n', value: { type: 'string', v: 42 }, expireAt: -1 },
        { key: 'good', value: { type: 'string', v: 'kept' }, expireAt: -1 },
      ],
    ],
  });
  await page.reload();
  await term.ready();
  await term.run('GET good');
  await term.run('GET n');
  const text = await term.text();
  expect(text).toContain('GET good\n"kept"');
  expect(text).toContain('GET n\n(nil)');
  await expect(page.locator('[data-key="good"]')).toBeVisible();
  await expect(page.getByTestId('panel-error')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a failing panel shows what failed, the others go on, its keys can be downloaded and the panel reset', async ({ page }) => {
  // Fault injection: the engine's answer for the key "boom" arrives with a number where the page expects bytes.
  await page.addInitScript(() => {
    const desc = Object.getOwnPropertyDescriptor(Worker.prototype, 'onmessage')!;
    Object.defineProperty(Worker.prototype, 'onmessage', {
      configurable: true,
      get() {
        return desc.get!.call(this);
      },
      set(fn: ((ev: MessageEvent) => void) | null) {
        desc.set!.call(
          this,
          fn &&
            ((ev: MessageEvent) => {
              const d = ev.data as { res?: { key?: string; value?: unknown } };
              if (d?.res?.key === 'boom' && typeof d.res.value === 'string') fn({ data: { ...d, res: { ...d.res, value: 42 } } } as MessageEvent);
              else fn(ev);
            }),
        );
      },
    });
  });
  await page.goto('./');
  const term = new TerminalPage(page);
  await term.ready();
  await term.run('HSET profile name "Ada \\"the first\\""');
  await term.run('SET boom x');
  // "Follow commands" opens the key just written, and its view fails.

  const alert = page.getByTestId('panel-error');
  await expect(alert).toBeVisible();
  await expect(alert).toHaveAttribute('data-panel', 'keyspace view');
  await expect(alert).toContainText('The keyspace view stopped working');
  await expect(page.getByTestId('panel-error')).toHaveCount(1);
  await page.screenshot({ path: 'test-results/panel-error-1280.png' });
  await page.setViewportSize({ width: 390, height: 844 });
  await alert.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/panel-error-390.png', fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });

  // The terminal still answers.
  await term.run('PING');
  expect(await term.text()).toContain('PING\nPONG');

  const [file] = await Promise.all([page.waitForEvent('download'), alert.getByRole('button', { name: 'Download the keyspace' }).click()]);
  expect(file.suggestedFilename()).toBe('keyspace.redis');
  const body = await (await file.createReadStream()).toArray();
  const text = Buffer.concat(body).toString('latin1');
  expect(text).toContain('SELECT "0"\n');
  expect(text).toContain('SET "boom" "x"\n');
  expect(text).toContain('HSET "profile" "name" "Ada \\"the first\\""\n');

  await alert.getByRole('button', { name: 'Reset the keyspace view' }).click();
  await expect(page.getByTestId('panel-error')).toHaveCount(0);
  await expect(page.locator('[data-key="profile"]')).toBeVisible();
});

test('corrupt saved settings, progress, history and clock: defaults for the broken parts, a working page', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('./');
  const term = new TerminalPage(page);
  await term.ready();
  await page.evaluate(() => {
    localStorage.setItem('redis-playground:settings', JSON.stringify({ state: { fontSize: 1e9, purist: 'yes', python: true }, version: 1 }));
    localStorage.setItem('redis-playground:lessons:v1', '{"version":1,"completed":');
    localStorage.setItem('redis-playground:history', '{not json');
  });
  await saveRaw(page, { now: 1e300, dbs: [[{ key: 'k', value: { type: 'string', v: 'v' }, expireAt: -1 }]] });
  await page.reload();
  await term.ready();
  // The font size fell back to its default; the valid field (python) was kept.
  await expect(page.getByLabel('Font size 15')).toBeVisible();
  await expect(page.getByTestId('clock-time')).toHaveText(/^\d\d:\d\d:\d\d$/);
  await term.run('GET k');
  // The kept "python" setting shows the redis-py call.
  expect(await term.text()).toContain('GET k\n# r.get("k")\n"v"');
  await term.run('TIME');
  const secs = Number(/TIME\n(?:#.*\n)?1\) "(\d+)"/.exec(await term.text())?.[1]);
  expect(Math.abs(secs - Date.now() / 1000)).toBeLessThan(3600);
  expect(await page.evaluate(() => localStorage.getItem('redis-playground:settings'))).toBeTruthy();
  await page.getByRole('button', { name: 'Larger text' }).click();
  await expect(page.getByLabel('Font size 16')).toBeVisible();
  const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('redis-playground:settings')!) as { state: Record<string, unknown> });
  expect(saved.state).toMatchObject({ fontSize: 16, purist: false, python: true });
  expect(errors).toEqual([]);

  // Corrupt JSON for the settings themselves.
  await page.evaluate(() => localStorage.setItem('redis-playground:settings', '{"state":{"fontSize":'));
  await page.reload();
  await term.ready();
  await expect(page.getByLabel('Font size 15')).toBeVisible();
  expect(errors).toEqual([]);
});

test('escape sequences in replies and pastes never reach xterm: the screen is not cleared, nothing turns red', async ({ page }) => {
  for (const [w, h] of [
    [1280, 800],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.goto('./');
    const term = new TerminalPage(page);
    await term.ready();
    await term.run('SET before 1');
    await term.run('"\\x1b[2J\\x1b[H\\x1b[41mPWNED" a');
    // A paste with raw ESC bytes, as a hostile web page could put on the clipboard.
    await term.paste('ECHO "x\x1b[2J\x1b[41mRED"\nPING\n');
    await expect.poll(async () => (await term.text()).includes('PING\nPONG')).toBe(true);
    const text = await term.text();
    // Nothing was cleared: the first command is still on screen.
    expect(text).toContain('SET before 1\nOK');
    // Compared with the wraps and spaces taken out: the line is longer than a phone's terminal.
    const flat = (s: string) => s.replace(/\s+/g, '');
    expect(flat(text)).toContain(flat("(error) ERR unknown command '\\x1b[2J\\x1b[H\\x1b[41mPWNED', with args beginning with: 'a'"));
    expect(text).toContain('ECHO "x[2J[41mRED"');
    // No cell has the red background (SGR 41) and no glyph is an ESC.
    await expect(term.root.locator('.xterm-rows .xterm-bg-1')).toHaveCount(0);
    expect(text).not.toContain('\x1b');
    await page.screenshot({ path: `test-results/escapes-${w}.png` });
  }
});

/** A terminal pane by its client label. */
function paneOf(page: Page, label: string): TerminalPage {
  const t = new TerminalPage(page);
  (t as { root: Locator }).root = page.locator(`[data-client="${label}"]`).getByTestId('terminal');
  return t;
}

test('requirepass in the browser: a new connection must AUTH; the one that set it and the app itself go on', async ({ page }) => {
  await page.goto('./');
  const one = paneOf(page, 'client 1');
  await one.ready();
  await one.run('FLUSHALL');
  await one.run('CONFIG SET requirepass s3cret');
  // The connection that set it was authenticated before, and stays so (as in Redis).
  await one.run('SET secret:key 42');
  await expect(one.root.locator('.xterm-rows')).not.toContainText('NOAUTH');
  // The keyspace view is the app's own connection: it still shows the keys.
  await expect(page.getByTestId('keyspace').locator('[data-key="secret:key"]')).toBeVisible();
  await page.getByRole('button', { name: '+ client' }).click();
  const two = paneOf(page, 'client 2');
  await two.ready();
  await two.run('GET secret:key');
  await expect(two.root.locator('.xterm-rows')).toContainText('(error) NOAUTH Authentication required.');
  await two.run('AUTH wrong');
  await expect(two.root.locator('.xterm-rows')).toContainText('(error) WRONGPASS invalid username-password pair or user is disabled.');
  await two.run('AUTH s3cret');
  await two.run('GET secret:key');
  await expect(two.root.locator('.xterm-rows')).toContainText('"42"');
  // RESET is a fresh connection's state: logged out while a password is set.
  await two.run('RESET');
  await two.run('DBSIZE');
  expect((await two.text()).match(/NOAUTH Authentication required\./g)).toHaveLength(2);
  await two.run('AUTH default s3cret');
  await two.run('CONFIG SET requirepass ""');
});
