/**
 * Share links: a prepared keyspace (and optionally a lesson step) carried in
 * the address's fragment, `#share=<data>`, so it never reaches a server.
 *
 * The data is JSON `{ v: 1, keys, lesson?, step? }` where `keys` is the
 * keyspace as redis-cli input (src/cli/export.ts: SELECT, then SET, HSET,
 * RPUSH, SADD, ZADD, XADD and PEXPIRE lines), compressed with raw DEFLATE
 * (CompressionStream) and written in base64url.
 *
 * Reading a link trusts nothing: its length, the size it inflates to, the
 * JSON's shape, every line's quoting and every command are checked, and a
 * link that fails any check is refused with a sentence saying why. Only the
 * commands an export writes are accepted, with their arguments' shapes, so a
 * link can build keys and nothing else (no FLUSHALL, CONFIG, scripts).
 *
 * Pure: no DOM, no engine; CompressionStream is in browsers and Node.
 */
import { splitArgs } from '../cli/split';
import { quoteBytes } from '../cli/format';

/** At most this many keys in a shared keyspace. */
export const SHARE_MAX_KEYS = 1000;
/** A link's fragment is at most this long (characters): longer links break in mail and chat. */
export const SHARE_MAX_LINK = 32_000;
/** What a link may inflate to (bytes): more is refused, so a small link cannot expand into gigabytes. */
export const SHARE_MAX_TEXT = 1_000_000;
/** Lines (commands) a link may hold. */
export const SHARE_MAX_LINES = 20_000;

/** The fragment's parameter name. */
export const SHARE_PARAM = 'share';

export interface SharePayload {
  /** redis-cli input that rebuilds the keyspace. */
  readonly keys: string;
  /** A lesson to open, and its step (section id). */
  readonly lesson?: string;
  readonly step?: string;
}

/** One key a link builds, for "what will be loaded". */
export interface SharedKey {
  readonly db: number;
  /** Shown as redis-cli quotes it. */
  readonly name: string;
  readonly type: 'string' | 'hash' | 'list' | 'set' | 'zset' | 'stream';
}

/** A decoded, checked link. */
export interface SharedState {
  readonly payload: SharePayload;
  /** The commands that build it (byte strings, as the terminal splits them). */
  readonly argv: readonly (readonly string[])[];
  /** Every key, in the order the link builds them. */
  readonly keys: readonly SharedKey[];
}

export class ShareError extends Error {}

const TYPE_OF: Record<string, SharedKey['type']> = { SET: 'string', HSET: 'hash', RPUSH: 'list', SADD: 'set', ZADD: 'zset', XADD: 'stream' };

const INTEGER = /^(0|[1-9][0-9]{0,15})$/;
const SCORE = /^([+-]?inf|[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?)$/i;
const STREAM_ID = /^[0-9]{1,20}-[0-9]{1,20}$/;

/** Why a command may not be in a link (undefined: it may). The export's commands, with their shapes, only. */
function refuse(argv: readonly string[]): string | undefined {
  const name = (argv[0] ?? '').toUpperCase();
  const n = argv.length;
  switch (name) {
    case 'SELECT':
      return n === 2 && INTEGER.test(argv[1]!) && Number(argv[1]) < 16 ? undefined : 'SELECT needs a database from 0 to 15';
    case 'SET':
      return n === 3 ? undefined : 'SET takes a key and a value only';
    case 'HSET':
      return n >= 4 && n % 2 === 0 ? undefined : 'HSET needs field and value pairs';
    case 'RPUSH':
    case 'SADD':
      return n >= 3 ? undefined : `${name} needs at least one element`;
    case 'ZADD':
      if (n < 4 || n % 2 !== 0) return 'ZADD needs score and member pairs';
      for (let i = 2; i < n; i += 2) if (!SCORE.test(argv[i]!)) return `ZADD's score ${quoteBytes(argv[i]!)} is not a number`;
      return undefined;
    case 'XADD':
      return n >= 5 && n % 2 === 1 && STREAM_ID.test(argv[2]!) ? undefined : 'XADD needs an entry id and field and value pairs';
    case 'PEXPIRE':
      return n === 3 && INTEGER.test(argv[2]!) ? undefined : 'PEXPIRE needs a key and milliseconds';
    default:
      return `${quoteBytes(argv[0] ?? '')} is not a command a share link may run (only SELECT, SET, HSET, RPUSH, SADD, ZADD, XADD and PEXPIRE)`;
  }
}

/** Splits and checks a keyspace's redis-cli text; the keys it builds. */
export function parseKeys(text: string): { argv: string[][]; keys: SharedKey[] } {
  const lines = text.split('\n');
  if (lines.length > SHARE_MAX_LINES + 1) throw new ShareError(`it has more than ${SHARE_MAX_LINES.toLocaleString('en')} commands`);
  const argv: string[][] = [];
  const keys: SharedKey[] = [];
  const seen = new Set<string>();
  let db = 0;
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const a = splitArgs(line);
    if (a === null) throw new ShareError(`line ${i + 1} has unbalanced quotes`);
    const why = refuse(a);
    if (why !== undefined) throw new ShareError(`line ${i + 1}: ${why}`);
    const name = a[0]!.toUpperCase();
    if (name === 'SELECT') db = Number(a[1]);
    const type = TYPE_OF[name];
    if (type !== undefined) {
      const id = `${db}\u0000${a[1]!}`;
      if (!seen.has(id)) {
        seen.add(id);
        keys.push({ db, name: quoteBytes(a[1]!), type });
        if (keys.length > SHARE_MAX_KEYS) throw new ShareError(`it holds more than ${SHARE_MAX_KEYS.toLocaleString('en')} keys`);
      }
    }
    argv.push(a);
  });
  // The keys are built on database 0 of an empty server, whatever database the last line chose.
  if (argv.length > 0 && db !== 0) argv.push(['SELECT', '0']);
  return { argv, keys };
}

// ---- bytes <-> base64url ---------------------------------------------------------

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(s: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) throw new ShareError('it is not in the link format (damaged or cut short?)');
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function deflate(text: string): Promise<Uint8Array> {
  const stream = new Blob([new TextEncoder().encode(text)]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Inflates at most `limit` bytes; more (a "zip bomb") is refused without reading further. */
async function inflate(data: Uint8Array, limit: number): Promise<string> {
  const stream = new Blob([data as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        void reader.cancel().catch(() => {});
        throw new ShareError(`it unpacks to more than ${Math.round(limit / 1000).toLocaleString('en')} KB`);
      }
      parts.push(value);
    }
  } catch (e) {
    if (e instanceof ShareError) throw e;
    throw new ShareError('its data does not unpack (damaged or cut short?)');
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(all);
  } catch {
    throw new ShareError('its data is not text');
  }
}

// ---- links ---------------------------------------------------------------------------

/** The fragment (without `#`) that carries a payload. */
export async function encodeShare(p: SharePayload): Promise<string> {
  const json = JSON.stringify({ v: 1, keys: p.keys, ...(p.lesson ? { lesson: p.lesson } : {}), ...(p.step ? { step: p.step } : {}) });
  return `${SHARE_PARAM}=${toBase64Url(await deflate(json))}`;
}

/** The share data in a fragment (`#share=...`), or undefined when the fragment holds none. */
export function shareData(hash: string): string | undefined {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!h.startsWith(`${SHARE_PARAM}=`)) return undefined;
  return h.slice(SHARE_PARAM.length + 1);
}

const LESSON_ID = /^[a-z0-9][a-z0-9-]{0,79}$/;

/** Reads and checks a link's data; throws ShareError with a sentence's end ("... because <message>"). */
export async function decodeShare(data: string): Promise<SharedState> {
  if (data.length > SHARE_MAX_LINK) throw new ShareError(`it is longer than ${SHARE_MAX_LINK.toLocaleString('en')} characters`);
  if (data.length === 0) throw new ShareError('it is empty');
  const text = await inflate(fromBase64Url(data), SHARE_MAX_TEXT);
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    throw new ShareError('its data is not in the share format');
  }
  const r = o as { v?: unknown; keys?: unknown; lesson?: unknown; step?: unknown } | null;
  if (r === null || typeof r !== 'object' || Array.isArray(r)) throw new ShareError('its data is not in the share format');
  if (r.v !== 1) throw new ShareError('it was made by a newer version of the playground');
  if (typeof r.keys !== 'string') throw new ShareError('it holds no keyspace');
  if (r.lesson !== undefined && (typeof r.lesson !== 'string' || !LESSON_ID.test(r.lesson))) throw new ShareError('its lesson name is not one');
  if (r.step !== undefined && (typeof r.step !== 'string' || !LESSON_ID.test(r.step) || r.lesson === undefined)) throw new ShareError('its lesson step is not one');
  const { argv, keys } = parseKeys(r.keys);
  const payload: SharePayload = { keys: r.keys, ...(typeof r.lesson === 'string' ? { lesson: r.lesson } : {}), ...(typeof r.step === 'string' ? { step: r.step } : {}) };
  return { payload, argv, keys };
}
