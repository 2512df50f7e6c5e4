import { describe, expect, it } from 'vitest';
import { parseProgress, parseSavedStep } from './progress';

describe('saved lesson progress', () => {
  it('drops a current section that is not a number, keeps the rest', () => {
    const p = parseProgress({ version: 1, completed: { a: ['s1', 3] }, current: { lesson: 'a', section: Number.NaN } });
    expect(p).toEqual({ version: 1, completed: { a: ['s1'] } });
  });
});

describe('the saved step journal', () => {
  it('keeps valid entries and drops malformed ones', () => {
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
