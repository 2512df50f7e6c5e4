/**
 * The embedded playground (`?embed=terminal`): the terminal alone, for an
 * iframe in a course page. Its keys are in a workspace of their own (see
 * src/share/embed.ts), so nothing typed here reaches the learner's saved
 * keys, and no lesson opens. With a share link's keys as its starting point
 * it builds them the first time and keeps the learner's changes afterwards;
 * *Start over* (after asking) builds them again.
 */
import { useEffect, useRef, useState } from 'react';
import type { EngineClient } from '../client/engine-client';
import { decodeShare, ShareError, type SharedState } from '../share/codec';
import type { EmbedMode } from '../share/embed';
import { TerminalArea } from './TerminalArea';

type Preset = { kind: 'none' } | { kind: 'reading' } | { kind: 'ready'; state: SharedState } | { kind: 'bad'; message: string };

export function EmbedApp({ client, mode }: { client: EngineClient; mode: EmbedMode }) {
  const [preset, setPreset] = useState<Preset>(mode.preset === undefined ? { kind: 'none' } : { kind: 'reading' });
  const [asking, setAsking] = useState(false);
  const [note, setNote] = useState('');
  const yes = useRef<HTMLButtonElement>(null);
  const startOver = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (mode.preset === undefined) return;
    let gone = false;
    void (async () => {
      try {
        const state = await decodeShare(mode.preset!);
        // The example's keys the first time (an empty workspace); the learner's own changes after that.
        const now = await client.call('workspace', { name: mode.workspace, setup: [] });
        if (now.keys === 0 && state.argv.length > 0) await client.call('workspace', { name: mode.workspace, setup: state.argv, replace: true });
        if (!gone) setPreset({ kind: 'ready', state });
      } catch (e) {
        const why = e instanceof ShareError ? e.message : e instanceof Error ? e.message : String(e);
        if (!gone) setPreset({ kind: 'bad', message: `The example's keys could not be loaded because ${why}. The terminal starts empty.` });
      }
    })();
    return () => {
      gone = true;
    };
  }, [client, mode]);

  useEffect(() => {
    if (asking) yes.current?.focus();
  }, [asking]);

  const full = new URL('./', window.location.href);
  const fullHref = `${full.pathname}${mode.preset ? `#share=${mode.preset}` : ''}`;

  const rebuild = async () => {
    if (preset.kind !== 'ready') return;
    setAsking(false);
    await client.call('workspace', { name: mode.workspace, setup: preset.state.argv, replace: true });
    setNote('The example’s keys are back.');
    startOver.current?.focus();
  };

  return (
    <div className="flex h-full flex-col bg-ink" data-testid="embed">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-edge bg-panel px-2 py-1 text-xs text-muted" role="group" aria-label="Embedded playground">
        <a href={fullHref} target="_blank" rel="noopener" className="font-semibold text-[#d5dbea] underline-offset-2 hover:text-white hover:underline">
          Redis Playground<span className="sr-only"> (opens in a new tab)</span>
          <span aria-hidden="true"> ↗</span>
        </a>
        <span>Keys here are kept apart from your own.</span>
        {preset.kind === 'ready' && !asking && (
          <button ref={startOver} type="button" onClick={() => setAsking(true)} className="ml-auto rounded border border-edge px-2 py-0.5 text-[#d5dbea] hover:text-white">
            Start over
          </button>
        )}
        {asking && (
          <span role="group" aria-label="Start over?" className="ml-auto flex flex-wrap items-center gap-2 text-[#e6e9f2]">
            Replace these keys with the example’s?
            <button ref={yes} type="button" onClick={() => void rebuild()} className="rounded bg-redis-strong px-2 py-0.5 font-semibold text-white hover:bg-redis">
              Yes, start over
            </button>
            <button
              type="button"
              onClick={() => {
                setAsking(false);
                requestAnimationFrame(() => startOver.current?.focus());
              }}
              className="rounded border border-edge px-2 py-0.5 text-[#d5dbea] hover:text-white"
            >
              Cancel
            </button>
          </span>
        )}
        <span role="status" className="sr-only">
          {note}
        </span>
      </div>
      {preset.kind === 'bad' && (
        <p role="alert" data-testid="embed-error" className="border-b border-amber-600 bg-amber-950 px-3 py-1.5 text-sm text-amber-50">
          {preset.message}
        </p>
      )}
      <main className="relative flex min-h-0 flex-1 flex-col" aria-label="Terminal">
        {preset.kind === 'reading' ? <p className="p-3 text-sm text-muted">Loading the example’s keys…</p> : <TerminalArea client={client} />}
      </main>
    </div>
  );
}
