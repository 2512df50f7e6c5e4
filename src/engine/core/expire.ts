import type { Db } from './keyspace';

/**
 * Exact expiry times. Expiry times are int64 milliseconds in Redis.
 * Db.expires keeps numbers, exact up to 2^53 (the year 287396); a time beyond
 * that is also kept in the database's `exactExpires` as a bigint, so that
 * PEXPIRETIME and PTTL answer to the millisecond like Redis. An entry is
 * trusted only while Db.expires still holds its rounded value.
 */

/** Sets the absolute expiry time (ms) of an existing key. */
export function setExpireAt(db: Db, key: string, when: bigint): void {
  const n = Number(when);
  if (!Number.isSafeInteger(n)) {
    let m = db.exactExpires;
    if (m === undefined) db.exactExpires = m = new Map();
    if (m.size > 10_000) m.clear(); // stale entries are harmless; keep the table small
    m.set(key, when);
  }
  db.setExpire(key, n);
}

/** The exact absolute expiry time (ms) of a key, or undefined when it has none. */
export function getExpireAt(db: Db, key: string): bigint | undefined {
  const n = db.getExpire(key);
  if (n === undefined) return undefined;
  if (!Number.isSafeInteger(n)) {
    const exact = db.exactExpires?.get(key);
    if (exact !== undefined && Number(exact) === n) return exact;
  }
  return BigInt(n);
}
