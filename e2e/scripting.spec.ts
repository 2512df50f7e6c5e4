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
