/**
 * SHA-1 of a byte string as 40 lower-case hex digits: the name of a script
 * in the script cache (EVALSHA, SCRIPT LOAD). Synchronous and free of Node
 * and Web Crypto, so the engine computes it the same way everywhere.
 */
/**
 * The message padded as SHA-1 and SHA-256 pad it (a 1 bit, zeros, the bit
 * length in 64 bits), as big-endian 32-bit words: whole 512-bit blocks.
 */
export function paddedWords(bin: string): Uint32Array {
  const len = bin.length;
  const words = new Uint32Array((((len + 8) >> 6) + 1) << 4);
  for (let i = 0; i < len; i++) words[i >> 2]! |= (bin.charCodeAt(i) & 0xff) << (24 - (i & 3) * 8);
  words[len >> 2]! |= 0x80 << (24 - (len & 3) * 8);
  const bits = len * 8;
  words[words.length - 2] = Math.floor(bits / 0x100000000);
  words[words.length - 1] = bits >>> 0;
  return words;
}

export function sha1hex(bin: string): string {
  const words = paddedWords(bin);
  // The hash state H0..H4 (a Uint32Array adds modulo 2^32).
  const h = Uint32Array.of(0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0);
  const w = new Uint32Array(80);
  for (let off = 0; off < words.length; off += 16) {
    for (let i = 0; i < 16; i++) w[i] = words[off + i]!;
    for (let i = 16; i < 80; i++) {
      const v = w[i - 3]! ^ w[i - 8]! ^ w[i - 14]! ^ w[i - 16]!;
      w[i] = (v << 1) | (v >>> 31);
    }
    let a = h[0]!, b = h[1]!, c = h[2]!, d = h[3]!, e = h[4]!;
    for (let i = 0; i < 80; i++) {
      let f: number;
      let k: number;
      if (i < 20) {
        f = (b & c) | (~b & d);
        k = 0x5a827999;
      } else if (i < 40) {
        f = b ^ c ^ d;
        k = 0x6ed9eba1;
      } else if (i < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8f1bbcdc;
      } else {
        f = b ^ c ^ d;
        k = 0xca62c1d6;
      }
      const t = (((a << 5) | (a >>> 27)) + f + e + k + w[i]!) >>> 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    [a, b, c, d, e].forEach((v, i) => (h[i] = h[i]! + v));
  }
  return Array.from(h, (v) => v.toString(16).padStart(8, '0')).join('');
}
