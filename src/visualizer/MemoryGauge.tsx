/**
 * used_memory against maxmemory, with the eviction policy and INFO's
 * evicted_keys: shown while a maxmemory of the learner's (or a lesson's) is
 * set. The figures are text; the bar repeats them for the eye.
 */
import { useKeyspace } from '../store/keyspace';
import { formatCount } from './ui';

const UNITS = [
  { unit: 'GB', size: 1024 ** 3, digits: 2 },
  { unit: 'MB', size: 1024 ** 2, digits: 2 },
  { unit: 'KB', size: 1024, digits: 1 },
] as const;

/** Bytes as a short figure (980 B, 12.4 KB, 3.98 MB), in the unit `scale` would take. */
export function bytesLabel(n: number, scale = n): string {
  const u = UNITS.find((x) => scale >= x.size);
  return u === undefined ? `${n} B` : `${(n / u.size).toFixed(u.digits)} ${u.unit}`;
}

export function MemoryGauge() {
  const memory = useKeyspace((s) => s.memory);
  if (memory === undefined) return null;
  const { used, max, policy, evicted } = memory;
  const share = Math.min(1, used / max);
  const pct = Math.round((used / max) * 100);
  const full = used >= max;
  const text = `${bytesLabel(used, max)} of ${bytesLabel(max)} (${pct}%)`;
  const evictedText = `${formatCount(evicted)} ${evicted === 1 ? 'key' : 'keys'} evicted`;
  return (
    <div className="flex flex-wrap items-center gap-x-2 gap-y-1 border-b border-edge px-3 py-1.5 text-xs" data-testid="memory-gauge" data-policy={policy} data-full={full || undefined}>
      <span className="shrink-0 font-medium text-[#dfe6f5]">Memory</span>
      <div
        role="meter"
        aria-label="Memory used against maxmemory"
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={Math.min(used, max)}
        aria-valuetext={`${text}, policy ${policy}, ${evictedText}`}
        className="relative h-2 min-w-[80px] flex-1 overflow-hidden rounded-full bg-white/10"
      >
        <span
          aria-hidden="true"
          className={`absolute inset-0 origin-left rounded-full motion-safe:transition-transform motion-safe:duration-300 ${pct >= 90 ? 'bg-amber-400' : 'bg-sky-400'}`}
          style={{ transform: `scaleX(${share})` }}
        />
      </div>
      <span className="shrink-0 font-mono tabular-nums text-[#e6e9f2]" data-testid="memory-used">
        {text}
      </span>
      <span className="shrink-0 rounded border border-edge px-1 font-mono text-[0.7rem] text-[#c9d2e6]" title="maxmemory-policy">
        {policy}
      </span>
      <span className="shrink-0 text-muted" data-testid="memory-evicted">
        {evictedText}
      </span>
    </div>
  );
}
