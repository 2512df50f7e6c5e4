import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { engineClient } from './client/engine-client';
import { App } from './components/App';
import './index.css';

// The presenter's notes window (?view=notes) shows lesson notes only: no engine, no terminal.
const NotesWindow = lazy(() => import('./components/lessons/NotesWindow'));
const notes = new URLSearchParams(window.location.search).get('view') === 'notes';
// The engine's worker starts loading now, before React renders anything: it warms while the page loads.
if (!notes) engineClient();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {notes ? (
      <Suspense fallback={null}>
        <NotesWindow />
      </Suspense>
    ) : (
      <App />
    )}
  </StrictMode>,
);
