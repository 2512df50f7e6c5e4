import { useEffect, useMemo } from 'react';
import { engineClient } from '../client/engine-client';
import { useKeyspace } from '../store/keyspace';
import { KeyspacePanel } from './KeyspacePanel';
import { LessonPanel } from './LessonPanel';
import { TerminalArea } from './TerminalArea';

/** The app shell: lesson panel, terminal, keyspace view. Wiring only. */
export function App() {
  const client = useMemo(() => engineClient(), []);

  useEffect(() => {
    const off = client.on((e) => {
      if (e.type === 'change') useKeyspace.getState().apply(e);
      if (e.type === 'restart') void useKeyspace.getState().load(client);
    });
    void useKeyspace.getState().load(client);
    return off;
  }, [client]);

  return (
    <div className="flex h-full flex-col">
      <header className="flex items-center gap-3 border-b border-edge bg-panel px-4 py-2">
        <Logo />
        <h1 className="text-lg font-semibold tracking-tight">Redis Playground</h1>
        <p className="text-sm text-muted">Redis 7, running in your browser. No server, no install.</p>
      </header>
      <main className="grid min-h-0 flex-1 grid-cols-1 gap-px bg-edge md:grid-cols-[minmax(260px,1fr)_minmax(420px,2fr)_minmax(260px,1fr)]">
        <section aria-label="Lesson" className="min-h-0 overflow-auto bg-panel">
          <LessonPanel />
        </section>
        <section aria-label="Terminal" className="flex min-h-[320px] min-w-0 flex-col bg-ink">
          <TerminalArea client={client} />
        </section>
        <section aria-label="Keyspace" className="min-h-0 overflow-auto bg-panel">
          <KeyspacePanel />
        </section>
      </main>
    </div>
  );
}

function Logo() {
  return (
    <svg width="28" height="28" viewBox="0 0 32 32" aria-hidden="true">
      <rect width="32" height="32" rx="7" fill="#ff4438" />
      <path d="M8 11l8-4 8 4-8 4z M8 16l8 4 8-4 M8 21l8 4 8-4" fill="none" stroke="#fff" strokeWidth="2" strokeLinejoin="round" />
    </svg>
  );
}
