/**
 * The workbench's two CodeMirror 6 editors: Redis commands (one per line)
 * and Lua. What they know of Redis comes from the same places as the
 * terminal's: the command table the worker sends (names, grammar, docs,
 * key positions) through src/cli (help table, hints), and redis-cli's line
 * splitting.
 *
 * Highlighting is done with mark decorations (classes `cm-rd-*` and
 * `cm-lua-*`) from the word roles of script.ts and from the Lua stream
 * parser, so the colours are the theme's, chosen for contrast on the
 * terminal's background.
 */
import { acceptCompletion, autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap, completionStatus, startCompletion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { indentUnit, StreamLanguage, StringStream } from '@codemirror/language';
import { lua } from '@codemirror/legacy-modes/mode/lua';
import { forceLinting, linter, lintGutter, lintKeymap, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorState, Prec, RangeSetBuilder, StateEffect, type Extension } from '@codemirror/state';
import { Decoration, drawSelection, EditorView, highlightActiveLine, keymap, lineNumbers, placeholder, ViewPlugin, WidgetType, type DecorationSet, type ViewUpdate } from '@codemirror/view';
import { bundledCompletions } from '../cli/complete';
import { hintFor } from '../cli/hints';
import { helpTable, renderArgs } from '../cli/table';
import type { CommandSpec } from '../protocol/messages';
import { classifyLine, scriptLines, scriptProblems } from './script';

/** Colours on the terminal's background (#0b1020), each at least 4.5:1. */
export const workbenchTheme = EditorView.theme(
  {
    '&': { color: '#e6e9f2', backgroundColor: '#0b1020', height: '100%' },
    '.cm-scroller': { fontFamily: 'var(--font-mono)', lineHeight: '1.5' },
    '.cm-content': { caretColor: '#ff6b5b', padding: '6px 0' },
    '&.cm-focused': { outline: 'none' },
    '.cm-cursor, .cm-dropCursor': { borderLeftColor: '#ff6b5b', borderLeftWidth: '2px' },
    '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: '#33415c' },
    '.cm-activeLine': { backgroundColor: '#ffffff0a' },
    '.cm-gutters': { backgroundColor: '#0e1428', color: '#a7b0c5', borderRight: '1px solid #24304d' },
    '.cm-activeLineGutter': { backgroundColor: '#ffffff10', color: '#e6e9f2' },
    '.cm-placeholder': { color: '#a7b0c5' },
    '.cm-tooltip': { backgroundColor: '#121a2f', color: '#e6e9f2', border: '1px solid #24304d' },
    '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: '#33415c', color: '#ffffff' },
    '.cm-completionDetail': { color: '#a7b0c5', fontStyle: 'normal', marginLeft: '0.8em' },
    '.cm-completionInfo': { maxWidth: '28em' },
    '.cm-diagnostic-error': { borderLeftColor: '#ff6b5b' },
    '.cm-diagnostic-warning': { borderLeftColor: '#fcd34d' },
    '.cm-lintRange-error': { backgroundImage: 'none', textDecoration: 'underline wavy #ff6b5b', textUnderlineOffset: '3px' },
    '.cm-lintRange-warning': { backgroundImage: 'none', textDecoration: 'underline wavy #fcd34d', textUnderlineOffset: '3px' },
    '.cm-lint-marker': { width: '0.9em', height: '0.9em' },
    '.cm-rd-hint': { color: '#a7b0c5' },
    '.cm-rd-command': { color: '#ff9b8f', fontWeight: '600' },
    '.cm-rd-subcommand': { color: '#ffb4ad', fontWeight: '600' },
    '.cm-rd-key': { color: '#7dd3fc' },
    '.cm-rd-keyword': { color: '#c4b5fd' },
    '.cm-rd-number': { color: '#fcd34d' },
    '.cm-rd-string': { color: '#86efac' },
    '.cm-rd-repeat, .cm-rd-comment': { color: '#a7b0c5' },
    '.cm-rd-comment': { fontStyle: 'italic' },
    '.cm-lua-keyword': { color: '#ff9b8f', fontWeight: '600' },
    '.cm-lua-builtin': { color: '#c4b5fd' },
    '.cm-lua-string': { color: '#86efac' },
    '.cm-lua-number': { color: '#fcd34d' },
    '.cm-lua-comment': { color: '#a7b0c5', fontStyle: 'italic' },
    '.cm-lua-variable-2': { color: '#7dd3fc' },
  },
  { dark: true },
);

const marks = new Map<string, Decoration>();
const mark = (cls: string): Decoration => {
  let m = marks.get(cls);
  if (m === undefined) marks.set(cls, (m = Decoration.mark({ class: cls })));
  return m;
};

/** Adds one decoration: the range `from`..`to` of the document gets the class `cls` (empty ranges are skipped). */
type Paint = (from: number, to: number, cls: string) => void;

/** Decorations painted by `paint`, recomputed when the document, the viewport or an effect (the command table arrived) changes. */
function highlighter(paint: (view: EditorView, add: Paint) => void): Extension {
  return ViewPlugin.fromClass(
    class {
      decorations: DecorationSet;
      constructor(view: EditorView) {
        this.decorations = this.build(view);
      }
      update(u: ViewUpdate) {
        if (u.docChanged || u.viewportChanged || u.transactions.some((t) => t.effects.length > 0)) this.decorations = this.build(u.view);
      }
      build(view: EditorView): DecorationSet {
        const b = new RangeSetBuilder<Decoration>();
        paint(view, (from, to, cls) => {
          if (to > from) b.add(from, to, mark(cls));
        });
        return b.finish();
      }
    },
    { decorations: (v) => v.decorations },
  );
}

/** Highlights the visible lines one by one: `classify` finds the classed ranges of a line on its own. */
function lineHighlighter(classify: (line: string) => readonly { from: number; to: number; cls: string }[]): Extension {
  return highlighter((view, add) => {
    for (const { from, to } of view.visibleRanges) {
      for (let pos = from; pos <= to; ) {
        const line = view.state.doc.lineAt(pos);
        for (const w of classify(line.text)) add(line.from + w.from, line.from + w.to, w.cls);
        pos = line.to + 1;
      }
    }
  });
}

/** The grey hint redis-cli shows after what has been typed (`key value [NX|XX] ...`), at the end of the cursor's line. */
class HintWidget extends WidgetType {
  constructor(readonly text: string) {
    super();
  }
  override eq(other: HintWidget): boolean {
    return other.text === this.text;
  }
  toDOM(): HTMLElement {
    const span = document.createElement('span');
    span.className = 'cm-rd-hint';
    span.setAttribute('aria-hidden', 'true');
    span.textContent = this.text;
    return span;
  }
}

function argumentHints(specs: () => readonly CommandSpec[]): Extension {
  return ViewPlugin.fromClass(
    class {
      decorations: DecorationSet = Decoration.none;
      update(u: ViewUpdate) {
        if (!u.docChanged && !u.selectionSet && !u.focusChanged && !u.transactions.some((t) => t.effects.length > 0)) return;
        this.decorations = Decoration.none;
        const sel = u.state.selection.main;
        if (!sel.empty || !u.view.hasFocus) return;
        const line = u.state.doc.lineAt(sel.head);
        if (sel.head !== line.to) return;
        const text = scriptLines(line.text)[0]?.text;
        if (text === undefined) return;
        const hint = hintFor(specs(), text.replace(/^\d+\s+(?=\S)/, ''));
        if (hint === null || hint.trim() === '') return;
        this.decorations = Decoration.set([Decoration.widget({ widget: new HintWidget(hint), side: 1 }).range(sel.head)]);
      }
    },
    { decorations: (v) => v.decorations },
  );
}

/** Completion of command names (with their grammar and summary), subcommands and the options a command's grammar names. */
function redisCompletions(specs: () => readonly CommandSpec[]) {
  return (ctx: CompletionContext): CompletionResult | null => {
    const word = ctx.matchBefore(/[^\s"']*/);
    if (word === null) return null;
    const line = ctx.state.doc.lineAt(ctx.pos);
    const before = line.text.slice(0, word.from - line.from);
    if (/^\s*#/.test(before)) return null;
    const words = before.trim() === '' ? [] : before.trim().split(/\s+/);
    if (words.length > 0 && /^\d+$/.test(words[0]!)) words.shift();
    if (word.from === word.to && !ctx.explicit) return null;
    const table = specs();
    const lower = /^[^A-Za-z]*[a-z]/.test(word.text);
    const cased = (s: string) => (lower ? s.toLowerCase() : s);
    if (words.length === 0) {
      if (table.length === 0) {
        return { from: word.from, options: bundledCompletions(word.text).map((c) => ({ label: cased(c), type: 'keyword' })), validFor: /^[^\s]*$/ };
      }
      const options = helpTable(table)
        .filter((e) => e.type === 'command' && e.words.length === 1)
        .map((e) => ({ label: cased(e.full), detail: e.params, info: `${e.summary}${e.since ? ` (since ${e.since})` : ''}`, type: 'keyword' }));
      return { from: word.from, options, validFor: /^[^\s]*$/ };
    }
    const name = words[0]!.toLowerCase();
    const spec = table.find((s) => s.name === name);
    if (spec === undefined) return null;
    if (words.length === 1 && spec.subcommands !== undefined) {
      const options = spec.subcommands.map((s) => ({
        label: cased(s.name.slice(s.name.indexOf('|') + 1).toUpperCase()),
        detail: renderArgs(s.args ?? []),
        info: s.summary,
        type: 'keyword',
      }));
      return { from: word.from, options, validFor: /^[^\s]*$/ };
    }
    const sub = spec.subcommands?.find((s) => s.name === `${name}|${words[1]?.toLowerCase()}`) ?? spec;
    const tokens = new Set<string>();
    const walk = (args: CommandSpec['args']) => {
      for (const a of args ?? []) {
        if (a.token !== undefined && a.token !== '') tokens.add(a.token.toUpperCase());
        walk(a.args);
      }
    };
    walk(sub.args);
    if (tokens.size === 0) return null;
    return { from: word.from, options: [...tokens].map((t) => ({ label: cased(t), type: 'constant' })), validFor: /^[^\s]*$/ };
  };
}

/** Tab completes (as in the terminal): it accepts the open completion, or opens one. Esc, then Tab, leaves. */
const tabCompletes = Prec.high(
  keymap.of([
    {
      key: 'Tab',
      run: (v) => {
        if (completionStatus(v.state) === 'active') return acceptCompletion(v);
        return startCompletion(v);
      },
    },
  ]),
);

/**
 * Esc, then Tab, moves focus on (Tab alone is the editor's): the way out of
 * the terminal too. CodeMirror's own Esc gives two seconds; this keeps it
 * until another key is pressed.
 */
const escapeReleasesTab = EditorView.domEventHandlers({
  keydown(e, view) {
    if (e.key === 'Escape') setTimeout(() => view.setTabFocusMode(10 * 60_000), 0);
    return false;
  },
});

export interface RunKeys {
  /** Ctrl/Cmd+Enter: the selection, else the cursor's line. */
  runSelection(view: EditorView): void;
  /** Shift+Ctrl/Cmd+Enter: everything. */
  runAll(view: EditorView): void;
}

function runKeymap(keys: RunKeys): Extension {
  return Prec.highest(
    keymap.of([
      { key: 'Mod-Enter', run: (v) => (keys.runSelection(v), true) },
      { key: 'Shift-Mod-Enter', run: (v) => (keys.runAll(v), true) },
    ]),
  );
}

function base(label: string, describedBy: string): Extension[] {
  return [
    lineNumbers(),
    history(),
    drawSelection(),
    highlightActiveLine(),
    closeBrackets(),
    EditorState.tabSize.of(2),
    indentUnit.of('  '),
    EditorView.lineWrapping,
    // tabindex: the editable content is focusable anyway; said explicitly, checkers see the scrolling area has a focusable inside.
    EditorView.contentAttributes.of({ 'aria-label': label, 'aria-describedby': describedBy, 'aria-multiline': 'true', tabindex: '0' }),
    escapeReleasesTab,
    workbenchTheme,
  ];
}

export interface RedisEditorOptions {
  doc: string;
  specs: () => readonly CommandSpec[];
  keys: RunKeys;
  describedBy: string;
  onChange(doc: string): void;
}

/** The editor of Redis commands: highlighting, completion, argument hints and problems underlined before running. */
export function redisEditorState(o: RedisEditorOptions): EditorState {
  const classify = (text: string) =>
    /^\s*#/.test(text)
      ? [{ from: 0, to: text.length, cls: 'cm-rd-comment' }]
      : classifyLine(o.specs(), text).flatMap((w) => (w.kind === 'arg' || w.kind === 'invalid' ? [] : [{ from: w.from, to: w.to, cls: `cm-rd-${w.kind}` }]));
  return EditorState.create({
    doc: o.doc,
    extensions: [
      runKeymap(o.keys),
      tabCompletes,
      ...base('Redis commands, one per line', o.describedBy),
      placeholder('SET greeting "hello"   (one command per line; Ctrl+Enter runs the line, Shift+Ctrl+Enter all)'),
      lineHighlighter(classify),
      argumentHints(o.specs),
      autocompletion({ override: [redisCompletions(o.specs)], activateOnTyping: true, icons: false }),
      linter((view) => scriptProblems(o.specs(), view.state.doc.toString()) as Diagnostic[], { delay: 250 }),
      lintGutter(),
      keymap.of([...closeBracketsKeymap, ...completionKeymap, ...defaultKeymap, ...historyKeymap, ...lintKeymap]),
      EditorView.updateListener.of((u) => {
        if (u.docChanged) o.onChange(u.state.doc.toString());
      }),
    ],
  });
}

const tableArrived = StateEffect.define<null>();

/** Re-checks and re-highlights the document (the command table arrived). */
export function relint(view: EditorView): void {
  view.dispatch({ effects: tableArrived.of(null) });
  forceLinting(view);
}

/** The Lua stream parser's tokens for one line, carrying its state across lines. */
export function luaLineTokens(text: string, state: unknown): { from: number; to: number; style: string }[] {
  const out: { from: number; to: number; style: string }[] = [];
  const stream = new StringStream(text, 2, 2);
  let guard = 0;
  while (!stream.eol() && guard++ < 10_000) {
    stream.start = stream.pos;
    const style = lua.token(stream, state);
    if (stream.pos === stream.start) stream.next();
    if (style) out.push({ from: stream.start, to: stream.pos, style });
  }
  return out;
}

function luaHighlighter(): Extension {
  return highlighter((view, add) => {
    // Scripts are short: the whole document is tokenized from the top (multi-line strings and comments carry over).
    const state = lua.startState!(2);
    const doc = view.state.doc;
    const last = Math.min(doc.lines, doc.lineAt(view.viewport.to).number);
    for (let n = 1; n <= last; n++) {
      const line = doc.line(n);
      if (line.text === '') {
        lua.blankLine?.(state, 2);
        continue;
      }
      for (const t of luaLineTokens(line.text, state)) add(line.from + t.from, line.from + t.to, `cm-lua-${t.style.split(' ')[0]}`);
    }
  });
}

export interface LuaEditorOptions {
  doc: string;
  run(view: EditorView): void;
  describedBy: string;
  onChange(doc: string): void;
}

/** The Lua editor: Lua's highlighting and indentation; Ctrl+Enter runs the script; errors are set after a run. */
export function luaEditorState(o: LuaEditorOptions): EditorState {
  return EditorState.create({
    doc: o.doc,
    extensions: [
      runKeymap({ runSelection: o.run, runAll: o.run }),
      ...base('Lua script', o.describedBy),
      StreamLanguage.define(lua),
      luaHighlighter(),
      lintGutter(),
      keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...lintKeymap, indentWithTab]),
      EditorView.updateListener.of((u) => {
        if (u.docChanged) o.onChange(u.state.doc.toString());
      }),
    ],
  });
}

/** Shows a Lua error at its line (1-based, of the editor), or clears it. */
export function showLuaError(view: EditorView, line: number | undefined, message: string | undefined): void {
  if (line === undefined || message === undefined) {
    view.dispatch(setDiagnostics(view.state, []));
    return;
  }
  const n = Math.min(Math.max(1, line), view.state.doc.lines);
  const l = view.state.doc.line(n);
  const start = l.from + (l.text.length - l.text.trimStart().length);
  view.dispatch(setDiagnostics(view.state, [{ from: start, to: Math.max(start, l.to), severity: 'error', message }]));
}
