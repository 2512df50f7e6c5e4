import { stringEntry } from './entry';
import { resetStringEncoding } from './encoding';
import type { Db } from './keyspace';

/** String values: their limits and how one is stored. */

/** Redis's proto-max-bulk-len default: 512 MB. */
export const MAX_STRING = 512 * 1024 * 1024;

/**
 * The largest string one command may build from a small input (SETRANGE's
 * zero padding, LCS's table in cells). Redis would allocate up to 512 MB; a
 * browser tab cannot, so past this the engine replies the OOM error Redis
 * gives when maxmemory is reached.
 */
export const MAX_ALLOC = 128 * 1024 * 1024;

/**
 * Stores a string value, dropping any TTL (Redis's setKey). An existing
 * string entry is updated in place, which saves an allocation on the hot
 * SET path.
 */
export function storeString(db: Db, key: string, value: string, keepTtl = false): void {
  const e = db.peek(key);
  if (e !== undefined && e.type === 'string') {
    e.value = value;
    resetStringEncoding(e);
    db.replaced(key, e, keepTtl);
  } else {
    db.set(key, stringEntry(value), keepTtl);
  }
}
