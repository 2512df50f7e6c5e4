/**
 * A redis-cli (linenoise) style line editor, split as keymap -> buffer ->
 * render so it can be tested without a DOM. Feed it the data xterm.js emits
 * (`onData`); it returns effects for the terminal view to carry out.
 */
import { dropControls } from '../cli/escape';
import { stringWidth } from './width';

export type Effect =
  | { readonly type: 'write'; readonly data: string }
  | { readonly type: 'submit'; readonly line: string }
  | { readonly type: 'paste'; readonly lines: readonly string[] }
  | { readonly type: 'clear' }
  | { readonly type: 'complete' };

export interface EditorOptions {
  /** Grey text shown after the line (argument hints). */
  hint?: (line: string) => string;
  /** Completion candidates for the line; cycled with repeated Tab. */
  complete?: (line: string) => readonly string[];
  history?: readonly string[];
  historyMax?: number;
}

const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';

export class LineEditor {
  private buf: string[] = [];
  private pos = 0;
  private prompt = '';
  private cols = 80;
  /** Rows below the start row that the cursor sat on at the last render. */
  private cursorRow = 0;
  private history: string[];
  private historyIndex = -1;
  private savedLine = '';
  private pasting: string | undefined;
  private completion: { base: string; candidates: readonly string[]; index: number } | undefined;
  private search: { query: string; match: number } | undefined;
  private readonly historyMax: number;
  private active = false;

  constructor(private readonly opts: EditorOptions = {}) {
    this.history = [...(opts.history ?? [])];
    this.historyMax = opts.historyMax ?? 1000;
  }

  get line(): string {
    return this.buf.join('');
  }

  get cursor(): number {
    return this.pos;
  }

  get historyEntries(): readonly string[] {
    return this.history;
  }

  setColumns(cols: number): void {
    this.cols = Math.max(10, cols);
  }

  /** Starts editing a new line after the given prompt. */
  start(prompt: string): Effect[] {
    this.prompt = prompt;
    this.buf = [];
    this.pos = 0;
    this.cursorRow = 0;
    this.historyIndex = -1;
    this.completion = undefined;
    this.search = undefined;
    this.active = true;
    const out: Effect[] = [{ type: 'write', data: prompt }];
    // Keys typed while the last command ran are edited now, as a terminal's type-ahead is.
    if (this.typeahead !== '') {
      const keys = this.typeahead;
      this.typeahead = '';
      out.push(...this.feed(keys));
    }
    return out;
  }

  /** Keys that arrived while no line was being edited; replayed by start(). */
  private typeahead = '';
  /** More type-ahead than anyone types: the rest is dropped. */
  static readonly TYPEAHEAD_MAX = 1 << 20;

  private holdKeys(data: string): void {
    this.typeahead = (this.typeahead + data).slice(0, LineEditor.TYPEAHEAD_MAX);
  }

  /** Pauses editing (while a command runs). Keys arriving meanwhile wait for the next prompt. */
  stopEditing(): void {
    this.active = false;
  }

  get editing(): boolean {
    return this.active;
  }

  addHistory(line: string): void {
    if (line.trim() === '') return;
    if (this.history[this.history.length - 1] === line) return;
    this.history.push(line);
    if (this.history.length > this.historyMax) this.history.splice(0, this.history.length - this.historyMax);
  }

  /** Handles one chunk of input from the terminal. */
  feed(data: string): Effect[] {
    // Bracketed paste may arrive split across chunks.
    if (this.pasting !== undefined) {
      const end = data.indexOf(PASTE_END);
      if (end < 0) {
        this.pasting += data;
        return [];
      }
      const text = this.pasting + data.slice(0, end);
      this.pasting = undefined;
      return [...this.paste(text), ...this.feed(data.slice(end + PASTE_END.length))];
    }
    const start = data.indexOf(PASTE_START);
    if (start >= 0) {
      const before = this.feed(data.slice(0, start));
      this.pasting = '';
      return [...before, ...this.feed(data.slice(start + PASTE_START.length))];
    }
    if (!this.active) {
      this.holdKeys(data);
      return [];
    }
    const out: Effect[] = [];
    let i = 0;
    while (i < data.length) {
      const [key, len] = nextKey(data, i);
      i += len;
      out.push(...this.key(key));
      if (!this.active) {
        // Enter ended the line: what follows is type-ahead for the next prompt.
        if (i < data.length) this.holdKeys(data.slice(i));
        break;
      }
    }
    return out;
  }

  private paste(text: string): Effect[] {
    // Control characters in pasted text are dropped, as when typed: a pasted ESC never reaches the screen raw.
    const lines = text.replace(/\r\n?/g, '\n').split('\n').map(dropControls);
    if (lines.length === 1) return this.active ? this.insert(lines[0]!) : [];
    if (lines[lines.length - 1] === '') lines.pop();
    // The first pasted line continues what is already typed.
    if (this.active && this.buf.length > 0) lines[0] = this.line + lines[0];
    const out: Effect[] = [];
    if (this.active) {
      this.buf = [];
      this.pos = 0;
      out.push(...this.render());
    }
    out.push({ type: 'paste', lines });
    return out;
  }

  private key(k: string): Effect[] {
    if (this.search) return this.searchKey(k);
    if (k !== '\t') this.completion = undefined;
    switch (k) {
      case '\r':
      case '\n':
        return this.submit();
      case '\x7f':
      case '\b':
        if (this.pos === 0) return [];
        this.buf.splice(this.pos - 1, 1);
        this.pos--;
        return this.render();
      case '\x1b[3~':
      case '\x04': // Ctrl-D deletes under the cursor (on an empty line redis-cli would exit; we stay)
        if (this.pos >= this.buf.length) return [];
        this.buf.splice(this.pos, 1);
        return this.render();
      case '\x1b[D':
      case '\x02':
        if (this.pos === 0) return [];
        this.pos--;
        return this.render();
      case '\x1b[C':
      case '\x06':
        if (this.pos >= this.buf.length) return [];
        this.pos++;
        return this.render();
      case '\x1b[H':
      case '\x1bOH':
      case '\x1b[1~':
      case '\x01':
        this.pos = 0;
        return this.render();
      case '\x1b[F':
      case '\x1bOF':
      case '\x1b[4~':
      case '\x05':
        this.pos = this.buf.length;
        return this.render();
      case '\x15': // Ctrl-U: delete the whole line (linenoise)
        this.buf = [];
        this.pos = 0;
        return this.render();
      case '\x0b': // Ctrl-K: delete to end of line
        this.buf.splice(this.pos);
        return this.render();
      case '\x17': {
        // Ctrl-W: delete the previous word
        let p = this.pos;
        while (p > 0 && this.buf[p - 1] === ' ') p--;
        while (p > 0 && this.buf[p - 1] !== ' ') p--;
        this.buf.splice(p, this.pos - p);
        this.pos = p;
        return this.render();
      }
      case '\x14': {
        // Ctrl-T: swap the characters around the cursor
        if (this.pos === 0 || this.buf.length < 2) return [];
        const p = this.pos === this.buf.length ? this.pos - 1 : this.pos;
        const a = this.buf[p - 1]!;
        this.buf[p - 1] = this.buf[p]!;
        this.buf[p] = a;
        if (this.pos < this.buf.length) this.pos++;
        return this.render();
      }
      case '\x1bb':
      case '\x1b[1;5D':
      case '\x1b[1;3D':
        this.pos = wordLeft(this.buf, this.pos);
        return this.render();
      case '\x1bf':
      case '\x1b[1;5C':
      case '\x1b[1;3C':
        this.pos = wordRight(this.buf, this.pos);
        return this.render();
      case '\x1b[A':
      case '\x10':
        return this.historyMove(1);
      case '\x1b[B':
      case '\x0e':
        return this.historyMove(-1);
      case '\x0c': // Ctrl-L
        return [{ type: 'clear' }, ...this.redrawAfterClear()];
      case '\x03': {
        // Ctrl-C: abandon the line (redis-cli would quit; a browser tab should not)
        const out = this.finishLine('^C');
        return [...out, ...this.start(this.prompt)];
      }
      case '\x12':
        this.search = { query: '', match: -1 };
        return this.renderSearch();
      case '\t':
        return this.tab();
      default:
        if (k.length === 0 || k.startsWith('\x1b')) return [];
        if (k.length === 1 && k.charCodeAt(0) < 32) return [];
        return this.insert(k);
    }
  }

  private insert(text: string): Effect[] {
    // Control characters are dropped; everything else is inserted verbatim.
    const chars = Array.from(text).filter((c) => {
      const n = c.codePointAt(0)!;
      return n >= 32 && !(n >= 0x7f && n <= 0x9f);
    });
    if (chars.length === 0) return [];
    // Not splice(pos, 0, ...chars): spreading a megabyte paste overflows the call stack.
    this.buf = this.pos === this.buf.length ? this.buf.concat(chars) : [...this.buf.slice(0, this.pos), ...chars, ...this.buf.slice(this.pos)];
    this.pos += chars.length;
    return this.render();
  }

  private submit(): Effect[] {
    const line = this.line;
    const out = this.finishLine();
    this.active = false;
    out.push({ type: 'submit', line });
    return out;
  }

  /** Re-renders without a hint, moves below the line. */
  private finishLine(suffix = ''): Effect[] {
    const out = this.render(false);
    const end = this.endPosition(false);
    const moveDown = end.row - this.cursorRow;
    let data = moveDown > 0 ? `\x1b[${moveDown}B` : '';
    // A line that exactly fills its last row already left the cursor on a fresh row: no blank line.
    data += end.row > 0 && end.col === 0 && suffix === '' ? '' : `${suffix}\r\n`;
    out.push({ type: 'write', data });
    this.cursorRow = 0;
    return out;
  }

  private redrawAfterClear(): Effect[] {
    this.cursorRow = 0;
    return [{ type: 'write', data: this.prompt }, ...this.render()];
  }

  private historyMove(dir: 1 | -1): Effect[] {
    if (this.history.length === 0) return [];
    if (this.historyIndex === -1) this.savedLine = this.line;
    const next = this.historyIndex + dir;
    if (next < -1 || next >= this.history.length) return [];
    this.historyIndex = next;
    const line = next === -1 ? this.savedLine : this.history[this.history.length - 1 - next]!;
    this.buf = Array.from(line);
    this.pos = this.buf.length;
    return this.render();
  }

  private tab(): Effect[] {
    const complete = this.opts.complete;
    if (!complete) return [];
    if (this.completion === undefined) {
      const candidates = complete(this.line);
      if (candidates.length === 0) return [{ type: 'write', data: '\x07' }];
      this.completion = { base: this.line, candidates, index: 0 };
    } else {
      this.completion.index = (this.completion.index + 1) % (this.completion.candidates.length + 1);
    }
    const { base, candidates, index } = this.completion;
    // After the last candidate, linenoise shows the original line again.
    const line = index < candidates.length ? candidates[index]! : base;
    this.buf = Array.from(line);
    this.pos = this.buf.length;
    return this.render();
  }

  // ---- Ctrl-R reverse search -------------------------------------------

  private findMatch(query: string, before: number): number {
    for (let i = Math.min(before, this.history.length - 1); i >= 0; i--) {
      if (this.history[i]!.includes(query)) return i;
    }
    return -1;
  }

  private searchKey(k: string): Effect[] {
    const s = this.search!;
    if (k === '\x12') {
      const m = this.findMatch(s.query, s.match - 1);
      if (m >= 0) s.match = m;
      return this.renderSearch();
    }
    if (k === '\x7f' || k === '\b') {
      s.query = Array.from(s.query).slice(0, -1).join('');
      s.match = this.findMatch(s.query, this.history.length - 1);
      return this.renderSearch();
    }
    if (k === '\x03' || k === '\x07') {
      this.search = undefined;
      return this.renderNormalFromSearch(this.line);
    }
    if (k.length >= 1 && !k.startsWith('\x1b') && k.charCodeAt(0) >= 32) {
      s.query += k;
      s.match = this.findMatch(s.query, this.history.length - 1);
      return this.renderSearch();
    }
    // Any other key accepts the match and is then handled normally.
    const found = s.match >= 0 ? this.history[s.match]! : this.line;
    this.search = undefined;
    const out = this.renderNormalFromSearch(found);
    return [...out, ...this.key(k)];
  }

  private renderNormalFromSearch(line: string): Effect[] {
    this.buf = Array.from(line);
    this.pos = this.buf.length;
    return this.render();
  }

  private renderSearch(): Effect[] {
    const s = this.search!;
    const found = s.match >= 0 ? this.history[s.match]! : '';
    const label = `(reverse-i-search)\`${s.query}': `;
    return this.draw(label, Array.from(found), Array.from(found).length, '', true);
  }

  // ---- Rendering ---------------------------------------------------------

  private endPosition(withHint: boolean): { row: number; col: number } {
    const w = stringWidth(Array.from(this.prompt)) + stringWidth(this.buf) + (withHint ? stringWidth(Array.from(this.hintText())) : 0);
    return { row: Math.floor(w / this.cols), col: w % this.cols };
  }

  private hintText(): string {
    if (!this.opts.hint || this.pos !== this.buf.length) return '';
    const h = this.opts.hint(this.line);
    if (!h) return '';
    // Keep the hint on the current row so it never wraps the line.
    const used = (stringWidth(Array.from(this.prompt)) + stringWidth(this.buf)) % this.cols;
    const room = this.cols - used - 1;
    if (room <= 0) return '';
    const chars = Array.from(h);
    return chars.length > room ? chars.slice(0, room).join('') : h;
  }

  render(withHint = true): Effect[] {
    return this.draw(this.prompt, this.buf, this.pos, withHint ? this.hintText() : '', false);
  }

  private draw(prompt: string, buf: readonly string[], pos: number, hint: string, _search: boolean): Effect[] {
    let data = '';
    if (this.cursorRow > 0) data += `\x1b[${this.cursorRow}A`;
    data += '\r\x1b[J';
    data += prompt + buf.join('');
    if (hint) data += `\x1b[90m${hint}\x1b[0m`;
    const promptW = stringWidth(Array.from(prompt));
    const endW = promptW + stringWidth(buf) + stringWidth(Array.from(hint));
    let endRow = Math.floor(endW / this.cols);
    // At an exact multiple of the width the terminal has not wrapped yet: force it.
    if (endW > 0 && endW % this.cols === 0) {
      data += '\r\n';
    } else if (endW % this.cols === 0) {
      endRow = 0;
    }
    const curW = promptW + stringWidth(buf.slice(0, pos));
    const curRow = Math.floor(curW / this.cols);
    const curCol = curW % this.cols;
    if (endRow > curRow) data += `\x1b[${endRow - curRow}A`;
    data += '\r';
    if (curCol > 0) data += `\x1b[${curCol}C`;
    this.cursorRow = curRow;
    return [{ type: 'write', data }];
  }
}

/** Splits the next logical key off terminal input: escape sequences stay whole. */
export function nextKey(data: string, i: number): [string, number] {
  const c = data[i]!;
  if (c !== '\x1b') {
    const cp = data.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    return [data.slice(i, i + len), len];
  }
  const n = data[i + 1];
  if (n === undefined) return ['\x1b', 1];
  if (n === '[') {
    // CSI: parameters then a final byte in 0x40..0x7e
    let j = i + 2;
    while (j < data.length && !(data.charCodeAt(j) >= 0x40 && data.charCodeAt(j) <= 0x7e)) j++;
    return [data.slice(i, j + 1), j + 1 - i];
  }
  if (n === 'O') return [data.slice(i, i + 3), Math.min(3, data.length - i)];
  return [data.slice(i, i + 2), 2];
}

function wordLeft(buf: readonly string[], pos: number): number {
  let p = pos;
  while (p > 0 && buf[p - 1] === ' ') p--;
  while (p > 0 && buf[p - 1] !== ' ') p--;
  return p;
}

function wordRight(buf: readonly string[], pos: number): number {
  let p = pos;
  while (p < buf.length && buf[p] === ' ') p++;
  while (p < buf.length && buf[p] !== ' ') p++;
  return p;
}
