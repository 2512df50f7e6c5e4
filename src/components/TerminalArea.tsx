import { lazy, Suspense, useCallback, useState } from 'react';
import type { EngineClient } from '../client/engine-client';
import { MAX_FONT, MIN_FONT, useSettings } from '../store/settings';
import { activeSession, useTerminals } from '../store/terminals';
import { useWorkbench } from '../store/workbench';
import { TerminalView } from '../terminal/TerminalView';

// The workbench's editors (CodeMirror) load the first time it is opened: they are not on the first-load path.
const Workbench = lazy(() => import('../workbench/Workbench'));

const MAX_CLIENTS = 3;

/**
 * One or more redis-cli terminals, each its own connection to the same
 * engine (own database, MULTI state, blocked commands), as tabs or side by side.
 */
export function TerminalArea({ client }: { client: EngineClient }) {
  const [labels, setLabels] = useState<string[]>(['client 1']);
  const [tab, setTab] = useState('client 1');
  const split = useSettings((s) => s.split);
  const fontSize = useSettings((s) => s.fontSize);
  const screenReader = useSettings((s) => s.screenReader);
  const setFontSize = useSettings((s) => s.setFontSize);
  const toggle = useSettings((s) => s.toggle);
  const purist = useSettings((s) => s.purist);
  const python = useSettings((s) => s.python);
  const workbench = useWorkbench((s) => s.open);
  const setWorkbench = useWorkbench((s) => s.setOpen);
  // Once opened, the workbench stays mounted (hidden) so its editors keep their undo history.
  const [workbenchLoaded, setWorkbenchLoaded] = useState(workbench);
  const [focusWorkbench, setFocusWorkbench] = useState(false);

  const add = useCallback(() => {
    setLabels((ls) => {
      if (ls.length >= MAX_CLIENTS) return ls;
      let n = 1;
      while (ls.includes(`client ${n}`)) n++;
      const label = `client ${n}`;
      setTab(label);
      return [...ls, label];
    });
  }, []);

  const remove = useCallback((label: string) => {
    setLabels((ls) => {
      const next = ls.filter((l) => l !== label);
      if (next.length === 0) return ls;
      setTab((t) => (t === label ? next[0]! : t));
      return next;
    });
  }, []);

  const visible = split ? labels : labels.filter((l) => l === tab);

  return (
    <div className="flex h-full min-h-0 flex-col">
      {/* One row on a phone too (a second row would take terminal lines): tighter spacing below 640 px. */}
      <div
        className="flex flex-wrap items-center gap-1 border-b border-edge bg-panel px-2 py-1 text-xs max-sm:gap-0.5 max-sm:px-1 max-sm:[&_button]:px-1.5 max-sm:[&_summary]:px-1.5"
        role="toolbar"
        aria-label="Terminal options"
      >
        <div role="group" aria-label="Clients" className="flex items-center gap-1">
          {labels.map((l) => (
            <span key={l} className="flex items-center">
              <button
                type="button"
                aria-pressed={workbench ? false : split ? true : tab === l}
                className={`rounded-l px-2 py-1 ${!workbench && !split && tab === l ? 'bg-ink text-white' : 'text-muted hover:text-white'}`}
                onClick={() => {
                  setTab(l);
                  setWorkbench(false);
                  useTerminals.getState().setActive(l);
                }}
              >
                {l}
              </button>
              {labels.length > 1 && (
                <button type="button" aria-label={`Close ${l}`} className="rounded-r px-1 py-1 text-muted hover:text-white" onClick={() => remove(l)}>
                  ×
                </button>
              )}
            </span>
          ))}
          {labels.length < MAX_CLIENTS && (
            <button
              type="button"
              className="rounded px-2 py-1 text-muted hover:bg-ink hover:text-white"
              onClick={() => {
                setWorkbench(false);
                add();
              }}
              title="Open another connection to the same engine"
            >
              + client
            </button>
          )}
        </div>
        <button
          type="button"
          aria-pressed={workbench}
          className={`rounded border px-2 py-1 ${workbench ? 'border-[#ffb4ad] bg-ink text-white' : 'border-edge text-muted hover:bg-ink hover:text-white'}`}
          onClick={() => {
            setWorkbenchLoaded(true);
            setFocusWorkbench(!workbench);
            setWorkbench(!workbench);
          }}
          title="Editors for several commands and for Lua scripts, with their results"
          data-testid="workbench-toggle"
        >
          Workbench
        </button>
        <div className="ml-auto flex items-center gap-1">
          <button type="button" aria-label="A− smaller text" title="Smaller text" className="rounded px-2 py-1 text-muted hover:bg-ink hover:text-white disabled:opacity-40" disabled={fontSize <= MIN_FONT} onClick={() => setFontSize(fontSize - 1)}>
            A−
          </button>
          <span className="w-6 text-center text-muted" aria-live="polite" aria-label={`Font size ${fontSize}`}>
            {fontSize}
          </span>
          <button type="button" aria-label="A+ larger text" title="Larger text" className="rounded px-2 py-1 text-muted hover:bg-ink hover:text-white disabled:opacity-40" disabled={fontSize >= MAX_FONT} onClick={() => setFontSize(fontSize + 1)}>
            A+
          </button>
          <details className="relative" data-testid="terminal-options">
            <summary className="cursor-pointer list-none rounded px-2 py-1 text-muted hover:bg-ink hover:text-white">Options ▾</summary>
            <div className="absolute right-0 z-20 mt-1 w-60 space-y-1 rounded-md border border-edge bg-panel p-2 shadow-xl">
              <Check on={split} onChange={() => toggle('split')} label="Clients side by side" />
              <Check on={!purist} onChange={() => toggle('purist')} label="Explain errors and costs" />
              <Check on={python} onChange={() => toggle('python')} label="Show the redis-py call" />
              <Check on={screenReader} onChange={() => toggle('screenReader')} label="Screen-reader mode" />
            </div>
          </details>
        </div>
      </div>
      {!workbench && <TouchKeys />}
      {workbenchLoaded && (
        <div className={`min-h-0 flex-1 ${workbench ? '' : 'hidden'}`}>
          <Suspense fallback={<p className="p-3 text-sm text-muted">Loading the workbench…</p>}>
            <Workbench client={client} fontSize={fontSize} autoFocus={focusWorkbench} />
          </Suspense>
        </div>
      )}
      <div className={`grid min-h-0 flex-1 gap-px bg-edge ${workbench ? 'hidden' : ''}`} style={{ gridTemplateColumns: `repeat(${visible.length}, minmax(0, 1fr))` }}>
        {labels.map((l) => (
          <div key={l} className={`flex min-h-0 min-w-0 flex-col bg-ink ${visible.includes(l) ? '' : 'hidden'}`} data-client={l}>
            {split && labels.length > 1 && <div className="border-b border-edge px-2 py-0.5 text-xs text-muted">{l}</div>}
            <div className="min-h-0 flex-1">
              <TerminalView client={client} label={l} fontSize={fontSize} screenReader={screenReader} />
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}

const ARROWS: readonly [string, string, string][] = [
  ['←', '\x1b[D', 'Left'],
  ['→', '\x1b[C', 'Right'],
  ['↑', '\x1b[A', 'Up: previous command'],
  ['↓', '\x1b[B', 'Down: next command'],
];
const WORDS = ['SET ', 'GET ', 'DEL ', 'EXPIRE ', 'TTL ', 'KEYS *', 'SCAN 0 ', ':help', ':hint', ':next'];

/**
 * Keys a phone's on-screen keyboard lacks (Tab, arrows, Ctrl-C) and common
 * commands, typed into the terminal that has focus. Shown on touch and
 * narrow screens; pressing one keeps the terminal (and its keyboard) focused.
 */
/** A press on one of the touch keys leaves focus (and the on-screen keyboard) in the terminal. */
function keepTerminalFocus(e: React.PointerEvent) {
  if (e.target instanceof HTMLElement && e.target.closest('button')) e.preventDefault();
}

function TouchKeys() {
  const send = (data: string) => {
    const session = activeSession();
    session?.feed(data);
    const label = useTerminals.getState().active;
    const host = document.querySelector(`[data-client="${label ?? 'client 1'}"] .xterm-helper-textarea`);
    if (host instanceof HTMLElement) host.focus({ preventScroll: true });
  };
  const key = 'shrink-0 rounded-md border border-edge bg-panel px-2.5 py-1.5 font-mono text-xs text-white active:bg-edge';
  return (
    <div
      role="toolbar"
      aria-label="Terminal keys"
      className="hidden shrink-0 gap-1 overflow-x-auto border-b border-edge bg-ink px-1.5 py-1.5 max-lg:flex pointer-coarse:flex"
      data-testid="touch-keys"
      onPointerDown={keepTerminalFocus}
    >
      <button type="button" className={key} onClick={() => send('\t')} aria-label="Tab: complete">
        Tab
      </button>
      {ARROWS.map(([glyph, seq, name]) => (
        <button key={glyph} type="button" className={key} onClick={() => send(seq)} aria-label={name}>
          {glyph}
        </button>
      ))}
      <button type="button" className={key} onClick={() => send('\x03')} aria-label="Ctrl-C: cancel">
        Ctrl-C
      </button>
      {WORDS.map((w) => (
        <button key={w} type="button" className={`${key} text-[#ffb4ad]`} onClick={() => send(w.startsWith(':') ? `${w}\r` : w)}>
          {w.trim()}
        </button>
      ))}
    </div>
  );
}

function Check({ on, onChange, label }: { on: boolean; onChange: () => void; label: string }) {
  return (
    <label className="flex cursor-pointer items-center gap-2 rounded px-2 py-1 text-sm hover:bg-ink">
      <input type="checkbox" checked={on} onChange={onChange} className="accent-redis" />
      {label}
    </label>
  );
}
