/**
 * The dashboard from lesson 1, as a model: 200 users refresh every 30 s and
 * each load runs three PostgreSQL queries, unless the answer is in Redis.
 * Pure: the widget asks the real engine which keys exist and feeds that in.
 */

export interface SimQuery {
  /** Redis key the app looks for before asking PostgreSQL. */
  readonly key: string;
  readonly label: string;
  /** Simulated PostgreSQL time, ms. */
  readonly pgMs: number;
  /** TTL the app uses when it refills the cache on a miss, seconds. */
  readonly ttl: number;
  /** What PostgreSQL returns (never changes during the simulation). */
  readonly value: string;
}

export const DASHBOARD_QUERIES: readonly SimQuery[] = [
  { key: 'cache:tasks:org:789', label: 'task board', pgMs: 5, ttl: 60, value: '[{"id":101,"title":"Fix bug","status":"open"}]' },
  { key: 'cache:categories:org:789', label: 'categories', pgMs: 3, ttl: 300, value: '["Work","Personal","Urgent"]' },
  { key: 'cache:org:789:settings', label: 'org settings', pgMs: 4, ttl: 300, value: '{"name":"Acme","timezone":"UTC","week_starts":"monday"}' },
];

export const USERS = 200;
export const REFRESH_SECONDS = 30;
/** A Redis GET on the same machine, ms. */
export const REDIS_MS = 0.1;

export interface SecondResult {
  /** Simulated second (0-based since start). */
  readonly t: number;
  readonly loads: number;
  readonly pgQueries: number;
  readonly hits: number;
  readonly misses: number;
  /** Keys the app wrote back to Redis this second (refill on a miss). */
  readonly refills: readonly SimQuery[];
  /** Average dashboard load time this second, ms. */
  readonly avgLoadMs: number;
}

/** How many of the users' refreshes fall in second `t` (users are spread evenly over the 30 s). */
export function loadsInSecond(t: number, users = USERS, period = REFRESH_SECONDS): number {
  // User i refreshes at i * period / users + k * period. Count those in [t, t + 1).
  const start = t % period;
  let n = 0;
  for (let i = 0; i < users; i++) {
    const at = (i * period) / users;
    if (at >= start && at < start + 1) n++;
  }
  return n;
}

/**
 * One simulated second. `cached` says which keys Redis holds at the start
 * of the second; with `refill`, the first miss of a key puts it back (cache-aside).
 */
export function simulateSecond(t: number, cached: ReadonlySet<string>, refill: boolean, queries: readonly SimQuery[] = DASHBOARD_QUERIES): SecondResult {
  const loads = loadsInSecond(t);
  const inCache = new Set(cached);
  const refills: SimQuery[] = [];
  let pg = 0;
  let hits = 0;
  let totalMs = 0;
  for (let l = 0; l < loads; l++) {
    for (const q of queries) {
      if (inCache.has(q.key)) {
        hits++;
        totalMs += REDIS_MS;
      } else {
        pg++;
        totalMs += q.pgMs + (refill ? REDIS_MS : 0);
        if (refill) {
          inCache.add(q.key);
          refills.push(q);
        }
      }
    }
  }
  return { t, loads, pgQueries: pg, hits, misses: pg, refills, avgLoadMs: loads > 0 ? totalMs / loads : 0 };
}

/** Sums over the last `window` seconds, scaled to a per-minute rate. */
export function perMinute(history: readonly SecondResult[], field: 'loads' | 'pgQueries' | 'hits' | 'misses', window = 60): number {
  const recent = history.slice(-window);
  if (recent.length === 0) return 0;
  const sum = recent.reduce((n, r) => n + r[field], 0);
  return Math.round((sum * 60) / recent.length);
}
