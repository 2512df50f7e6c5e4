/**
 * The visualizer panel: the keyspace (tree or Python) on top, what the last
 * command did, and the selected key's value below. Thin: state lives in
 * store/keyspace.ts, drawing in the views, geometry in layout/.
 */
import { useEffect, useRef, useState } from 'react';
import type { KeySort } from '../protocol/views';
import { useKeyspace, useKeyspaceFields, usePastView } from '../store/keyspace';
import { KeyTree } from './KeyTree';
import { LastCommand, LiveRegion } from './LastCommand';
import { PastBanner } from './PastBanner';
import { PythonView } from './PythonView';
import { formatCount } from './ui';
import { ValuePane } from './ValuePane';
import './visualizer.css';

const SORTS: { value: KeySort; label: string }[] = [
  { value: 'name', label: 'Name' },
  { value: 'type', label: 'Type' },
  { value: 'size', label: 'Size' },
  { value: 'ttl', label: 'TTL' },
];

export function VisualizerPanel() {
  const { db, total, dbSizes, python, sort, pattern, tree } = useKeyspaceFields('db', 'total', 'dbSizes', 'python', 'sort', 'pattern', 'tree');
  const past = usePastView();
  const matched = tree?.matched;
  const sorting = tree?.sorting === true;
  const [large, setLarge] = useState(false);
  // The tree's share of the height; the separator below it is draggable and keyboard-adjustable.
  const [split, setSplit] = useState(0.45);
  const body = useRef<HTMLDivElement>(null);
  // A wide, low panel (under the terminal on a laptop) puts the tree and the value side by side.
  const [wide, setWide] = useState(false);
  useEffect(() => {
    const el = body.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => {
      const r = el.getBoundingClientRect();
      setWide(r.width >= 600 && r.width > r.height * 1.6);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const dragTo = (clientX: number, clientY: number) => {
    const el = body.current;
    if (!el) return;
    const r = el.getBoundingClientRect();
    const f = wide ? (clientX - r.left) / r.width : (clientY - r.top) / r.height;
    setSplit(Math.max(0.15, Math.min(0.85, f)));
  };
  const k = useKeyspace.getState;
  const rowHeight = 30;
  const filtering = pattern.trim() !== '' && pattern.trim() !== '*';
  const control = 'rounded-md border border-edge bg-ink/70 px-2 py-1 text-xs text-[#e6e9f2] hover:border-[#3a4a70]';

  return (
    <div
      className="@container flex h-full min-h-0 flex-col"
      // Projector mode scales the whole panel (type, rows, boxes) and keeps its layout.
      style={large ? { zoom: 1.3 } : undefined}
      data-testid="visualizer"
      data-large={large || undefined}
      data-past={past || undefined}
    >
      <div className="flex flex-wrap items-center gap-2 border-b border-edge px-3 py-2">
        <h2 className="text-base font-semibold tracking-tight">Keyspace</h2>
        <select
          aria-label="Database"
          value={db}
          onChange={(e) => k().setDb(Number(e.target.value))}
          className={`${control} font-mono`}
          data-testid="db-picker"
        >
          {Array.from({ length: Math.max(16, dbSizes.length) }, (_, i) => (
            <option key={i} value={i}>
              db{i}
              {dbSizes[i] ? ` · ${formatCount(dbSizes[i]!)}` : ''}
            </option>
          ))}
        </select>
        <span className="text-xs text-muted" data-testid="key-count">
          {filtering && matched !== undefined ? `${formatCount(matched)} of ` : ''}
          {formatCount(total)} {total === 1 ? 'key' : 'keys'}
        </span>
        <div className="ml-auto flex items-center gap-1">
          <div role="group" aria-label="View" className="flex overflow-hidden rounded-md border border-edge text-xs">
            <button type="button" aria-pressed={!python} onClick={() => k().setPython(false)} className={`px-2 py-1 ${!python ? 'bg-white/15 text-white' : 'text-muted hover:text-white'}`}>
              Tree
            </button>
            <button type="button" aria-pressed={python} onClick={() => k().setPython(true)} className={`px-2 py-1 ${python ? 'bg-white/15 text-white' : 'text-muted hover:text-white'}`} data-testid="python-toggle">
              Python
            </button>
          </div>
          <button type="button" aria-pressed={large} onClick={() => setLarge(!large)} title="Projector: larger type" className={`${control} ${large ? 'bg-white/15' : ''}`}>
            <span aria-hidden="true">A+</span>
            <span className="sr-only">Large type for projectors</span>
          </button>
        </div>
      </div>
      <div className="flex items-center gap-2 border-b border-edge px-3 py-1.5">
        <label className="relative min-w-0 flex-1">
          <span className="sr-only">Filter keys by glob pattern</span>
          <svg width="13" height="13" viewBox="0 0 16 16" aria-hidden="true" className="pointer-events-none absolute top-1/2 left-2 -translate-y-1/2 text-muted">
            <circle cx="7" cy="7" r="4.8" fill="none" stroke="currentColor" strokeWidth="1.6" />
            <path d="m10.6 10.6 3.6 3.6" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
          </svg>
          <input
            type="search"
            value={pattern}
            onChange={(e) => k().setPattern(e.target.value)}
            placeholder="Filter: user:*  session:?  [ab]*"
            spellCheck={false}
            className={`${control} w-full py-1 pl-7 font-mono placeholder:text-[#7d879c]`}
            data-testid="key-filter"
          />
        </label>
        <label className="flex items-center gap-1 text-xs text-muted">
          Sort
          <select aria-label="Sort keys by" value={sort} onChange={(e) => k().setSort(e.target.value as KeySort)} className={control} data-testid="key-sort">
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        {sorting && (
          <span role="status" className="text-xs text-amber-200" data-testid="key-sorting" title="Rows stay in name order until the new order is ready">
            sorting…
          </span>
        )}
        {!python && (
          <div className="flex">
            <button type="button" onClick={() => k().toggleAll(true)} className={`${control} rounded-r-none`} title="Open every folder" aria-label="Expand all folders">
              ⊞
            </button>
            <button type="button" onClick={() => k().toggleAll(false)} className={`${control} -ml-px rounded-l-none`} title="Close every folder" aria-label="Collapse all folders">
              ⊟
            </button>
          </div>
        )}
      </div>
      <PastBanner />
      <div ref={body} className={`flex min-h-0 flex-1 ${past ? 'past-view' : ''} ${wide ? 'flex-row' : 'flex-col'}`} data-wide={wide || undefined}>
        <div className={`flex min-w-0 flex-col ${wide ? 'min-w-[200px]' : 'min-h-[110px]'}`} style={{ flex: `0 0 ${(split * 100).toFixed(1)}%` }} data-region="tree">
          {python ? <PythonView rowHeight={rowHeight} /> : <KeyTree rowHeight={rowHeight} />}
        </div>
        <div
          role="separator"
          aria-orientation={wide ? 'vertical' : 'horizontal'}
          aria-label="Resize the keyspace and value panes"
          aria-valuemin={15}
          aria-valuemax={85}
          aria-valuenow={Math.round(split * 100)}
          tabIndex={0}
          className={`group relative shrink-0 touch-none bg-edge/60 outline-none hover:bg-[#3a4a70] focus-visible:bg-[#ffb4ad] ${wide ? 'w-1.5 cursor-col-resize' : 'h-1.5 cursor-row-resize'}`}
          onPointerDown={(e) => {
            e.currentTarget.setPointerCapture(e.pointerId);
            dragTo(e.clientX, e.clientY);
          }}
          onPointerMove={(e) => {
            if (e.currentTarget.hasPointerCapture(e.pointerId)) dragTo(e.clientX, e.clientY);
          }}
          onKeyDown={(e) => {
            const back = e.key === 'ArrowUp' || e.key === 'ArrowLeft';
            if (back || e.key === 'ArrowDown' || e.key === 'ArrowRight') {
              e.preventDefault();
              setSplit((v) => Math.max(0.15, Math.min(0.85, v + (back ? -0.05 : 0.05))));
            }
          }}
        >
          <span aria-hidden="true" className={`absolute top-1/2 left-1/2 -translate-x-1/2 -translate-y-1/2 rounded bg-white/25 ${wide ? 'h-8 w-0.5' : 'h-0.5 w-8'}`} />
        </div>
        <div className="flex min-h-0 min-w-0 flex-1 flex-col">
          <LastCommand />
          <div
            className="flex min-h-[160px] flex-1 flex-col overflow-auto border-t border-edge bg-[#0f1629] outline-none focus-visible:ring-2 focus-visible:ring-[#ffb4ad] focus-visible:ring-inset"
            role="region"
            aria-label="Value of the selected key"
            tabIndex={0}
            data-region="value"
          >
            <ValuePane />
          </div>
        </div>
      </div>
      <LiveRegion />
    </div>
  );
}
