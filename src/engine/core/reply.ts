/**
 * Replies are values, never text. `src/cli` turns them into what redis-cli
 * prints; `server/` turns them into RESP bytes.
 *
 * Strings in the engine are *byte strings*: every UTF-16 code unit holds one
 * byte (0..255). See `bytes.ts`.
 */
export type Reply =
  | { readonly t: 'simple'; readonly v: string }
  | { readonly t: 'error'; readonly v: string }
  | { readonly t: 'int'; readonly v: number | bigint }
  | { readonly t: 'bulk'; readonly v: string }
  | { readonly t: 'nil' }
  /** A RESP2 null array (`*-1`): BLPOP timing out, EXEC aborted by WATCH. */
  | { readonly t: 'nilarray' }
  | { readonly t: 'array'; readonly v: readonly Reply[] }
  /** `text`: what Redis sends when it is not `%.17g` (GEOPOS's coordinates, ld2string's human form). */
  | { readonly t: 'double'; readonly v: number; readonly text?: string }
  | { readonly t: 'bool'; readonly v: boolean }
  | { readonly t: 'map'; readonly v: readonly (readonly [Reply, Reply])[] }
  | { readonly t: 'set'; readonly v: readonly Reply[] }
  | { readonly t: 'verbatim'; readonly format: string; readonly v: string }
  | { readonly t: 'bignum'; readonly v: string }
  | { readonly t: 'push'; readonly v: readonly Reply[] };

export const OK: Reply = Object.freeze({ t: 'simple', v: 'OK' });
export const QUEUED: Reply = Object.freeze({ t: 'simple', v: 'QUEUED' });
export const PONG: Reply = Object.freeze({ t: 'simple', v: 'PONG' });
export const NIL: Reply = Object.freeze({ t: 'nil' });
export const NIL_ARRAY: Reply = Object.freeze({ t: 'nilarray' });
export const EMPTY_ARRAY: Reply = Object.freeze({ t: 'array', v: Object.freeze([]) });
export const ZERO: Reply = Object.freeze({ t: 'int', v: 0 });
export const ONE: Reply = Object.freeze({ t: 'int', v: 1 });

export const simple = (v: string): Reply => ({ t: 'simple', v });
export const err = (v: string): Reply => ({ t: 'error', v });
export const int = (v: number | bigint): Reply => (v === 0 ? ZERO : v === 1 ? ONE : { t: 'int', v });
export const bulk = (v: string): Reply => ({ t: 'bulk', v });
export const bulkOrNil = (v: string | undefined | null): Reply => (v == null ? NIL : { t: 'bulk', v });
export const array = (v: readonly Reply[]): Reply => ({ t: 'array', v });
/** An array of bulk strings (an indexed loop for arrays: LRANGE and friends are hot paths). */
export function bulks(v: Iterable<string>): Reply {
  if (!Array.isArray(v)) return { t: 'array', v: Array.from(v, bulk) };
  return { t: 'array', v: bulkItems(v as readonly string[]) };
}

function bulkItems(items: readonly string[]): Reply[] {
  const out = new Array<Reply>(items.length);
  for (let i = 0; i < items.length; i++) out[i] = { t: 'bulk', v: items[i]! };
  return out;
}

/**
 * An array reply of bulk strings that keeps the strings as they are: a
 * RESP encoder writes them without a reply object made for each (for
 * LRANGE_100, a hundred objects per reply). Reading `v` makes the usual
 * elements once, so any other consumer sees an ordinary array reply; but
 * it is a class instance (structured clones and deep equality see
 * `strings`), so it is only produced for clients whose replies go straight
 * to an encoder (`ClientState.packedReplies`; see `bulksFor`).
 */
export class BulkArray {
  readonly t = 'array' as const;
  private items: readonly Reply[] | undefined = undefined;
  constructor(readonly strings: readonly string[]) {}
  get v(): readonly Reply[] {
    return (this.items ??= bulkItems(this.strings));
  }
}

/** `bulks` of an array, packed (a `BulkArray`) when `packed` (the client's `packedReplies`). */
export function bulksFor(packed: boolean | undefined, items: readonly string[]): Reply {
  return packed === true ? new BulkArray(items) : { t: 'array', v: bulkItems(items) };
}
export const double = (v: number): Reply => ({ t: 'double', v });
/** An int64 as a reply integer (a bigint only beyond 2^53). */
export const intReply = (v: bigint): Reply => (v >= -9007199254740991n && v <= 9007199254740991n ? int(Number(v)) : int(v));

export const isError = (r: Reply): r is { t: 'error'; v: string } => r.t === 'error';
