import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { openTerminal, TerminalPage, loggedReply } from './terminal';
import { mulberry32 as random } from '../test/support/rng';

/**
 * Nothing a learner made is lost: every change is saved in IndexedDB as it
 * is answered, across reloads, tabs, lessons, a full disk and corrupt data.
 */

const start = (page: Page, query = ''): Promise<TerminalPage> => openTerminal(page, { query });

const reply = loggedReply;

/** The bulk strings and nils of an array reply, in order. */
function values(text: string): (string | null)[] {
  return [...text.matchAll(/"((?:[^"\\]|\\.)*)"|\(nil\)/g)].map((m) => (m[1] === undefined ? null : m[1]));
}

const notice = (page: Page) => page.getByTestId('storage-notice');

test('SET precious, then a million keys in batches of 100,000: after a reload every key is there', async ({ page }) => {
  test.setTimeout(300_000);
  let term = await start(page);
  await term.run('FLUSHALL');
  await term.run('SET precious "my work"');
  const batches: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = Date.now();
    // Slow on a loaded machine; well inside the 10 s runaway limit on a laptop.
    await term.run(`DEBUG POPULATE 100000 b${i}`, { timeout: 30_000 });
    batches.push(Date.now() - t0);
  }
  expect(await reply(term, 'DBSIZE')).toContain('1000001');
  const t0 = Date.now();
  await page.reload();
  term = new TerminalPage(page);
  await term.ready();
  // The keyspace view counts the keys once the worker restored them.
  await expect(page.getByTestId('key-count')).toHaveText('1,000,001 keys', { timeout: 120_000 });
  const restored = Date.now() - t0;
  expect(await reply(term, 'DBSIZE')).toContain('1000001');
  expect(await reply(term, 'GET precious')).toContain('"my work"');
  expect(await reply(term, 'GET b9:99999')).toContain('"value:99999"');
  console.log(`DEBUG POPULATE 100000 (reply, saving included): ${batches.join(', ')} ms; reload to DBSIZE answered at 1,000,001 keys: ${restored} ms`);
  await term.run('FLUSHALL');
});

test('a full disk: the learner is told, writes are refused (MISCONF) until allowed, INFO says err, SAVE errors; freeing space saves again', async ({ page, context, baseURL }) => {
  test.setTimeout(120_000);
  // The storage quota is read when the page opens its database: cap it first (1 MB).
  const cdp = await context.newCDPSession(page);
  const origin = new URL(baseURL!).origin;
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1024 * 1024 });
  let term = await start(page);
  await term.run('FLUSHALL');
  await term.run('SET before "saved"');
  await expect.poll(async () => reply(term, 'INFO persistence')).toContain('rdb_last_bgsave_status:ok');
  // Random text (IndexedDB compresses values: a run of zeros would fit).
  await term.paste(`SET big ${randomBytes(1_500_000).toString('base64')}\n`);
  await expect(notice(page)).toHaveAttribute('data-ok', 'false', { timeout: 30_000 });
  await expect(notice(page)).toHaveAttribute('role', 'alert');
  await expect(notice(page)).toContainText(/could not be saved.*full/);
  // What it means and how to go on, in plain words.
  await expect(notice(page)).toContainText('commands that change keys are refused');
  await expect(notice(page)).toContainText('CONFIG SET stop-writes-on-bgsave-error no');
  expect(await reply(term, 'INFO persistence')).toContain('rdb_last_bgsave_status:err');
  expect(await reply(term, 'SAVE')).toMatch(/\(error\) ERR$/);
  // As Redis with stop-writes-on-bgsave-error yes: writes are refused, reads answer.
  expect(await reply(term, 'SET during "the failure"')).toContain("(error) MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk.");
  expect(await reply(term, 'GET before')).toContain('"saved"');
  await page.screenshot({ path: 'test-results/storage-full.png' });
  // The way out the notice offers: every key, as redis-cli input.
  const [file] = await Promise.all([page.waitForEvent('download'), notice(page).getByRole('button', { name: 'Download your keys' }).click()]);
  const exported = await readFile((await file.path())!, 'utf8');
  expect(exported).toContain('before');
  expect(exported).toContain('saved');
  // The learner goes on without saving, and frees the space the big value took.
  expect(await reply(term, 'CONFIG SET stop-writes-on-bgsave-error no')).toMatch(/OK$/);
  await term.run('SET during "the failure"');
  await term.run('DEL big');
  await expect(notice(page)).toHaveAttribute('data-ok', 'true', { timeout: 30_000 });
  await expect(notice(page)).toContainText('Saving works again');
  expect(await reply(term, 'INFO persistence')).toContain('rdb_last_bgsave_status:ok');
  expect(await reply(term, 'SAVE')).toMatch(/OK$/);
  await page.reload();
  term = new TerminalPage(page);
  await term.ready();
  expect(values(await reply(term, 'MGET before during big'))).toEqual(['saved', 'the failure', null]);
});

async function openTab(context: BrowserContext): Promise<{ page: Page; term: TerminalPage }> {
  const page = await context.newPage();
  const term = await start(page);
  return { page, term };
}

test('two tabs share one keyspace: a write in one is in the other, and both keys survive reloading both', async ({ context }) => {
  const one = await openTab(context);
  await one.term.run('FLUSHALL');
  const two = await openTab(context);
  await one.term.run('SET a 1');
  await two.term.run('SET b 2');
  await expect.poll(async () => values(await reply(one.term, 'MGET a b'))).toEqual(['1', '2']);
  await expect.poll(async () => values(await reply(two.term, 'MGET a b'))).toEqual(['1', '2']);
  // The last writer wins.
  await two.term.run('SET a from-two');
  await expect.poll(async () => values(await reply(one.term, 'MGET a b'))).toEqual(['from-two', '2']);
  for (const t of [one, two]) {
    await t.page.reload();
    t.term = new TerminalPage(t.page);
    await t.term.ready();
  }
  for (const t of [one, two]) expect(values(await reply(t.term, 'MGET a b'))).toEqual(['from-two', '2']);
});

test('lessons never touch free play: all sixteen databases come back after lessons, reloads and switches', async ({ page }) => {
  test.setTimeout(120_000);
  let term = await start(page);
  await term.run('FLUSHALL');
  await term.run('DEBUG POPULATE 25000 many');
  for (let db = 0; db < 16; db++) {
    await term.run(`SELECT ${db}`);
    await term.run(`SET mine db${db}`);
  }
  await term.run('SELECT 0');
  await term.run(':lesson mental-model');
  expect(await reply(term, 'EXISTS mine')).toContain('(integer) 0');
  await term.run('SET lesson-key here');
  // A reload inside the lesson: the lesson's keys and free play are both kept.
  await page.reload();
  term = new TerminalPage(page);
  await term.ready();
  await expect.poll(async () => reply(term, 'GET lesson-key')).toContain('"here"');
  await term.run(':lesson strings');
  expect(await reply(term, 'EXISTS lesson-key many:1')).toContain('(integer) 0');
  await term.run(':free');
  expect(await reply(term, 'DBSIZE')).toContain('25001');
  for (let db = 0; db < 16; db++) {
    await term.run(`SELECT ${db}`);
    expect(values(await reply(term, 'GET mine'))).toEqual([`db${db}`]);
  }
  await term.run('SELECT 0');
  await term.run(':lesson mental-model');
  expect(await reply(term, 'GET lesson-key')).toContain('"here"');
  await term.run(':free');
  await term.run('FLUSHALL');
});

test('a reload in the middle of a paste keeps every write the screen showed answered', async ({ page }) => {
  test.setTimeout(120_000);
  let term = await start(page);
  await term.run('FLUSHALL');
  const lines = Array.from({ length: 3000 }, () => 'INCR counter').join('\n');
  await term.paste(`${lines}\n`);
  await expect.poll(async () => /\(integer\) (\d{3,})/.test(await term.text()), { intervals: [20] }).toBe(true);
  const shown = Math.max(...[...(await term.text()).matchAll(/\(integer\) (\d+)/g)].map((m) => Number(m[1])));
  await page.reload();
  term = new TerminalPage(page);
  await term.ready();
  const kept = Number(/\d+/.exec(await reply(term, 'GET counter'))?.[0]);
  console.log(`paste of 3,000 INCR: ${shown} answered on screen when the page reloaded, ${kept} kept`);
  expect(kept).toBeGreaterThanOrEqual(shown);
});

/**
 * DEL prefix:0 .. prefix:n-1, sent straight to the engine's worker as the
 * terminal's connection (client 1) would send it (a 15,000-key line is too
 * long to type); it is answered and saved as any command.
 */
async function workerDel(page: Page, prefix: string, n: number): Promise<void> {
  const worker = page.workers()[0];
  if (!worker) throw new Error('no engine worker');
  await worker.evaluate(
    ([p, count]) => {
      const argv = ['DEL'];
      for (let i = 0; i < count; i++) argv.push(`${p}:${i}`);
      const g = self as unknown as { onmessage: (ev: { data: unknown }) => void };
      g.onmessage({ data: { id: 2 ** 30, kind: 'exec', req: { client: 1, argv } } });
    },
    [prefix, n] as const,
  );
}

/** Key entries the saved records of free play hold (a key written twice counts twice, a tombstone once). */
async function storedEntries(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const r = indexedDB.open('redis-playground');
        r.onerror = () => reject(new Error('open failed'));
        r.onsuccess = () => {
          const q = r.result.transaction('keys').objectStore('keys').getAll(IDBKeyRange.bound(['free'], ['free', []]));
          q.onsuccess = () => {
            let n = 0;
            for (const rec of q.result as { keys?: unknown[]; gone?: unknown[] }[]) n += Array.isArray(rec.keys) ? rec.keys.length + (rec.gone?.length ?? 0) : 1;
            r.result.close();
            resolve(n);
          };
        };
      }),
  );
}

test('two tabs write heavily, then reload together: the records are compacted once, and every key is there', async ({ context }) => {
  test.setTimeout(300_000);
  const one = await openTab(context);
  await one.term.run('FLUSHALL');
  const two = await openTab(context);
  // Each tab: 20,000 keys, 15,000 of them deleted and made again: far more records than keys.
  const churn = async (t: { page: Page; term: TerminalPage }, p: string) => {
    await t.term.run(`DEBUG POPULATE 20000 ${p}`, { timeout: 60_000 });
    await workerDel(t.page, p, 15_000);
    await expect.poll(async () => reply(t.term, 'EXISTS ' + `${p}:14999`)).toContain('(integer) 0');
    await t.term.run(`DEBUG POPULATE 20000 ${p}`, { timeout: 60_000 });
    await t.term.run(`SET ${p}:last "from ${p}"`);
  };
  await Promise.all([churn(one, 'a'), churn(two, 'b')]);
  for (const t of [one, two]) await expect.poll(async () => reply(t.term, 'DBSIZE'), { timeout: 60_000 }).toContain('40002');
  for (const t of [one, two]) await t.term.run('SAVE');
  expect(await storedEntries(one.page)).toBeGreaterThan(2 * 40_002 + 10_000);
  // Both load at once; both find the records worth compacting, one compacts.
  await Promise.all([one.page.reload(), two.page.reload()]);
  for (const t of [one, two]) {
    t.term = new TerminalPage(t.page);
    await t.term.ready();
  }
  await expect.poll(async () => storedEntries(one.page), { timeout: 120_000 }).toBe(40_002);
  for (const t of [one, two]) {
    await t.page.reload();
    t.term = new TerminalPage(t.page);
    await t.term.ready();
  }
  for (const t of [one, two]) {
    expect(await reply(t.term, 'DBSIZE')).toContain('40002');
    expect(values(await reply(t.term, 'MGET a:0 a:14999 a:19999 b:0 b:14999 b:19999 a:last b:last'))).toEqual([
      'value:0',
      'value:14999',
      'value:19999',
      'value:0',
      'value:14999',
      'value:19999',
      'from a',
      'from b',
    ]);
  }
  await one.term.run('FLUSHALL');
});

test('a corrupt saved key is reported and skipped; the rest come back', async ({ page }) => {
  let term = await start(page);
  await term.run('FLUSHALL');
  await term.run('SET good yes');
  await term.run('SET broken "a string"');
  await term.run('ZADD board 1 ann');
  // Wait for the save, then damage two records as a bad extension or an old version might.
  await expect.poll(async () => reply(term, 'INFO persistence')).toContain('rdb_changes_since_last_save:0');
  await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('redis-playground');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(['keys', 'workspaces'], 'readwrite');
      const keys = tx.objectStore('keys');
      // Each record keeps its stamp (newer than the FLUSHALL above); only its value is damaged.
      const damage = (key: string, value: unknown) => {
        const r = keys.get(['free', 0, key]);
        r.onsuccess = () => keys.put({ ...(r.result as object), value }, ['free', 0, key]);
      };
      damage('broken', { type: 'string', v: 12345 });
      damage('board', { type: 'zset', v: [['ann', 'NaN?']] });
      tx.objectStore('workspaces').put({ now: Number.NaN }, 'free');
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  });
  await page.reload();
  term = new TerminalPage(page);
  await term.ready();
  await expect(notice(page)).toContainText('2 saved keys could not be read');
  await expect(notice(page)).toContainText('"broken"');
  await expect(notice(page)).toContainText('clock');
  expect(values(await reply(term, 'MGET good broken'))).toEqual(['yes', null]);
  expect(await reply(term, 'EXISTS board')).toContain('(integer) 0');
  const time = Number(/"(\d+)"/.exec(await reply(term, 'TIME'))?.[1]);
  expect(Math.abs(time * 1000 - Date.now())).toBeLessThan(120_000);
  await expect(page.locator('header')).not.toContainText('NaN');
});

test('crash-and-reload loop: random writes in two tabs, random reloads and closed tabs; every answered write is kept', async ({ context }) => {
  const rounds = Number(process.env.PERSIST_LOOP ?? 30);
  const seed = Number(process.env.PERSIST_SEED ?? 20261207);
  test.setTimeout(60_000 + rounds * 6_000);
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const KEYS = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5'];
  const model = new Map<string, string | null>(KEYS.map((k) => [k, null]));
  let counter = 0;
  const tabs = [await openTab(context), await openTab(context)];
  await tabs[0]!.term.run('FLUSHALL');
  const check = async (t: { term: TerminalPage }) => {
    await expect
      .poll(async () => values(await reply(t.term, `MGET ${KEYS.join(' ')} counter`)), { message: `seed ${seed}` })
      .toEqual([...KEYS.map((k) => model.get(k)!), counter === 0 ? null : String(counter)]);
  };
  for (let i = 0; i < rounds; i++) {
    const t = pick(tabs);
    const r = rnd();
    if (r < 0.45) {
      const k = pick(KEYS);
      await t.term.run(`SET ${k} v${i}`);
      model.set(k, `v${i}`);
    } else if (r < 0.6) {
      const k = pick(KEYS);
      await t.term.run(`DEL ${k}`);
      model.set(k, null);
    } else if (r < 0.75) {
      await t.term.run('INCR counter');
      counter++;
    } else if (r < 0.9) {
      await t.page.reload();
      t.term = new TerminalPage(t.page);
      await t.term.ready();
      await check(t);
    } else {
      await t.page.close();
      const fresh = await openTab(context);
      t.page = fresh.page;
      t.term = fresh.term;
      await check(t);
    }
  }
  for (const t of tabs) await check(t);
  // And with both tabs gone: a new one finds the same keys.
  for (const t of tabs) await t.page.close();
  await check(await openTab(context));
});
