/**
 * Shared helpers for the keys / ttl / strings differential suites: lines of
 * commands with a way to compare each reply against the real redis-server.
 */
import { expect } from 'vitest';
import type { Entry, Reply } from '../../src/engine';
import { Deque } from '../../src/engine/types/deque';
import type { Differential } from '../support/differential';

/**
 * How a line's replies are compared:
 * - exact: the same reply (a RESP3 map compares equal to the RESP2 array of its pairs);
 * - unordered: the same elements in any order (KEYS);
 * - ttl / pttl: both integers; equal when negative, otherwise within 1 s / 100 ms
 *   (the two servers read their clocks a few milliseconds apart);
 * - scan: a SCAN reply whose cursor may differ; items compared as sets when the cursor is 0 on both sides;
 * - skip: run on both, compare nothing (setup whose reply depends on timing).
 */
export type Check = 'exact' | 'unordered' | 'ttl' | 'pttl' | 'skip';

export interface Line {
  argv: string[];
  check: Check;
}

export interface Case {
  name: string;
  lines: (string[] | Line)[];
  /** Keys of other types to create on both sides first: [type, key, ...members]. */
  seed?: [SeedType, string, ...string[]][];
}

export type SeedType = 'hash' | 'list' | 'set';

export const ttl = (...argv: string[]): Line => ({ argv, check: 'ttl' });
export const pttl = (...argv: string[]): Line => ({ argv, check: 'pttl' });
export const unordered = (...argv: string[]): Line => ({ argv, check: 'unordered' });
export const skip = (...argv: string[]): Line => ({ argv, check: 'skip' });

/** A reply as plain JSON, with maps flattened to arrays as RESP2 sends them. */
export function norm(r: Reply | undefined): unknown {
  if (r === undefined) return null;
  switch (r.t) {
    case 'int':
      return { t: 'int', v: String(r.v) };
    case 'array':
    case 'set':
    case 'push':
      return { t: 'array', v: r.v.map(norm) };
    case 'map':
      return { t: 'array', v: r.v.flatMap(([k, v]) => [norm(k), norm(v)]) };
    case 'double':
      return { t: 'bulk', v: String(r.v) };
    default:
      return r;
  }
}

function sortedNorm(r: Reply | undefined): unknown {
  const n = norm(r) as { t: string; v: unknown };
  if (n !== null && n.t === 'array' && Array.isArray(n.v)) {
    return { t: 'array', v: [...(n.v as unknown[])].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) };
  }
  return n;
}

/**
 * Creates keys of other types on both sides: with the real server's commands,
 * and in the engine straight through Db (so these suites do not depend on
 * the hash/list/set command groups).
 */
export async function seed(d: Differential, seeds: NonNullable<Case['seed']>): Promise<void> {
  for (const [type, key, ...members] of seeds) {
    const db = d.engine.dbs[d.client.db]!;
    let entry: Entry;
    if (type === 'hash') {
      await d.redis.call(['HSET', key, ...members]);
      const m = new Map<string, string>();
      for (let i = 0; i < members.length; i += 2) m.set(members[i]!, members[i + 1]!);
      entry = { type: 'hash', value: m };
    } else if (type === 'list') {
      await d.redis.call(['RPUSH', key, ...members]);
      entry = { type: 'list', value: new Deque(members) };
    } else {
      await d.redis.call(['SADD', key, ...members]);
      entry = { type: 'set', value: new Set(members) };
    }
    db.set(key, entry);
  }
}

/** Empties both sides and selects db 0 on both. */
export async function resetBoth(d: Differential): Promise<void> {
  await d.reset();
  await d.redis.call(['SELECT', '0']);
}

export async function runCase(d: Differential, c: Case): Promise<void> {
  await resetBoth(d);
  if (c.seed) await seed(d, c.seed);
  for (const raw of c.lines) {
    const line: Line = Array.isArray(raw) ? { argv: raw, check: 'exact' } : raw;
    const p = await d.run(line.argv);
    const label = line.argv.map((a) => (a.length > 40 ? `${a.slice(0, 40)}...` : a)).join(' ');
    compare(line.check, p.ours, p.theirs, label);
  }
}

export function compare(check: Check, ours: Reply | undefined, theirs: Reply, label: string): void {
  switch (check) {
    case 'skip':
      return;
    case 'unordered':
      expect(sortedNorm(ours), label).toEqual(sortedNorm(theirs));
      return;
    case 'ttl':
    case 'pttl': {
      expect(ours?.t, label).toBe('int');
      expect(theirs.t, label).toBe('int');
      const a = Number((ours as { v: number | bigint }).v);
      const b = Number((theirs as { v: number | bigint }).v);
      if (a < 0 || b < 0) expect(a, label).toBe(b);
      else expect(Math.abs(a - b), `${label}: ours ${a}, redis ${b}`).toBeLessThanOrEqual(check === 'ttl' ? 1 : 100);
      return;
    }
    default:
      expect(norm(ours), label).toEqual(norm(theirs));
  }
}

/** Runs a whole SCAN iteration on one side; returns every key seen, and the number of calls. */
export async function scanAll(call: (argv: string[]) => Promise<Reply | undefined>, extra: string[] = []): Promise<{ keys: string[]; calls: number }> {
  const keys: string[] = [];
  let cursor = '0';
  let calls = 0;
  do {
    const r = await call(['SCAN', cursor, ...extra]);
    calls++;
    if (r === undefined || r.t !== 'array') throw new Error(`SCAN replied ${JSON.stringify(r)}`);
    const [cur, items] = r.v;
    if (cur?.t !== 'bulk' || items?.t !== 'array') throw new Error('bad SCAN reply');
    cursor = cur.v;
    for (const it of items.v) if (it.t === 'bulk') keys.push(it.v);
    if (calls > 100_000) throw new Error('SCAN never ended');
  } while (cursor !== '0');
  return { keys, calls };
}
