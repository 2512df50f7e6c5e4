import { lazy, Suspense } from 'react';
import { engineUp } from './engine-up';

// The lesson system (Markdown, parsers, widgets) loads once the terminal can answer.
const LessonView = lazy(() => engineUp().then(() => import('./lessons/LessonView')));

/** The lesson panel: the self-paced track, loaded lazily. */
export function LessonPanel() {
  return (
    <Suspense fallback={<p className="p-5 text-muted">Loading lessons…</p>}>
      <LessonView />
    </Suspense>
  );
}
