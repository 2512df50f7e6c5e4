import { describe, expect, it } from 'vitest';
import { buildCatalog } from './catalog';
import { LessonError, parseLesson } from './parse';
import { parseRedisBlock } from './redis-block';

const lesson = (front: string, body: string) => `---\n${front}\n---\n${body}`;
const FRONT = 'id: demo\ntitle: Demo\nsummary: A demo.\ntracks: [self-paced]';

function problems(raw: string): string[] {
  try {
    parseLesson('lessons/demo.md', raw);
  } catch (e) {
    if (e instanceof LessonError) return e.problems.map((p) => `${p.line}: ${p.message}`);
    throw e;
  }
  return [];
}

const STEP = ['```step', 'id: one', 'goal: Set a.', 'checks:', '  - exists: a', 'hints: [Use SET.]', 'solution: [SET a 1]', 'python: store["a"] = "1"', '```'].join('\n');

describe('parseLesson', () => {
  it('splits the body into sections at ## headings, with runnable blocks, steps, widgets and notes', () => {
    const l = parseLesson(
      'lessons/demo.md',
      lesson(
        FRONT,
        ['Intro text.', '', '## First', '', 'Some *prose*.', '', '```redis', '# comment', '> SET a 1', 'OK', '> GET a', '"1"', '```', '', STEP, '', '## Second', '', '```widget', 'widget: latency-table', '```', '', '```notes', 'Now ask the class: why?', '```', ''].join('\n'),
      ),
    );
    expect(l.sections.map((s) => [s.id, s.title, s.stepId])).toEqual([
      ['introduction', '', undefined],
      ['first', 'First', 'one'],
      ['second', 'Second', undefined],
    ]);
    const first = l.sections[1]!.blocks;
    expect(first.map((b) => b.kind)).toEqual(['html', 'redis', 'step']);
    expect(first[0]).toEqual({ kind: 'html', html: '<p>Some <em>prose</em>.</p>' });
    const redis = first[1]!;
    if (redis.kind !== 'redis') throw new Error('expected a redis block');
    expect(redis.block.lines).toEqual([
      { kind: 'comment', text: 'comment', line: 14 },
      { kind: 'command', text: 'SET a 1', expected: ['OK'], line: 15 },
      { kind: 'command', text: 'GET a', expected: ['"1"'], line: 17 },
    ]);
    expect(l.steps.map((s) => [s.id, s.section])).toEqual([['one', 1]]);
    expect(l.sections[2]!.blocks.map((b) => b.kind)).toEqual(['widget', 'notes']);
  });

  it('points at the file line of a schema problem in the front matter', () => {
    expect(problems(lesson('id: Demo Lesson\ntitle: Demo\nsummary: x\ntracks: [self-paced, video]', '## A\n\n' + STEP))).toEqual([
      '2: id: use lower-case words joined by dashes, e.g. "speed-problem"',
      expect.stringMatching(/^5: tracks\.1: Invalid option/),
    ]);
  });

  it('points at the line of a misspelt check inside a step block', () => {
    const bad = STEP.replace('  - exists: a', '  - exsits: a');
    const found = problems(lesson(FRONT, `## A\n\n${bad}`));
    expect(found).toContainEqual(expect.stringMatching(/^13: checks\.0: Unrecognized key: "exsits"/));
  });

  it('rejects a check that names two kinds, and a step without hints', () => {
    const bad = STEP.replace('  - exists: a', '  - { exists: a, absent: b }').replace('hints: [Use SET.]', 'hints: []');
    const found = problems(lesson(FRONT, `## A\n\n${bad}`));
    expect(found).toContainEqual(expect.stringMatching(/checks\.0: a check names exactly one kind, found exists and absent/));
    expect(found).toContainEqual(expect.stringMatching(/hints: give at least one hint/));
  });

  it('reports YAML syntax errors at their line', () => {
    const bad = STEP.replace('goal: Set a.', 'goal: Set a: now.');
    expect(problems(lesson(FRONT, `## A\n\n${bad}`))[0]).toMatch(/^11: YAML: /);
  });

  it('requires front matter, a step in self-paced lessons, and one step per section', () => {
    expect(problems('# no front matter')).toEqual(['1: a lesson starts with YAML front matter between two "---" lines']);
    expect(problems(lesson(FRONT, '## A\n\nText only.'))).toContainEqual(expect.stringMatching(/needs at least one step/));
    const two = `## A\n\n${STEP}\n\n${STEP.replace('id: one', 'id: two')}`;
    expect(problems(lesson(FRONT, two))).toContainEqual(expect.stringMatching(/at most one step/));
  });

  it('catalog orders lessons by path, skips READMEs and reports duplicate ids', () => {
    const body = `## A\n\n${STEP}`;
    const c = buildCatalog({
      '../../lessons/02-b/01-x.md': lesson(FRONT.replace('demo', 'x'), body),
      '../../lessons/01-a/02-y.md': lesson(FRONT.replace('demo', 'y'), body),
      '../../lessons/01-a/01-z.md': lesson(FRONT.replace('demo', 'x'), body),
      '../../lessons/README.md': 'not a lesson',
    });
    expect(c.lessons.map((l) => [l.id, l.file])).toEqual([
      ['x', 'lessons/01-a/01-z.md'],
      ['y', 'lessons/01-a/02-y.md'],
    ]);
    expect(c.problems).toEqual([{ file: 'lessons/02-b/01-x.md', line: 2, message: 'lesson id "x" is already used by lessons/01-a/01-z.md' }]);
  });
});

describe('parseRedisBlock', () => {
  it('reads flags, commands with expected output and comments', () => {
    const { block, problems: p } = parseRedisBlock('> SMEMBERS s\n1) "a"\n2) "b"\n\n> DEL s', 'redis unordered fresh', 10);
    expect(p).toEqual([]);
    expect([...block.flags].sort()).toEqual(['fresh', 'unordered']);
    expect(block.lines).toEqual([
      { kind: 'command', text: 'SMEMBERS s', expected: ['1) "a"', '2) "b"'], line: 11 },
      { kind: 'command', text: 'DEL s', expected: null, line: 15 },
    ]);
  });

  it('rejects output before any command and unknown flags', () => {
    const { problems: p } = parseRedisBlock('OK\n> PING', 'redis loud', 3);
    expect(p).toEqual([
      { line: 3, message: 'unknown redis block flag "loud" (known: norun, fresh, unordered)' },
      { line: 4, message: 'output "OK" comes before any command; start command lines with "> "' },
    ]);
  });
});
