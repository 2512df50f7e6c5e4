/**
 * A key's TTL: a ring that empties as the deadline approaches, with the
 * seconds left, on the engine clock (so it stops when the clock is paused
 * and jumps on "+1 min"). Redis stores only the deadline; the ring's full
 * circle is the TTL the page first saw for that deadline.
 */
import { useEngineNow } from '../store/clock';
import { formatTtl, remaining, ringFraction, ttlWords } from './layout/clock';

const totals = new Map<string, number>();

function totalFor(id: string, expireAt: number, now: number): number {
  const k = `${id}@${expireAt}`;
  let t = totals.get(k);
  if (t === undefined) {
    t = Math.max(1, expireAt - now);
    if (totals.size > 5000) totals.clear();
    totals.set(k, t);
  }
  return t;
}

export function TtlRing({ id, expireAt, size = 18, showText = true }: { id: string; expireAt: number; size?: number; showText?: boolean }) {
  const now = useEngineNow();
  const left = remaining(expireAt, now);
  if (left === undefined) return null;
  const total = totalFor(id, expireAt, now);
  const f = ringFraction(left, total);
  const r = size / 2 - 2;
  const c = 2 * Math.PI * r;
  const urgent = left <= 5000;
  const color = left === 0 ? '#94a3b8' : urgent ? '#fca5a5' : '#fcd34d';
  return (
    <span className="inline-flex shrink-0 items-center gap-1 font-mono text-[0.72rem] tabular-nums" style={{ color }} data-ttl={Math.ceil(left / 1000)}>
      <svg width={size} height={size} viewBox={`0 0 ${size} ${size}`} aria-hidden="true" className="-rotate-90">
        <circle cx={size / 2} cy={size / 2} r={r} fill="none" stroke="currentColor" strokeOpacity={0.25} strokeWidth={2.5} />
        <circle cx={size / 2} cy={size / 2} r={r} fill="none" stroke="currentColor" strokeWidth={2.5} strokeDasharray={c} strokeDashoffset={c * (1 - f)} strokeLinecap="round" />
      </svg>
      {showText && <span aria-label={`expires in ${ttlWords(left)}`}>{formatTtl(left)}</span>}
    </span>
  );
}
