/**
 * Shown while the keyspace view shows an earlier point of the timeline: which
 * point, that it is read-only, and the ways on: the step before or after
 * (buttons, or arrow keys anywhere in the banner), Restore (after a
 * question) and Back to now.
 */
import { useState, type KeyboardEvent } from 'react';
import { useKeyspace } from '../store/keyspace';
import { typeTimelineCommand, useTimeline } from '../store/timeline';
import { RestoreQuestion } from './ui';

const btn =
  'whitespace-nowrap rounded-md border border-amber-300/50 px-2 py-0.5 text-xs text-amber-50 hover:bg-amber-300/15 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-[#ffb4ad] disabled:opacity-40';

export function PastBanner() {
  const past = useKeyspace((s) => s.past);
  const entries = useTimeline((s) => s.entries);
  const [confirmFor, setConfirmFor] = useState<number | undefined>(undefined);
  if (past === undefined) return null;
  // The points: the start, then right after each entry; past the last one is now.
  const ids = [0, ...entries.map((e) => e.id)];
  const at = ids.indexOf(past.id);
  const after = at < 0 ? 0 : ids.length - 1 - at;
  const go = (i: number) => {
    const t = useTimeline.getState();
    if (i >= ids.length - 1 && i > at) void t.select(undefined);
    else void t.select(ids[Math.max(0, Math.min(ids.length - 1, i))]);
  };
  const onKey = (e: KeyboardEvent) => {
    if ((e.target as HTMLElement).closest('[role="alertdialog"]')) return;
    if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') go(at - 1);
    else if (e.key === 'ArrowRight' || e.key === 'ArrowDown') go(at + 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End' || e.key === 'Escape') void useTimeline.getState().select(undefined);
    else return;
    e.preventDefault();
  };
  const name = past.id === 0 ? 'the start' : `step ${past.id}`;
  const confirming = confirmFor === past.id;
  return (
    <div
      role="group"
      aria-label={`Viewing ${name} of the timeline, read-only`}
      aria-describedby="past-help"
      className="border-b-2 border-amber-400 bg-[#3a2a0a] px-3 py-1.5 text-amber-50"
      onKeyDown={onKey}
      data-testid="past-banner"
      data-at={past.id}
    >
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <p className="min-w-0 flex-1 truncate text-sm">
          <span className="font-semibold whitespace-nowrap" data-testid="past-title">
            Viewing {name} — read-only
          </span>
          {past.label !== '' && (
            <span className="ml-1.5 truncate font-mono text-xs text-amber-100/90" title={past.label}>
              after {past.label}
            </span>
          )}
        </p>
        <div className="flex items-center gap-1">
          <button type="button" className={btn} onClick={() => go(at - 1)} disabled={at <= 0} aria-label="Step before" data-testid="past-prev">
            ◀
          </button>
          <button type="button" className={btn} onClick={() => go(at + 1)} aria-label="Step after" data-testid="past-next">
            ▶
          </button>
          {after > 0 && (
            <button type="button" className={btn} onClick={() => setConfirmFor(past.id)} data-testid="past-restore">
              Restore…
            </button>
          )}
          <button
            type="button"
            className={`${btn} bg-amber-400/20 font-semibold`}
            onClick={() => void useTimeline.getState().select(undefined)}
            data-testid="past-now"
          >
            Back to now
          </button>
        </div>
      </div>
      <p id="past-help" className="sr-only">
        Left and right arrow keys move to the step before or after; End or Escape comes back to now.
      </p>
      {confirming && (
        <RestoreQuestion
          id="past-restore-q"
          after={after}
          where={name}
          inline
          cancelClass={btn}
          testId="past-restore-confirm"
          onRestore={() => {
            setConfirmFor(undefined);
            const id = past.id;
            void typeTimelineCommand(`:restore ${id}`).then(() => useTimeline.getState().select(undefined));
          }}
          onCancel={() => setConfirmFor(undefined)}
        />
      )}
    </div>
  );
}
