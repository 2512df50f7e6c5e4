/**
 * Sorted-set layout: score bars, the score window a ZRANGEBYSCORE read, and
 * the rank moves a ZINCRBY/ZADD caused (for the animation and narration),
 * all from what the engine reported.
 */
import type { KeyChange, ScoreChange } from '../../protocol/messages';

export interface ScoreBound {
  readonly value: number;
  readonly exclusive: boolean;
}

export type ZsetRead =
  | { readonly kind: 'score'; readonly min: ScoreBound; readonly max: ScoreBound }
  | { readonly kind: 'rank'; readonly start: number; readonly stop: number; readonly rev: boolean }
  | { readonly kind: 'member'; readonly members: readonly string[] };

/** What a command read in a sorted set, as the engine reported it: a score range, a rank range or members. */
export function zsetRead(k: KeyChange | undefined): ZsetRead | null {
  if (k === undefined) return null;
  for (const r of k.readRanges ?? []) {
    if (r.kind === 'score') return { kind: 'score', min: r.min, max: r.max };
    if (r.kind === 'index') return { kind: 'rank', start: r.start, stop: r.stop, rev: false };
  }
  return k.read !== undefined && k.read.length > 0 ? { kind: 'member', members: k.read } : null;
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
 * Rank changes of the members a command scored (ranks as shown: counted from
 * the top when `reverse`), from the ranks the engine reported. `prevLen` and
 * `nextLen` are the set's sizes before and after.
 */
export function rankMoves(scores: readonly ScoreChange[], reverse: boolean, prevLen: number, nextLen: number): RankMove[] {
  const out: RankMove[] = [];
  for (const s of scores) {
    if (s.newRank === undefined || s.newRank === null) continue;
    const from = s.oldRank ?? null;
    out.push({
      member: s.member,
      from: from === null ? null : reverse ? prevLen - 1 - from : from,
      to: reverse ? nextLen - 1 - s.newRank : s.newRank,
    });
  }
  return out;
}
