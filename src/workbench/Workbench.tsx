/**
 * The workbench: an editor of Redis commands (one per line) and a Lua
 * editor for EVAL and FUNCTION LOAD, each with its results under the
 * commands that made them, and a history of runs. Loaded on first use (its
 * editors are not on the page's first-load path). Commands go through the
 * page's engine client on a connection of the workbench's own.
 */
import { EditorView } from '@codemirror/view';
import { useCallback, useEffect, useId, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import type { EngineClient } from '../client/engine-client';
import { formatCommandReply } from '../cli/format';
import type { CommandSpec } from '../protocol/messages';
import { lessonSettled } from '../store/lessons';
import { specsOf } from '../terminal/TerminalView';
import { toText } from '../text/bytes';
import { luaEditorState, redisEditorState, relint, showLuaError } from './editor';
import { logLine, WorkbenchConnection, type RunResult } from './runner';
import { keptRun, MAX_RUNS, readSaved, SAVED_KEY, type RunKind, type Saved, type SavedRun } from './saved';
import { evalArgv, functionLoadArgv, isLibrary, luaErrorLine, scriptLines, type ScriptLine } from './script';

const MOD = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';

function loadSaved(): Saved {
  try {
    return readSaved(localStorage.getItem(SAVED_KEY));
  } catch {
    return readSaved(null);
  }
}

function store(s: Saved): void {
  try {
    localStorage.setItem(SAVED_KEY, JSON.stringify(s));
  } catch {
    /* storage full or disabled: the workbench keeps its text in memory */
  }
}

export interface WorkbenchProps {
  client: EngineClient;
  /** The terminal's font size (presenter mode passes its own). */
  fontSize: number;
  /** Move focus into the editor when the workbench appears. */
  autoFocus?: boolean;
}

export default function Workbench({ client, fontSize, autoFocus = false }: WorkbenchProps) {
  const [tab, setTab] = useState<RunKind>('commands');
  const [initial] = useState(loadSaved);
  const saved = useRef<Saved>(initial);
  const [runs, setRuns] = useState<readonly SavedRun[]>(initial.runs);
  const [results, setResults] = useState<{ kind: RunKind; list: readonly RunResult[] }>({ kind: 'commands', list: [] });
  const [running, setRunning] = useState(false);
  const [blocked, setBlocked] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [keys, setKeys] = useState(initial.keys);
  const [args, setArgs] = useState(initial.args);
  const specs = useRef<readonly CommandSpec[]>([]);
  const cancelled = useRef(false);
  // Set at once (the state follows a render later): a second Ctrl+Enter never starts a second run meanwhile.
  const busy = useRef(false);
  const conn = useMemo(() => new WorkbenchConnection(client, { ready: lessonSettled }), [client]);
  useEffect(() => () => conn.dispose(), [conn]);

  // What the learner typed is saved shortly after typing stops.
  const saveTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const save = useCallback((patch: Partial<Saved>) => {
    saved.current = { ...saved.current, ...patch };
    clearTimeout(saveTimer.current);
    saveTimer.current = setTimeout(() => store(saved.current), 300);
  }, []);
  useEffect(
    () => () => {
      clearTimeout(saveTimer.current);
      store(saved.current);
    },
    [],
  );

  const redisHost = useRef<HTMLDivElement>(null);
  const luaHost = useRef<HTMLDivElement>(null);
  const redisView = useRef<EditorView | undefined>(undefined);
  const luaView = useRef<EditorView | undefined>(undefined);
  const ids = { redisHelp: useId(), luaHelp: useId() };

  const record = useCallback(
    (run: Omit<SavedRun, 'id' | 'at'>) => {
      const full = keptRun({ ...run, id: Date.now() + Math.random(), at: Date.now() });
      setRuns((rs) => {
        const next = [full, ...rs].slice(0, MAX_RUNS);
        save({ runs: next });
        return next;
      });
    },
    [save],
  );

  const runCommands = useCallback(
    async (lines: readonly ScriptLine[], doc: string) => {
      if (busy.current || lines.length === 0) return;
      busy.current = true;
      setRunning(true);
      cancelled.current = false;
      const list: RunResult[] = [];
      setResults({ kind: 'commands', list });
      const poll = setInterval(() => setBlocked(conn.blocked), 200);
      try {
        await conn.runLines(
          specs.current,
          lines,
          (r) => {
            list.push(r);
            setResults({ kind: 'commands', list: [...list] });
          },
          () => cancelled.current,
        );
      } finally {
        clearInterval(poll);
        setBlocked(false);
        busy.current = false;
        setRunning(false);
      }
      const errors = list.filter((r) => r.error).length;
      setAnnouncement(
        `Ran ${list.length} command${list.length === 1 ? '' : 's'}${errors > 0 ? `, ${errors} with an error` : ''}. ` +
          list
            .slice(0, 5)
            .map((r) => `${r.source}: ${r.output.split('\n')[0]}`)
            .join('. '),
      );
      record({ kind: 'commands', doc, results: list });
    },
    [conn, record],
  );

  const runSelection = useCallback(
    (view: EditorView) => {
      const { from, to } = view.state.selection.main;
      const doc = view.state.doc.toString();
      void runCommands(scriptLines(doc, { from, to }), doc);
    },
    [runCommands],
  );
  const runAll = useCallback(
    (view: EditorView) => {
      const doc = view.state.doc.toString();
      void runCommands(scriptLines(doc), doc);
    },
    [runCommands],
  );

  const runLua = useCallback(
    async (mode: 'eval' | 'load') => {
      const view = luaView.current;
      if (busy.current || view === undefined) return;
      const code = view.state.doc.toString();
      const argv = mode === 'eval' ? evalArgv(code, keys, args) : functionLoadArgv(code);
      const source = mode === 'eval' ? `EVAL <script> ${keys.trim() === '' ? '0' : `${keys.trim().split(/\s+/).length} ${keys.trim()}`}${args.trim() !== '' ? ` ${args.trim()}` : ''}` : 'FUNCTION LOAD REPLACE <library>';
      showLuaError(view, undefined, undefined);
      if (argv === null) {
        const r: RunResult = { line: 0, source, output: 'Invalid argument(s) in KEYS or ARGV', error: true };
        setResults({ kind: 'lua', list: [r] });
        setAnnouncement(r.output);
        return;
      }
      busy.current = true;
      setRunning(true);
      let r: RunResult;
      try {
        const { reply, res } = await conn.exec(argv);
        const output = reply === undefined ? '' : formatCommandReply(argv, reply, { resp: conn.resp });
        const log = (res.log ?? []).map(logLine);
        r = { line: 0, source, output, error: reply?.t === 'error', ...(log.length > 0 ? { log } : {}) };
        if (reply?.t === 'error') {
          const n = luaErrorLine(reply.v);
          // A library line added in front of the code (FUNCTION LOAD without `#!lua`) is not the editor's.
          const line = n === undefined ? undefined : mode === 'load' && !isLibrary(code) ? n - 1 : n;
          showLuaError(view, line, toText(reply.v));
          if (line !== undefined) r = { ...r, line };
        }
      } catch (e) {
        r = { line: 0, source, output: `(error) ${e instanceof Error ? e.message : String(e)}`, error: true };
      } finally {
        busy.current = false;
        setRunning(false);
      }
      setResults({ kind: 'lua', list: [r] });
      setAnnouncement(`${r.error && r.line > 0 ? `Error at line ${r.line}: ` : ''}${r.output}${r.log ? `. Log: ${r.log.join('. ')}` : ''}`);
      record({ kind: 'lua', doc: code, keys, args, results: [r] });
    },
    [args, conn, keys, record],
  );

  // The latest callbacks, for the editors' key bindings (made once).
  const latest = useRef({ runSelection, runAll, runLua });
  useEffect(() => {
    latest.current = { runSelection, runAll, runLua };
  });

  useEffect(() => {
    const rHost = redisHost.current;
    const lHost = luaHost.current;
    if (!rHost || !lHost) return;
    const rv = new EditorView({
      parent: rHost,
      state: redisEditorState({
        doc: saved.current.commands,
        specs: () => specs.current,
        keys: { runSelection: (v) => latest.current.runSelection(v), runAll: (v) => latest.current.runAll(v) },
        describedBy: ids.redisHelp,
        onChange: (doc) => save({ commands: doc }),
      }),
    });
    const lv = new EditorView({
      parent: lHost,
      state: luaEditorState({
        doc: saved.current.lua,
        run: () => void latest.current.runLua('eval'),
        describedBy: ids.luaHelp,
        onChange: (doc) => save({ lua: doc }),
      }),
    });
    redisView.current = rv;
    luaView.current = lv;
    let live = true;
    void specsOf(client).then((s) => {
      if (!live) return;
      specs.current = s;
      relint(rv);
    });
    if (autoFocus) rv.focus();
    return () => {
      live = false;
      rv.destroy();
      lv.destroy();
      redisView.current = undefined;
      luaView.current = undefined;
    };
    // The editors are made once; their callbacks read the latest state through refs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client]);

  useEffect(() => {
    redisView.current?.requestMeasure();
    luaView.current?.requestMeasure();
  }, [fontSize]);

  const switchTab = (t: RunKind, focus = false) => {
    setTab(t);
    if (focus) requestAnimationFrame(() => (t === 'commands' ? redisView.current : luaView.current)?.focus());
  };

  const openRun = (run: SavedRun) => {
    const view = run.kind === 'commands' ? redisView.current : luaView.current;
    if (view) view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: run.doc } });
    if (run.kind === 'lua') {
      setKeys(run.keys ?? '');
      setArgs(run.args ?? '');
      save({ keys: run.keys ?? '', args: run.args ?? '' });
    }
    setResults({ kind: run.kind, list: run.results });
    switchTab(run.kind, true);
    setAnnouncement(`Opened the run of ${new Date(run.at).toLocaleTimeString()}`);
  };

  const stop = () => {
    cancelled.current = true;
    void conn.stop();
  };

  const goToLine = (kind: RunKind, line: number) => {
    const view = kind === 'commands' ? redisView.current : luaView.current;
    if (!view || line < 1 || line > view.state.doc.lines) return;
    const l = view.state.doc.line(line);
    view.dispatch({ selection: { anchor: l.from, head: l.to }, scrollIntoView: true });
    view.focus();
  };

  const btn = 'rounded-md border border-edge px-2.5 py-1 text-xs text-white hover:bg-edge disabled:opacity-50';
  const primary = 'rounded-md bg-redis-strong px-2.5 py-1 text-xs font-semibold text-white hover:bg-[#b82217] disabled:opacity-50';
  const kbd = 'ml-1 hidden rounded border border-white/30 px-1 font-mono text-[10px] sm:inline';
  const shown = results.kind === tab ? results.list : [];

  return (
    <div role="region" aria-label="Workbench" className="@container flex h-full min-h-0 flex-col bg-ink" data-workbench data-testid="workbench" style={{ fontSize }}>
      <div className="flex flex-wrap items-center gap-2 border-b border-edge bg-panel px-2 py-1 text-xs">
        <div role="tablist" aria-label="Workbench editors" className="flex gap-1">
          {(['commands', 'lua'] as const).map((t) => (
            <button
              key={t}
              type="button"
              role="tab"
              id={`wb-tab-${t}`}
              aria-selected={tab === t}
              aria-controls={`wb-panel-${t}`}
              tabIndex={tab === t ? 0 : -1}
              onClick={() => switchTab(t)}
              onKeyDown={(e) => {
                if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
                  e.preventDefault();
                  const next = t === 'commands' ? 'lua' : 'commands';
                  switchTab(next);
                  document.getElementById(`wb-tab-${next}`)?.focus();
                }
              }}
              className={`rounded px-2 py-1 ${tab === t ? 'bg-ink text-white' : 'text-muted hover:text-white'}`}
            >
              {t === 'commands' ? 'Commands' : 'Lua script'}
            </button>
          ))}
        </div>
        <div className="ml-auto flex flex-wrap items-center gap-1.5">
          {tab === 'commands' ? (
            <>
              <button type="button" className={btn} disabled={running} onClick={() => redisView.current && runSelection(redisView.current)} aria-keyshortcuts="Control+Enter">
                Run line<kbd className={kbd}>{MOD}+Enter</kbd>
              </button>
              <button type="button" className={primary} disabled={running} onClick={() => redisView.current && runAll(redisView.current)} aria-keyshortcuts="Shift+Control+Enter">
                Run all<kbd className={kbd}>Shift+{MOD}+Enter</kbd>
              </button>
            </>
          ) : (
            <>
              <button type="button" className={primary} disabled={running} onClick={() => void runLua('eval')} aria-keyshortcuts="Control+Enter">
                Run (EVAL)<kbd className={kbd}>{MOD}+Enter</kbd>
              </button>
              <button type="button" className={btn} disabled={running} onClick={() => void runLua('load')}>
                Load as function
              </button>
            </>
          )}
          {running && (
            <button type="button" className={btn} onClick={stop}>
              {blocked ? 'Stop waiting' : 'Stop'}
            </button>
          )}
          <History runs={runs} onOpen={openRun} />
        </div>
      </div>
      <div className="flex min-h-0 flex-1 flex-col @3xl:flex-row">
        <EditorPanel name="commands" shown={tab === 'commands'} host={redisHost}>
          <p id={ids.redisHelp} className="border-t border-edge px-2 py-0.5 text-[11px] text-muted">
            {MOD}+Enter runs the line or selection · Shift+{MOD}+Enter runs all · Tab completes · Esc, then Tab, leaves the editor
          </p>
        </EditorPanel>
        <EditorPanel name="lua" shown={tab === 'lua'} host={luaHost}>
          <div className="grid grid-cols-[auto_1fr] items-center gap-x-2 gap-y-1 border-t border-edge px-2 py-1 text-xs">
            {(
              [
                { field: 'keys', label: 'KEYS', value: keys, set: setKeys, placeholder: 'key names, separated by spaces' },
                { field: 'args', label: 'ARGV', value: args, set: setArgs, placeholder: 'arguments, separated by spaces (quote one with spaces)' },
              ] as const
            ).map((f) => (
              <ScriptArgsField
                key={f.field}
                label={f.label}
                value={f.value}
                onChange={(v) => {
                  f.set(v);
                  save({ [f.field]: v });
                }}
                onRun={() => void runLua('eval')}
                placeholder={f.placeholder}
                testId={`wb-${f.field}`}
              />
            ))}
          </div>
          <p id={ids.luaHelp} className="border-t border-edge px-2 py-0.5 text-[11px] text-muted">
            {MOD}+Enter runs the script with EVAL · errors are marked at their line · Esc, then Tab, leaves the editor
          </p>
        </EditorPanel>
        <section aria-label="Results" tabIndex={0} className="min-h-[6em] min-w-0 flex-[2_1_0] overflow-auto border-edge max-@3xl:border-t @3xl:flex-1 @3xl:border-l" data-testid="wb-results">
          {shown.length === 0 ? (
            <p className="p-3 text-sm text-muted">{running ? 'Running…' : 'Results appear here, under each command.'}</p>
          ) : (
            <ol className="divide-y divide-edge">
              {shown.map((r, i) => (
                <li key={i} className="px-2 py-1.5" data-testid="wb-result">
                  <div className="flex items-baseline gap-2 font-mono text-[0.85em]">
                    {r.line > 0 && (
                      <button type="button" className="shrink-0 text-muted underline-offset-2 hover:text-white hover:underline" onClick={() => goToLine(results.kind, r.line)} aria-label={`Line ${r.line}: go to it`}>
                        {r.line}
                      </button>
                    )}
                    <span className="min-w-0 truncate text-[#ff9b8f]" data-testid="wb-result-command">
                      {r.source}
                    </span>
                  </div>
                  <pre className={`mt-0.5 font-mono text-[0.85em] whitespace-pre-wrap break-words ${r.error ? 'text-[#ffb4ad]' : 'text-[#e6e9f2]'}`} data-testid="wb-result-output">
                    {r.output}
                  </pre>
                  {r.log && (
                    <div className="mt-1 rounded border border-edge bg-panel px-2 py-1" data-testid="wb-result-log">
                      <div className="text-[11px] text-muted">redis.log</div>
                      <pre className="font-mono text-[0.8em] whitespace-pre-wrap text-[#d5dbea]">{r.log.join('\n')}</pre>
                    </div>
                  )}
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
      <div className="sr-only" role="status" aria-live="polite" data-testid="wb-announce">
        {announcement}
      </div>
    </div>
  );
}

/** The last runs; opening one puts its text back in its editor and shows its results. */
/** A tab's panel holding an editor (its host element first), shown when its tab is selected. */
function EditorPanel({ name, shown, host, children }: { name: 'commands' | 'lua'; shown: boolean; host: RefObject<HTMLDivElement | null>; children: ReactNode }) {
  return (
    <section
      id={`wb-panel-${name}`}
      role="tabpanel"
      aria-labelledby={`wb-tab-${name}`}
      className={`flex min-h-[8em] min-w-0 flex-col @3xl:flex-1 ${shown ? 'flex-[3_1_0]' : 'hidden'}`}
    >
      <div ref={host} className="min-h-0 flex-1 overflow-hidden" data-testid={`wb-${name}-editor`} />
      {children}
    </section>
  );
}

/** One labelled line of script arguments (KEYS or ARGV); Ctrl/Cmd+Enter in it runs the script. */
function ScriptArgsField(p: { label: string; value: string; onChange: (v: string) => void; onRun: () => void; placeholder: string; testId: string }) {
  const id = useId();
  return (
    <>
      <label htmlFor={id} className="font-mono text-muted">
        {p.label}
      </label>
      <input
        id={id}
        value={p.value}
        spellCheck={false}
        autoCapitalize="off"
        onChange={(e) => p.onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) p.onRun();
        }}
        placeholder={p.placeholder}
        className="min-w-0 rounded border border-edge bg-ink px-1.5 py-0.5 font-mono text-white placeholder:text-muted"
        data-testid={p.testId}
      />
    </>
  );
}

function History({ runs, onOpen }: { runs: readonly SavedRun[]; onOpen: (r: SavedRun) => void }) {
  const ref = useRef<HTMLDetailsElement>(null);
  return (
    <details ref={ref} className="relative" data-testid="wb-history">
      <summary className="cursor-pointer list-none rounded-md border border-edge px-2.5 py-1 text-xs text-muted hover:bg-edge hover:text-white">History ({runs.length}) ▾</summary>
      <div className="absolute right-0 z-30 mt-1 max-h-80 w-[min(92vw,380px)] overflow-auto rounded-md border border-edge bg-panel p-1 shadow-xl">
        {runs.length === 0 ? (
          <p className="p-2 text-sm text-muted">No runs yet.</p>
        ) : (
          <ul>
            {runs.map((r) => {
              const first = r.kind === 'lua' ? `Lua: ${r.doc.split('\n').find((l) => l.trim() !== '' && !l.trim().startsWith('--')) ?? ''}` : (r.results[0]?.source ?? '');
              const more = r.kind === 'commands' && r.results.length > 1 ? ` (+${r.results.length - 1})` : '';
              const time = new Date(r.at).toLocaleTimeString();
              return (
                <li key={r.id}>
                  <button
                    type="button"
                    className="flex w-full items-baseline gap-2 rounded px-2 py-1 text-left text-xs hover:bg-ink"
                    onClick={() => {
                      ref.current?.removeAttribute('open');
                      onOpen(r);
                    }}
                  >
                    <span className="shrink-0 text-muted tabular-nums">{time}</span>
                    <span className="min-w-0 truncate font-mono text-white">
                      {first}
                      {more}
                    </span>
                    {r.results.some((x) => x.error) && <span className="ml-auto shrink-0 text-[#ffb4ad]">error</span>}
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </details>
  );
}
