/**
 * The page's React tree, loaded by main.tsx once the engine's worker has
 * started loading: the worker's download and start-up overlap this chunk's
 * (React, xterm.js, the shell).
 */
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App';
import { UpdatePrompt } from './components/UpdatePrompt';

// The presenter's notes window (?view=notes) shows lesson notes only: no engine, no terminal.
const NotesWindow = lazy(() => import('./components/lessons/NotesWindow'));

export function mount(notes: boolean): void {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      {notes ? (
        <Suspense fallback={null}>
          <NotesWindow />
        </Suspense>
      ) : (
        <App />
      )}
      <UpdatePrompt />
    </StrictMode>,
  );
}
