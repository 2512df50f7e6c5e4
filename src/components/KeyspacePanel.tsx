import { useEffect, useState } from 'react';
import type { KeyMeta } from '../protocol/messages';
import { selectSortedKeys, useKeyspace } from '../store/keyspace';
import { useShallow } from 'zustand/react/shallow';

const TYPE_STYLE: Record<string, string> = {
  string: 'bg-sky-900/60 text-sky-200 border-sky-700',
  hash: 'bg-violet-900/60 text-violet-200 border-violet-700',
  list: 'bg-emerald-900/60 text-emerald-200 border-emerald-700',
  set: 'bg-amber-900/60 text-amber-200 border-amber-700',
  zset: 'bg-rose-900/60 text-rose-200 border-rose-700',
};

/** Every key in the current database with its type, size and TTL; live. */
export function KeyspacePanel() {
  const keys = useKeyspace(useShallow(selectSortedKeys));
  const total = useKeyspace((s) => s.total);
  const db = useKeyspace((s) => s.db);
  return (
    <div className="p-4">
      <div className="mb-3 flex items-baseline justify-between">
        <h2 className="text-lg font-semibold">Keyspace</h2>
        <span className="text-sm text-muted" data-testid="key-count">
          db{db} · {total} {total === 1 ? 'key' : 'keys'}
        </span>
      </div>
      {keys.length === 0 ? (
        <p className="text-sm text-muted">The database is empty. Create a key with SET.</p>
      ) : (
        <ul className="space-y-1" data-testid="keyspace" aria-live="polite">
          {keys.map((k) => (
            <KeyRow key={k.key} meta={k} />
          ))}
        </ul>
      )}
    </div>
  );
}

function KeyRow({ meta }: { meta: KeyMeta }) {
  return (
    <li
      className="flex items-center gap-2 rounded-md border border-edge bg-ink px-2 py-1.5 font-mono text-sm"
      data-key={meta.key}
      data-type={meta.type ?? 'none'}
    >
      <span className={`rounded border px-1.5 text-xs ${TYPE_STYLE[meta.type ?? ''] ?? ''}`}>{meta.type}</span>
      <span className="min-w-0 flex-1 truncate" title={meta.key}>
        {meta.key}
      </span>
      {meta.expireAt >= 0 && <Ttl at={meta.expireAt} />}
    </li>
  );
}

function Ttl({ at }: { at: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, []);
  const s = Math.max(0, Math.ceil((at - now) / 1000));
  return <span className="text-xs text-amber-300">{s}s</span>;
}
