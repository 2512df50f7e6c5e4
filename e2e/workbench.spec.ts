import { seriousViolations } from './axe';
import { expect, test, type Page } from '@playwright/test';
import { openTerminal } from './terminal';
import { atSizes } from './sizes';

/**
 * The workbench: opened from the keyboard, several commands typed and run
 * at once with their replies under each (as redis-cli prints them) and the
 * keyspace view following; a Lua script with KEYS and ARGV, its result and
 * its redis.log line; a compile error marked at its line; axe on it at the
 * three screen sizes.
 */
test.describe.configure({ timeout: 120_000 });

const editor = (page: Page, which: 'commands' | 'lua') => page.getByTestId(which === 'commands' ? 'wb-commands-editor' : 'wb-lua-editor').locator('.cm-content');

/**
 * The keyboard way in: F6 to the terminal region, Esc to leave the terminal's
 * input, then Shift+Tab back through its toolbar to the Workbench button, and Enter.
 */
async function openByKeyboard(page: Page): Promise<void> {
  const toggle = page.getByTestId('workbench-toggle');
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('F6');
    if (await page.evaluate(() => document.activeElement?.classList.contains('xterm-helper-textarea') ?? false)) break;
  }
  await page.keyboard.press('Escape');
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Shift+Tab');
    if (await toggle.evaluate((el) => el === document.activeElement)) break;
  }
  await expect(toggle).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  // The editor takes focus, ready to type.
  await expect(editor(page, 'commands')).toBeFocused();
}

/** Types lines into the focused editor as a person would (Esc closes a completion before Enter). */
async function typeLines(page: Page, lines: readonly string[]): Promise<void> {
  for (const [i, line] of lines.entries()) {
    await page.keyboard.type(line);
    await page.keyboard.press('Escape');
    if (i < lines.length - 1) await page.keyboard.press('Enter');
  }
}

test('commands typed in the workbench run together; each reply shows under its command and the keyspace view follows', async ({ page }) => {
  const term = await openTerminal(page, { empty: true, reducedMotion: true });
  await term.run('SET other 1');
  await expect(page.getByTestId('key-count')).toHaveText('1 key');
  await openByKeyboard(page);
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await typeLines(page, ['SET wb:greeting "hi there"', 'RPUSH wb:list a b c', '', '# a comment', 'LRANGE wb:list 0 -1', 'GET wb:greeting', 'HSET wb:h f', 'NOSUCH x']);

  // Problems are underlined before anything runs: wrong arity, unknown command.
  const cm = page.getByTestId('wb-commands-editor');
  await expect(cm.locator('.cm-lintRange-error')).toHaveCount(2);
  await expect(cm.locator('.cm-line', { hasText: 'HSET wb:h f' }).locator('.cm-lintRange-error')).toHaveCount(1);
  await expect(cm.locator('.cm-line', { hasText: 'NOSUCH x' }).locator('.cm-lintRange-error')).toHaveText('NOSUCH');
  // Highlighting: the command names and keys carry their roles.
  await expect(cm.locator('.cm-rd-command').first()).toHaveText('SET');
  await expect(cm.locator('.cm-rd-key').first()).toHaveText('wb:greeting');

  await page.keyboard.press('Shift+ControlOrMeta+Enter');
  const results = page.getByTestId('wb-result');
  await expect(results).toHaveCount(6);
  const rows = await results.evaluateAll((els) =>
    els.map((el) => [el.querySelector('[data-testid="wb-result-command"]')!.textContent, el.querySelector('[data-testid="wb-result-output"]')!.textContent]),
  );
  expect(rows).toEqual([
    ['SET wb:greeting "hi there"', 'OK'],
    ['RPUSH wb:list a b c', '(integer) 3'],
    ['LRANGE wb:list 0 -1', '1) "a"\n2) "b"\n3) "c"'],
    ['GET wb:greeting', '"hi there"'],
    ['HSET wb:h f', "(error) ERR wrong number of arguments for 'hset' command"],
    ['NOSUCH x', "(error) ERR unknown command 'NOSUCH', with args beginning with: 'x' "],
  ]);
  // The keyspace view saw the workbench's writes.
  await expect(page.getByTestId('key-count')).toHaveText('3 keys');
  await expect(page.getByTestId('keyspace').locator('[data-key="wb:list"]')).toBeVisible();
  // Announced politely.
  await expect(page.getByTestId('wb-announce')).toContainText('Ran 6 commands, 2 with an error');

  // Ctrl+Enter runs only the cursor's line.
  await editor(page, 'commands').focus();
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.type('INCR wb:n');
  await page.keyboard.press('Escape');
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(results).toHaveCount(1);
  await expect(results.first()).toContainText('(integer) 1');

  // The history opens an earlier run again: its text and its results.
  await page.getByTestId('wb-history').locator('summary').click();
  await page.getByTestId('wb-history').getByRole('button', { name: /SET wb:greeting/ }).click();
  await expect(results).toHaveCount(6);
  await expect(editor(page, 'commands')).not.toContainText('INCR wb:n');

  // Esc, then Tab, leaves the editor.
  await editor(page, 'commands').focus();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  await expect(editor(page, 'commands')).not.toBeFocused();
  // F6 comes back to it: the terminal's region shows the workbench.
  for (let i = 0; i < 4 && !(await editor(page, 'commands').evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('F6');
  await expect(editor(page, 'commands')).toBeFocused();

  // The terminal's connection was not touched (the workbench has its own), and sees the keys.
  await page.getByRole('button', { name: 'client 1', exact: true }).click();
  await term.run('LLEN wb:list');
  await expect.poll(async () => (await term.text()).includes('(integer) 3')).toBe(true);

  // Open or closed, the choice survives a reload, with the editors' text.
  const toggle = page.getByTestId('workbench-toggle');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await page.reload();
  await expect(page.getByTestId('workbench-toggle')).toHaveAttribute('aria-pressed', 'true');
  await expect(editor(page, 'commands')).toContainText('SET wb:greeting');
  await page.getByRole('button', { name: 'client 1', exact: true }).click();
  await expect(page.getByTestId('workbench-toggle')).toHaveAttribute('aria-pressed', 'false');
  await page.reload();
  await expect(page.getByTestId('workbench-toggle')).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByTestId('terminal')).toBeVisible();
});

test('a Lua script with KEYS and ARGV runs with its result and redis.log line; a compile error is marked at its line', async ({ page }) => {
  await openTerminal(page, { empty: true, reducedMotion: true });
  await openByKeyboard(page);
  // The tabs: arrow keys move between them.
  await page.getByRole('tab', { name: 'Commands' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Lua script' })).toHaveAttribute('aria-selected', 'true');

  const lua = editor(page, 'lua');
  await lua.focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText("redis.call('SET', KEYS[1], ARGV[1])\nredis.log(redis.LOG_WARNING, 'stored ' .. KEYS[1])\nreturn redis.call('STRLEN', KEYS[1])");
  // Lua is highlighted.
  await expect(page.getByTestId('wb-lua-editor').locator('.cm-lua-string').first()).toHaveText("'SET'");
  await page.getByTestId('wb-keys').fill('wb:lua');
  await page.getByTestId('wb-args').fill('"hello lua"');
  await lua.focus();
  await page.keyboard.press('ControlOrMeta+Enter');
  const out = page.getByTestId('wb-result-output');
  await expect(out).toHaveText('(integer) 9');
  await expect(page.getByTestId('wb-result-log')).toContainText('[warning] stored wb:lua');
  await expect(page.getByTestId('key-count')).toHaveText('1 key');
  await expect(page.getByTestId('keyspace').locator('[data-key="wb:lua"]')).toBeVisible();

  // A compile error: underlined at line 3, where Lua found it.
  await lua.focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText('local a = 1\nlocal b = 2\nreturn a +');
  await page.getByRole('button', { name: /Run \(EVAL\)/ }).click();
  await expect(out).toContainText('Error compiling script');
  await expect(out).toContainText('user_script:3:');
  const lines = page.getByTestId('wb-lua-editor').locator('.cm-line');
  await expect(lines.nth(2).locator('.cm-lintRange-error')).toHaveCount(1);
  await expect(lines.nth(0).locator('.cm-lintRange-error')).toHaveCount(0);
  await expect(page.getByTestId('wb-announce')).toContainText('Error at line 3');

  // Loaded as a function library, then called from the commands editor.
  await lua.focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText("#!lua name=wblib\nredis.register_function('wb_double', function(keys, args) return args[1] * 2 end)");
  await page.getByRole('button', { name: 'Load as function' }).click();
  await expect(out).toHaveText('"wblib"');
  await page.getByRole('tab', { name: 'Commands' }).click();
  await editor(page, 'commands').focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.type('FCALL wb_double 0 21');
  await page.keyboard.press('Escape');
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(page.getByTestId('wb-result-output')).toHaveText('(integer) 42');
});

test('a script that never ends is stopped from the workbench; the page answers throughout', async ({ page }) => {
  const term = await openTerminal(page, { empty: true, reducedMotion: true });
  await page.getByTestId('workbench-toggle').click();
  await page.getByRole('tab', { name: 'Lua script' }).click();
  await editor(page, 'lua').focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText('local n = 0\nwhile true do n = n + 1 end');
  await page.getByRole('button', { name: /Run \(EVAL\)/ }).click();
  const stop = page.getByRole('button', { name: 'Stop', exact: true });
  await expect(stop).toBeVisible();
  // The page is not frozen: the tabs still switch while the script runs.
  await page.getByRole('tab', { name: 'Commands' }).click();
  await expect(page.getByRole('tab', { name: 'Commands' })).toHaveAttribute('aria-selected', 'true');
  await stop.click();
  await page.getByRole('tab', { name: 'Lua script' }).click();
  await expect(page.getByTestId('wb-result-output')).toContainText('(error)');
  await expect(page.getByTestId('wb-result-output')).toContainText('SCRIPT KILL');
  // The engine answers again, to the workbench and to the terminal.
  await page.getByRole('button', { name: 'client 1', exact: true }).click();
  await term.run('PING');
  await expect.poll(async () => (await term.text()).includes('PONG')).toBe(true);
});

test("the editors follow the terminal's font size, presenter mode's too", async ({ page }) => {
  await openTerminal(page, { reducedMotion: true });
  await page.getByTestId('workbench-toggle').click();
  const size = (which: 'commands' | 'lua') => editor(page, which).evaluate((el) => getComputedStyle(el).fontSize);
  await expect.poll(() => size('commands')).toBe('15px');
  await page.getByRole('button', { name: 'A+ larger text' }).click();
  await page.getByRole('button', { name: 'A+ larger text' }).click();
  await expect.poll(() => size('commands')).toBe('17px');
  await page.getByRole('tab', { name: 'Lua script' }).click();
  await expect.poll(() => size('lua')).toBe('17px');
  await page.getByRole('button', { name: 'A− smaller text' }).click();
  await page.getByRole('button', { name: 'A− smaller text' }).click();

  // Presenter mode: W shows the workbench at the projector's size (20 px at 1280 wide).
  await page.goto('./?lesson=strings&mode=present');
  await expect(page.getByTestId('presenter')).toBeVisible();
  await page.getByTestId('slide').focus();
  await page.keyboard.press('w');
  await expect(editor(page, 'commands')).toBeFocused();
  await expect.poll(() => size('commands')).toBe('20px');
  // Typing in it does not step the slides.
  const title = await page.getByTestId('slide-title').textContent();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('PING');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(page.getByTestId('wb-result-output')).toHaveText('PONG');
  await expect(page.getByTestId('slide-title')).toHaveText(title!);
  // Esc goes back to the slide, as from the terminal.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('slide')).toBeFocused();
});

for (const viewport of atSizes(
  [
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
    { width: 1920, height: 1080 },
  ],
  2,
)) {
  test(`axe: the workbench at ${viewport.width}x${viewport.height} has no serious or critical violations`, async ({ page }) => {
    await openTerminal(page, { viewport, reducedMotion: true });
    await page.getByTestId('workbench-toggle').click();
    await expect(editor(page, 'commands')).toBeVisible();
    await editor(page, 'commands').focus();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.insertText('SET wb:a 1\nGET wb:a\nNOSUCH\nGET');
    // The completion list closed: axe judges the editor, not a popup of the moment.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Shift+ControlOrMeta+Enter');
    await expect(page.getByTestId('wb-result')).toHaveCount(4);
    await expect(page.getByTestId('wb-commands-editor').locator('.cm-lintRange-error')).toHaveCount(2);
    const check = async (label: string) => expect(await seriousViolations(page, '[data-testid="workbench"]'), label).toEqual([]);
    await check('commands');
    await page.getByRole('tab', { name: 'Lua script' }).click();
    await page.getByRole('button', { name: /Run \(EVAL\)/ }).click();
    await expect(page.getByTestId('wb-result-output')).toBeVisible();
    await check('lua');
    await page.screenshot({ path: `test-results/workbench-${viewport.width}.png`, fullPage: viewport.width < 1024 });
  });
}
