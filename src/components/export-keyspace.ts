/**
 * Reads the whole keyspace through an engine connection of its own and
 * returns it as redis-cli input (src/cli/export.ts): the way out when a
 * panel fails, so nothing a learner made is lost.
 */
import { useState } from 'react';
import type { EngineClient } from '../client/engine-client';
import { exportText, readCommand, type ExportedKey } from '../cli/export';
import type { Reply } from '../protocol/messages';
import { markBackgroundClient } from '../store/terminals';

const DBS = 16;

export async function exportKeyspace(client: EngineClient): Promise<string> {
  const { client: id } = await client.call('open', { name: 'export', internal: true });
  markBackgroundClient(id);
  const run = async (argv: string[]): Promise<Reply> => (await client.call('exec', { client: id, argv })).reply ?? { t: 'nil' };
  try {
    const dbs: ExportedKey[][] = [];
    for (let db = 0; db < DBS; db++) {
      const keys: ExportedKey[] = [];
      dbs.push(keys);
      const sel = await run(['SELECT', String(db)]);
      if (sel.t === 'error') break;
      let cursor = '0';
      do {
        const r = await run(['SCAN', cursor, 'COUNT', '1000']);
        if (r.t !== 'array' || r.v.length < 2) break;
        const [next, names] = r.v;
        cursor = next?.t === 'bulk' ? next.v : '0';
        if (names?.t !== 'array') break;
        for (const n of names.v) {
          if (n.t !== 'bulk') continue;
          const key = n.v;
          const type = await run(['TYPE', key]);
          const t = type.t === 'simple' ? type.v : 'none';
          const read = readCommand(t, key);
          if (read === undefined) continue;
          const value = await run(read);
          const pttl = await run(['PTTL', key]);
          keys.push({ key, type: t, value, pttl: pttl.t === 'int' ? Number(pttl.v) : -1 });
        }
      } while (cursor !== '0');
    }
    return exportText(dbs);
  } finally {
    // Stays marked: its change events are applied after this returns.
    void client.call('close', { client: id }).catch(() => undefined);
  }
}

/** Offers a file for download (text, or bytes). */
export function download(name: string, data: string | Uint8Array<ArrayBuffer>, type = 'text/plain'): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Where a "Download your keys" button stands, and the function that starts the download. */
export function useKeyspaceDownload(client: EngineClient): ['idle' | 'busy' | 'done' | 'failed', () => void] {
  const [exporting, setExporting] = useState<'idle' | 'busy' | 'done' | 'failed'>('idle');
  const save = () => {
    setExporting('busy');
    exportKeyspace(client).then(
      (text) => {
        download('keyspace.redis', text);
        setExporting('done');
      },
      () => setExporting('failed'),
    );
  };
  return [exporting, save];
}
