import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { IdbKeyStore, type SaveOp } from './persist';

/**
 * The IndexedDB store itself (fake-indexeddb in Node): records merged by
 * stamp, compaction, and an emptied database staying empty when another
 * tab's compaction writes back what it read before.
 */

let n = 0;
/** A fresh database name per test: each test gets its own workspace. */
const workspace = () => `ws${++n}`;
let clock = 1_000;
/** Stamps as tabs make them: always increasing. */
const stamp = () => ++clock;
const meta = { now: 0 };
const str = (v: string) => ({ type: 'string' as const, v });
const put = (db: number, key: string, v: string): SaveOp => ({ op: 'put', db, key, value: str(v), expireAt: -1 });

async function keysOf(store: IdbKeyStore, ws: string): Promise<string[]> {
  const loaded = await store.load(ws);
  return (loaded?.keys ?? []).map((k) => `${String(k.db)}:${String(k.key)}=${(k.value as { v: string }).v}`).sort();
}

/** Enough churn that the next load compacts: 12,000 keys written, then deleted, in db 0. */
async function churn(store: IdbKeyStore, ws: string): Promise<void> {
  const many = Array.from({ length: 12_000 }, (_, i) => put(0, `tmp${i}`, 'x'));
  await store.write(ws, many, meta, stamp());
  await store.write(ws, many.map((o) => ({ op: 'del', db: 0, key: (o as { key: string }).key })), meta, stamp());
}

/** Holds the next compaction between its read and its write-back, running `between` there; resolves when it is done. */
function interleave(store: IdbKeyStore, between: () => Promise<void>): Promise<void> {
  const target = store as unknown as { compact: (...a: unknown[]) => Promise<void> };
  const original = target.compact.bind(store);
  return new Promise((resolve, reject) => {
    target.compact = async (...a: unknown[]) => {
      target.compact = original;
      try {
        await between();
        await original(...a);
        resolve();
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    };
  });
}

describe('the IndexedDB key store', () => {
  it('keeps the newest record of each key, single or bulk, and tombstones', async () => {
    const store = new IdbKeyStore();
    const ws = workspace();
    await store.write(ws, [put(0, 'a', '1'), put(1, 'b', '1')], meta, stamp());
    await store.write(ws, Array.from({ length: 1_500 }, (_, i) => put(0, `k${i}`, 'bulk')), meta, stamp());
    await store.write(ws, [put(0, 'k7', 'single'), { op: 'del', db: 0, key: 'k8' }, put(0, 'a', '2')], meta, stamp());
    const keys = await keysOf(store, ws);
    expect(keys).toHaveLength(1_500 - 1 + 2);
    expect(keys).toContain('0:a=2');
    expect(keys).toContain('0:k7=single');
    expect(keys).not.toContain('0:k8=bulk');
    expect(keys).toContain('1:b=1');
  });

  it('compacts churned records and loads the same keys after', async () => {
    const store = new IdbKeyStore();
    const ws = workspace();
    await store.write(ws, [put(0, 'keep', '1'), put(2, 'other', '1')], meta, stamp());
    await churn(store, ws);
    const done = interleave(store, async () => {});
    expect(await keysOf(store, ws)).toEqual(['0:keep=1', '2:other=1']);
    await done;
    expect(await keysOf(store, ws)).toEqual(['0:keep=1', '2:other=1']);
  });

  it('an emptied database stays empty when a compaction that read it before writes back (FLUSHDB, SWAPDB in another tab)', async () => {
    const store = new IdbKeyStore();
    const ws = workspace();
    await store.write(ws, [put(0, 'old', '1'), put(0, 'old2', '1'), put(3, 'three', '1')], meta, stamp());
    await churn(store, ws);
    // Another tab, meanwhile: SWAPDB 0 3 (db 0 emptied, then given db 3's key, in one write), and a later SET.
    const done = interleave(store, async () => {
      await store.write(ws, [{ op: 'clear', db: 0 }, { op: 'clear', db: 3 }, put(0, 'three', '1'), put(3, 'old', '1'), put(3, 'old2', '1')], meta, stamp());
      await store.write(ws, [put(0, 'later', '1')], meta, stamp());
    });
    await store.load(ws);
    await done;
    const expected = ['0:later=1', '0:three=1', '3:old2=1', '3:old=1'];
    expect(await keysOf(store, ws)).toEqual(expected);
    // A second compaction drops the stale records and the markers, and keeps the same keys.
    await churn(store, ws);
    const again = interleave(store, async () => {});
    await store.load(ws);
    await again;
    expect(await keysOf(store, ws)).toEqual(expected);
  });

  it('a wiped workspace (FLUSHALL) stays empty when a compaction that read it before writes back', async () => {
    const store = new IdbKeyStore();
    const ws = workspace();
    await store.write(ws, [put(0, 'a', '1'), put(5, 'b', '1')], meta, stamp());
    await churn(store, ws);
    const done = interleave(store, async () => {
      await store.write(ws, [{ op: 'wipe' }, put(1, 'after', '1')], meta, stamp());
    });
    await store.load(ws);
    await done;
    expect(await keysOf(store, ws)).toEqual(['1:after=1']);
  });

  it('an emptying in one workspace leaves the others alone', async () => {
    const store = new IdbKeyStore();
    const a = workspace();
    const b = workspace();
    await store.write(a, [put(0, 'x', 'a')], meta, stamp());
    await store.write(b, [put(0, 'x', 'b')], meta, stamp());
    await store.write(a, [{ op: 'wipe' }], meta, stamp());
    expect(await keysOf(store, a)).toEqual([]);
    expect(await keysOf(store, b)).toEqual(['0:x=b']);
  });
});
