/**
 * The page's React tree, loaded by main.tsx once the engine's worker has
 * started loading: the worker's download and start-up overlap this chunk's
 * (React, xterm.js, the shell).
 */
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App';
import { UpdatePrompt } from './components/UpdatePrompt';
import { engineClient } from './client/engine-client';
import type { EmbedMode } from './share/embed';

// The presenter's notes window (?view=notes) shows lesson notes only: no engine, no terminal.
const NotesWindow = lazy(() => import('./components/lessons/NotesWindow'));
// The terminal alone, for an iframe (?embed=terminal).
const EmbedApp = lazy(() => import('./components/EmbedApp').then((m) => ({ default: m.EmbedApp })));

export function mount(notes: boolean, embed?: EmbedMode): void {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      {notes ? (
        <Suspense fallback={null}>
          <NotesWindow />
        </Suspense>
      ) : embed ? (
        <Suspense fallback={null}>
          <EmbedApp client={engineClient()} mode={embed} />
        </Suspense>
      ) : (
        <App />
      )}
      <UpdatePrompt />
    </StrictMode>,
  );
}
