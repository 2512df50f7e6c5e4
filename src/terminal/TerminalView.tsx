import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { EngineClient } from '../client/engine-client';
import type { Reply } from '../protocol/messages';
import { toText } from '../text/bytes';
import type { CommandSpec } from '../protocol/messages';
import { lessonSettled } from '../store/lessons';
import { useSettings } from '../store/settings';
import { mayBeLessonCommand } from '../curriculum/commands';
import { localCommandsLoaded, useTerminals } from '../store/terminals';
import { TerminalSession } from './session';
import { wrapWords } from './wrap';

const HISTORY_KEY = 'redis-playground:history';
/** How long the echo of an entered line waits for its reply before it is drawn alone. */
const HOLD_MS = 40;
/** How long a typed command's answer is waited for inside the key press (see EngineClient.call). */
const ANSWER_WAIT_MS = 10;

function loadHistory(): string[] {
  try {
    const raw = localStorage.getItem(HISTORY_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string').slice(-1000) : [];
  } catch {
    return [];
  }
}

const specCache = new WeakMap<EngineClient, Promise<readonly CommandSpec[]>>();

/** The command table, fetched once per engine connection (the terminals and the workbench share it). */
export function specsOf(client: EngineClient): Promise<readonly CommandSpec[]> {
  let p = specCache.get(client);
  if (!p) {
    p = client.call('specs', null).catch(() => []);
    specCache.set(client, p);
  }
  return p;
}

export interface TerminalViewProps {
  client: EngineClient;
  label: string;
  fontSize?: number;
  screenReader?: boolean;
  /** Take focus when it opens (false in presenter mode, where the slide keeps the keys). */
  autoFocus?: boolean;
  onSession?: (s: TerminalSession | undefined) => void;
}

/** The xterm.js terminal (DOM renderer) wired to one engine connection. */
export function TerminalView({ client, label, fontSize = 15, screenReader = false, autoFocus = true, onSession }: TerminalViewProps) {
  const host = useRef<HTMLDivElement>(null);
  const termRef = useRef<Terminal | undefined>(undefined);
  const fitRef = useRef<FitAddon | undefined>(undefined);
  const initial = useRef({ fontSize, screenReader, autoFocus });
  const [announcements, setAnnouncements] = useState<readonly string[]>([]);
  const [progress, setProgress] = useState<{ done: number; total: number } | undefined>(undefined);
  /** The ACL user this terminal runs as, when it is not `default` (redis-cli's prompt does not say; a small status does). */
  const [user, setUser] = useState<string | undefined>(undefined);
  const announce = useCallback((text: string) => setAnnouncements((a) => [...a.slice(-4), text]), []);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const term = new Terminal({
      fontFamily: '"JetBrains Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace',
      fontSize: initial.current.fontSize,
      cursorBlink: true,
      convertEol: false,
      scrollback: 5000,
      screenReaderMode: initial.current.screenReader,
      // Links the terminal prints (HELP's documentation page, OSC 8) open in a new tab.
      linkHandler: {
        activate: (_event, uri) => {
          if (/^https:\/\/redis\.io\//.test(uri)) window.open(uri, '_blank', 'noopener,noreferrer');
        },
        allowNonHttpProtocols: false,
      },
      theme: {
        background: '#0b1020',
        foreground: '#e6e9f2',
        cursor: '#ff6b5b',
        selectionBackground: '#33415c',
        brightBlack: '#8b93a7',
      },
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(el);
    fit.fit();
    termRef.current = term;
    fitRef.current = fit;

    let disposed = false;
    let historyTimer: ReturnType<typeof setTimeout> | undefined;
    let clientId = 0;
    type Late = { reply: Reply; db: number; resp: 2 | 3 };
    const waiters: ((r: Late) => void)[] = [];
    // Late replies nobody waits for yet (a pub/sub message arriving while the last one prints);
    // emptied whenever a new command is sent.
    const inbox: Late[] = [];
    // Pushes that arrived since the last command (a RESP3 client's invalidation messages): redis-cli
    // reads them only with the next reply, and prints them before it.
    const arrived = (): Reply[] => inbox.splice(0).flatMap((l) => (l.reply.t === 'push' ? [l.reply] : []));
    const open = () =>
      client.call('open', { name: label }).then(({ client: id }) => {
        clientId = id;
      });
    const off = client.on((e) => {
      if (e.type === 'reply' && e.client === clientId) {
        const late = { reply: e.reply, db: e.db, resp: e.resp };
        const w = waiters.shift();
        if (w) w(late);
        else if (inbox.length < 10_000) inbox.push(late);
      }
      // A fresh engine after a runaway command: reconnect this terminal.
      if (e.type === 'restart' && !disposed) {
        session.reconnected();
        void open();
      }
    });

    // After Enter, the echoed line waits for the reply (up to HOLD_MS) and both go to
    // xterm in one write. That write is the first after the key press, which xterm
    // parses at once, so the reply is drawn in the frame the browser makes for the key.
    let pending = '';
    let holdTimer: ReturnType<typeof setTimeout> | undefined;
    /** Writes what was held; `parsed` runs once xterm has parsed it (at once after a key press). */
    const flush = (parsed?: () => void) => {
      clearTimeout(holdTimer);
      holdTimer = undefined;
      const data = pending;
      pending = '';
      if (data !== '' || parsed) term.write(data, parsed);
      clearTextarea();
    };
    const hold = () => {
      clearTimeout(holdTimer);
      holdTimer = setTimeout(() => flush(), HOLD_MS);
    };
    // Everything written in one task goes to xterm as one write: the first write after a
    // key press is parsed at once, the ones after it wait for a timer (and the next frame).
    let coalescing = false;
    const write = (data: string) => {
      pending += data;
      if (holdTimer !== undefined || coalescing) return;
      coalescing = true;
      queueMicrotask(() => {
        coalescing = false;
        if (holdTimer === undefined && !disposed) flush();
      });
    };

    const session = new TerminalSession({
      // The engine's connection is open and no lesson is building its keys: what a command waits for before it is sent.
      ready: async () => {
        await opened;
        await lessonSettled();
      },
      // Typing starts at once; a command sent before the engine's worker is up waits for it.
      exec: async (argv) => {
        await opened;
        // A lesson being opened or reset first builds its keys: the command runs after, on them.
        await lessonSettled();
        const early = arrived();
        // Waits a few milliseconds for the answer within the key press, so the reply is drawn in the next frame.
        const res = await client.call('exec', { client: clientId, argv }, { waitMs: ANSWER_WAIT_MS });
        return early.length === 0 ? res : { ...res, pushed: [...early, ...(res.pushed ?? [])] };
      },
      waitReply: (signal) => {
        const ready = inbox.shift();
        if (ready) return Promise.resolve(ready);
        return new Promise((resolve) => {
          waiters.push(resolve);
          signal?.addEventListener('abort', () => {
            const i = waiters.indexOf(resolve);
            if (i >= 0) waiters.splice(i, 1);
          });
        });
      },
      // Ctrl-C in subscribed mode: a new connection, as redis-cli makes one.
      reconnect: async () => {
        const old = clientId;
        waiters.length = 0;
        inbox.length = 0;
        await open();
        void client.call('close', { client: old });
      },
      write,
      clear: () => {
        flush();
        term.clear();
      },
      interrupt: () => client.interruptScript(clientId),
      execBatch: async (argvs) => {
        await opened;
        await lessonSettled();
        const early = arrived();
        const results = await client.call('execBatch', { client: clientId, argvs });
        const first = results[0];
        if (early.length === 0 || first === undefined) return results;
        return [{ ...first, pushed: [...early, ...(first.pushed ?? [])] }, ...results.slice(1)];
      },
      keyInfo: (db, keys) => client.call('keyInfo', { db, keys }),
      local: async (argv, line) => {
        // A line such as `:undo` typed before its command's module has loaded waits for it (a Redis command never does).
        if (mayBeLessonCommand(argv)) await localCommandsLoaded();
        for (const c of useTerminals.getState().localCommands) {
          if (await c(argv, line, (text) => write(wrapWords(text, term.cols).replace(/\r?\n/g, '\r\n') + '\r\n'))) return true;
        }
        return false;
      },
      onHistoryChange: (h) => {
        // Saved shortly after typing stops (a long paste writes it once, not per line).
        clearTimeout(historyTimer);
        historyTimer = setTimeout(() => {
          try {
            localStorage.setItem(HISTORY_KEY, JSON.stringify(h.slice(-1000)));
          } catch {
            /* storage full or disabled: history stays in memory */
          }
        }, 300);
      },
      onPrompt: () => flush(),
      onUser: (name) => setUser(name),
      onReply: (argv, _reply, text) => {
        // User Timing for bench/terminal.ts: Enter -> reply parsed by xterm -> the frame that draws it.
        // xterm draws in an animation frame requested while parsing; ours, requested after, runs in the same one.
        const measure = entered
          ? () => {
              performance.measure('term:enter-to-reply', 'term:enter');
              requestAnimationFrame(() => performance.measure('term:enter-to-paint', 'term:enter'));
            }
          : undefined;
        entered = false;
        flush(measure);
        announce(`${argv.map(toText).join(' ')}: ${text}`);
      },
      history: loadHistory(),
      options: {
        explain: () => !useSettings.getState().purist,
        python: () => useSettings.getState().python,
      },
    });
    session.editor.setColumns(term.cols);
    term.onResize(({ cols }) => session.editor.setColumns(cols));
    // Enter is taken before xterm sees it: xterm would clear its hidden textarea, and that
    // layout change makes the browser draw a frame at once, which the engine's reply
    // (under 2 ms away) then has to wait behind. The line goes to the session as typed.
    let textareaDirty = false;
    // The way out: Esc, then Tab (or Shift+Tab) moves focus on; Tab alone stays completion.
    // F6 is left to the page, which cycles the regions.
    let escaped = false;
    term.attachCustomKeyEventHandler((ev) => {
      if (ev.key === 'F6') return false;
      if (ev.type === 'keydown' && ev.key !== 'Shift') {
        const leave = escaped && ev.key === 'Tab' && !ev.altKey && !ev.ctrlKey && !ev.metaKey;
        escaped = ev.key === 'Escape';
        if (leave) return false;
      }
      if (ev.key !== 'Enter' || ev.shiftKey || ev.altKey || ev.ctrlKey || ev.metaKey || ev.isComposing) return true;
      if (ev.type === 'keydown') {
        ev.preventDefault();
        textareaDirty = true;
        term.input('\r', true);
      }
      return false;
    });
    const clearTextarea = () => {
      if (!textareaDirty || !term.textarea) return;
      textareaDirty = false;
      // What xterm does on Enter, once the reply is drawn.
      term.textarea.value = '';
    };

    let entered = false;
    term.onData((d) => {
      if (d === '\r' && !session.isBusy) {
        performance.mark('term:enter');
        entered = true;
        if (session.editor.line.trim() !== '') hold();
      }
      session.feed(d);
    });
    term.textarea?.addEventListener('focus', () => useTerminals.getState().setActive(label));
    // Ask xterm to wrap pastes in bracketed-paste markers.
    term.write('\x1b[?2004h');

    // The prompt appears before the engine has loaded: the terminal accepts input
    // immediately, and hints and completion switch on when the command table arrives.
    const opened = open();
    session.start();
    useTerminals.getState().register(label, session);
    onSession?.(session);
    if (initial.current.autoFocus) term.focus();
    void specsOf(client).then((specs) => {
      if (!disposed) session.specs = specs;
    });

    // A long paste shows its progress (and how to stop it).
    const progressTimer = setInterval(() => {
      const p = session.progress();
      setProgress((old) => (old?.done === p?.done && old?.total === p?.total ? old : p));
    }, 200);

    const ro = new ResizeObserver(() => {
      try {
        fit.fit();
      } catch {
        /* element hidden */
      }
    });
    ro.observe(el);

    return () => {
      disposed = true;
      clearInterval(progressTimer);
      clearTimeout(holdTimer);
      holdTimer = undefined;
      ro.disconnect();
      off();
      useTerminals.getState().register(label, undefined);
      onSession?.(undefined);
      if (clientId) void client.call('close', { client: clientId });
      termRef.current = undefined;
      term.dispose();
    };
  }, [client, label, onSession, announce]);

  // Font size and screen-reader mode change in place: the screen is kept.
  useEffect(() => {
    const term = termRef.current;
    if (!term) return;
    term.options.fontSize = fontSize;
    term.options.screenReaderMode = screenReader;
    try {
      fitRef.current?.fit();
    } catch {
      /* hidden */
    }
  }, [fontSize, screenReader]);

  return (
    <div className="relative flex h-full w-full flex-col">
      {user !== undefined && (
        <div
          role="status"
          className="flex shrink-0 justify-end px-2 pt-0.5 font-mono text-xs text-muted"
          data-testid="terminal-user"
          title={`This terminal runs commands as the ACL user ${user}`}
        >
          <span className="truncate">
            user: <span className="text-white">{user}</span>
          </span>
        </div>
      )}
      <div ref={host} className="min-h-0 w-full flex-1" data-testid="terminal" aria-label={`Redis terminal ${label}`} />
      {progress && (
        <div
          role="status"
          className="absolute inset-x-2 bottom-2 flex items-center gap-3 rounded-md border border-edge bg-panel/95 px-3 py-2 text-xs text-muted"
          data-testid="paste-progress"
        >
          <span>
            Running pasted lines: {progress.done.toLocaleString('en-US')} / {progress.total.toLocaleString('en-US')}
          </span>
          <span className="h-1.5 flex-1 overflow-hidden rounded bg-ink" aria-hidden="true">
            <span className="block h-full bg-redis" style={{ width: `${(100 * progress.done) / progress.total}%` }} />
          </span>
          <span>Ctrl-C stops</span>
        </div>
      )}
      {/* Every reply, announced to screen readers (the canvas of cells is not). */}
      <div className="sr-only" role="log" aria-live="polite" aria-label={`Replies in ${label}`} data-testid="reply-log">
        {announcements.map((a, i) => (
          <p key={`${i}-${a.length}`}>{a}</p>
        ))}
      </div>
    </div>
  );
}
