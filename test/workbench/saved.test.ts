import { describe, expect, it } from 'vitest';
import { DEFAULTS, keptRun, MAX_KEPT_OUTPUT, MAX_RUNS, readSaved, type SavedRun } from '../../src/workbench/saved';

/** The workbench's saved text and runs read back field by field: nothing malformed reaches the page, nothing valid is dropped. */
describe('readSaved', () => {
  const run = (id: number): SavedRun => ({ id, at: 1_700_000_000_000 + id, kind: 'commands', doc: `SET k ${id}`, results: [{ line: 1, source: `SET k ${id}`, output: 'OK', error: false }] });

  it('gives the defaults when nothing (or nothing readable) is saved', () => {
    expect(readSaved(null)).toEqual(DEFAULTS);
    expect(readSaved('{not json')).toEqual(DEFAULTS);
    expect(readSaved('[1,2]')).toEqual(DEFAULTS);
  });

  it('keeps what is valid and defaults the rest, field by field', () => {
    const saved = readSaved(JSON.stringify({ commands: 'PING', lua: 42, keys: 'a b', args: null, runs: [run(1), { id: 'x' }, run(2)] }));
    expect(saved.commands).toBe('PING');
    expect(saved.lua).toBe(DEFAULTS.lua);
    expect(saved.keys).toBe('a b');
    expect(saved.args).toBe(DEFAULTS.args);
    expect(saved.runs.map((r) => r.id)).toEqual([1, 2]);
    expect(saved.runs[0]).toEqual(run(1));
  });

  it('drops malformed results inside a run and caps the history', () => {
    const bad = { ...run(3), results: [{ line: 1, source: 'GET k', output: '"v"' }, { line: 'x' }, null] };
    expect(readSaved(JSON.stringify({ runs: [bad] })).runs[0]!.results).toEqual([{ line: 1, source: 'GET k', output: '"v"', error: false }]);
    const many = Array.from({ length: MAX_RUNS + 5 }, (_, i) => run(i));
    expect(readSaved(JSON.stringify({ runs: many })).runs).toHaveLength(MAX_RUNS);
  });

  it('a kept run cuts long outputs and says so', () => {
    const long = { ...run(4), results: [{ line: 1, source: 'GET big', output: 'x'.repeat(MAX_KEPT_OUTPUT + 10), error: false }] };
    const out = keptRun(long).results[0]!.output;
    expect(out.startsWith('x'.repeat(MAX_KEPT_OUTPUT))).toBe(true);
    expect(out).toMatch(/10 more characters not kept/);
  });
});
