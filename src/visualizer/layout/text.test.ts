import { describe, expect, it } from 'vitest';
import { bytesToText, display, hllSummary, isIntegerString, jsonTokens, textToBytes } from './text';
import { engineTime, formatTtl, ringFraction } from './clock';
import { encodingNote, isGrowth } from './encoding';

describe('text', () => {
  it('decodes engine byte strings and round-trips', () => {
    expect(bytesToText('\xf0\x9f\x98\x80')).toBe('😀');
    expect(textToBytes('😀')).toBe('\xf0\x9f\x98\x80');
    expect(display('a\nb\x01')).toBe('a\\nb\\x01');
    expect(display('abcdef', 4)).toBe('abc…');
  });
  it('recognises counters and JSON', () => {
    expect(isIntegerString('-12')).toBe(true);
    expect(isIntegerString('012')).toBe(false);
    const t = jsonTokens('{"a":[1,"x"]}')!;
    expect(t.map((x) => x.v).join('')).toBe('{\n  "a": [\n    1,\n    "x"\n  ]\n}');
    expect(t.find((x) => x.t === 'key')!.v).toBe('"a"');
    expect(jsonTokens('hello')).toBeUndefined();
    expect(jsonTokens('{broken')).toBeUndefined();
  });
});

describe('clock', () => {
  it('extrapolates the engine clock at its speed and stops when paused', () => {
    const s = { now: 1000, paused: false, speed: 10, at: 50 };
    expect(engineTime(s, 150)).toBe(2000);
    expect(engineTime({ ...s, paused: true }, 150)).toBe(1000);
  });
  it('formats TTLs and fills rings', () => {
    expect(formatTtl(59_001)).toBe('1m 00s');
    expect(formatTtl(5_000)).toBe('5s');
    expect(formatTtl(3_600_000)).toBe('1h 00m');
    expect(ringFraction(5, 10)).toBe(0.5);
    expect(ringFraction(20, 10)).toBe(1);
  });
});

describe('encodings', () => {
  it('explains conversions', () => {
    expect(encodingNote('hash', 'listpack', 'hashtable')).toMatch(/128 fields/);
    expect(isGrowth('listpack', 'hashtable')).toBe(true);
    expect(isGrowth('hashtable', 'listpack')).toBe(false);
  });
});

describe('hllSummary', () => {
  const header = (enc: number, card: number[]) => 'HYLL' + String.fromCharCode(enc, 0, 0, 0, ...card);
  it('reads the encoding and the cached count from the header', () => {
    expect(hllSummary(header(1, [0, 0, 0, 0, 0, 0, 0, 0]) + '\x7f\xff')).toEqual({ encoding: 'sparse', cached: 0 });
    expect(hllSummary(header(0, [0x39, 0x30, 0, 0, 0, 0, 0, 0]) + 'x')).toEqual({ encoding: 'dense', cached: 12345 });
    expect(hllSummary(header(1, [5, 0, 0, 0, 0, 0, 0, 0x80]))).toEqual({ encoding: 'sparse', cached: undefined });
  });
  it('is undefined for other strings', () => {
    expect(hllSummary('HYLL')).toBeUndefined();
    expect(hllSummary(header(2, [0, 0, 0, 0, 0, 0, 0, 0]))).toBeUndefined();
    expect(hllSummary('hello world, a long string')).toBeUndefined();
  });
});
