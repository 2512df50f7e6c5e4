import type { Ctx } from './command';
import { SortedSet } from '../types/zset';
import type { KeyRecord } from './changes';

/**
 * Sorted-set encodings (listpack / skiplist), converted as Redis converts
 * them: shared by every command that adds members (ZADD, ZINCRBY, the
 * ZUNIONSTORE family, GEOADD ...).
 */

/** zset-max-listpack-entries / zset-max-listpack-value. */
export function listpackLimits(c: Ctx): { entries: number; value: number } {
  const config = c.engine.config;
  return { entries: config.num('zset-max-listpack-entries'), value: config.num('zset-max-listpack-value') };
}

/**
 * A new sorted set for a write whose first member is `firstMember`: a
 * listpack unless the limits already rule it out (zsetTypeCreate).
 */
export function newSortedSet(c: Ctx, firstMember: string): SortedSet {
  const z = new SortedSet();
  const lim = listpackLimits(c);
  if (lim.entries === 0 || lim.value < firstMember.length) z.encoding = 'skiplist';
  return z;
}

/**
 * Adds a new member the way zsetAdd does: a listpack that would grow past
 * the limits converts to a skiplist first.
 */
export function addMember(c: Ctx, z: SortedSet, member: string, score: number): void {
  if (z.encoding === 'listpack') {
    const lim = listpackLimits(c);
    if (z.size + 1 > lim.entries || member.length > lim.value) z.encoding = 'skiplist';
  }
  z.add(member, storable(z, score));
}

/**
 * A listpack stores integral scores as integers, so -0 comes back as 0;
 * a skiplist keeps the double as it is.
 */
export function storable(z: SortedSet, score: number): number {
  return z.encoding === 'listpack' && score === 0 ? 0 : score;
}

/** The encoding of a freshly computed result (zsetConvertToListpackIfNeeded). */
export function settleEncoding(c: Ctx, z: SortedSet): void {
  const lim = listpackLimits(c);
  let fits = z.size <= lim.entries;
  if (fits) {
    for (const m of z.scores.keys()) {
      if (m.length > lim.value) {
        fits = false;
        break;
      }
    }
  }
  z.encoding = fits ? 'listpack' : 'skiplist';
  if (fits) {
    const negativeZero: string[] = [];
    for (const [m, sc] of z.scores) if (Object.is(sc, -0)) negativeZero.push(m);
    for (const m of negativeZero) {
      z.delete(m);
      z.set(m, 0);
    }
  }
}

/**
 * Gives `member` the score `score`: adds it when it had none (`cur`
 * undefined), else moves it; records the change (old and new score) in `rec`.
 */
export function writeScore(c: Ctx, z: SortedSet, member: string, score: number, cur: number | undefined, rec: KeyRecord | undefined): void {
  if (cur === undefined) addMember(c, z, member, score);
  else z.set(member, storable(z, score));
  rec?.score(member, cur ?? null, z.score(member)!);
}
