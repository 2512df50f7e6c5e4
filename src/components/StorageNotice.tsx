import { useEffect, useState } from 'react';
import type { EngineClient } from '../client/engine-client';
import { useKeyspaceDownload } from './export-keyspace';

interface Notice {
  readonly ok: boolean;
  readonly message: string;
}

/**
 * Says when the learner's keys could not be saved in the browser (storage
 * full, saved keys unreadable) and when saving works again. An alert, so
 * screen readers announce it; it stays until dismissed or resolved.
 */
export function StorageNotice({ client }: { client: EngineClient }) {
  const [notice, setNotice] = useState<Notice | undefined>(undefined);
  const [exporting, save] = useKeyspaceDownload(client);
  useEffect(
    () =>
      client.on((e) => {
        if (e.type === 'storage') setNotice({ ok: e.ok, message: e.message });
      }),
    [client],
  );
  if (notice === undefined) return null;
  return (
    <div
      role={notice.ok ? 'status' : 'alert'}
      data-testid="storage-notice"
      data-ok={notice.ok ? 'true' : 'false'}
      className={`flex flex-wrap items-start gap-x-3 gap-y-2 border-b px-4 py-2 text-sm ${notice.ok ? 'border-emerald-700 bg-emerald-950 text-emerald-100' : 'border-amber-600 bg-amber-950 text-amber-50'}`}
    >
      <p className="min-w-0 flex-1 basis-full sm:basis-0">
        <strong className="font-semibold">{notice.ok ? 'Saved. ' : 'Not saved. '}</strong>
        {notice.message}
        {!notice.ok && exporting !== 'idle' && (
          <span className="ml-1" aria-live="polite">
            {exporting === 'busy' ? 'Reading every key…' : exporting === 'done' ? 'Saved as keyspace.redis: redis-cli commands that rebuild your keys.' : 'The engine did not answer; try again in a moment.'}
          </span>
        )}
      </p>
      {!notice.ok && (
        <button
          type="button"
          onClick={save}
          disabled={exporting === 'busy'}
          className="rounded border border-current px-2 py-0.5 text-xs focus:outline-none focus-visible:ring-2 focus-visible:ring-white disabled:opacity-50"
        >
          Download your keys
        </button>
      )}
      <button
        type="button"
        onClick={() => setNotice(undefined)}
        className="rounded border border-current px-2 py-0.5 text-xs focus:outline-none focus-visible:ring-2 focus-visible:ring-white"
      >
        Dismiss
      </button>
    </div>
  );
}
