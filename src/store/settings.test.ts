import { describe, expect, it } from 'vitest';
import { clockText, validClock } from './clock';
import { DEFAULT_SETTINGS, sanitizeSettings } from './settings';

describe('settings read back from storage', () => {
  it('keeps valid fields', () => {
    expect(sanitizeSettings({ fontSize: 20, purist: true, python: true, screenReader: true, split: false })).toEqual({
      fontSize: 20,
      purist: true,
      python: true,
      screenReader: true,
      split: false,
      layout: 'all',
      lessonWidth: 360,
      terminalShare: 0.58,
    });
  });

  it('keeps panel sizes in range and a known layout', () => {
    expect(sanitizeSettings({ layout: 'terminal-keyspace', lessonWidth: 420, terminalShare: 0.5 })).toMatchObject({ layout: 'terminal-keyspace', lessonWidth: 420, terminalShare: 0.5 });
    expect(sanitizeSettings({ lessonWidth: -5000, terminalShare: 7 })).toMatchObject({ lessonWidth: 260, terminalShare: 0.8 });
    expect(sanitizeSettings({ layout: 'everything', lessonWidth: 'wide', terminalShare: Number.NaN })).toMatchObject({ layout: 'all', lessonWidth: 360, terminalShare: 0.58 });
  });

  it('falls back to the default for each broken field only', () => {
    expect(sanitizeSettings({ fontSize: 1e9, purist: true })).toEqual({ ...DEFAULT_SETTINGS, purist: true });
    expect(sanitizeSettings({ fontSize: Number.NaN, split: false }).fontSize).toBe(15);
    expect(sanitizeSettings({ fontSize: '20', python: 'yes' })).toEqual(DEFAULT_SETTINGS);
    expect(sanitizeSettings({ fontSize: -3 }).fontSize).toBe(15);
    expect(sanitizeSettings({ fontSize: Infinity }).fontSize).toBe(15);
    expect(sanitizeSettings({ fontSize: 13.6 }).fontSize).toBe(14);
  });

  it('reads anything that is not an object as the defaults', () => {
    for (const v of [null, undefined, 42, 'x', [], [1, 2]]) expect(sanitizeSettings(v)).toEqual(DEFAULT_SETTINGS);
  });
});

describe('the header clock', () => {
  it('accepts only clocks it can show', () => {
    expect(validClock({ now: Date.now(), paused: false, speed: 10 })).toBe(true);
    expect(validClock({ now: Number.NaN, paused: false, speed: 1 })).toBe(false);
    expect(validClock({ now: 1e300, paused: false, speed: 1 })).toBe(false);
    expect(validClock({ now: Date.now(), paused: false, speed: Number.NaN })).toBe(false);
    expect(validClock({ now: Date.now(), paused: false, speed: 0 })).toBe(false);
    expect(validClock({ now: Date.now(), paused: 'no', speed: 1 })).toBe(false);
    expect(validClock(null)).toBe(false);
  });

  it('never prints NaN', () => {
    expect(clockText(Number.NaN)).toBe('--:--:--');
    expect(clockText(1e300)).toBe('--:--:--');
    expect(clockText(Date.UTC(2026, 0, 1, 12, 34, 56))).toMatch(/^\d\d:\d\d:\d\d$/);
  });
});
