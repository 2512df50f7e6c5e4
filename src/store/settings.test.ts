import { describe, expect, it } from 'vitest';
import { clockText, validClock } from './clock';
import { parseProgress } from './lessons';
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
      followDemo: false,
    });
  });

  it('keeps "Follow demo clients" (off unless saved on)', () => {
    expect(DEFAULT_SETTINGS.followDemo).toBe(false);
    expect(sanitizeSettings({ followDemo: true }).followDemo).toBe(true);
    expect(sanitizeSettings({ followDemo: 'yes' }).followDemo).toBe(false);
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

describe('saved lesson progress', () => {
  it('drops a current section that is not a number, keeps the rest', () => {
    const p = parseProgress({ version: 1, completed: { a: ['s1', 3] }, current: { lesson: 'a', section: Number.NaN } });
    expect(p).toEqual({ version: 1, completed: { a: ['s1'] } });
  });
});

describe('the saved step journal', () => {
  it('keeps valid entries and drops malformed ones', async () => {
    const { parseSavedStep } = await import('./lessons');
    const good = { seq: 3, client: 1, argv: ['SET', 'k', 'v', 'NX'], reply: { t: 'simple', v: 'OK' }, time: 1 };
    const saved = parseSavedStep({
      lesson: 'strings',
      section: 1,
      log: [good, { ...good, argv: 'SET' }, { ...good, reply: { t: 'bogus' } }, { ...good, reply: { t: 'array', v: [{ t: 'int', v: '12' }] } }, null],
      start: [['SET', 'a', '1']],
    });
    expect(saved?.log).toHaveLength(2);
    expect(saved?.start).toEqual([['SET', 'a', '1']]);
    expect(parseSavedStep({ lesson: 'strings', section: Number.NaN, log: [] })).toBeUndefined();
    expect(parseSavedStep({ lesson: 'strings', section: 1, log: [], start: [[1]] })?.start).toBeNull();
    expect(parseSavedStep('x')).toBeUndefined();
  });
});
