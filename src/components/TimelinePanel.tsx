/**
 * Undo and the timeline: a button that undoes the last command (typed into
 * the terminal as `:undo`, so the terminal says what it put back), and a
 * drawer listing the commands that changed the keyspace. Picking one shows
 * how the keyspace differed right after it; "Restore" goes back there
 * (`:restore N`). Arrow keys move through the list.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { PreviewValue, TimelineEntry } from '../protocol/timeline';
import { entryText, typeTimelineCommand, useTimeline } from '../store/timeline';
import { describeUndo } from '../visualizer/model/timeline';
import { RestoreQuestion, TypeBadge } from '../visualizer/ui';

const btn = 'whitespace-nowrap rounded-md border border-edge px-2.5 py-1 text-sm text-white hover:bg-edge focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-[#ffb4ad] disabled:opacity-50';

/** Strips terminal colours from a line (for the screen-reader status). */
const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

/** The header's Undo and Timeline buttons. */
export function TimelineControls() {
  const open = useTimeline((s) => s.open);
  const [status, setStatus] = useState('');
  const onUndo = async () => {
    if (await typeTimelineCommand(':undo')) {
      setStatus('Undo typed into the terminal.');
      return;
    }
    setStatus(describeUndo(await useTimeline.getState().undo(), 'undo').map(plain).join(' '));
  };
  return (
    <div className="flex items-center gap-1.5" data-testid="timeline-controls">
      <button type="button" className={btn} onClick={() => void onUndo()} title="Undo the last command's change to the keyspace (:undo)" data-testid="undo-button">
        <span aria-hidden="true">↶ </span>Undo
      </button>
      <button
        type="button"
        className={`${btn} ${open ? 'bg-edge' : ''}`}
        aria-expanded={open}
        aria-controls="timeline-drawer"
        onClick={() => useTimeline.getState().setOpen(!open)}
        data-testid="timeline-button"
      >
        Timeline
      </button>
      <span className="sr-only" role="status">
        {status}
      </span>
    </div>
  );
}

/** The drawer: the list of commands and the preview of the point picked. */
export function TimelineDrawer() {
  const { open, entries, dropped, selected, unsaved, savedLimits, notice } = useTimeline();
  const listRef = useRef<HTMLOListElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) listRef.current?.focus();
  }, [open]);
  if (!open) return null;
  // The options: the start, every entry, and now.
  const ids: (number | undefined)[] = [0, ...entries.map((e) => e.id), undefined];
  const at = ids.indexOf(selected);
  const move = (i: number) => {
    const next = ids[Math.max(0, Math.min(ids.length - 1, i))];
    void useTimeline.getState().select(next);
    const el = listRef.current?.querySelector(`[data-index="${Math.max(0, Math.min(ids.length - 1, i))}"]`);
    el?.scrollIntoView({ block: 'nearest' });
  };
  const onKey = (e: KeyboardEvent) => {
    const cur = at < 0 ? ids.length - 1 : at;
    if (e.key === 'ArrowDown') move(cur + 1);
    else if (e.key === 'ArrowUp') move(cur - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(ids.length - 1);
    else return;
    e.preventDefault();
  };
  const close = () => useTimeline.getState().setOpen(false);
  const activeId = at >= 0 ? `timeline-opt-${at}` : undefined;
  return (
    <aside
      id="timeline-drawer"
      aria-label="Timeline"
      // On the left, over the lesson: the keyspace view stays in sight and shows the point picked.
      className="fixed top-0 bottom-0 left-0 z-40 flex w-full max-w-[360px] flex-col border-r border-edge bg-panel shadow-2xl"
      data-testid="timeline-drawer"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          close();
          document.querySelector<HTMLButtonElement>('[data-testid="timeline-button"]')?.focus();
        }
      }}
    >
      <div className="flex items-center gap-2 border-b border-edge px-3 py-2">
        <h2 className="flex-1 text-sm font-semibold">Timeline</h2>
        <button ref={closeRef} type="button" className={btn} onClick={close} aria-label="Close the timeline">
          ✕
        </button>
      </div>
      <p id="timeline-help" className="px-3 pt-2 text-xs text-muted">
        Commands that changed the keyspace, oldest first. Pick one (↑ ↓): the keyspace view shows the keys as they were right after it, read-only, and below is what differs from now. Restore goes back there.
        {dropped > 0 && ` ${dropped} older ${dropped === 1 ? 'command is' : 'commands are'} no longer kept.`}
      </p>
      <p className="px-3 pt-1 text-xs text-muted" data-testid="timeline-saved">
        Kept across a reload: {savedLimits || 'the newest commands'}.
        {unsaved > 0 && (
          <span className="text-amber-200">
            {' '}
            The {unsaved} oldest {unsaved === 1 ? 'command' : 'commands'} here will not be after a reload.
          </span>
        )}
      </p>
      {notice !== undefined && (
        <p className="px-3 pt-1 text-xs text-amber-200" data-testid="timeline-notice">
          {notice}
        </p>
      )}
      <ol
        ref={listRef}
        role="listbox"
        tabIndex={0}
        aria-label="Commands that changed the keyspace"
        aria-describedby="timeline-help"
        aria-activedescendant={activeId}
        onKeyDown={onKey}
        className="m-2 max-h-[40%] min-h-[6rem] shrink-0 overflow-auto rounded-md border border-edge bg-ink py-1 font-mono text-[13px] outline-none focus-visible:ring-2 focus-visible:ring-[#ffb4ad]"
        data-testid="timeline-list"
      >
        {ids.map((id, i) => {
          const e = id === undefined || id === 0 ? undefined : entries.find((x) => x.id === id);
          const chosen = selected === id;
          return (
            <li
              key={id === undefined ? 'now' : id}
              id={`timeline-opt-${i}`}
              data-index={i}
              role="option"
              aria-selected={chosen}
              onClick={() => void useTimeline.getState().select(id)}
              className={`flex cursor-pointer items-baseline gap-2 px-2 py-0.5 ${chosen ? 'bg-[#3a2440] text-white' : 'text-[#d5dbea] hover:bg-white/5'}`}
              data-testid="timeline-option"
              data-id={id ?? 'now'}
            >
              {e ? <EntryRow e={e} /> : <span className="text-muted italic">{id === 0 ? 'Start (before the first command kept)' : 'Now'}</span>}
            </li>
          );
        })}
      </ol>
      <Preview />
    </aside>
  );
}

function EntryRow({ e }: { e: TimelineEntry }) {
  return (
    <>
      <span className="w-8 shrink-0 text-right text-muted">{e.id}</span>
      <span className="min-w-0 flex-1 truncate" title={entryText(e.argv, 400)}>
        {e.db !== 0 && <span className="text-muted">[db{e.db}] </span>}
        {entryText(e.argv)}
      </span>
      {e.cannotUndo !== undefined && (
        <span className="shrink-0 text-amber-200" title={e.cannotUndo}>
          cannot undo
        </span>
      )}
    </>
  );
}

function Preview() {
  const { selected, preview, entries, db } = useTimeline();
  // The question belongs to the point it was asked about.
  const [confirmFor, setConfirmFor] = useState<number | undefined>(undefined);
  const confirming = confirmFor !== undefined && confirmFor === selected;
  const setConfirming = (on: boolean) => setConfirmFor(on ? selected : undefined);
  if (selected === undefined) return <p className="px-3 text-sm text-muted">Now: the keyspace view shows the live keys. Pick an earlier point to see it there.</p>;
  const e = entries.find((x) => x.id === selected);
  const where = selected === 0 ? 'At the start' : `Right after ${selected}: ${entryText(e?.argv ?? [], 50)}`;
  return (
    <section aria-label="The keyspace at that point" className="flex min-h-0 flex-1 flex-col px-3 pb-3" data-testid="timeline-preview">
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="min-w-0 flex-1 truncate text-sm font-semibold" title={where}>
          {where}
        </h3>
        <label className="flex items-center gap-1 text-xs text-muted">
          database
          <select
            className="rounded border border-edge bg-ink px-1 py-0.5 text-white"
            value={db}
            onChange={(ev) => void useTimeline.getState().select(selected, Number(ev.target.value))}
          >
            {Array.from({ length: 16 }, (_, i) => (
              <option key={i} value={i}>
                {i}
              </option>
            ))}
          </select>
        </label>
      </div>
      {preview === undefined ? (
        <p className="text-sm text-muted">Loading…</p>
      ) : !preview.ok ? (
        <p className="mt-1 text-sm text-amber-200" role="status">
          This point cannot be reached: {preview.reason}.
        </p>
      ) : (
        <>
          <p className="mt-1 text-xs text-muted" role="status">
            {preview.dbsize} {preview.dbsize === 1 ? 'key' : 'keys'} in database {preview.db} then; {preview.changed.length === 0 ? 'the same keys as now' : `${preview.changed.length} ${preview.changed.length === 1 ? 'key differs' : 'keys differ'} from now`}
            {preview.after > 0 && ` (${preview.after} ${preview.after === 1 ? 'command' : 'commands'} since)`}.
          </p>
          <button
            type="button"
            className={`${btn} mt-2 self-start lg:hidden`}
            onClick={() => {
              useTimeline.getState().setOpen(false);
              const banner = document.querySelector<HTMLElement>('[data-testid="past-banner"]');
              banner?.scrollIntoView({ block: 'start' });
              banner?.querySelector<HTMLButtonElement>('[data-testid="past-now"]')?.focus();
            }}
            data-testid="timeline-show"
          >
            See it in the keyspace view
          </button>
          {preview.after > 0 &&
            (confirming ? (
              <RestoreQuestion
                id="restore-q"
                after={preview.after}
                where="this point"
                cancelClass={btn}
                testId="restore-confirm"
                onRestore={() => {
                  setConfirming(false);
                  void typeTimelineCommand(`:restore ${selected}`);
                }}
                onCancel={() => setConfirming(false)}
              />
            ) : (
              <button type="button" className={`${btn} mt-2 self-start`} onClick={() => setConfirming(true)} data-testid="restore-button">
                Restore from here…
              </button>
            ))}
          <ul className="mt-2 min-h-0 flex-1 space-y-1.5 overflow-auto" aria-label="Keys that differ from now" data-testid="timeline-diff">
            {preview.changed.map((k) => (
              <li key={k.key} className="rounded-md border border-edge bg-ink/60 p-1.5 text-xs" data-key={k.key}>
                <div className="font-mono text-[13px] font-semibold text-white">{k.key}</div>
                <ValueLine label="then" v={k.then} />
                <ValueLine label="now" v={k.now} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function ValueLine({ label, v }: { label: string; v: PreviewValue | null }) {
  return (
    <div className="mt-0.5 flex items-baseline gap-2">
      <span className="w-9 shrink-0 text-muted">{label}</span>
      {v === null ? (
        <span className="text-muted italic">no such key</span>
      ) : (
        <span className="flex min-w-0 flex-1 items-baseline gap-1.5">
          <TypeBadge type={v.type as 'string'} />
          <span className="min-w-0 truncate font-mono text-[#e6e9f2]">{summary(v)}</span>
          {v.expireAt >= 0 && <span className="shrink-0 text-muted">TTL</span>}
        </span>
      )}
    </div>
  );
}

function summary(v: PreviewValue): string {
  const more = (shown: number) => (v.size > shown ? ` … (${v.size})` : '');
  switch (v.type) {
    case 'string':
      return JSON.stringify(v.items[0] ?? '');
    case 'hash': {
      const pairs: string[] = [];
      for (let i = 0; i + 1 < v.items.length; i += 2) pairs.push(`${v.items[i]}=${v.items[i + 1]}`);
      return `{${pairs.join(', ')}${more(pairs.length)}}`;
    }
    case 'zset': {
      const pairs: string[] = [];
      for (let i = 0; i + 1 < v.items.length; i += 2) pairs.push(`${v.items[i]}:${v.items[i + 1]}`);
      return `${pairs.join(' < ')}${more(pairs.length)}`;
    }
    case 'list':
      return `[${v.items.join(', ')}${more(v.items.length)}]`;
    case 'set':
      return `{${v.items.join(', ')}${more(v.items.length)}}`;
    default:
      return `${v.size} entries`;
  }
}
