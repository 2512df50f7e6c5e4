/**
 * Redis strings are binary safe. The engine keeps them as "byte strings":
 * JavaScript strings whose code units are all in 0..255, one per byte. They
 * are compact in V8 (one-byte strings), fast as Map keys, and STRLEN is just
 * `.length`. Text typed by a person is UTF-8 encoded on the way in.
 */
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

/** True when every code unit is ASCII (then text and byte string are the same). */
function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Unicode text -> byte string (UTF-8). */
export function fromText(text: string): string {
  // Fast path: pure ASCII needs no work.
  return isAscii(text) ? text : fromBytes(encoder.encode(text));
}

/** Byte string -> Unicode text (UTF-8, invalid sequences become U+FFFD). */
export function toText(bin: string): string {
  return isAscii(bin) ? bin : decoder.decode(toBytes(bin));
}

export function fromBytes(bytes: Uint8Array): string {
  let out = '';
  // `apply` with a typed array skips the argument list spreading builds
  // (about 7 times faster on 12 KB); chunks keep the argument count small.
  const CHUNK = 0x400;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[]);
  }
  return out;
}

export function toBytes(bin: string): Uint8Array {
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i) & 0xff;
  return out;
}

/** What C sees of an argument: the text up to the first NUL byte. */
export function cString(s: string): string {
  const z = s.indexOf('\0');
  return z < 0 ? s : s.slice(0, z);
}
