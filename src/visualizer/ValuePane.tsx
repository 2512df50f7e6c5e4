/**
 * The selected key: its name, type, size, encoding (with the moment it
 * changes), TTL, the Python it maps to, and the type's own view. When the
 * last command combined sets, the Venn diagram takes the stage.
 */
import { useLayoutEffect, useState } from 'react';
import { useKeyspace, useKeyspaceFields, usePastView } from '../store/keyspace';
import { useSettings } from '../store/settings';
import { mark } from './model/keyspace';
import { encodingHint, encodingNote } from './layout/encoding';
import { pyLengthNote, pyStr, pyStreamTail, pyTypeName, pyValue } from './layout/python';
import { display } from './layout/text';
import { HashView } from './HashView';
import { KeyEditor } from './KeyEditor';
import { ListView } from './ListView';
import { SetView } from './SetView';
import { StreamView } from './StreamView';
import { StringView } from './StringView';
import { TtlRing } from './TtlRing';
import { TypeBadge, sizeLabel } from './ui';
import { VennView } from './VennView';
import { GeoMapView } from './GeoMapView';
import { geoCandidate, looksGeo } from './layout/geo';
import { ZsetView } from './ZsetView';

/** What each type is, in the lecture's terms. */
const HINT = {
  string: 'A variable: text, a counter (INCR) or JSON, up to 512 MB.',
  hash: 'One row of a PostgreSQL table: field → value, under one key.',
  list: 'A double-ended queue: O(1) at both ends, O(n) in the middle.',
  set: 'Unique members, no order; SINTER / SUNION / SDIFF combine sets.',
  zset: 'A dict sorted by value: every member has a score and a rank.',
  stream: 'An append-only log: entries with time-based IDs; consumer groups track what each reader got.',
} as const;

export function ValuePane() {
  const { selected, value, scene, sceneSeq: seq, sceneAt, follow, venn, encodingChange, zReverse, touches } = useKeyspaceFields(
    'selected', 'value', 'scene', 'sceneSeq', 'sceneAt', 'follow', 'venn', 'encodingChange', 'zReverse', 'touches',
  );
  const past = usePastView();
  const touch = selected !== undefined ? touches.get(selected) : undefined;

  const followDemo = useSettings((st) => st.followDemo);
  // A sorted set of geohashes can be shown as a map; the choice is per key.
  const [zsetViews, setZsetViews] = useState<ReadonlyMap<string, 'list' | 'map'>>(new Map());
  const rowHeight = 32;
  useLayoutEffect(() => mark('viz:value-commit'), [value, venn]);
  const s = useKeyspace.getState;

  if (venn) {
    return (
      <div className="flex min-h-0 flex-1 flex-col">
        <VennView call={venn.call} result={venn.result} onClose={() => s().closeVenn()} />
      </div>
    );
  }

  const header = (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-edge px-3 py-2">
      <h3 className="min-w-0 flex-1 basis-40 truncate font-mono text-[0.95rem] font-semibold text-[#f3f4f8]" title={selected ? display(selected) : undefined} data-testid="value-key">
        {selected ? display(selected) : 'No key selected'}
      </h3>
      <label className="flex shrink-0 cursor-pointer items-center gap-1.5 text-xs text-muted" title="Show the key each command touches">
        <input type="checkbox" checked={follow} onChange={(e) => s().setFollow(e.target.checked)} className="accent-[#ff4438]" />
        Follow commands
      </label>
      <label
        className="flex shrink-0 cursor-pointer items-center gap-1.5 text-xs text-muted"
        title="Also follow the commands of a lesson's simulation and demo clients (shown as Last: too)"
      >
        <input
          type="checkbox"
          checked={followDemo}
          onChange={() => useSettings.getState().toggle('followDemo')}
          className="accent-[#ff4438]"
          data-testid="follow-demo"
        />
        Follow demo clients
      </label>
    </div>
  );

  if (selected === undefined || value === undefined || scene === undefined) {
    return (
      <div className="flex min-h-0 flex-1 flex-col">
        {header}
        <p className="p-4 text-sm text-muted">
          {selected === undefined ? 'Run a command in the terminal, or pick a key in the tree, to see its value here.' : 'Loading…'}
        </p>
      </div>
    );
  }

  if (value.type === null || scene.type === null) {
    return (
      <div className="flex min-h-0 flex-1 flex-col">
        {header}
        <p className="p-4 text-sm text-muted" data-testid="value-gone">
          {touch === 'expired' ? 'This key expired: its TTL ran out.' : 'This key does not exist (any more).'}
        </p>
      </div>
    );
  }

  const changed = encodingChange && encodingChange.key === value.key ? encodingChange : undefined;
  const mapOffered = value.type === 'zset' && geoCandidate(value.items);
  // The map keeps its height (the pane scrolls); the ranked list fills what is left.
  const asMap = mapOffered && value.type === 'zset' && (zsetViews.get(value.key) ?? (looksGeo(value.items) ? 'map' : 'list')) === 'map';

  return (
    <div className="flex min-h-0 flex-1 flex-col overflow-y-auto" data-testid="value-pane" data-type={value.type}>
      {header}
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-edge px-3 py-1.5 text-xs text-muted">
        <TypeBadge type={value.type} />
        <span className="font-mono" data-testid="value-size">
          {sizeLabel(value.type, value.length)}
        </span>
        <span title={encodingHint(value.encoding)} className="font-mono" data-testid="value-encoding">
          encoding <span className="text-[#e6e9f2]">{value.encoding}</span>
        </span>
        {value.expireAt >= 0 ? <TtlRing id={value.key} expireAt={value.expireAt} size={20} /> : <span title="No TTL: the key lives until deleted">no TTL</span>}
      </div>
      <p className="px-3 pt-1.5 text-xs text-muted" data-testid="value-hint">
        {HINT[value.type]} <span className="text-[#cfd6e6]">Python: {pyTypeName(value.type)}.</span>
      </p>
      {changed && (
        <div key={changed.seq} className="pulse-once mx-3 mt-2 rounded-md border border-amber-300/60 bg-amber-300/10 px-3 py-1.5 text-xs text-amber-100" role="note" data-testid="encoding-change">
          <span className="font-semibold">Encoding changed:</span> <span className="font-mono">{changed.from}</span> → <span className="font-mono">{changed.to}</span>
          <span className="block text-amber-100/80">{encodingNote(changed.type, changed.from, changed.to)}</span>
        </div>
      )}
      {/* The value itself keeps room to be seen on a short pane: the pane scrolls instead of squeezing it to nothing. */}
      <div className={asMap ? 'flex flex-none flex-col' : 'flex min-h-[180px] flex-1 flex-col'}>
      {scene.type === 'string' && value.type === 'string' && <StringView scene={scene} length={value.length} seq={seq} />}
      {scene.type === 'list' && <ListView scene={scene} length={value.length} seq={seq} sceneAt={sceneAt} />}
      {scene.type === 'hash' && <HashView scene={scene} length={value.length} seq={seq} rowHeight={rowHeight} />}
      {scene.type === 'set' && <SetView scene={scene} length={value.length} seq={seq} rowHeight={rowHeight - 4} />}
      {scene.type === 'zset' && value.type === 'zset' && mapOffered && (
        <div className="flex items-center gap-2 px-3 pt-2 text-xs text-muted">
          <span>Show as</span>
          <div className="flex overflow-hidden rounded border border-edge" role="group" aria-label="Show the sorted set as">
            {(['list', 'map'] as const).map((v) => {
              const on = (zsetViews.get(value.key) ?? (looksGeo(value.items) ? 'map' : 'list')) === v;
              return (
                <button
                  key={v}
                  type="button"
                  aria-pressed={on}
                  data-testid={`zset-as-${v}`}
                  onClick={() => setZsetViews((m) => new Map(m).set(value.key, v))}
                  className={`px-1.5 py-0.5 ${on ? 'bg-white/15 text-white' : 'hover:text-white'}`}
                >
                  {v === 'list' ? 'Ranked list' : 'Map'}
                </button>
              );
            })}
          </div>
        </div>
      )}
      {scene.type === 'zset' && value.type === 'zset' && asMap ? (
        <GeoMapView key={value.key} items={value.items} length={value.length} geo={scene.geo} />
      ) : scene.type === 'zset' && value.type === 'zset' && (
        <ZsetView
          scene={scene}
          length={value.length}
          min={value.min}
          max={value.max}
          reverse={zReverse}
          seq={seq}
          sceneAt={sceneAt}
          rowHeight={rowHeight + 2}
          onReverse={(r) => s().setZReverse(r)}
        />
      )}
      {scene.type === 'stream' && value.type === 'stream' && (
        <StreamView
          key={value.key}
          scene={scene}
          length={value.length}
          firstId={value.firstId}
          lastId={value.lastId}
          entriesAdded={value.entriesAdded}
          groupCount={value.groupCount}
          seq={seq}
          sceneAt={sceneAt}
          rowHeight={rowHeight + 6}
        />
      )}
      </div>
      {past ? (
        <p className="border-t border-edge px-3 py-1.5 text-xs text-amber-100" data-testid="value-readonly">
          Read-only: this is the key as it was then. Back to now to edit it.
        </p>
      ) : (
        <KeyEditor key={`${value.db}\u0000${value.key}`} value={value} />
      )}
      <p className="truncate border-t border-edge bg-ink/50 px-3 py-1.5 font-mono text-xs" title="The same value as Python" data-testid="value-python">
        <span className="text-muted">&gt;&gt;&gt; r[{pyStr(value.key, 30)}]</span>
        <span className="text-[#e6e9f2]"> = {value.offset === 0 || value.type === 'string' ? pyValue(value, 8) : pyStreamTail(value) || '…'}</span>
        {(value.offset === 0 || pyStreamTail(value) !== '') && pyLengthNote(value, 8) && <span className="text-muted">  {pyLengthNote(value, 8)}</span>}
      </p>
    </div>
  );
}
