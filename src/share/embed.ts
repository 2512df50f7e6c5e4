/**
 * The embedded terminal's mode, read from the address: `?embed=terminal` (or
 * `?embed=1`) shows a terminal only, for an iframe in a course page. Its keys
 * live in a workspace of their own, `embed`, never the learner's; with a
 * share link's fragment (`?embed=terminal#share=...`) it starts from that
 * link's keys, in a workspace of that link's (`embed:<id>`), so two course
 * pages with different examples keep their keys apart too.
 *
 * Kept tiny and dependency-free: the page's entry reads it before anything loads.
 */

export interface EmbedMode {
  /** The engine workspace the embedded terminal works in. */
  readonly workspace: string;
  /** The share link's data the keys start from, if any. */
  readonly preset?: string;
}

/** A short hash of a link's data (FNV-1a) and its length: which link a workspace was built from. */
export function linkId(data: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < data.length; i++) {
    h ^= data.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `${h.toString(36)}.${data.length}`;
}

/** The embed mode of an address (its `search` and `hash`), or undefined for the full playground. */
export function embedMode(search: string, hash: string): EmbedMode | undefined {
  const v = new URLSearchParams(search).get('embed');
  if (v === null || !['terminal', '1', 'true', ''].includes(v)) return undefined;
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  const preset = h.startsWith('share=') ? h.slice('share='.length) : undefined;
  return preset ? { workspace: `embed:${linkId(preset)}`, preset } : { workspace: 'embed' };
}
