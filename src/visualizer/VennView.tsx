/**
 * SINTER / SUNION / SDIFF over two or three sets as a Venn diagram: every
 * region with its member count (and a few members), the result's regions
 * highlighted, and the formula spelled out.
 */
import { useId } from 'react';
import type { VennResult } from '../protocol/views';
import { display } from './layout/text';
import { opFormula, resultMasks, resultSize, vennLayout, type SetOpCall } from './layout/venn';
import { formatCount } from './ui';

const FILLS = ['#fcd34d', '#7dd3fc', '#f9a8d4'];
const OP_NAME = { inter: 'intersection', union: 'union', diff: 'difference' } as const;

export function VennView({ call, result, onClose }: { call: SetOpCall; result: VennResult; onClose: () => void }) {
  const id = useId().replace(/:/g, '');
  const n = Math.min(3, result.keys.length) as 2 | 3;
  const W = 360;
  const H = n === 2 ? 230 : 320;
  const L = vennLayout(n, W, H);
  const want = new Set(resultMasks(call.op, n));
  const regions = new Map(result.regions.map((r) => [r.mask, r]));
  const names = result.keys.map((k) => display(k, 18));
  const total = resultSize(call.op, n, result.regions);
  const sample = result.regions.filter((r) => want.has(r.mask)).flatMap((r) => r.sample);
  const masks = Array.from({ length: (1 << n) - 1 }, (_, i) => i + 1);
  const notSets = result.sets.map((s, i) => (s.type !== null && s.type !== 'set' && s.type !== 'zset' ? result.keys[i] : null)).filter((x): x is string => x != null);

  return (
    <section className="flex min-h-0 flex-1 flex-col gap-2 overflow-auto p-3" aria-label={`Venn diagram of ${call.command.toUpperCase()}`} data-testid="venn">
      <div className="flex items-start justify-between gap-2">
        <div>
          <h3 className="font-mono text-sm font-semibold text-[#f3f4f8]">
            {call.command.toUpperCase()} {call.dest ? `${display(call.dest)} ← ` : ''}
            {names.join(' ')}
          </h3>
          <p className="text-xs text-muted">
            {OP_NAME[call.op]}: <span className="font-mono text-[#e6e9f2]">{opFormula(call.op, names)}</span> ={' '}
            <span className="font-semibold text-emerald-200" data-testid="venn-result-size">
              {formatCount(total)}
            </span>{' '}
            {total === 1 ? 'member' : 'members'}
          </p>
        </div>
        <button type="button" onClick={onClose} className="rounded border border-edge px-2 py-0.5 text-xs text-muted hover:text-white" aria-label="Close the Venn diagram">
          Close
        </button>
      </div>
      <div className="flex min-h-[180px] flex-1 justify-center">
      <svg viewBox={`0 0 ${W} ${H}`} className="h-full max-h-[440px] w-full max-w-[520px]" role="img" aria-label={`${opFormula(call.op, names)}: ${total} members${sample.length ? `: ${sample.map((m) => display(m)).join(', ')}` : ''}`}>
        <defs>
          {L.circles.map((c, i) => (
            <clipPath key={i} id={`${id}c${i}`}>
              <circle cx={c.cx} cy={c.cy} r={c.r} />
            </clipPath>
          ))}
          {masks.map((mask) => (
            <mask key={mask} id={`${id}m${mask}`}>
              <rect width={W} height={H} fill="white" />
              {L.circles.map((c, i) => (mask & (1 << i) ? null : <circle key={i} cx={c.cx} cy={c.cy} r={c.r} fill="black" />))}
            </mask>
          ))}
        </defs>
        {masks.map((mask) => {
          const inside = L.circles.map((_, i) => i).filter((i) => mask & (1 << i));
          let el = <rect width={W} height={H} fill={want.has(mask) ? '#34d399' : 'transparent'} fillOpacity={want.has(mask) ? 0.5 : 0} />;
          for (const i of inside) el = <g clipPath={`url(#${id}c${i})`}>{el}</g>;
          return (
            <g key={mask} mask={`url(#${id}m${mask})`} data-region={mask} data-result={want.has(mask) || undefined}>
              {el}
            </g>
          );
        })}
        {L.circles.map((c, i) => (
          <circle key={i} cx={c.cx} cy={c.cy} r={c.r} fill={FILLS[i]} fillOpacity={0.08} stroke={FILLS[i]} strokeWidth={2} />
        ))}
        {L.names.map((p, i) => (
          <text key={i} x={p.x} y={p.y} textAnchor={p.anchor} fill={FILLS[i]} fontSize={13} fontFamily="var(--font-mono)" fontWeight={600}>
            {names[i]} ({formatCount(result.sets[i]?.size ?? 0)})
          </text>
        ))}
        {masks.map((mask) => {
          const p = L.labels.get(mask)!;
          const r = regions.get(mask);
          return (
            <text key={mask} x={p.x} y={p.y + 5} textAnchor="middle" fontSize={15} fontWeight={700} fill={want.has(mask) ? '#ecfdf5' : '#a7b0c5'} data-count={mask}>
              {formatCount(r?.count ?? 0)}
            </text>
          );
        })}
      </svg>
      </div>
      <div className="text-xs text-muted">
        <span className="mr-1">Result{total > sample.length ? ` (first ${sample.length})` : ''}:</span>
        {sample.length === 0 ? (
          <span className="italic">empty set</span>
        ) : (
          sample.map((m) => (
            <span key={m} className="mr-1 inline-block rounded-full border border-emerald-300/70 bg-emerald-400/15 px-2 font-mono text-emerald-50" data-venn-member={m}>
              {display(m, 20)}
            </span>
          ))
        )}
      </div>
      {notSets.length > 0 && <p className="text-xs text-amber-200">{notSets.map((k) => display(k)).join(', ')} is not a set (the command fails with WRONGTYPE).</p>}
    </section>
  );
}
