import { useEffect, useRef, useState } from 'react';
import type { Catalog } from '../../curriculum/catalog';
import { catalog as loadCatalog } from '../../curriculum/catalog';
import './lessons.css';
import { openChannel, type PresenterMessage } from './presenter-channel';

/**
 * The instructor's notes, in their own window (opened from presenter mode):
 * it follows the presenter over a BroadcastChannel and can step it too.
 * It has no engine and no terminal of its own.
 */
export default function NotesWindow() {
  const [cat] = useState<Catalog>(() => loadCatalog());
  const [pos, setPos] = useState<{ lessonId: string; section: number } | undefined>();
  const [started] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());
  const ch = useRef<ReturnType<typeof openChannel>>(undefined);

  useEffect(() => {
    const c = openChannel((m: PresenterMessage) => {
      if (m.type === 'state') setPos({ lessonId: m.lessonId, section: m.section });
    });
    ch.current = c;
    c.post({ type: 'hello' });
    const t = setInterval(() => setNow(Date.now()), 1000);
    document.title = 'Speaker notes · Redis Playground';
    return () => {
      c.close();
      clearInterval(t);
    };
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'ArrowRight' || e.key === 'PageDown') ch.current?.post({ type: 'go', delta: 1 });
      if (e.key === 'ArrowLeft' || e.key === 'PageUp') ch.current?.post({ type: 'go', delta: -1 });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const lesson = cat.lessons.find((l) => l.id === pos?.lessonId);
  const sec = lesson?.sections[pos?.section ?? 0];
  const next = lesson?.sections[(pos?.section ?? 0) + 1];
  const notes = sec?.blocks.filter((b) => b.kind === 'notes') ?? [];
  const step = sec?.stepId ? lesson?.steps.find((s) => s.id === sec.stepId) : undefined;
  const elapsed = Math.floor((now - started) / 1000);

  return (
    <div className="flex h-full flex-col bg-[#05070f] p-6 text-white" data-testid="notes-window">
      <header className="mb-4 flex items-baseline gap-4">
        <h1 className="flex-1 text-sm tracking-widest text-muted uppercase">Speaker notes</h1>
        <span className="font-mono text-xl tabular-nums" aria-label="Time since the notes opened">
          {String(Math.floor(elapsed / 60)).padStart(2, '0')}:{String(elapsed % 60).padStart(2, '0')}
        </span>
      </header>
      {!lesson || !sec ? (
        <p className="text-2xl text-muted">Waiting for the presenter window… Open presenter mode in the main window.</p>
      ) : (
        <main className="min-h-0 flex-1 overflow-auto" aria-live="polite">
          <p className="text-lg text-muted">
            {lesson.title} · {(pos?.section ?? 0) + 1} / {lesson.sections.length}
          </p>
          <h2 className="mb-4 text-4xl font-bold" data-testid="notes-title">
            {sec.title || lesson.title}
          </h2>
          {notes.length === 0 ? (
            <p className="text-2xl text-muted">No notes for this screen.</p>
          ) : (
            notes.map((n, i) => (
              <div key={i} className="lesson-prose text-[28px] leading-snug">
                <div className="md" dangerouslySetInnerHTML={{ __html: n.kind === 'notes' ? n.html : '' }} />
              </div>
            ))
          )}
          {step && (
            <div className="mt-6 rounded-xl border border-edge p-4 text-xl">
              <div className="text-sm tracking-widest text-[#ffb4ad] uppercase">Goal on screen</div>
              <p className="mt-1">{step.goal}</p>
              <p className="mt-2 font-mono text-lg text-emerald-300">{step.solution.join('   ·   ')}</p>
            </div>
          )}
          {next && <p className="mt-6 text-xl text-muted">Next: {next.title}</p>}
        </main>
      )}
      <footer className="mt-4 flex gap-3 text-lg">
        <button type="button" className="rounded-md border border-edge px-4 py-2 hover:bg-edge" onClick={() => ch.current?.post({ type: 'go', delta: -1 })}>
          ← Back
        </button>
        <button type="button" className="rounded-md border border-edge px-4 py-2 hover:bg-edge" onClick={() => ch.current?.post({ type: 'go', delta: 1 })}>
          Next →
        </button>
        <button type="button" className="ml-auto rounded-md border border-edge px-4 py-2 hover:bg-edge" onClick={() => ch.current?.post({ type: 'reset-demo' })}>
          Reset demo
        </button>
      </footer>
    </div>
  );
}
