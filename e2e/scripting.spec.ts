import { expect, test } from '@playwright/test';
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
