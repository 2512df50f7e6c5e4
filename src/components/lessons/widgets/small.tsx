/**
 * The smaller lesson widgets: the latency table, the architecture diagram,
 * the namespace tree, the server clock and the quick-reference card.
 */
import { useEffect, useMemo, useState } from 'react';
import { engineClient } from '../../../client/engine-client';
import type { ReferenceGroup } from '../../../curriculum/schema';
import { typeIntoTerminal } from '../RunnableBlock';

// ---- latency table -------------------------------------------------------------

const LATENCIES: readonly { op: string; ns: number; text: string; mark?: 'redis' | 'pg'; wall?: string }[] = [
  { op: 'CPU register', ns: 0.5, text: '< 1 ns' },
  { op: 'L1 cache reference', ns: 1, text: '~1 ns' },
  { op: 'RAM reference', ns: 100, text: '~100 ns' },
  { op: 'Read 1 MB from RAM', ns: 250_000, text: '~0.25 ms', wall: 'the memory wall' },
  { op: 'Redis GET (same machine)', ns: 100_000, text: '~0.1 ms', mark: 'redis' },
  { op: 'SSD random read', ns: 100_000, text: '~0.1 ms', wall: 'the disk and network wall' },
  { op: 'PostgreSQL simple query', ns: 3_000_000, text: '~1–5 ms', mark: 'pg' },
  { op: 'PostgreSQL complex JOIN', ns: 30_000_000, text: '~10–50 ms', mark: 'pg' },
  { op: 'Network round trip, same region', ns: 500_000, text: '~0.5 ms' },
  { op: 'Network round trip, cross-region', ns: 100_000_000, text: '~50–150 ms' },
];

export function LatencyTable() {
  const lo = Math.log10(0.3);
  const hi = Math.log10(200_000_000);
  const width = (ns: number) => `${Math.max(2, ((Math.log10(ns) - lo) / (hi - lo)) * 100)}%`;
  return (
    <figure className="my-3">
      <table className="w-full text-[0.9em]" data-testid="latency-table">
        <caption className="mb-1 text-left text-sm text-muted">
          Log scale: each step is ten times longer. <span className="text-emerald-300">Green: Redis</span> ·{' '}
          <span className="text-[#ff8a80]">red: PostgreSQL</span>
        </caption>
        <thead>
          <tr>
            <th scope="col">Operation</th>
            <th scope="col">Time</th>
            <th scope="col" className="w-[38%]">
              <span className="sr-only">Bar</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {LATENCIES.map((r) => (
            <tr key={r.op} className={r.mark === 'redis' ? 'bg-emerald-950/40' : r.mark === 'pg' ? 'bg-red-950/40' : ''}>
              <td className={r.mark ? 'font-semibold text-white' : ''}>
                {r.op}
              </td>
              <td className="font-mono whitespace-nowrap">{r.text}</td>
              <td>
                <div className="h-3 rounded-sm" style={{ width: width(r.ns), background: r.mark === 'redis' ? '#34d399' : r.mark === 'pg' ? '#ff6b5b' : '#5b6b8f' }} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-2 text-sm">
        For a simple lookup Redis answers <strong>10 to 50 times faster</strong> than PostgreSQL: RAM versus disk, parsing, planning and executing.
      </p>
    </figure>
  );
}

// ---- architecture ---------------------------------------------------------------

export function Architecture() {
  const [after, setAfter] = useState(true);
  const box = (x: number, y: number, w: number, label: string, sub: string, color: string) => (
    <g>
      <rect x={x} y={y} width={w} height={46} rx={8} fill="#121a2f" stroke={color} strokeWidth={2} />
      <text x={x + w / 2} y={y + 20} fill="#fff" fontSize={14} fontWeight={700} textAnchor="middle">
        {label}
      </text>
      <text x={x + w / 2} y={y + 36} fill="#a7b0c5" fontSize={10} textAnchor="middle">
        {sub}
      </text>
    </g>
  );
  const arrow = (x1: number, y1: number, x2: number, y2: number, color = '#a7b0c5', label?: string) => (
    <g>
      <line x1={x1} y1={y1} x2={x2} y2={y2} stroke={color} strokeWidth={2} markerEnd="url(#arch-arrow)" />
      {label && (
        <text x={(x1 + x2) / 2} y={(y1 + y2) / 2 - 5} fill={color} fontSize={10} textAnchor="middle">
          {label}
        </text>
      )}
    </g>
  );
  return (
    <figure className="my-3 rounded-xl border border-edge bg-ink p-3">
      <div role="radiogroup" aria-label="Architecture" className="mb-2 flex gap-1 text-sm">
        {[false, true].map((v) => (
          <button
            key={String(v)}
            type="button"
            role="radio"
            aria-checked={after === v}
            onClick={() => setAfter(v)}
            className={`rounded-md px-3 py-1 ${after === v ? 'bg-white font-semibold text-ink' : 'border border-edge text-muted hover:text-white'}`}
          >
            {v ? 'After: with Redis' : 'Before: PostgreSQL only'}
          </button>
        ))}
      </div>
      <svg viewBox="0 0 420 180" className="w-full" role="img" aria-label={after ? 'Client to FastAPI; FastAPI checks Redis first and queries PostgreSQL only on a miss.' : 'Client to FastAPI to PostgreSQL: every request hits the database.'}>
        <defs>
          <marker id="arch-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" fill="#a7b0c5" />
          </marker>
        </defs>
        {box(6, 67, 70, 'Client', 'browser', '#5b6b8f')}
        {box(118, 67, 90, 'FastAPI', 'your API', '#7dd3fc')}
        {arrow(76, 90, 116, 90)}
        {after ? (
          <>
            {box(300, 12, 112, 'Redis', 'RAM · ~0.1 ms', '#34d399')}
            {box(300, 122, 112, 'PostgreSQL', 'disk · ~5 ms', '#ff6b5b')}
            {arrow(208, 80, 298, 40, '#34d399', '1. look here first')}
            {arrow(208, 100, 298, 140, '#ff6b5b', '2. only on a miss')}
            {arrow(356, 120, 356, 60, '#a7b0c5')}
            <text x={362} y={94} fill="#a7b0c5" fontSize={10}>
              3. store it
            </text>
          </>
        ) : (
          <>
            {box(300, 67, 112, 'PostgreSQL', 'disk · ~5 ms', '#ff6b5b')}
            {arrow(208, 90, 298, 90, '#ff6b5b', 'every request')}
          </>
        )}
      </svg>
    </figure>
  );
}

// ---- namespace tree ------------------------------------------------------------------

interface Node {
  children: Map<string, Node>;
  leaf?: string;
}

/** The keys of database 0 (first 300), refreshed after every change. */
function useKeyNames(): string[] {
  const [keys, setKeys] = useState<string[]>([]);
  useEffect(() => {
    const c = engineClient();
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => void c.call('keys', { db: 0, limit: 300 }).then((r) => live && setKeys(r.keys.map((k) => k.key).sort()));
    refresh();
    const off = c.on((e) => {
      if (e.type !== 'change' || e.keys.length === 0) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(refresh, 120);
    });
    return () => {
      live = false;
      off();
      if (timer) clearTimeout(timer);
    };
  }, []);
  return keys;
}

export function NamespaceTree() {
  const keys = useKeyNames();
  const root = useMemo(() => {
    const r: Node = { children: new Map() };
    for (const k of keys.slice(0, 300)) {
      const parts = k.split(':');
      let n = r;
      parts.forEach((p, i) => {
        const name = i < parts.length - 1 ? `${p}:` : p;
        let child = n.children.get(name);
        if (!child) {
          child = { children: new Map() };
          n.children.set(name, child);
        }
        if (i === parts.length - 1) child.leaf = k;
        n = child;
      });
    }
    return r;
  }, [keys]);
  if (keys.length === 0) return <p className="my-3 rounded-lg border border-edge bg-ink p-3 text-sm text-muted">The database is empty: create some keys with colons in their names.</p>;
  return (
    <figure className="my-3 rounded-xl border border-edge bg-ink p-3 font-mono text-[13px]" data-testid="namespace-tree">
      <figcaption className="mb-1 font-sans text-xs text-muted">The keys in database 0, with colons read as folders</figcaption>
      <ul role="tree" aria-label="Key namespaces">
        <TreeLevel node={root} depth={0} />
      </ul>
    </figure>
  );
}

function TreeLevel({ node, depth }: { node: Node; depth: number }) {
  return (
    <>
      {[...node.children.entries()].map(([name, child]) => (
        <li key={name} role="treeitem" aria-expanded={child.children.size > 0 ? true : undefined} style={{ paddingLeft: depth ? 14 : 0 }}>
          <span className={child.children.size > 0 ? 'text-sky-300' : 'text-white'}>
            {child.children.size > 0 ? '▸ ' : '• '}
            {name}
          </span>
          {child.children.size > 0 && (
            <ul role="group">
              <TreeLevel node={child} depth={depth + 1} />
            </ul>
          )}
        </li>
      ))}
    </>
  );
}

// ---- clock ---------------------------------------------------------------------------

export function ClockControl({ steps = [1000, 10_000, 61_000] }: { steps?: readonly number[] }) {
  const [now, setNow] = useState<number | undefined>();
  useEffect(() => {
    const c = engineClient();
    let live = true;
    const refresh = () => void c.call('clock', { op: 'get' }).then((s) => live && setNow(s.now));
    refresh();
    const t = setInterval(refresh, 1000);
    const off = c.on((e) => e.type === 'clock' && setNow(e.state.now));
    return () => {
      live = false;
      clearInterval(t);
      off();
    };
  }, []);
  return (
    <div className="my-3 flex flex-wrap items-center gap-2 rounded-lg border border-edge bg-ink p-2 text-sm" data-testid="clock-control">
      <span className="text-muted">Server clock</span>
      <span className="font-mono text-white tabular-nums">{now ? new Date(now).toISOString().slice(11, 19) : '--:--:--'} UTC</span>
      {steps.map((ms) => (
        <button
          key={ms}
          type="button"
          className="rounded-md border border-edge px-2 py-0.5 hover:bg-edge"
          onClick={() => void typeIntoTerminal([`:clock +${ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`}`])}
        >
          +{ms >= 60_000 ? `${Math.round(ms / 1000)} s` : `${ms / 1000} s`}
        </button>
      ))}
    </div>
  );
}

// ---- quick reference -----------------------------------------------------------------

/**
 * The course's commands on one searchable card. Projected, the whole card
 * cannot be read from the back of the room: presenter mode shows one group
 * at a time (chosen with the buttons above it) until something is searched.
 */
export function ReferenceCard({ groups, presenter = false }: { groups: readonly ReferenceGroup[]; presenter?: boolean }) {
  const [q, setQ] = useState('');
  const [picked, setPicked] = useState(groups[0]?.group ?? '');
  const needle = q.trim().toLowerCase();
  const matching = groups
    .map((g) => ({ ...g, items: g.items.filter((i) => !needle || `${g.group} ${i.command} ${i.does} ${i.tip ?? ''}`.toLowerCase().includes(needle)) }))
    .filter((g) => g.items.length > 0);
  const oneGroup = presenter && !needle;
  const shown = oneGroup ? matching.filter((g) => g.group === picked) : matching;
  const count = shown.reduce((n, g) => n + g.items.length, 0);
  return (
    <div className="my-3" data-testid="reference-card">
      <label className="block text-sm">
        <span className="text-muted">Search the card</span>
        <input
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder="expire, count, top, lock…"
          className="mt-1 w-full rounded-md border border-edge bg-ink px-3 py-1.5 text-white placeholder:text-muted"
        />
      </label>
      {oneGroup && (
        <div role="group" aria-label="Command group" className="mt-2 flex flex-wrap gap-1 text-sm" data-testid="reference-groups">
          {groups.map((g) => (
            <button
              key={g.group}
              type="button"
              aria-pressed={g.group === picked}
              onClick={() => setPicked(g.group)}
              className={`rounded-md px-2 py-0.5 ${g.group === picked ? 'bg-white font-semibold text-ink' : 'border border-edge text-muted hover:text-white'}`}
            >
              {g.group}
            </button>
          ))}
        </div>
      )}
      <p className="mt-1 text-xs text-muted" aria-live="polite">
        {count} {count === 1 ? 'command' : 'commands'}
        {oneGroup ? ` in ${picked}` : ''}
      </p>
      {shown.map((g) => (
        <section key={g.group} className="mt-3">
          <h3 className="mb-1 text-xs font-bold tracking-widest text-[#ffb4ad] uppercase">{g.group}</h3>
          <ul className="space-y-0.5">
            {g.items.map((i) => (
              <li key={i.command}>
                <button type="button" className="grid w-full grid-cols-[minmax(0,1.2fr)_minmax(0,1fr)] gap-2 rounded px-1.5 py-1 text-left hover:bg-ink" onClick={() => void typeIntoTerminal([i.command])}>
                  <span className="sr-only">Run </span>
                  <code className={`truncate font-mono text-white ${presenter ? 'text-[16px]' : 'text-[13px]'}`} title={i.command}>
                    {i.command}
                  </code>
                  <span className={`text-muted ${presenter ? 'text-[16px]' : 'text-[13px]'}`}>
                    {i.does}
                    {i.tip && <span className="block text-amber-300">{i.tip}</span>}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
