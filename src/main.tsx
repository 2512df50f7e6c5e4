/**
 * The entry: as small as it can be, so the engine's worker starts loading
 * first; the page itself (React, the terminal) is the next chunk, fetched
 * while the worker downloads and starts.
 */
import { engineClient } from './client/engine-client';
import './index.css';
import { embedMode } from './share/embed';

const notes = new URLSearchParams(window.location.search).get('view') === 'notes';
// An embedded terminal (?embed=terminal) works in a workspace of its own, never the learner's keys.
const embed = notes ? undefined : embedMode(window.location.search, window.location.hash);
// The engine's worker starts loading now, before React renders anything: it warms while the page loads.
if (!notes) engineClient(embed ? { workspace: embed.workspace } : {});

void import('./boot').then((m) => m.mount(notes, embed));
