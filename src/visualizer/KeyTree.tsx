/**
 * The keyspace tree: `:` namespaces as folders, each key with its type,
 * size, encoding and TTL ring, and what the last command did to it. A
 * window over the worker's index (a million keys scroll like ten); keyboard:
 * arrows move, Right/Left open/close or go in/out, Enter opens a key,
 * Home/End, Page Up/Down.
 */
import { memo, useCallback, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { FolderRow, KeyRow, TreeRow } from '../protocol/views';
import { useKeyspace, useKeyspaceFields } from '../store/keyspace';
import { mark } from './model/keyspace';
import type { Touch } from './layout/events';
import { display, segmentLabel } from './layout/text';
import { TtlRing } from './TtlRing';
import { EncodingBadge, TouchTag, TypeBadge, TOUCH, formatCount, sizeLabel } from './ui';
import { VirtualList, type VisibleRange } from './VirtualList';

const PAD = 30;

export function KeyTree({ rowHeight }: { rowHeight: number }) {
  const { tree, selected, scrollTo, touches, seq } = useKeyspaceFields('tree', 'selected', 'scrollTo', 'touches', 'seq');
  // The keyboard cursor; a reveal from the store (a command created a key) moves it too,
  // unless the learner moved it after that reveal was asked for (`at`).
  const [own, setOwn] = useState({ row: 0, n: 0, rev: 0, at: 0 });
  const visible = useRef<VisibleRange>({ first: 0, last: 0, visibleFirst: 0, visibleLast: 0 });
  const count = tree?.totalRows ?? 0;
  useLayoutEffect(() => mark('viz:tree-commit'), [tree]);
  const revealed = scrollTo !== undefined && scrollTo.seq > own.rev && scrollTo.asked >= own.at;
  const cursor = revealed ? scrollTo.row : own.row;
  const scrollReq = revealed ? { index: scrollTo.row, seq: scrollTo.seq } : own.n > 0 ? { index: own.row, seq: -own.n } : undefined;

  const onRange = useCallback((r: VisibleRange) => {
    visible.current = r;
    const s = useKeyspace.getState();
    const have = s.tree;
    const covered = have !== undefined && s.range.offset <= r.first && s.range.offset + s.range.limit >= r.last && have.offset === s.range.offset;
    if (!covered) s.setRange(Math.max(0, r.first - PAD), r.last - r.first + 2 * PAD);
  }, []);

  const rowAt = (i: number): TreeRow | undefined => (tree ? tree.rows[i - tree.offset] : undefined);

  const move = (i: number) => {
    const next = Math.max(0, Math.min(count - 1, i));
    setOwn((o) => ({ row: next, n: o.n + 1, rev: scrollTo?.seq ?? 0, at: performance.now() }));
  };

  // One stable click handler for every row (rows are memoised).
  const onPick = useCallback((index: number, row: TreeRow) => {
    setOwn((o) => ({ row: index, n: o.n, rev: useKeyspace.getState().scrollTo?.seq ?? 0, at: performance.now() }));
    activate(row);
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, visible.current.visibleLast - visible.current.visibleFirst - 1);
    const row = rowAt(cursor);
    switch (e.key) {
      case 'ArrowDown':
        move(cursor + 1);
        break;
      case 'ArrowUp':
        move(cursor - 1);
        break;
      case 'PageDown':
        move(cursor + page);
        break;
      case 'PageUp':
        move(cursor - page);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(count - 1);
        break;
      case 'ArrowRight':
        if (row?.kind === 'folder') {
          if (!row.open) useKeyspace.getState().toggle(row.path, true);
          else move(cursor + 1);
        }
        break;
      case 'ArrowLeft': {
        if (row?.kind === 'folder' && row.open) {
          useKeyspace.getState().toggle(row.path, false);
          break;
        }
        const depth = row?.depth ?? 0;
        for (let i = cursor - 1; i >= (tree?.offset ?? 0); i--) {
          const r = rowAt(i);
          if (r?.kind === 'folder' && r.depth === depth - 1) {
            move(i);
            break;
          }
        }
        break;
      }
      case 'Enter':
      case ' ':
        activate(row);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  const cur = Math.min(cursor, Math.max(0, count - 1));
  const empty = tree !== undefined && count === 0;

  return (
    <div className="relative min-h-0 flex-1">
      {empty && (
        <p className="absolute inset-x-0 top-0 p-4 text-sm text-muted">
          {tree.dbSizes[tree.db] ? 'No key matches this pattern.' : 'The database is empty. Create a key in the terminal, for example SET greeting "hello".'}
        </p>
      )}
      <VirtualList
        role="tree"
        aria-label="Keys"
        aria-activedescendant={count > 0 ? `kt-row-${cur}` : undefined}
        data-testid="keyspace"
        className="h-full"
        count={count}
        itemSize={rowHeight}
        // Few rows beyond the edges: following a command far away builds every row anew.
        overscan={4}
        onRange={onRange}
        scrollTo={scrollReq}
        onKeyDown={onKeyDown}
        renderItem={(i) => {
          const row = rowAt(i);
          const active = i === cur;
          if (!row) return <SkeletonRow index={i} active={active} />;
          if (row.kind === 'folder') return <FolderItem row={row} index={i} active={active} onPick={onPick} />;
          const touch = touches.get(row.key);
          return <KeyItem row={row} index={i} active={active} selected={row.key === selected} touch={touch} seq={touch || row.gone ? seq : 0} onPick={onPick} />;
        }}
        itemKey={(i) => {
          const row = rowAt(i);
          return row ? (row.kind === 'folder' ? `f:${row.path}` : `k:${row.key}`) : `i:${i}`;
        }}
      />
    </div>
  );
}

function indent(depth: number): number {
  return 8 + depth * 16;
}

function SkeletonRow({ index, active }: { index: number; active: boolean }) {
  return (
    <div id={`kt-row-${index}`} role="treeitem" aria-selected={false} className={`flex h-full items-center px-3 ${active ? 'bg-white/5' : ''}`}>
      <span className="h-2.5 w-1/2 rounded bg-white/5" />
    </div>
  );
}

function activate(row: TreeRow | undefined): void {
  if (!row) return;
  const s = useKeyspace.getState();
  if (row.kind === 'folder') s.toggle(row.path, !row.open);
  else if (!row.gone) s.select(row.key);
}

type Pick = (index: number, row: TreeRow) => void;

/** Rows arrive as new objects with every window: compare what is drawn. */
function sameRow(a: TreeRow, b: TreeRow): boolean {
  if (a.kind === 'folder' || b.kind === 'folder') {
    return a.kind === b.kind && a.depth === b.depth && a.name === b.name && (a as FolderRow).path === (b as FolderRow).path && (a as FolderRow).keys === (b as FolderRow).keys && (a as FolderRow).open === (b as FolderRow).open;
  }
  return a.key === b.key && a.depth === b.depth && a.type === b.type && a.size === b.size && a.expireAt === b.expireAt && a.encoding === b.encoding && a.gone === b.gone && a.name === b.name;
}

const FolderItem = memo(FolderItemView, (p, n) => p.index === n.index && p.active === n.active && p.onPick === n.onPick && sameRow(p.row, n.row));
const KeyItem = memo(
  KeyItemView,
  (p, n) => p.index === n.index && p.active === n.active && p.selected === n.selected && p.touch === n.touch && p.seq === n.seq && p.onPick === n.onPick && sameRow(p.row, n.row),
);

function FolderItemView({ row, index, active, onPick }: { row: FolderRow; index: number; active: boolean; onPick: Pick }) {
  return (
    <div
      id={`kt-row-${index}`}
      role="treeitem"
      aria-level={row.depth + 1}
      aria-expanded={row.open}
      aria-selected={false}
      aria-label={`folder ${display(row.path)}, ${row.keys} ${row.keys === 1 ? 'key' : 'keys'}`}
      data-folder={row.path}
      onClick={() => onPick(index, row)}
      className={`flex h-full cursor-pointer select-none items-center gap-1.5 pr-3 text-sm hover:bg-white/5 ${active ? 'bg-white/[0.07] outline outline-1 -outline-offset-1 outline-white/25' : ''}`}
      style={{ paddingLeft: indent(row.depth) }}
    >
      <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" className={`shrink-0 text-muted transition-transform duration-150 ${row.open ? 'rotate-90' : ''}`}>
        <path d="M4 2.5 8 6 4 9.5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      <svg width="15" height="15" viewBox="0 0 16 16" aria-hidden="true" className="shrink-0 text-[#8fa3c9]">
        <path d="M1.5 4.2c0-.7.5-1.2 1.2-1.2h3.4l1.5 1.6h5.7c.7 0 1.2.5 1.2 1.2v6.5c0 .7-.5 1.2-1.2 1.2H2.7c-.7 0-1.2-.5-1.2-1.2z" fill="currentColor" fillOpacity={row.open ? 0.28 : 0.45} stroke="currentColor" strokeWidth="1" />
      </svg>
      <span className="min-w-0 truncate font-mono font-medium text-[#dfe6f5]">{segmentLabel(row.name)}</span>
      <span className="ml-auto shrink-0 rounded-full bg-white/[0.06] px-1.5 font-mono text-[0.68rem] text-muted">{formatCount(row.keys)}</span>
    </div>
  );
}

function KeyItemView({
  row,
  index,
  active,
  selected,
  touch,
  seq,
  onPick,
}: {
  row: KeyRow;
  index: number;
  active: boolean;
  selected: boolean;
  touch: Touch | undefined;
  seq: number;
  onPick: Pick;
}) {
  const gone = row.gone;
  const shownTouch = gone ?? touch;
  return (
    <div
      id={`kt-row-${index}`}
      role="treeitem"
      aria-level={row.depth + 1}
      aria-selected={selected}
      aria-label={`${display(row.key)}, ${gone ? gone : `${row.type}, ${sizeLabel(row.type, row.size)}${row.expireAt >= 0 ? ', has a TTL' : ''}`}${touch && !gone ? `, ${TOUCH[touch].label} by the last command` : ''}`}
      data-key={row.key}
      data-type={row.type ?? 'none'}
      data-touch={shownTouch ?? undefined}
      data-gone={gone ?? undefined}
      onClick={() => onPick(index, row)}
      className={`group relative flex h-full cursor-pointer select-none items-center gap-2 pr-3 text-sm ${selected ? 'bg-[#ff4438]/[0.13]' : 'hover:bg-white/5'} ${active ? 'outline outline-1 -outline-offset-1 outline-white/30' : ''}`}
      style={{ paddingLeft: indent(row.depth) + 14 }}
    >
      {shownTouch && <span key={seq} aria-hidden="true" className={`touch-flash ${TOUCH[shownTouch].row}`} />}
      {selected && <span aria-hidden="true" className="absolute inset-y-1 left-0 w-[3px] rounded-r bg-[#ff6b5b]" />}
      <TypeBadge type={row.type} className={gone ? 'ghost-fade' : ''} />
      <span className={`min-w-0 flex-1 truncate font-mono ${gone ? 'ghost-fade text-muted line-through' : 'text-[#eef1f8]'}`} title={display(row.key)}>
        {segmentLabel(row.name)}
      </span>
      {shownTouch && <TouchTag touch={shownTouch} />}
      {!gone && (
        <>
          <EncodingBadge encoding={row.encoding} className="hidden @[22rem]:inline" />
          <span className="shrink-0 font-mono text-[0.72rem] tabular-nums text-muted">{sizeLabel(row.type, row.size)}</span>
          {row.expireAt >= 0 && <TtlRing id={`${row.key}`} expireAt={row.expireAt} />}
        </>
      )}
    </div>
  );
}
