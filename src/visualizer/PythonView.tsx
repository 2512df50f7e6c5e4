/**
 * The keyspace as the Python the lecture maps it to: one dict `r` whose
 * values are str/int, dict, deque, set and sorted lists of (score, member).
 * Windowed like the tree (the worker sends previews of the visible keys).
 */
import { useCallback } from 'react';
import type { KeyRow } from '../protocol/views';
import { useEngineNow } from '../store/clock';
import { useKeyspace, useKeyspaceFields } from '../store/keyspace';
import { formatTtl } from './layout/clock';
import type { Touch } from './layout/events';
import { pyLengthNote, pyStr, pyValue } from './layout/python';
import { TOUCH } from './ui';
import { VirtualList, type VisibleRange } from './VirtualList';

const PAD = 30;

export function PythonView({ rowHeight }: { rowHeight: number }) {
  const { tree, touches, seq, selected } = useKeyspaceFields('tree', 'touches', 'seq', 'selected');
  const n = tree?.totalRows ?? 0;
  const onRange = useCallback((r: VisibleRange) => {
    const s = useKeyspace.getState();
    const first = Math.max(0, r.first - 1);
    const last = Math.max(0, r.last - 1);
    const covered = s.tree !== undefined && s.range.offset <= first && s.range.offset + s.range.limit >= last;
    if (!covered) s.setRange(Math.max(0, first - PAD), last - first + 2 * PAD);
  }, []);
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <p className="border-b border-edge px-3 py-1.5 text-xs text-muted">
        <span className="font-mono text-[#cfd6e6]">str</span>/<span className="font-mono text-[#cfd6e6]">int</span> = string ·{' '}
        <span className="font-mono text-[#cfd6e6]">dict</span> = hash · <span className="font-mono text-[#cfd6e6]">deque</span> = list ·{' '}
        <span className="font-mono text-[#cfd6e6]">set</span> = set · sorted <span className="font-mono text-[#cfd6e6]">[(score, member)]</span> = zset ·{' '}
        <span className="font-mono text-[#cfd6e6]">[(id, dict)]</span> = stream
      </p>
      <VirtualList
        role="list"
        aria-label="the keyspace as Python"
        data-testid="python-view"
        className="min-h-0 flex-1 py-1 font-mono text-[0.86rem]"
        count={n + 2}
        itemSize={rowHeight}
        onRange={onRange}
        renderItem={(i) => {
          if (i === 0)
            return (
              <div role="listitem" className="flex h-full items-center px-3 text-[#eef1f8]">
                <span className="text-sky-200">r</span>&nbsp;=&nbsp;{'{'}
                {n === 0 && '}'}
              </div>
            );
          if (i === n + 1) return n === 0 ? null : <div className="flex h-full items-center px-3 text-[#eef1f8]">{'}'}</div>;
          const row = tree?.rows[i - 1 - tree.offset];
          if (!row || row.kind !== 'key') return <div className="h-full" />;
          return <PyLine row={row} touch={touches.get(row.key)} seq={seq} selected={row.key === selected} />;
        }}
      />
    </div>
  );
}

function PyLine({ row, touch, seq, selected }: { row: KeyRow; touch: Touch | undefined; seq: number; selected: boolean }) {
  const t: Touch | undefined = row.gone ?? touch;
  const value = row.preview ? pyValue(row.preview) : '…';
  const line = `${pyStr(row.key, 80)}: ${value},`;
  return (
    <div
      role="listitem"
      data-py-key={row.key}
      title={line}
      onClick={() => !row.gone && useKeyspace.getState().select(row.key)}
      className={`relative flex h-full cursor-pointer items-center gap-2 pr-3 pl-8 whitespace-nowrap ${selected ? 'bg-[#ff4438]/[0.12]' : 'hover:bg-white/5'} ${row.gone ? 'ghost-fade' : ''}`}
    >
      {t && <span key={seq} aria-hidden="true" className={`touch-flash ${TOUCH[t].row}`} />}
      <span className={`relative min-w-0 truncate ${row.gone ? 'line-through' : ''}`}>
        <span className="text-emerald-200">{pyStr(row.key, 80)}</span>
        <span className="text-muted">: </span>
        <span className="text-[#eef1f8]">{value}</span>
        <span className="text-muted">,</span>
      </span>
      {row.preview && pyLengthNote(row.preview) && <span className="relative shrink-0 text-[0.72rem] text-muted">{pyLengthNote(row.preview)}</span>}
      {row.gone && <span className="relative shrink-0 text-[0.72rem] text-slate-300"># {row.gone}</span>}
      {!row.gone && row.expireAt >= 0 && <PyTtl at={row.expireAt} />}
    </div>
  );
}

function PyTtl({ at }: { at: number }) {
  const now = useEngineNow();
  return <span className="relative shrink-0 text-[0.72rem] text-amber-200"># expires in {formatTtl(Math.max(0, at - now))}</span>;
}
