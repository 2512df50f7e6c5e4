/**
 * A hash as a field/value table: one row of a PostgreSQL table, or a
 * Python dict. The fields the last command wrote light up; HDEL's leave a
 * note; reads (HGET) are outlined.
 */
import type { Scene } from './layout/scene';
import { display, isNumberString } from './layout/text';
import { RemovedNote, formatCount } from './ui';
import { touchOf, useElementList } from './useValueWindow';
import { VirtualList } from './VirtualList';

type HashScene = Extract<Scene, { type: 'hash' }>;

export function HashView({ scene, length, seq, rowHeight }: { scene: HashScene; length: number; seq: number; rowHeight: number }) {
  const { byIndex, removed, list } = useElementList(scene.rows, length, rowHeight, 40);
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="flex border-b border-edge px-3 py-1.5 text-[0.72rem] font-medium uppercase tracking-wide text-muted" role="presentation">
        <span className="w-[40%]">field</span>
        <span className="flex-1">value</span>
      </div>
      <VirtualList
        {...list}
        role="table"
        aria-label={`hash fields, ${formatCount(length)} in total`}
        data-testid="hash-view"
        className="min-h-0 flex-1"
        renderItem={(i) => {
          const row = byIndex.get(i);
          if (!row) return <div className="h-full border-b border-white/[0.04]" />;
          const { key, hot, read, attrs } = touchOf(row, scene.read, seq);
          return (
            <div key={key} role="row" data-field={row.id} {...attrs}
              className={`relative flex h-full items-center border-b border-white/[0.04] px-3 font-mono text-sm ${i % 2 ? 'bg-white/[0.015]' : ''}`}
            >
              {hot && <span aria-hidden="true" className="touch-flash touch-written" />}
              {read && !hot && <span aria-hidden="true" className="touch-flash touch-read" />}
              <span role="cell" className="relative w-[40%] truncate pr-2 text-violet-200" title={display(row.id)}>
                {display(row.id, 60)}
              </span>
              <span role="cell" className={`relative min-w-0 flex-1 truncate ${isNumberString(row.data) ? 'text-amber-100 tabular-nums' : 'text-[#eef1f8]'}`} title={display(row.data)}>
                {display(row.data, 200)}
              </span>
              {hot && <span className="relative ml-2 shrink-0 text-[0.65rem] text-amber-200">{row.state === 'enter' ? 'new' : 'changed'}</span>}
            </div>
          );
        }}
      />
      <RemovedNote label="Deleted fields: " names={removed.map((r) => ({ key: r.id, text: display(r.id, 20) }))} />
    </div>
  );
}
