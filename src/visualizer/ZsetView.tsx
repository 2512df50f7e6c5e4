/**
 * A sorted set as ranked rows: rank both ways (ZRANK from the bottom,
 * ZREVRANK from the top), member, score and a bar. ZINCRBY slides the
 * member to its new rank; ZRANGEBYSCORE lights up the score window.
 */
import { memo, useMemo } from 'react';
import { commonShift, type KeyedItem } from './layout/keyed';
import type { Scene } from './layout/scene';
import { display } from './layout/text';
import { formatScore, inScoreRange, rankRange, scoreBar, type ZsetRead } from './layout/zset';
import { animate, useCommandMotion, useStripSlide } from './motion';
import { PlaceholderRow, RemovedNote, TouchedRow, formatCount } from './ui';
import { sameRow, useElementList } from './useValueWindow';
import { VirtualList } from './VirtualList';

// Opaque when idle: rows slide over each other as ranks change.
const ZSET_HUE = { tint: 'bg-rose-400/15', bar: 'bg-rose-300', idle: 'bg-panel' };

type ZsetScene = Extract<Scene, { type: 'zset' }>;

export function ZsetView({
  scene,
  length,
  min,
  max,
  reverse,
  seq,
  sceneAt,
  rowHeight,
  onReverse,
}: {
  scene: ZsetScene;
  length: number;
  min: number;
  max: number;
  reverse: boolean;
  seq: number;
  sceneAt: number;
  rowHeight: number;
  onReverse: (r: boolean) => void;
}) {
  const { byIndex, removed, list } = useElementList(scene.rows, length, rowHeight);
  // The members that made room for a moved one all shifted by one rank: one slide of the
  // whole strip; only the member that moved animates on its own.
  const shift = useMemo(() => commonShift(scene.rows.filter((r) => !r.touched)), [scene]);
  const strip = useStripSlide(shift, rowHeight, false, 650, seq, sceneAt);
  const read = scene.read;
  // Keep the member that moved in view (a ZINCRBY can send it far away in a big set).
  const target = scene.moves[0];
  const jump = target && sceneAt > 0 ? { index: target.to, seq } : undefined;

  const readRanks = read?.kind === 'rank' ? rankRange(read.start, read.stop, read.rev, length) : null;
  const isRead = (i: number, item: KeyedItem<number> | undefined): boolean => {
    if (!read || !item) return false;
    if (read.kind === 'score') return inScoreRange(item.data, read);
    if (read.kind === 'member') return read.members.includes(item.id);
    if (!readRanks) return false;
    const asc = reverse ? length - 1 - i : i;
    return asc >= readRanks[0] && asc <= readRanks[1];
  };
  const matched = read ? scene.rows.filter((r) => r.state !== 'leave' && isRead(r.index, r)).length : 0;

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="flex items-center justify-between gap-2 px-3 pt-2 pb-1 text-xs text-muted">
        <span>Ranked by score</span>
        <div className="flex overflow-hidden rounded border border-edge" role="group" aria-label="Order">
          <button type="button" aria-pressed={!reverse} onClick={() => onReverse(false)} className={`px-1.5 py-0.5 ${!reverse ? 'bg-white/15 text-white' : 'hover:text-white'}`}>
            low → high
          </button>
          <button type="button" aria-pressed={reverse} onClick={() => onReverse(true)} className={`px-1.5 py-0.5 ${reverse ? 'bg-white/15 text-white' : 'hover:text-white'}`}>
            high → low
          </button>
        </div>
      </div>
      <div className="flex items-center gap-2 border-b border-edge px-3 pb-1 font-mono text-[0.68rem] uppercase tracking-wide text-muted" aria-hidden="true">
        <span className="w-12 text-right" title="ZRANK: 0 is the lowest score">zrank</span>
        <span className="w-14 text-right" title="ZREVRANK: 0 is the highest score">zrevrank</span>
        <span className="flex-1 pl-2">member</span>
        <span className="w-[42%] max-w-[220px] text-right">score</span>
      </div>
      {read && <ReadCaption read={read} matched={matched} />}
      <VirtualList
        {...list}
        role="table"
        aria-label={`sorted set members by ${reverse ? 'descending' : 'ascending'} score, ${formatCount(length)} in total`}
        data-testid="zset-view"
        className="min-h-0 flex-1"
        scrollTo={jump}
        stripRef={strip}
        renderItem={(i) => {
          const item = byIndex.get(i);
          const rank = reverse ? length - 1 - i : i;
          return (
            <ZRow item={item} rank={rank} revrank={length - 1 - rank} min={min} max={max} seq={seq} sceneAt={sceneAt} rowHeight={rowHeight} read={isRead(i, item)} shift={shift} />
          );
        }}
      />
      <RemovedNote label="Removed: " names={removed.map((r) => ({ key: r.id, text: display(r.id, 20) }))} />
    </div>
  );
}

function ReadCaption({ read, matched }: { read: ZsetRead; matched: number }) {
  let text: string;
  if (read.kind === 'score') {
    const lo = `${read.min.exclusive ? '(' : '['}${formatScore(read.min.value)}`;
    const hi = `${formatScore(read.max.value)}${read.max.exclusive ? ')' : ']'}`;
    text = `Score window ${lo}, ${hi}: ${matched} ${matched === 1 ? 'member' : 'members'} on screen`;
  } else if (read.kind === 'rank') text = `Ranks ${read.start}..${read.stop}${read.rev ? ' counted from the top' : ''}`;
  else text = `Looked up ${read.members.map((m) => display(m, 20)).join(', ')}`;
  return (
    <p className="border-b border-edge bg-sky-400/10 px-3 py-1 text-xs text-sky-100" data-testid="zset-read">
      {text}
    </p>
  );
}

/** Rows that did not change are not re-rendered (items are new objects with every window). */
const ZRow = memo(
  ZRowView,
  sameRow(
    ['rank', 'revrank', 'min', 'max', 'read', 'rowHeight', 'shift'],
    (p) => p.item,
    (a, b) => a.data === b.data && a.touched === b.touched,
  ),
);

function ZRowView({
  item,
  rank,
  revrank,
  min,
  max,
  seq,
  sceneAt,
  rowHeight,
  read,
  shift,
}: {
  item: KeyedItem<number> | undefined;
  rank: number;
  revrank: number;
  min: number;
  max: number;
  seq: number;
  sceneAt: number;
  rowHeight: number;
  read: boolean;
  /** The whole strip slides by this many rows this command (rows that shifted so ride along). */
  shift: number;
}) {
  const ref = useCommandMotion(seq, sceneAt, (el) => {
    if (!item) return;
    if (item.state === 'moved' && item.from !== null && (shift === 0 || item.index - item.from !== shift)) {
      // From where it was on screen, less the strip's own slide.
      const dy = (item.from - item.index + shift) * rowHeight;
      animate(el, [{ transform: `translateY(${dy}px)`, zIndex: 2 }, { transform: 'translateY(0)', zIndex: 2 }], { duration: 650 });
    } else if (item.state === 'enter') {
      animate(el, [{ opacity: 0, transform: 'translateX(-24px)' }, { opacity: 1, transform: 'translateX(0)' }], { duration: 420, fill: 'backwards' });
    }
  });
  if (!item) return <PlaceholderRow />;
  const hot = item.state === 'enter' || item.state === 'changed' || (item.state === 'moved' && item.touched);
  const bar = scoreBar(item.data, min, max);
  // Only a bar whose own score changed grows or shrinks in view; a new highest or lowest score
  // elsewhere rescales the others at once (one animated bar, not one per row).
  const barMotion = item.touched || item.state === 'changed' ? 'transform 500ms cubic-bezier(0.2,0.8,0.2,1)' : undefined;
  return (
    <TouchedRow ref={ref} state={item.state} hot={hot} read={read} hue={ZSET_HUE} data={{ 'data-member': item.id, 'data-rank': rank }}>
      <span role="cell" className="w-12 text-right tabular-nums text-muted">{rank}</span>
      <span role="cell" className="w-14 text-right tabular-nums text-muted">{revrank}</span>
      <span role="cell" className="min-w-0 flex-1 truncate pl-2 text-[#f3f4f8]" title={display(item.id)}>
        {display(item.id, 60)}
      </span>
      <span role="cell" className="flex w-[42%] max-w-[220px] items-center gap-2">
        <span className="h-2.5 flex-1 overflow-hidden rounded-full bg-white/[0.06]" aria-hidden="true">
          <span className="block h-full origin-left rounded-full bg-gradient-to-r from-rose-500/70 to-rose-300" style={{ transform: `scaleX(${bar})`, transition: barMotion }} />
        </span>
        <span className="w-16 text-right tabular-nums text-rose-100">{formatScore(item.data)}</span>
      </span>
    </TouchedRow>
  );
}
