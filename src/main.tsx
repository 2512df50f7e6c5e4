/**
 * The entry: as small as it can be, so the engine's worker starts loading
 * first; the page itself (React, the terminal) is the next chunk, fetched
 * while the worker downloads and starts.
 */
import { engineClient } from './client/engine-client';
import './index.css';

const notes = new URLSearchParams(window.location.search).get('view') === 'notes';
// The engine's worker starts loading now, before React renders anything: it warms while the page loads.
if (!notes) engineClient();

void import('./boot').then((m) => m.mount(notes));
