/**
 * The engine's clock as the page sees it. The worker sends {now, paused,
 * speed} when it changes; the page extrapolates between messages, so TTLs
 * count down at 10x, stop when paused and jump on "+1 min".
 */
export interface ClockSample {
  /** Engine time (ms since the epoch) when the sample was taken. */
  readonly now: number;
  readonly paused: boolean;
  readonly speed: number;
  /** The page's performance.now() when the sample arrived. */
  readonly at: number;
}

export function engineTime(c: ClockSample, pageNow: number): number {
  if (c.paused) return c.now;
  return c.now + Math.max(0, pageNow - c.at) * c.speed;
}

/** Remaining TTL in ms (never below 0), or undefined for a key without a TTL. */
export function remaining(expireAt: number, now: number): number | undefined {
  if (expireAt < 0) return undefined;
  return Math.max(0, expireAt - now);
}

/** "59s", "4m 05s", "2h 10m", "3d 4h": what a TTL badge says. */
export function formatTtl(ms: number): string {
  const s = Math.ceil(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h`;
}

/** The same TTL in words for screen readers. */
export function ttlWords(ms: number): string {
  const s = Math.ceil(ms / 1000);
  if (s < 60) return `${s} ${s === 1 ? 'second' : 'seconds'}`;
  const m = Math.floor(s / 60);
  if (s < 3600) return `${m} ${m === 1 ? 'minute' : 'minutes'} ${s % 60} seconds`;
  const h = Math.floor(s / 3600);
  return `${h} ${h === 1 ? 'hour' : 'hours'} ${Math.floor((s % 3600) / 60)} minutes`;
}

/**
 * How full a TTL ring is: remaining over the TTL the key had when the page
 * first saw this expiry (Redis stores only the deadline, not the duration).
 */
export function ringFraction(remainingMs: number, totalMs: number): number {
  if (!(totalMs > 0)) return remainingMs > 0 ? 1 : 0;
  return Math.max(0, Math.min(1, remainingMs / totalMs));
}

/** Engine time as a wall clock, HH:MM:SS local time. */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
