/**
 * What the last command did, in the views' terms: which keys it read,
 * wrote, created, deleted or saw expire (each drawn distinctly), which key
 * the value view should follow, and a sentence for screen readers.
 */
import type { ChangeEvent } from '../../protocol/messages';
import { display } from './text';

export type Touch = 'read' | 'written' | 'created' | 'deleted' | 'expired' | 'evicted';

/** Strongest first: a key both written and expired shows as expired; an evicted key was deleted by maxmemory. */
const RANK: Record<Touch, number> = { evicted: 6, expired: 5, deleted: 4, created: 3, written: 2, read: 1 };

/** Every key the event touched in database `db`, with what happened to it. */
export function touchesOf(e: ChangeEvent, db: number): Map<string, Touch> {
  const out = new Map<string, Touch>();
  const put = (k: string, t: Touch) => {
    const cur = out.get(k);
    if (cur === undefined || RANK[t] > RANK[cur]) out.set(k, t);
  };
  if (e.db === db) for (const k of e.reads) put(k, 'read');
  const created = new Set(e.created ?? []);
  const expired = new Set(e.expired.filter((x) => x.db === db).map((x) => x.key));
  const evicted = new Set((e.evicted ?? []).filter((x) => x.db === db).map((x) => x.key));
  for (const m of e.keys) {
    if (m.db !== db) continue;
    if (expired.has(m.key)) put(m.key, 'expired');
    else if (m.type === null) put(m.key, evicted.has(m.key) ? 'evicted' : 'deleted');
    else put(m.key, created.has(m.key) ? 'created' : 'written');
  }
  for (const k of expired) put(k, 'expired');
  for (const k of evicted) put(k, 'evicted');
  return out;
}

/**
 * The key the value view should show after this command: the first key it
 * wrote (or created), else the first it read; undefined for a command that
 * touched no key (or only deleted ones) in `db`.
 */
export function focusKey(e: ChangeEvent, db: number): string | undefined {
  if (e.error || e.command === '') return undefined;
  const written = e.keys.find((m) => m.db === db && m.type !== null);
  if (written) return written.key;
  if (e.db === db && e.reads.length > 0) return e.reads[0];
  return undefined;
}

/** The database a command switched its client to (SELECT, RESET), if any. */
export function selectedDb(e: ChangeEvent): number | undefined {
  if (e.error || e.dbAfter < 0 || e.dbAfter === e.db) return undefined;
  return e.dbAfter;
}

const q = (k: string) => display(k, 60);

function list(keys: readonly string[], max = 3): string {
  const shown = keys.slice(0, max).map(q);
  if (keys.length > max) shown.push(`${keys.length - max} more`);
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

const noun = (type: string | null) => (type === 'zset' ? 'sorted set' : (type ?? 'key'));

function sizeWords(type: string | null, size: number): string {
  if (type === 'string') return `${size} ${size === 1 ? 'byte' : 'bytes'}`;
  if (type === 'hash') return `${size} ${size === 1 ? 'field' : 'fields'}`;
  if (type === 'set' || type === 'zset') return `${size} ${size === 1 ? 'member' : 'members'}`;
  if (type === 'stream') return `${size} ${size === 1 ? 'entry' : 'entries'}`;
  return `${size} ${size === 1 ? 'element' : 'elements'}`;
}

/** One sentence for the aria-live region about what the command did to `db`. */
export function narrate(e: ChangeEvent, db: number): string {
  const t = touchesOf(e, db);
  const by = (kind: Touch) => [...t].filter(([, v]) => v === kind).map(([k]) => k);
  const expired = by('expired');
  const cmd = e.command === '' ? '' : e.command.toUpperCase().replace('|', ' ');
  if (e.command === '') return expired.length > 0 ? `${list(expired)} ${expired.length === 1 ? 'expired' : 'expired'}.` : '';
  if (e.error) return '';
  const parts: string[] = [];
  const meta = new Map(e.keys.map((m) => [m.key, m]));
  const created = by('created');
  for (const k of created.slice(0, 3)) {
    const m = meta.get(k)!;
    parts.push(`created ${noun(m.type)} ${q(k)} (${sizeWords(m.type, m.size)})`);
  }
  if (created.length > 3) parts.push(`created ${created.length - 3} more keys`);
  const written = by('written');
  for (const k of written.slice(0, 3)) {
    const m = meta.get(k)!;
    parts.push(`${q(k)} now holds ${sizeWords(m.type, m.size)}`);
  }
  if (written.length > 3) parts.push(`changed ${written.length - 3} more keys`);
  const deleted = by('deleted');
  if (deleted.length > 0) parts.push(`deleted ${list(deleted)}`);
  if (expired.length > 0) parts.push(`${list(expired)} expired`);
  const evicted = by('evicted');
  if (evicted.length > 0) parts.push(`maxmemory evicted ${list(evicted)}${e.memory !== undefined ? ` (${e.memory.policy})` : ''}`);
  if (e.truncated) parts.push(`and ${e.truncated.toLocaleString('en-US')} more keys changed`);
  if (parts.length === 0) {
    const read = by('read');
    if (read.length > 0) parts.push(`read ${list(read)}`);
  }
  if (parts.length === 0) return '';
  return `${cmd}: ${parts.join('; ')}.`;
}
