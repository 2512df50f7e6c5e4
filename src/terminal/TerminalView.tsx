import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef } from 'react';
import type { EngineClient } from '../client/engine-client';
import type { Reply } from '../protocol/messages';
import { TerminalSession } from './session';

const HISTORY_KEY = 'redis-playground:history';

function loadHistory(): string[] {
  try {
    const raw = localStorage.getItem(HISTORY_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export interface TerminalViewProps {
  client: EngineClient;
  label: string;
  fontSize?: number;
  onSession?: (s: TerminalSession | undefined) => void;
}

/** The xterm.js terminal (DOM renderer) wired to one engine connection. */
export function TerminalView({ client, label, fontSize = 15, onSession }: TerminalViewProps) {
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const term = new Terminal({
      fontFamily: '"JetBrains Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace',
      fontSize,
      cursorBlink: true,
      convertEol: false,
      scrollback: 5000,
      screenReaderMode: false,
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

    let disposed = false;
    let clientId = 0;
    const waiters: ((r: { reply: Reply; db: number }) => void)[] = [];
    const off = client.on((e) => {
      if (e.type === 'reply' && e.client === clientId) waiters.shift()?.({ reply: e.reply, db: e.db });
    });

    const session = new TerminalSession(
      {
        exec: (argv) => client.call('exec', { client: clientId, argv }),
        waitReply: () => new Promise((resolve) => waiters.push(resolve)),
        write: (data) => term.write(data),
        clear: () => term.clear(),
        onHistoryChange: (h) => {
          try {
            localStorage.setItem(HISTORY_KEY, JSON.stringify(h.slice(-1000)));
          } catch {
            /* storage full or disabled: history stays in memory */
          }
        },
      },
      { history: loadHistory() },
    );
    session.editor.setColumns(term.cols);
    term.onResize(({ cols }) => session.editor.setColumns(cols));
    term.onData((d) => session.feed(d));
    // Ask xterm to wrap pastes in bracketed-paste markers.
    term.write('\x1b[?2004h');

    void client.call('open', { name: label }).then(({ client: id }) => {
      if (disposed) return;
      clientId = id;
      session.start();
      onSession?.(session);
      term.focus();
    });

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
      ro.disconnect();
      off();
      onSession?.(undefined);
      if (clientId) void client.call('close', { client: clientId });
      term.dispose();
    };
  }, [client, label, fontSize, onSession]);

  return <div ref={host} className="h-full w-full" data-testid="terminal" aria-label={`Redis terminal ${label}`} />;
}
