/**
 * dump.rdb in and out: the keyspace as the RDB file Redis's SAVE writes
 * (a redis-server 7.0 loads it), and a dump.rdb from a redis-server loaded
 * in place of the keyspace, after a confirmation. A file Redis would
 * refuse is refused with Redis's own log lines, and nothing changes.
 * Beside them, the existing export as redis-cli commands.
 */
import { useRef, useState } from 'react';
import type { EngineClient } from '../client/engine-client';
import { download, useKeyspaceDownload } from './export-keyspace';

type Status =
  | { readonly t: 'idle' }
  | { readonly t: 'busy'; readonly what: string }
  | { readonly t: 'confirm'; readonly file: File }
  | { readonly t: 'done'; readonly message: string }
  | { readonly t: 'refused'; readonly name: string; readonly log: readonly string[] }
  | { readonly t: 'failed'; readonly message: string };

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

const BUTTON =
  'rounded-md border border-edge px-2.5 py-1 text-xs text-white hover:bg-ink focus:outline-none focus-visible:ring-2 focus-visible:ring-white disabled:opacity-50';

export function DumpFile({ client }: { client: EngineClient }) {
  const [status, setStatus] = useState<Status>({ t: 'idle' });
  const [exporting, exportCommands] = useKeyspaceDownload(client);
  const input = useRef<HTMLInputElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const busy = status.t === 'busy';

  const save = () => {
    setStatus({ t: 'busy', what: 'Writing dump.rdb…' });
    client.call('rdbDump', null).then(
      ({ bytes }) => {
        download('dump.rdb', bytes as Uint8Array<ArrayBuffer>, 'application/octet-stream');
        setStatus({ t: 'done', message: `Saved dump.rdb (${plural(bytes.length, 'byte')}).` });
      },
      (e: unknown) => setStatus({ t: 'failed', message: `The engine did not write the file: ${e instanceof Error ? e.message : String(e)}` }),
    );
  };

  const chosen = (file: File | undefined) => {
    if (input.current) input.current.value = '';
    if (file === undefined) return;
    setStatus({ t: 'confirm', file });
    requestAnimationFrame(() => confirmButton.current?.focus());
  };

  const load = (file: File) => {
    setStatus({ t: 'busy', what: `Reading ${file.name}…` });
    file
      .arrayBuffer()
      .then((buf) => client.call('rdbLoad', { bytes: new Uint8Array(buf), name: file.name }))
      .then(
        (r) => {
          if (r.ok) {
            const extra = [r.expired > 0 ? `${plural(r.expired, 'key')} had expired and stayed out` : '', r.skipped > 0 ? `${plural(r.skipped, 'empty key')} skipped` : '']
              .filter(Boolean)
              .join('; ');
            setStatus({ t: 'done', message: `Loaded ${plural(r.keys, 'key')} from ${file.name}${extra ? ` (${extra})` : ''}.` });
          } else setStatus({ t: 'refused', name: file.name, log: r.log });
        },
        (e: unknown) => setStatus({ t: 'failed', message: `The file could not be read: ${e instanceof Error ? e.message : String(e)}` }),
      );
  };

  return (
    <details className="relative" data-testid="dump-file">
      <summary className="cursor-pointer list-none whitespace-nowrap rounded-md border border-edge px-2 py-1 text-xs text-muted hover:bg-ink hover:text-white">
        <span aria-hidden="true">⇅ </span><span className="max-sm:sr-only">dump.rdb</span>
      </summary>
      <div className="absolute right-0 z-30 mt-1 w-[min(92vw,400px)] rounded-lg border border-edge bg-panel p-3 text-sm shadow-xl max-sm:fixed max-sm:right-2 max-sm:left-2 max-sm:w-auto">
        <h2 className="mb-1 font-semibold text-white">Your keys as a file</h2>
        <p className="mb-2 text-[#d5dbea]">
          <code className="font-mono text-white">dump.rdb</code> is the file Redis's SAVE writes (RDB version 10): a redis-server 7.0 started on it has
          your keys, values and TTLs. A dump.rdb from a redis-server loads here in place of every key.
        </p>
        <div className="flex flex-wrap gap-2">
          <button type="button" className={BUTTON} onClick={save} disabled={busy}>
            Download dump.rdb
          </button>
          <button type="button" className={BUTTON} onClick={() => input.current?.click()} disabled={busy}>
            Load a dump.rdb…
          </button>
          <button type="button" className={BUTTON} onClick={exportCommands} disabled={exporting === 'busy'}>
            Download as commands
          </button>
          <input
            ref={input}
            type="file"
            accept=".rdb,application/octet-stream"
            className="hidden"
            data-testid="dump-file-input"
            onChange={(e) => chosen(e.currentTarget.files?.[0])}
          />
        </div>
        {status.t === 'confirm' && (
          <div role="group" aria-label="Confirm loading" className="mt-3 rounded-md border border-amber-600 bg-amber-950 p-2 text-amber-50">
            <p className="mb-2">
              Replace every key in every database with the keys of <strong className="font-semibold break-all">{status.file.name}</strong> (
              {plural(status.file.size, 'byte')})?
            </p>
            <div className="flex gap-2">
              <button ref={confirmButton} type="button" className={BUTTON} onClick={() => load(status.file)}>
                Replace the keyspace
              </button>
              <button type="button" className={BUTTON} onClick={() => setStatus({ t: 'idle' })}>
                Cancel
              </button>
            </div>
          </div>
        )}
        <p aria-live="polite" className="mt-2 text-[#d5dbea] empty:hidden" data-testid="dump-file-status">
          {status.t === 'busy' ? status.what : status.t === 'done' || status.t === 'failed' ? status.message : ''}
          {exporting === 'done' ? ' Saved keyspace.redis: redis-cli commands that rebuild your keys.' : ''}
        </p>
        {status.t === 'refused' && (
          <div role="alert" className="mt-2 rounded-md border border-amber-600 bg-amber-950 p-2 text-amber-50" data-testid="dump-file-refused">
            <p className="mb-1">
              <strong className="font-semibold">Not loaded.</strong> redis-server refuses {status.name} too, with these lines; your keys are as they were.
            </p>
            <pre className="overflow-x-auto font-mono text-xs whitespace-pre-wrap">{status.log.join('\n')}</pre>
          </div>
        )}
      </div>
    </details>
  );
}
