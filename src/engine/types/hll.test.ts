import { describe, expect, it } from 'vitest';
import { murmurHash64A, registerOf, registerOfHash } from './hll';

/** MurmurHash64A with BigInt, step by step as the algorithm is described: the reference. */
function reference(s: string): bigint {
  const MASK = (1n << 64n) - 1n;
  const m = 0xc6a4a7935bd1e995n;
  let h = (0xadc83b19n ^ (BigInt(s.length) * m)) & MASK;
  const whole = s.length - (s.length & 7);
  for (let i = 0; i < whole; i += 8) {
    let k = 0n;
    for (let j = 7; j >= 0; j--) k = (k << 8n) | BigInt(s.charCodeAt(i + j));
    k = (k * m) & MASK;
    k ^= k >> 47n;
    k = (k * m) & MASK;
    h ^= k;
    h = (h * m) & MASK;
  }
  if ((s.length & 7) !== 0) {
    for (let j = 0; j < (s.length & 7); j++) h ^= BigInt(s.charCodeAt(whole + j)) << BigInt(8 * j);
    h = (h * m) & MASK;
  }
  h ^= h >> 47n;
  h = (h * m) & MASK;
  h ^= h >> 47n;
  return h;
}

describe('MurmurHash64A in 32-bit halves', () => {
  it('equals the 64-bit reference on byte strings of every length and byte value', () => {
    let seed = 12345;
    const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    const samples = ['', 'a', 'alice', 'element:__rand_int__', '\xff'.repeat(17), '\x00'.repeat(9)];
    for (let k = 0; k < 3000; k++) samples.push(Array.from({ length: rnd(41) }, () => String.fromCharCode(rnd(256))).join(''));
    for (const s of samples) {
      const [hi, lo] = murmurHash64A(s);
      expect((BigInt(hi) << 32n) | BigInt(lo), JSON.stringify(s)).toBe(reference(s));
    }
  });

  it('picks the register from the low 14 bits and counts the zeros above them', () => {
    for (const s of ['a', 'b', 'hello', 'user:1', 'x'.repeat(100)]) {
      const h = reference(s);
      const rest = (h >> 14n) | (1n << 50n);
      let count = 1;
      while (((rest >> BigInt(count - 1)) & 1n) === 0n) count++;
      expect(registerOf(s)).toEqual({ index: Number(h & 0x3fffn), count });
    }
    // Long runs of zeros: into the high half, and all the way to the forced bit 50.
    const split = (h: bigint) => registerOfHash(Number(h >> 32n), Number(h & 0xffffffffn));
    expect(split(1n << 14n)).toEqual({ index: 0, count: 1 });
    expect(split((1n << 45n) | 5n)).toEqual({ index: 5, count: 32 });
    expect(split(1n << 46n)).toEqual({ index: 0, count: 33 });
    expect(split(1n << 63n)).toEqual({ index: 0, count: 50 });
    expect(split(0n)).toEqual({ index: 0, count: 51 });
    expect(split(0x3fffn)).toEqual({ index: 16383, count: 51 });
  });
});
