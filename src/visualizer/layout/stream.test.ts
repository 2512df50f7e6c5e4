import { describe, expect, it } from 'vitest';
import type { StreamGroupView } from '../../protocol/views';
import { pyStreamTail, pyValue } from './python';
import { compareStreamIds, groupChanges, idTime, inRead, streamRead } from './stream';

const group = (name: string, lastDeliveredId: string, pending: number): StreamGroupView => ({ name, lastDeliveredId, entriesRead: 0, lag: 0, pending, consumers: [], consumerCount: 0 });
const base = { db: 0, key: 's', encoding: 'stream', expireAt: -1, firstId: '1-0', lastId: '3-0', entriesAdded: 3, groups: [], groupCount: 0 } as const;

describe('stream layout', () => {
  it('compares IDs as numbers and shows the time in them', () => {
    expect(compareStreamIds('9-0', '10-0')).toBeLessThan(0);
    expect(compareStreamIds('10-2', '10-10')).toBeLessThan(0);
    expect(idTime('1700000002000-0')).toBe('22:13:22.000');
  });

  it('marks the entries the engine said were read', () => {
    const r = streamRead('xrange', { db: 0, key: 's', read: ['2-0', '9-9'] })!;
    expect(['1-5', '2-0', '9-9'].map((id) => inRead(id, r))).toEqual([false, true, true]);
    expect(r.label).toBe('XRANGE');
    expect(streamRead('xrange', { db: 0, key: 's' })).toBeNull();
  });

  it('finds what changed in the groups', () => {
    expect(groupChanges([group('g', '0-0', 0)], [group('g', '2-0', 2), group('h', '0-0', 0)]).map((c) => c.kind)).toEqual(['delivered', 'created']);
    expect(groupChanges([group('g', '2-0', 2)], [group('g', '2-0', 1)])[0]).toMatchObject({ kind: 'acked', text: 'group g acknowledged 1, 1 pending' });
  });

  it('is a list of (id, dict) tuples in Python', () => {
    const v = { ...base, type: 'stream' as const, length: 3, offset: 0, entries: [{ id: '1-0', fields: ['a', '1', 'a', '2'] }] };
    expect(pyValue(v)).toBe('[("1-0", {"a": "2"}), ...]');
    expect(pyStreamTail({ ...v, offset: 2 })).toBe('[..., ("1-0", {"a": "2"})]');
  });
});
