/**
 * A stream as an append-only log: entries oldest first (ID, the time in the
 * ID, field/value pairs), XADD's new entry arriving at the end; above it the
 * consumer groups (last delivered ID, pending, lag, consumers), and on each
 * entry the groups that hold it pending and where each group's cursor is.
 * Windowed: a million entries scroll.
 */
import { memo, useMemo, useState } from 'react';
import type { StreamEntryView, StreamGroupView } from '../protocol/views';
import type { KeyedItem } from './layout/keyed';
import type { Scene } from './layout/scene';
import { idTime, inRead } from './layout/stream';
import { display } from './layout/text';
import { animate, useCommandMotion } from './motion';
import { PlaceholderRow, RemovedNote, TouchedRow, formatCount } from './ui';
import { sameRow, useElementList } from './useValueWindow';
import { VirtualList } from './VirtualList';

const STREAM_HUE = { tint: 'bg-teal-400/15', bar: 'bg-teal-300' };

type StreamScene = Extract<Scene, { type: 'stream' }>;

export function StreamView({
  scene,
  length,
  firstId,
  lastId,
  entriesAdded,
  groupCount,
  seq,
  sceneAt,
  rowHeight,
}: {
  scene: StreamScene;
  length: number;
  firstId: string;
  lastId: string;
  entriesAdded: number;
  groupCount: number;
  seq: number;
  sceneAt: number;
  rowHeight: number;
}) {
  const { byIndex, removed, list } = useElementList(scene.rows, length, rowHeight);
  // Where each group's cursor (last delivered ID) sits.
  const cursors = useMemo(() => {
    const m = new Map<string, string[]>();
    for (const g of scene.groups) m.set(g.lastDeliveredId, [...(m.get(g.lastDeliveredId) ?? []), g.name]);
    return m;
  }, [scene.groups]);
  const changed = useMemo(() => new Map(scene.groupChanges.map((c) => [c.name, c.kind])), [scene.groupChanges]);
  // A log is read from its end: open at the newest entry, and follow each XADD there.
  const [opened] = useState(() => ({ index: Math.max(0, length - 1), seq: -1 }));
  const jump = scene.added.length > 0 && sceneAt > 0 ? { index: length - 1, seq } : opened;
  const read = scene.read;
  const matched = read ? scene.rows.filter((r) => r.state !== 'leave' && inRead(r.id, read)).length : 0;

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <dl className="flex flex-wrap items-center gap-x-3 gap-y-0.5 px-3 pt-1.5 pb-1 text-xs text-muted" data-testid="stream-stats">
        <Stat label="first" value={firstId} testid="stream-first" mono />
        <Stat label="last" value={lastId} testid="stream-last" mono />
        <Stat label="added" value={formatCount(entriesAdded)} testid="stream-added" />
      </dl>
      {scene.groups.length > 0 && (
        <ul className="flex max-h-[3.6rem] flex-wrap gap-1.5 overflow-y-auto px-3 pb-1.5" aria-label={`consumer groups, ${groupCount} in total`} data-testid="stream-groups">
          {scene.groups.map((g) => (
            <GroupCard key={g.name} group={g} change={changed.get(g.name)} />
          ))}
          {groupCount > scene.groups.length && <li className="self-center text-xs text-muted">+{groupCount - scene.groups.length} more groups</li>}
        </ul>
      )}
      <div className="flex items-center gap-2 border-y border-edge px-3 py-1 font-mono text-[0.68rem] tracking-wide text-muted uppercase" aria-hidden="true">
        <span className="w-[10.5rem] shrink-0">entry id</span>
        <span className="flex-1">fields</span>
        <span className="normal-case">newest last ↓</span>
      </div>
      {read && (
        <p className="border-b border-edge bg-sky-400/10 px-3 py-1 text-xs text-sky-100" data-testid="stream-read">
          {read.label}: {matched} {matched === 1 ? 'entry' : 'entries'} on screen
        </p>
      )}
      <VirtualList
        {...list}
        role="table"
        aria-label={`stream entries, oldest first, ${formatCount(length)} in total; use the arrow keys to scroll`}
        data-testid="stream-view"
        className="min-h-0 flex-1"
        scrollTo={jump}
        renderItem={(i) => {
          const item = byIndex.get(i);
          return (
            <EntryRow
              item={item}
              index={i}
              cursors={item ? cursors.get(item.id) : undefined}
              read={read !== null && item !== undefined && inRead(item.id, read)}
              seq={seq}
              sceneAt={sceneAt}
            />
          );
        }}
      />
      <RemovedNote label="Removed: " names={removed.map((r) => ({ key: r.id, text: r.id }))} max={6} more testId="stream-removed" />
    </div>
  );
}

function Stat({ label, value, testid, mono = false }: { label: string; value: string; testid?: string; mono?: boolean }) {
  return (
    <div className="flex items-baseline gap-1.5">
      <dt>{label}</dt>
      <dd className={`text-[#e6e9f2] ${mono ? 'font-mono' : 'tabular-nums'}`} data-testid={testid}>
        {value}
      </dd>
    </div>
  );
}

function GroupCard({ group: g, change }: { group: StreamGroupView; change: string | undefined }) {
  const hot = change !== undefined;
  return (
    <li
      className={`flex items-center gap-1.5 rounded-md border px-2 py-0.5 text-xs leading-5 whitespace-nowrap ${hot ? 'border-teal-300/80 bg-teal-400/10' : 'border-edge bg-ink/50'}`}
      data-group={g.name}
      data-change={change}
      aria-label={`group ${g.name}: last delivered ${g.lastDeliveredId}, ${g.pending} pending, lag ${g.lag ?? 'unknown'}${hot ? `, ${change} by the last command` : ''}`}
    >
      <span className="font-mono font-semibold text-teal-100">{display(g.name, 20)}</span>
      <span className="text-muted" title="last-delivered-id: the group's cursor">
        ▸ <span className="font-mono text-[#e6e9f2]" data-testid="group-last-delivered">{g.lastDeliveredId}</span>
      </span>
      <span className={g.pending > 0 ? 'text-amber-200' : 'text-muted'} title="Delivered, not acknowledged (XACK)">
        <span data-testid="group-pending">{formatCount(g.pending)}</span> pending
      </span>
      <span className="text-muted" title="Entries not yet delivered to this group">
        lag {g.lag === null ? 'unknown' : formatCount(g.lag)}
      </span>
      {g.consumers.map((c) => (
        <span key={c.name} className="rounded bg-white/[0.07] px-1 font-mono text-[0.68rem] text-[#cfd6e6]" title={`consumer ${c.name}: ${c.pending} pending`}>
          {display(c.name, 14)}
          {c.pending > 0 && <span className="text-amber-200">·{c.pending}</span>}
        </span>
      ))}
      {g.consumerCount > g.consumers.length && <span className="text-muted">+{g.consumerCount - g.consumers.length}</span>}
      {hot && <span className="rounded-full bg-teal-400/15 px-1.5 text-[0.65rem] leading-4 text-teal-100 ring-1 ring-teal-300/60 ring-inset">{change}</span>}
    </li>
  );
}

/** Entries that did not change are not re-rendered (items are new objects with every window). */
const EntryRow = memo(
  EntryRowView,
  sameRow(
    ['index', 'read'],
    (p) => p.item,
    (a, b) => a.data.pending?.join() === b.data.pending?.join(),
    (p, n) => p.cursors?.join() === n.cursors?.join(),
  ),
);

function EntryRowView({
  item,
  index,
  cursors,
  read,
  seq,
  sceneAt,
}: {
  item: KeyedItem<StreamEntryView> | undefined;
  index: number;
  cursors: string[] | undefined;
  read: boolean;
  seq: number;
  sceneAt: number;
}) {
  const ref = useCommandMotion(seq, sceneAt, (el) => {
    if (item?.touched) animate(el, [{ opacity: 0, transform: 'translateY(16px)' }, { opacity: 1, transform: 'translateY(0)' }], { duration: 420, fill: 'backwards' });
  });
  if (!item) return <PlaceholderRow />;
  const e = item.data;
  const isNew = item.touched;
  const time = idTime(e.id);
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < e.fields.length && pairs.length < 8; i += 2) pairs.push([e.fields[i]!, e.fields[i + 1]!]);
  return (
    <TouchedRow ref={ref} state={isNew ? 'new' : item.state} hot={isNew} read={read} hue={STREAM_HUE} data={{ 'data-id': e.id, 'data-index': index }}>
      <span role="cell" className="flex w-[10.5rem] shrink-0 flex-col leading-tight" title={time ? `${e.id}: ${time} UTC` : e.id}>
        <span className="truncate text-teal-100">{e.id}</span>
        {time && <span className="text-[0.66rem] text-muted">{time}</span>}
      </span>
      <span role="cell" className="flex min-w-0 flex-1 items-center gap-1.5 overflow-hidden">
        {pairs.map(([f, v], k) => (
          <span key={k} className="flex shrink-0 items-baseline gap-1 rounded bg-white/[0.05] px-1.5 py-px text-[0.8rem]" title={`${display(f)} = ${display(v)}`}>
            <span className="text-violet-200">{display(f, 18)}</span>
            <span className="text-[#eef1f8]">{display(v, 28)}</span>
          </span>
        ))}
        {e.fields.length > 16 && <span className="text-xs text-muted">+{e.fields.length / 2 - 8}</span>}
      </span>
      <span role="cell" className="flex shrink-0 items-center gap-1 text-[0.65rem]">
        {isNew && <span className="rounded-full bg-teal-400/15 px-1.5 leading-4 text-teal-100 ring-1 ring-teal-300/60 ring-inset">new</span>}
        {e.pending?.map((p) => (
          <span key={p} className="rounded-full bg-amber-400/15 px-1.5 leading-4 text-amber-100 ring-1 ring-amber-300/60 ring-inset" title={`delivered to ${p}, not acknowledged`}>
            pending {display(p, 20)}
          </span>
        ))}
        {cursors?.map((g) => (
          <span key={g} className="rounded-full bg-white/[0.06] px-1.5 leading-4 text-[#cfd6e6] ring-1 ring-white/20 ring-inset" title={`consumer group ${g} has delivered everything up to here`}>
            ◂ {display(g, 16)} last delivered
          </span>
        ))}
      </span>
    </TouchedRow>
  );
}
