/**
 * Every lesson is valid, solvable with its own solution, not already solved
 * before the learner acts, and every output written in it is what the
 * engine prints.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLua } from '../../src/engine/core/scripting';
import { catalog } from '../../src/curriculum/catalog';
import { blockCommands } from '../../src/curriculum/redis-block';
import { LessonRunner, describeFailures } from './harness';

const { lessons, problems } = catalog();

// Lessons that run scripts need the Lua VM, as the worker loads it before a script's first run.
beforeAll(() => loadLua());

describe('the lesson files', () => {
  it('all parse and validate', () => {
    expect(problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([]);
    expect(lessons.length).toBeGreaterThanOrEqual(6);
  });

  it('have unique ids and follow the lecture order in the lecture track', () => {
    const ids = lessons.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    const parts = lessons.filter((l) => l.tracks.includes('lecture')).map((l) => l.part ?? 0);
    expect(parts).toEqual([...parts].sort((a, b) => a - b));
  });
});

for (const lesson of lessons) {
  describe(`lesson ${lesson.id} (${lesson.file})`, () => {
    it('no goal passes on the untouched setup', () => {
      const r = new LessonRunner(lesson);
      for (const step of lesson.steps) {
        expect(r.passes(step), `step "${step.id}" already passes on the lesson's setup`).toBe(false);
      }
    });

    it('is solved by its solutions, step by step, and no step is done before the learner acts', () => {
      const r = new LessonRunner(lesson);
      for (const step of lesson.steps) {
        r.beginStep();
        expect(r.passes(step), `step "${step.id}" passes before its solution ran`).toBe(false);
        const outputs = step.solution.map((line) => `${line} -> ${r.type(line)}`);
        const results = r.check(step);
        expect(results.every((x) => x.pass), `step "${step.id}" fails after its solution:\n${describeFailures(results)}\n${outputs.join('\n')}`).toBe(true);
      }
    });

    it('prints what the lesson says it prints', () => {
      const r = new LessonRunner(lesson);
      const mismatches: string[] = [];
      for (const section of lesson.sections) {
        for (const b of section.blocks) {
          if (b.kind !== 'redis' || b.block.flags.has('norun')) continue;
          if (b.block.flags.has('fresh')) r.reset();
          for (const l of b.block.lines) {
            if (l.kind !== 'command') continue;
            const out = r.type(l.text);
            if (l.expected === null) continue;
            const want = l.expected.join('\n');
            const same = b.block.flags.has('unordered') ? sortLines(out) === sortLines(want) : out === want;
            if (!same) mismatches.push(`${lesson.file}:${l.line}: ${l.text}\n  lesson says:\n${indent(want)}\n  engine prints:\n${indent(out)}`);
          }
        }
      }
      expect(mismatches.join('\n\n')).toBe('');
      expect(lesson.sections.flatMap((s) => s.blocks).filter((b) => b.kind === 'redis').flatMap((b) => (b.kind === 'redis' ? blockCommands(b.block) : [])).length).toBeGreaterThan(0);
    });

    if (lesson.reference) {
      it('every quick-reference line runs without an unknown-command or syntax error', () => {
        const r = new LessonRunner(lesson);
        const bad: string[] = [];
        for (const g of lesson.reference!) {
          for (const item of g.items) {
            const out = r.type(item.command);
            if (/^\(error\) ERR (unknown command|syntax error|wrong number)/.test(out)) bad.push(`${item.command} -> ${out}`);
          }
        }
        expect(bad).toEqual([]);
      });
    }
  });
}

function sortLines(s: string): string {
  return s
    .split('\n')
    .map((l) => l.replace(/^\d+\) /, ''))
    .sort()
    .join('\n');
}

function indent(s: string): string {
  return s
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}
