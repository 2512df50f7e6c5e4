import { expect, test, type Locator, type Page } from '@playwright/test';
import { TerminalPage } from './terminal';

/**
 * Scripts in the browser: the Lua VM (WebAssembly) is fetched only when
 * the first script runs, the script's writes reach the keyspace view, and
 * functions load and run.
 */
test('EVAL loads the Lua VM on first use and its writes reach the keyspace view', async ({ page }) => {
  const wasm: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('.wasm')) wasm.push(r.url());
  });
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('./');
  const term = new TerminalPage(page);
  await term.ready();
  await term.run('FLUSHALL');
  await term.run('SET plain 1');
  expect(wasm, 'no Lua before the first script').toEqual([]);
  await term.run(`EVAL "redis.call('HSET', KEYS[1], 'hits', ARGV[1]) return redis.call('HINCRBY', KEYS[1], 'hits', 1)" 1 page:1 41`);
  await expect.poll(async () => (await term.text()).includes('(integer) 42')).toBe(true);
  expect(wasm.length).toBe(1);
  await expect(page.getByTestId('key-count')).toHaveText('2 keys');
  await term.run(`EVAL "return redis.call('GET', KEYS[1])" 1 page:1`);
  await expect.poll(async () => (await term.text()).includes('WRONGTYPE Operation against a key holding the wrong kind of value script:')).toBe(true);
  await term.run(`FUNCTION LOAD "#!lua name=lib\\nredis.register_function('double', function(keys, args) return args[1] * 2 end)"`);
  await term.run('FCALL double 0 21');
  await expect.poll(async () => (await term.text()).match(/\(integer\) 42/g)?.length ?? 0).toBe(2);
});

test('a loaded function survives a reload (libraries are saved with the keys); cached scripts do not', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('./');
  let term = new TerminalPage(page);
  await term.ready();
  await term.run('FLUSHALL');
  await term.run('FUNCTION FLUSH');
  await term.run(`FUNCTION LOAD "#!lua name=keep\\nredis.register_function('triple', function(keys, args) return args[1] * 3 end)"`);
  await expect.poll(async () => (await term.text()).includes('"keep"')).toBe(true);
  await term.run('SCRIPT LOAD "return 7"');
  await term.run('SAVE');
  await expect.poll(async () => (await term.text()).includes('OK')).toBe(true);
  await page.reload();
  term = new TerminalPage(page);
  await term.ready();
  await term.run('FCALL triple 0 14');
  await expect.poll(async () => (await term.text()).includes('(integer) 42')).toBe(true);
  await term.run('SCRIPT EXISTS 59b6ab2fbe0ee4b25733de0f62e6cda4899ef8e9');
  await expect.poll(async () => (await term.text()).includes('1) (integer) 0')).toBe(true);
  await term.run('FUNCTION LIST');
  await expect.poll(async () => (await term.text()).includes('library_name')).toBe(true);
  await term.run('FUNCTION DELETE keep');
  await term.run('SAVE');
  await page.reload();
  term = new TerminalPage(page);
  await term.ready();
  await term.run('FCALL triple 0 14');
  await expect.poll(async () => (await term.text()).includes('Function not found')).toBe(true);
});

test('the Lua lesson: two servers break a limit with GET and INCR, WATCH retries, a script holds it; the limiter step is reached by typing', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('./?lesson=lua-scripts');
  const term = new TerminalPage(page);
  await term.ready();
  await expect(page.getByTestId('section-title')).toHaveText('Two servers, one limit');
  const race = page.getByTestId('limit-race');
  await race.getByRole('button', { name: 'GET, compare, INCR' }).click();
  await expect(race.getByRole('status')).toHaveText('2 allowed, the counter is at 6: over the limit of 5.', { timeout: 15_000 });
  await race.getByRole('button', { name: 'WATCH and retry' }).click();
  await expect(race.getByRole('status')).toHaveText('1 allowed, the counter is at 5: the limit held.', { timeout: 15_000 });
  await expect(race).toContainText('nil: the key changed, retry');
  await race.getByRole('button', { name: 'One Lua script' }).click();
  await expect(race.getByRole('status')).toHaveText('1 allowed, the counter is at 5: the limit held.', { timeout: 15_000 });
  await expect(race).toContainText('refused: read and write in one step');
  // The widget's clients are its own: the learner's step journal is untouched.
  await page.goto('./?lesson=lua-scripts&step=one-script-one-step');
  await term.ready();
  const card = page.locator('[data-testid="step-card"][data-step="limiter"]');
  await expect(card).toHaveAttribute('data-done', 'false');
  const script = `local n = tonumber(redis.call('GET', KEYS[1]) or '0') if n >= tonumber(ARGV[1]) then return 0 end if redis.call('INCR', KEYS[1]) == 1 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end return 1`;
  await term.run(`5 EVAL "${script}" 1 ratelimit:lua:user:7 5 60`);
  await expect(card).toHaveAttribute('data-done', 'false');
  await term.run(`EVAL "${script}" 1 ratelimit:lua:user:7 5 60`);
  await expect(card).toHaveAttribute('data-done', 'true');
  await expect(page.getByTestId('key-count')).toContainText('2 keys');
});

/** A terminal pane by its client label. */
function paneOf(page: Page, label: string): TerminalPage {
  const t = new TerminalPage(page);
  (t as { root: Locator }).root = page.locator(`[data-client="${label}"]`).getByTestId('terminal');
  return t;
}

test('a script that never ends: other clients get BUSY, SCRIPT KILL stops it, Ctrl-C kills the next one; the page answers throughout', { tag: '@serial' }, async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('./');
  const one = paneOf(page, 'client 1');
  await one.ready();
  await page.getByRole('button', { name: '+ client' }).click();
  const two = paneOf(page, 'client 2');
  await two.ready();
  await one.run('FLUSHALL');
  await one.run('SET before 1');
  await one.run('CONFIG SET busy-reply-threshold 1000');
  // Client 1 starts a script that loops for ever (no prompt comes back).
  await one.root.locator('.xterm-helper-textarea').focus();
  await page.keyboard.type('EVAL "while true do end" 0');
  await page.keyboard.press('Enter');
  // Past busy-reply-threshold, the other client is answered at once, as Redis answers it.
  await page.waitForTimeout(1500);
  await two.run('PING');
  await expect(two.root.locator('.xterm-rows')).toContainText('(error) BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.');
  await two.run('FUNCTION KILL');
  await expect(two.root.locator('.xterm-rows')).toContainText('(error) BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.');
  // The page itself stays usable: the timeline opens and closes while the script runs.
  await page.getByRole('button', { name: 'Timeline' }).click();
  await page.keyboard.press('Escape');
  await two.run('SCRIPT KILL');
  await expect(two.root.locator('.xterm-rows')).toContainText('OK');
  await expect(one.root.locator('.xterm-rows')).toContainText('(error) ERR Script killed by user with SCRIPT KILL...');
  // The keys are as they were before the script, and both clients work again.
  await expect.poll(async () => (await one.text()).split('\n').filter((l) => l.trim() !== '').at(-1)).toMatch(/^127\.0\.0\.1:6379>$/);
  await one.run('GET before');
  await expect(one.root.locator('.xterm-rows')).toContainText('"1"');
  await two.run('PING');
  await expect(two.root.locator('.xterm-rows')).toContainText('PONG');
  // Ctrl-C in the script's own terminal kills it (redis-cli would exit and leave it running).
  await one.root.locator('.xterm-helper-textarea').focus();
  await page.keyboard.type('EVAL "local n = 0 while true do n = n + 1 end" 0');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(300);
  await page.keyboard.press('Control+C');
  await expect(one.root.locator('.xterm-rows')).toContainText('the playground sent SCRIPT KILL for you');
  await expect.poll(async () => (await one.text()).replace(/\n/g, '').match(/Script killed by user with SCRIPT KILL/g)?.length ?? 0).toBe(2);
  await one.run('GET before');
  await page.screenshot({ path: `${process.env.SHOTS_DIR ?? 'test-results'}/busy-script-killed.png` });
});
