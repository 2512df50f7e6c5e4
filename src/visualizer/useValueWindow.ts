import { useCallback } from 'react';
import { useKeyspace } from '../store/keyspace';
import type { VisibleRange } from './VirtualList';

/**
 * Keeps the selected key's element window covering what a virtual list
 * shows (`per` elements per list item, e.g. chips per row).
 */
export function useValueWindow(per = 1, pad = 40): (r: VisibleRange) => void {
  return useCallback(
    (r: VisibleRange) => {
      const s = useKeyspace.getState();
      const first = r.first * per;
      const last = r.last * per;
      const v = s.value;
      const have = v !== undefined && v.type !== null && v.type !== 'string';
      const covered = have && s.valueRange.offset <= first && s.valueRange.offset + s.valueRange.limit >= last;
      if (!covered) s.setValueRange(Math.max(0, first - pad * per), last - first + 2 * pad * per);
    },
    [per, pad],
  );
}
