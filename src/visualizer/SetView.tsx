/**
 * A set as member chips (a Python set): no order, no duplicates. SADD's
 * new members pop in; SISMEMBER outlines what it asked about; SREM leaves a
 * note. Windowed by rows of chips.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import type { Scene } from './layout/scene';
import { display } from './layout/text';
import { RemovedNote, formatCount } from './ui';
import { touchOf, useValueWindow, useWindowItems } from './useValueWindow';
import { VirtualList } from './VirtualList';

type SetScene = Extract<Scene, { type: 'set' }>;

const CHIP = 118;

export function SetView({ scene, length, seq, rowHeight }: { scene: SetScene; length: number; seq: number; rowHeight: number }) {
  const box = useRef<HTMLDivElement>(null);
  const [cols, setCols] = useState(3);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setCols(Math.max(1, Math.floor((el.clientWidth - 16) / CHIP)));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const onRange = useValueWindow(cols, 10);
  const { byIndex, removed } = useWindowItems(scene.chips);
  const rows = Math.ceil(length / cols);
  return (
    <div ref={box} className="flex min-h-0 flex-1 flex-col">
      <VirtualList
        role="list"
        aria-label={`set members, ${formatCount(length)} in total`}
        data-testid="set-view"
        className="min-h-0 flex-1 px-2 pt-2"
        count={rows}
        itemSize={rowHeight + 6}
        onRange={onRange}
        renderItem={(r) => (
          <div className="flex h-full gap-1.5">
            {Array.from({ length: cols }, (_, c) => {
              const i = r * cols + c;
              if (i >= length) return null;
              const chip = byIndex.get(i);
              if (!chip) return <span key={`p${i}`} className="rounded-full bg-white/[0.04]" style={{ width: CHIP - 6, height: rowHeight }} />;
              const { key, hot, read, attrs } = touchOf(chip, scene.read, seq);
              return (
                <span
                  key={key}
                  role="listitem"
                  data-member={chip.id}
                  {...attrs}
                  title={display(chip.id)}
                  className={`flex items-center justify-center truncate rounded-full border px-2.5 font-mono text-sm ${hot ? 'pop-in border-emerald-300 bg-emerald-400/20 text-emerald-50' : read ? 'border-sky-300 bg-sky-400/15 text-sky-50' : 'border-amber-700/60 bg-amber-950/60 text-amber-100'}`}
                  style={{ width: CHIP - 6, height: rowHeight }}
                >
                  <span className="truncate">{display(chip.id, 24)}</span>
                </span>
              );
            })}
          </div>
        )}
      />
      <RemovedNote label="Removed: " names={removed.map((r) => ({ key: r.id, text: display(r.id, 20) }))} />
    </div>
  );
}
