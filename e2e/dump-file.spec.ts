import AxeBuilder from '@axe-core/playwright';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openTerminal, loggedReply } from './terminal';
import { RespClient, redisServerAvailable, startRedis } from '../test/support/redis';

/**
 * dump.rdb in the page: download the keyspace as Redis's RDB file, load it
 * back after a confirmation, load one a real redis-server wrote, and have a
 * cut-short file refused with Redis's own line while the keys stay.
 */

const reply = loggedReply;

const panel = (page: Page) => page.getByTestId('dump-file');

async function choose(page: Page, name: string, bytes: Buffer): Promise<void> {
  await page.getByTestId('dump-file-input').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: bytes });
  await expect(panel(page).getByRole('group', { name: 'Confirm loading' })).toContainText(name);
}

/** The same file redis-server writes for a few keys (SAVE), or undefined without redis-server. */
async function redisDump(): Promise<Buffer | undefined> {
  if (!redisServerAvailable()) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'e2e-rdb-'));
  const server = await startRedis(['--dir', dir]);
  const c = await RespClient.connect(server.port);
  try {
    await c.call(['SET', 'from:redis', 'hello from redis-server']);
    await c.call(['ZADD', 'board', '10', 'ada', '7', 'bob']);
    await c.call(['SAVE']);
    return readFileSync(join(dir, 'dump.rdb'));
  } finally {
    c.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('download dump.rdb, load it back, load redis-server\'s, and a cut-short file is refused with the keys untouched', async ({ page }) => {
  test.setTimeout(90_000);
  const term = await openTerminal(page, { empty: true, viewport: { width: 1280, height: 800 } });
  await term.run('SET greeting hello');
  await term.run('RPUSH queue a b c');
  await term.run('SET session token EX 3600');
  await term.run('XADD events 1-1 type login');

  await panel(page).locator('summary').click();
  const [file] = await Promise.all([page.waitForEvent('download'), panel(page).getByRole('button', { name: 'Download dump.rdb' }).click()]);
  expect(file.suggestedFilename()).toBe('dump.rdb');
  const dump = Buffer.concat(await (await file.createReadStream()).toArray());
  expect(dump.subarray(0, 9).toString('latin1')).toBe('REDIS0010');

  // Change the keys, then bring the file back.
  await term.run('FLUSHALL');
  await term.run('SET other 1');
  await choose(page, 'dump.rdb', dump);
  await panel(page).getByRole('button', { name: 'Replace the keyspace' }).click();
  await expect(page.getByTestId('dump-file-status')).toHaveText('Loaded 4 keys from dump.rdb.');
  await expect(page.getByTestId('key-count')).toHaveText('4 keys');
  expect(await reply(term, 'GET greeting')).toContain('"hello"');
  expect(await reply(term, 'EXISTS other')).toContain('(integer) 0');
  expect(await reply(term, 'LRANGE queue 0 -1')).toContain('"c"');
  expect(Number(/\d+/.exec(await reply(term, 'TTL session'))?.[0])).toBeGreaterThan(3000);

  // Cut short: refused with Redis's line; nothing changes.
  await choose(page, 'broken.rdb', dump.subarray(0, dump.length - 12));
  await panel(page).getByRole('button', { name: 'Replace the keyspace' }).click();
  const refused = page.getByTestId('dump-file-refused');
  await expect(refused).toContainText('Short read or OOM loading DB. Unrecoverable error, aborting now.');
  await expect(refused).toHaveAttribute('role', 'alert');
  expect(await reply(term, 'GET greeting')).toContain('"hello"');
  expect(await reply(term, 'DBSIZE')).toContain('(integer) 4');

  const axe = await new AxeBuilder({ page }).include('[data-testid="dump-file"]').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  if (process.env.SHOTS) {
    for (const [w, h] of [[390, 844], [1280, 800], [1920, 1080]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.screenshot({ path: `test-results/dump-file-refused-${w}.png` });
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  }

  // Cancel leaves everything; then a file redis-server wrote.
  const theirs = await redisDump();
  if (theirs !== undefined) {
    await choose(page, 'redis.rdb', theirs);
    if (process.env.SHOTS) {
      for (const [w, h] of [[390, 844], [1280, 800], [1920, 1080]] as const) {
        await page.setViewportSize({ width: w, height: h });
        await page.screenshot({ path: `test-results/dump-file-confirm-${w}.png` });
      }
      await page.setViewportSize({ width: 1280, height: 800 });
    }
    await panel(page).getByRole('button', { name: 'Cancel' }).click();
    expect(await reply(term, 'DBSIZE')).toContain('(integer) 4');
    await choose(page, 'redis.rdb', theirs);
    await panel(page).getByRole('button', { name: 'Replace the keyspace' }).click();
    await expect(page.getByTestId('dump-file-status')).toHaveText('Loaded 2 keys from redis.rdb.');
    expect(await reply(term, 'GET from:redis')).toContain('"hello from redis-server"');
    expect(await reply(term, 'ZSCORE board ada')).toContain('"10"');
    expect(await reply(term, 'EXISTS greeting')).toContain('(integer) 0');
  }
  await term.run('FLUSHALL');
});
