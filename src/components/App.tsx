import { lazy, Suspense, useEffect, useMemo } from 'react';
import { engineClient } from '../client/engine-client';
import { useClock } from '../store/clock';
import { useKeyspace } from '../store/keyspace';
import { startLessons, useLessons } from '../store/lessons';
import { ClockControls } from '../visualizer/ClockControls';
import { LessonPanel } from './LessonPanel';
import { StorageNotice } from './StorageNotice';
import { TerminalArea } from './TerminalArea';

const PresenterView = lazy(() => import('./lessons/PresenterView'));
// The visualizer loads after the terminal: typing never waits for it.
const KeyspacePanel = lazy(() => import('./KeyspacePanel').then((m) => ({ default: m.KeyspacePanel })));

/** The app shell: lesson panel, terminal, keyspace view. Wiring only. */
export function App() {
  const client = useMemo(() => engineClient(), []);

  useEffect(() => {
    const offKeys = useKeyspace.getState().connect(client);
    const offClock = useClock.getState().connect(client);
    return () => {
      offKeys();
      offClock();
    };
  }, [client]);

  // Lessons: terminal commands, goal checks, deep links (?lesson=...&mode=present).
  useEffect(() => startLessons(client), [client]);
  const mode = useLessons((s) => s.mode);
  if (mode === 'present') {
    return (
      <Suspense fallback={<div className="h-full bg-ink" />}>
        <PresenterView client={client} />
      </Suspense>
    );
  }

  return (
    <div className="flex h-full flex-col">
      <header className="flex items-center gap-3 border-b border-edge bg-panel px-4 py-2">
        <Logo />
        <h1 className="text-lg font-semibold tracking-tight">Redis Playground</h1>
        <p className="text-sm text-muted">Redis 7, running in your browser. No server, no install.</p>
        <div className="ml-auto">
          <ClockControls />
        </div>
      </header>
      <StorageNotice client={client} />
      <main className="grid min-h-0 flex-1 grid-cols-1 gap-px bg-edge md:grid-cols-[minmax(300px,1fr)_minmax(420px,1.5fr)_minmax(340px,1.4fr)]">
        <section aria-label="Lesson" className="min-h-0 overflow-auto bg-panel">
          <LessonPanel />
        </section>
        <section aria-label="Terminal" className="flex min-h-[320px] min-w-0 flex-col bg-ink">
          <TerminalArea client={client} />
        </section>
        <section aria-label="Keyspace" className="min-h-0 min-w-0 overflow-hidden bg-panel">
          <Suspense fallback={<p className="p-4 text-sm text-muted">Loading the keyspace view…</p>}>
            <KeyspacePanel />
          </Suspense>
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
