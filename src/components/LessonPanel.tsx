import { lazy, Suspense } from 'react';

// The lesson system (Markdown, parsers, widgets) loads after the terminal is usable.
const LessonView = lazy(() => import('./lessons/LessonView'));

/** The lesson panel: the self-paced track, loaded lazily. */
export function LessonPanel() {
  return (
    <Suspense fallback={<p className="p-5 text-muted">Loading lessons…</p>}>
      <LessonView />
    </Suspense>
  );
}
