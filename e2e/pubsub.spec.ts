import { expect, test, type Locator, type Page } from '@playwright/test';

const PROMPT_ONLY = /^127\.0\.0\.1:6379(\[\d+\])?(\(TX\))?>$/;

/** One terminal pane (by client label), read and typed into as a person would. */
function pane(page: Page, label: string) {
  const root: Locator = page.locator(`[data-client="${label}"]`).getByTestId('terminal');
  const text = async (): Promise<string> => {
    const rows = await root.locator('.xterm-rows > div').allTextContents();
    return rows.map((r) => r.replace(/\u00a0/g, ' ').trimEnd()).join('\n');
  };
  const lastLine = async (): Promise<string> =>
    (await text())
      .split('\n')
      .filter((l) => l.trim() !== '')
      .at(-1) ?? '';
  /** The screen without line breaks or spaces: narrow side-by-side panes wrap long lines. */
  const flat = async (): Promise<string> => (await text()).replace(/\s+/g, '');
  return {
    root,
    text,
    flat,
    lastLine,
    async type(line: string): Promise<void> {
      await root.locator('.xterm-helper-textarea').focus();
      await page.keyboard.type(line);
      await page.keyboard.press('Enter');
    },
    /** Types a line and waits for the next empty prompt. */
    async run(line: string): Promise<void> {
      const before = await text();
      await this.type(line);
      await expect.poll(async () => (await text()) !== before && PROMPT_ONLY.test(await lastLine())).toBe(true);
    },
  };
}

const squash = (s: string): string => s.replace(/\s+/g, '');

/** Opens the app with two clients side by side, both at their prompt. */
async function twoClients(page: Page) {
  await page.goto('./');
  await page.getByRole('button', { name: '+ client' }).click();
  await page.getByTestId('terminal-options').locator('summary').click();
  await page.getByLabel('Clients side by side').check();
  await page.getByTestId('terminal-options').locator('summary').click();
  const one = pane(page, 'client 1');
  const two = pane(page, 'client 2');
  await expect(one.root.locator('.xterm-rows')).toContainText('127.0.0.1:6379>');
  await expect(two.root.locator('.xterm-rows')).toContainText('127.0.0.1:6379>');
  return { one, two };
}

test('SUBSCRIBE in one client, PUBLISH from another, Ctrl-C back to the prompt', async ({ page }) => {
  const { one, two } = await twoClients(page);

  await one.type('SUBSCRIBE news');
  await expect.poll(one.flat).toContain(squash('Reading messages... (press Ctrl-C to quit)\n1) "subscribe"\n2) "news"\n3) (integer) 1'));
  // No prompt while subscribed.
  expect(PROMPT_ONLY.test(await one.lastLine())).toBe(false);

  await two.run('PUBLISH news "hello from client 2"');
  expect(await two.flat()).toContain(squash('127.0.0.1:6379> PUBLISH news "hello from client 2"\n(integer) 1'));
  await expect.poll(one.flat).toContain(squash('3) (integer) 1\n1) "message"\n2) "news"\n3) "hello from client 2"'));
  await two.run('PUBSUB NUMSUB news');
  expect(await two.flat()).toContain(squash('1) "news"\n2) (integer) 1'));

  await page.screenshot({ path: 'test-results/pubsub.png' });
  // The projector size too: the panes widen and the message lines stop wrapping.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await expect.poll(async () => (await one.text()).includes('3) "hello from client 2"')).toBe(true);
  await page.screenshot({ path: 'test-results/pubsub-1920.png' });
  await page.setViewportSize({ width: 1280, height: 800 });

  // Ctrl-C: out of subscribed mode, prompt back, no longer subscribed.
  await one.root.locator('.xterm-helper-textarea').focus();
  await page.keyboard.press('Control+C');
  await expect.poll(one.lastLine).toMatch(PROMPT_ONLY);
  expect(await one.flat()).toMatch(/"hellofromclient2"\^C(\(\d+\.\d\ds\))?\(redis-clireconnects/);
  await two.run('PUBLISH news again');
  expect(await two.flat()).toContain(squash('PUBLISH news again\n(integer) 0'));
  await one.run('SET k v');
  expect(await one.flat()).toContain(squash('SET k v\nOK'));
  await page.screenshot({ path: 'test-results/pubsub-after.png' });
});

test('MONITOR in one client shows what another client runs, until Ctrl-C', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const { one, two } = await twoClients(page);
  await one.type('MONITOR');
  await expect.poll(one.flat).toContain(squash('MONITOR\nOK'));
  expect(PROMPT_ONLY.test(await one.lastLine())).toBe(false);

  await two.run('SET user:1:name "Ada Lovelace"');
  await two.run('INCR page:views');
  await expect.poll(one.flat).toContain(squash('"SET" "user:1:name" "Ada Lovelace"'));
  await expect.poll(one.flat).toMatch(/\[0127\.0\.0\.1:\d+\]"INCR""page:views"/);
  await page.screenshot({ path: 'test-results/monitor.png' });

  await one.root.locator('.xterm-helper-textarea').focus();
  await page.keyboard.press('Control+C');
  await expect.poll(one.lastLine).toMatch(PROMPT_ONLY);
  const before = await one.flat();
  await two.run('GET user:1:name');
  expect(await one.flat()).toBe(before);
});

test('client-side caching: invalidations reach a subscribed redirect client at once, and a RESP3 client with its next reply', async ({ page }) => {
  const { one, two } = await twoClients(page);

  // Client 2 plays the application's local cache: it listens on the invalidation channel.
  await two.run('CLIENT ID');
  const id = /\(integer\) (\d+)\s*$/.exec((await two.text()).replace(/127\.0\.0\.1:6379>\s*$/, '').trimEnd())?.[1];
  expect(id).toBeDefined();
  await two.type('SUBSCRIBE __redis__:invalidate');
  await expect.poll(two.flat).toContain(squash('1) "subscribe"\n2) "__redis__:invalidate"\n3) (integer) 1'));

  await one.run(`CLIENT TRACKING ON REDIRECT ${id}`);
  await one.run('GET product:1');
  await one.run('SET product:1 "new price"');
  await expect.poll(two.flat).toContain(squash('1) "message"\n2) "__redis__:invalidate"\n3) 1) "product:1"'));
  // A write to a key client 1 never read sends nothing.
  await one.run('SET product:2 x');
  await one.run('FLUSHDB');
  // After a flush: one message with a null, "every key".
  await expect.poll(two.flat).toContain(squash('1) "message"\n2) "__redis__:invalidate"\n3) (nil)'));
  expect(await two.flat()).not.toContain('product:2');

  // RESP3: the push waits in the connection until the next reply, as redis-cli reads it.
  await two.root.locator('.xterm-helper-textarea').focus();
  await page.keyboard.press('Control+C');
  await expect.poll(two.lastLine).toMatch(PROMPT_ONLY);
  await two.run('HELLO 3');
  await two.run('CLIENT TRACKING ON');
  await two.run('GET price');
  await one.run('SET price 10');
  await two.run('PING');
  expect(await two.flat()).toContain(squash(`127.0.0.1:6379> PING\n-> invalidate: 'price'\nPONG`));
});
