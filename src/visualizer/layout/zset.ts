/**
 * Sorted-set layout: score bars, the score window a ZRANGEBYSCORE read, and
 * the rank moves a ZINCRBY/ZADD caused (for the animation and narration).
 */
export interface ScoreBound {
  readonly value: number;
  readonly exclusive: boolean;
}

/** Redis's score bound syntax: `5`, `(5`, `-inf`, `+inf`. */
export function parseScoreBound(s: string | undefined): ScoreBound | null {
  if (s === undefined) return null;
  let t = s.trim();
  let exclusive = false;
  if (t.startsWith('(')) {
    exclusive = true;
    t = t.slice(1);
  }
  const low = t.toLowerCase();
  const value = low === '+inf' || low === 'inf' ? Infinity : low === '-inf' ? -Infinity : Number(t);
  if (Number.isNaN(value) || t === '') return null;
  return { value, exclusive };
}

export type ZsetRead =
  | { readonly kind: 'score'; readonly min: ScoreBound; readonly max: ScoreBound }
  | { readonly kind: 'rank'; readonly start: number; readonly stop: number; readonly rev: boolean }
  | { readonly kind: 'member'; readonly members: readonly string[] };

const lower = (s: string | undefined) => (s ?? '').toLowerCase();

/** What a read command looked at in a sorted set, to highlight it. */
export function zsetRead(argv: readonly string[]): ZsetRead | null {
  const cmd = lower(argv[0]);
  const score = (a: string | undefined, b: string | undefined): ZsetRead | null => {
    const min = parseScoreBound(a);
    const max = parseScoreBound(b);
    return min && max ? { kind: 'score', min, max } : null;
  };
  switch (cmd) {
    case 'zrangebyscore':
    case 'zcount':
    case 'zremrangebyscore':
      return score(argv[2], argv[3]);
    case 'zrevrangebyscore':
      return score(argv[3], argv[2]);
    case 'zrange':
    case 'zrangestore': {
      const o = cmd === 'zrangestore' ? 1 : 0;
      const opts = new Set(argv.slice(4 + o).map(lower));
      const rev = opts.has('rev');
      if (opts.has('byscore')) return rev ? score(argv[3 + o], argv[2 + o]) : score(argv[2 + o], argv[3 + o]);
      if (opts.has('bylex')) return null;
      return { kind: 'rank', start: Number(argv[2 + o]), stop: Number(argv[3 + o]), rev };
    }
    case 'zrevrange':
      return { kind: 'rank', start: Number(argv[2]), stop: Number(argv[3]), rev: true };
    case 'zremrangebyrank':
      return { kind: 'rank', start: Number(argv[2]), stop: Number(argv[3]), rev: false };
    case 'zscore':
    case 'zrank':
    case 'zrevrank':
      return { kind: 'member', members: argv.slice(2, 3) };
    case 'zmscore':
      return { kind: 'member', members: argv.slice(2) };
    default:
      return null;
  }
}

export function inScoreRange(score: number, r: { min: ScoreBound; max: ScoreBound }): boolean {
  const lo = r.min.exclusive ? score > r.min.value : score >= r.min.value;
  const hi = r.max.exclusive ? score < r.max.value : score <= r.max.value;
  return lo && hi;
}

/** A rank range (negative from the end) as [start, stop] in ascending ranks, or null. */
export function rankRange(start: number, stop: number, rev: boolean, len: number): [number, number] | null {
  let s = start < 0 ? len + start : start;
  let e = stop < 0 ? len + stop : stop;
  if (s < 0) s = 0;
  if (e >= len) e = len - 1;
  if (s > e || s >= len) return null;
  return rev ? [len - 1 - e, len - 1 - s] : [s, e];
}

/** Bar length 0..1 for a score between the set's min and max (never empty: 4% minimum). */
export function scoreBar(score: number, min: number, max: number): number {
  if (!Number.isFinite(score)) return score > 0 ? 1 : 0.04;
  const lo = Math.min(0, Number.isFinite(min) ? min : 0);
  const hi = Number.isFinite(max) ? max : score;
  if (hi <= lo) return 1;
  return Math.max(0.04, Math.min(1, (score - lo) / (hi - lo)));
}

/** Scores as redis-cli prints them (integers without a fraction). */
export function formatScore(s: number): string {
  if (s === Infinity) return 'inf';
  if (s === -Infinity) return '-inf';
  if (Number.isInteger(s) && Math.abs(s) < 1e17) return String(s);
  return String(Number(s.toPrecision(17)));
}

export interface RankMove {
  readonly member: string;
  readonly from: number | null;
  readonly to: number;
}

/**
 * Rank changes of `members` between two windows (ranks are offset + index;
 * 0-based). `probe` gives new ranks even outside the new window.
 */
export function rankMoves(
  members: readonly string[],
  prev: { readonly offset: number; readonly items: readonly (readonly [string, number])[] } | undefined,
  next: { readonly offset: number; readonly items: readonly (readonly [string, number])[] },
  probe?: readonly { readonly member: string; readonly rank: number }[],
): RankMove[] {
  const out: RankMove[] = [];
  const before = new Map(prev?.items.map((x, i) => [x[0], prev.offset + i]));
  const after = new Map(next.items.map((x, i) => [x[0], next.offset + i]));
  const probed = new Map(probe?.map((p) => [p.member, p.rank]));
  for (const m of members) {
    const from = before.get(m);
    const to = after.get(m) ?? probed.get(m);
    if (to === undefined) continue;
    out.push({ member: m, from: from ?? null, to });
  }
  return out;
}

/** Members named by a sorted-set write (ZADD/ZINCRBY/ZREM), for highlighting. */
export function zsetWrittenMembers(argv: readonly string[]): string[] {
  const cmd = lower(argv[0]);
  if (cmd === 'zincrby') return argv[3] !== undefined ? [argv[3]] : [];
  if (cmd === 'zrem') return argv.slice(2);
  if (cmd === 'zadd') {
    let i = 2;
    const opts = new Set(['nx', 'xx', 'gt', 'lt', 'ch', 'incr']);
    while (i < argv.length && opts.has(lower(argv[i]))) i++;
    const out: string[] = [];
    for (; i + 1 < argv.length; i += 2) out.push(argv[i + 1]!);
    return out;
  }
  return [];
}
