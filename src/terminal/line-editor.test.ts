import { describe, expect, it } from 'vitest';
import { LineEditor, nextKey, type Effect } from './line-editor';

const submitted = (effects: Effect[]) => effects.filter((e) => e.type === 'submit').map((e) => (e as { line: string }).line);

function editor(opts: ConstructorParameters<typeof LineEditor>[0] = {}) {
  const ed = new LineEditor(opts);
  ed.start('127.0.0.1:6379> ');
  return ed;
}

/** Feeds each key sequence in turn; after it, checks the line (a string) or the cursor (a number) when given. */
function walk(ed: LineEditor, steps: readonly (readonly [keys: string, after?: string | number])[]): void {
  for (const [keys, after] of steps) {
    ed.feed(keys);
    if (typeof after === 'number') expect(ed.cursor, JSON.stringify(keys)).toBe(after);
    else if (after !== undefined) expect(ed.line, JSON.stringify(keys)).toBe(after);
  }
}

describe('LineEditor', () => {
  it('types and submits a line', () => {
    const ed = editor();
    ed.feed('GET k');
    expect(ed.line).toBe('GET k');
    expect(submitted(ed.feed('\r'))).toEqual(['GET k']);
  });

  it('moves with arrows, Home/End and Ctrl-A/E/B/F and edits in the middle', () => {
    const ed = editor();
    walk(ed, [
      ['SET k v'],
      ['\x1b[D\x1b[D'],
      ['X', 'SET kX v'],
      ['\x01', 0],
      ['\x05', 8],
      ['\x1b[H'],
      ['\x06\x06', 2],
      ['\x02', 1],
      ['\x1b[F', 8],
    ]);
  });

  it('deletes with Backspace, Delete, Ctrl-U, Ctrl-K and Ctrl-W', () => {
    const ed = editor();
    walk(ed, [
      ['SET key value'],
      ['\x7f', 'SET key valu'],
      ['\x17', 'SET key '],
      ['\x01\x1b[3~', 'ET key '],
      ['\x06\x06\x0b', 'ET'],
      ['\x15', ''],
    ]);
  });

  it('jumps words with Alt-B and Alt-F', () => {
    const ed = editor();
    walk(ed, [
      ['HSET user:1 name Ada'],
      ['\x1bb', 17],
      ['\x1bb\x1bb', 5],
      ['\x1bf', 11],
    ]);
  });

  it('walks history with Up and Down and keeps the line being typed', () => {
    const ed = editor({ history: ['GET a', 'GET b'] });
    walk(ed, [
      ['SE'],
      ['\x1b[A', 'GET b'],
      ['\x1b[A', 'GET a'],
      ['\x1b[A', 'GET a'],
      ['\x1b[B\x1b[B', 'SE'],
    ]);
  });

  it('searches history backwards with Ctrl-R', () => {
    const ed = editor({ history: ['SET a 1', 'GET a', 'SET b 2'] });
    ed.feed('\x12');
    ed.feed('SET');
    ed.feed('\x12');
    expect(submitted(ed.feed('\r'))).toEqual(['SET a 1']);
  });

  it('cycles Tab completions and returns to the original text', () => {
    const ed = editor({ complete: (l) => (l.toLowerCase() === 'hg' ? ['hget', 'hgetall'] : []) });
    ed.feed('hg');
    ed.feed('\t');
    expect(ed.line).toBe('hget');
    ed.feed('\t');
    expect(ed.line).toBe('hgetall');
    ed.feed('\t');
    expect(ed.line).toBe('hg');
  });

  it('shows a grey hint after the line', () => {
    const ed = editor({ hint: (l) => (l === 'SET ' ? 'key value' : '') });
    const out = ed.feed('SET ');
    const drawn = out.map((e) => (e.type === 'write' ? e.data : '')).join('');
    expect(drawn).toContain('\x1b[90mkey value\x1b[0m');
  });

  it('turns a bracketed paste of several lines into a paste effect', () => {
    const ed = editor();
    const out = ed.feed('\x1b[200~SET a 1\r\nSET b 2\nGET a\x1b[201~');
    const paste = out.find((e) => e.type === 'paste');
    expect(paste).toEqual({ type: 'paste', lines: ['SET a 1', 'SET b 2', 'GET a'] });
  });

  it('handles a paste split across chunks', () => {
    const ed = editor();
    expect(ed.feed('\x1b[200~SET a')).toEqual([]);
    const out = ed.feed(' 1\nGET a\n\x1b[201~');
    expect(out.find((e) => e.type === 'paste')).toEqual({ type: 'paste', lines: ['SET a 1', 'GET a'] });
  });

  it('leaves no blank line when the line exactly fills the terminal width', () => {
    const ed = new LineEditor({ hint: () => 'value [NX|XX]' });
    ed.setColumns(23);
    const screen: string[] = [];
    const show = (effects: Effect[]) => effects.forEach((e) => e.type === 'write' && screen.push(e.data));
    show(ed.start('127.0.0.1:6379> '));
    for (const ch of 'SET k v') show(ed.feed(ch));
    show(ed.feed('\r'));
    const all = screen.join('');
    // The last draw wraps by itself ("\r\n" at the exact width); Enter adds no second newline.
    expect(all).toMatch(/SET k v\r\n\r?$/);
    // One char shorter: Enter moves to the next row as usual.
    const ed2 = new LineEditor();
    ed2.setColumns(23);
    ed2.start('127.0.0.1:6379> ');
    ed2.feed('SET k ');
    expect(ed2.feed('\r').map((e) => (e.type === 'write' ? e.data : '')).join('')).toMatch(/SET k \r?(\x1b\[\d+C)?\r\n$/);
  });

  it('keeps keys typed while a command runs and edits them at the next prompt', () => {
    const ed = editor();
    // Two lines in one chunk: the second waits for the next prompt.
    expect(submitted(ed.feed('PING\rECHO hi\r'))).toEqual(['PING']);
    expect(submitted(ed.start('127.0.0.1:6379> '))).toEqual(['ECHO hi']);
    ed.start('127.0.0.1:6379> ');
    ed.feed('GET k');
    expect(ed.editing).toBe(true);
    ed.stopEditing();
    ed.start('127.0.0.1:6379> ');
    ed.stopEditing();
    ed.feed('LLEN \x1b[D\x1b[Dx');
    const shown = ed.start('127.0.0.1:6379> ');
    expect(ed.line).toBe('LLExN ');
    expect(shown.map((e) => (e.type === 'write' ? e.data : '')).join('')).toContain('LLExN');
  });

  it('survives random bytes and lone escapes without throwing', () => {
    const ed = editor({ history: ['PING'] });
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let i = 0; i < 2000; i++) {
      const len = Math.floor(rnd() * 8);
      let s = '';
      for (let j = 0; j < len; j++) s += String.fromCharCode(Math.floor(rnd() * 0x300));
      if (rnd() < 0.1) s = '\x1b';
      if (rnd() < 0.05) s = '\x1b[';
      const out = ed.feed(s);
      if (out.some((e) => e.type === 'submit')) ed.start('> ');
    }
    expect(typeof ed.line).toBe('string');
    expect(ed.historyEntries).toEqual(['PING']);
  });

  it('wraps long lines and keeps the cursor on the right row', () => {
    const ed = new LineEditor();
    ed.setColumns(20);
    ed.start('127.0.0.1:6379> ');
    ed.feed('x'.repeat(30));
    ed.feed('\x01');
    const out = ed.feed('\x1b[C');
    const data = out.map((e) => (e.type === 'write' ? e.data : '')).join('');
    // The cursor was on row 0 (at the start); the line spans 3 rows: move up from the end.
    expect(data).toMatch(/\x1b\[2A\r\x1b\[17C$/);
  });
});

describe('nextKey', () => {
  it('keeps escape sequences whole and surrogate pairs together', () => {
    expect(nextKey('\x1b[3~x', 0)).toEqual(['\x1b[3~', 4]);
    expect(nextKey('\x1bOH', 0)).toEqual(['\x1bOH', 3]);
    expect(nextKey('😀', 0)).toEqual(['😀', 2]);
    expect(nextKey('\x1b', 0)).toEqual(['\x1b', 1]);
  });
});
