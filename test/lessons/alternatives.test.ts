/**
 * Goals accept any correct answer, not one spelling: for each step with more
 * than one right way, another right answer passes and a wrong one fails.
 */
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/curriculum/catalog';
import { LessonRunner, describeFailures } from './harness';

const { lessons } = catalog();

/** A runner standing at the start of `stepId`, the earlier steps solved by their own solutions. */
function at(lessonId: string, stepId: string): { r: LessonRunner; step: (typeof lessons)[number]['steps'][number] } {
  const lesson = lessons.find((l) => l.id === lessonId)!;
  expect(lesson, lessonId).toBeDefined();
  const r = new LessonRunner(lesson);
  for (const step of lesson.steps) {
    r.beginStep();
    if (step.id === stepId) return { r, step };
    for (const line of step.solution) r.type(line);
  }
  throw new Error(`no step ${stepId} in ${lessonId}`);
}

interface Case {
  lesson: string;
  step: string;
  right: string[][];
  wrong: string[][];
}

const cases: Case[] = [
  {
    lesson: 'rate-limiters',
    step: 'sliding',
    right: [
      ['ZREMRANGEBYSCORE ratelimit:sliding:user:9 -inf (1707900005000', 'ZCARD ratelimit:sliding:user:9', 'ZADD ratelimit:sliding:user:9 1707900065000 req-7f3a'],
      ['ZREMRANGEBYSCORE ratelimit:sliding:user:9 0 1707900004999', 'ZCARD ratelimit:sliding:user:9', 'ZADD ratelimit:sliding:user:9 1707900065000 1707900065000-x'],
    ],
    wrong: [
      // The old request is still there.
      ['ZREMRANGEBYSCORE ratelimit:sliding:user:9 -inf (1707899000000', 'ZCARD ratelimit:sliding:user:9', 'ZADD ratelimit:sliding:user:9 1707900065000 req-1'],
      // Recorded at the wrong time.
      ['ZREMRANGEBYSCORE ratelimit:sliding:user:9 -inf (1707900005000', 'ZCARD ratelimit:sliding:user:9', 'ZADD ratelimit:sliding:user:9 1707900060000 req-1'],
    ],
  },
  {
    lesson: 'mental-model',
    step: 'delete',
    right: [['UNLINK greeting', 'GET greeting']],
    wrong: [['EXPIRE greeting 100', 'GET greeting']],
  },
  {
    lesson: 'ttl',
    step: 'set-ex',
    right: [['SETEX cache:user:1 300 v'], ['SET cache:user:1 v PX 300000'], ['PSETEX cache:user:1 300000 v']],
    wrong: [['SET cache:user:1 v', 'EXPIRE cache:user:1 300']],
  },
  {
    lesson: 'ttl',
    step: 'pexpire',
    right: [
      ['SET lock:report worker-3', 'PEXPIRE lock:report 1500', ':clock +2s', 'GET lock:report'],
      ['SET lock:report worker-3', 'PEXPIRE lock:report 1500', ':clock +2s', 'TTL lock:report'],
    ],
    wrong: [['SET lock:report worker-3', 'PEXPIRE lock:report 1500', 'GET lock:report']],
  },
  {
    lesson: 'sorted-sets',
    step: 'window',
    right: [['ZRANGE logins:recent 1707900000 1707900300 BYSCORE', 'ZREMRANGEBYSCORE logins:recent -inf (1707900100']],
    wrong: [['ZRANGE logins:recent 0 -1', 'ZREMRANGEBYSCORE logins:recent -inf (1707900100']],
  },
  {
    lesson: 'strings',
    step: 'rate-limit',
    right: [['INCR ratelimit:login:192.168.1.50', 'PEXPIRE ratelimit:login:192.168.1.50 60000', '10 INCR ratelimit:login:192.168.1.50']],
    wrong: [['11 INCR ratelimit:login:192.168.1.50']],
  },
  {
    lesson: 'sessions',
    step: 'slide',
    right: [[':clock +20m', 'HGET session:7f3a user_id', 'EXPIRE session:7f3a 1800']],
    wrong: [[':clock +20m', 'EXPIRE session:7f3a 60', 'HGETALL session:7f3a']],
  },
  {
    lesson: 'unique-visitors',
    step: 'week',
    right: [['SUNIONSTORE visitors:2026-w09 visitors:2026-03-01 visitors:2026-03-02 visitors:2026-03-03']],
    wrong: [['SUNIONSTORE visitors:2026-w09 visitors:2026-03-01 visitors:2026-03-02']],
  },
  {
    lesson: 'cache-aside',
    step: 'invalidate',
    right: [['UNLINK cache:todos:user:2', 'GET cache:todos:user:2']],
    wrong: [['SET cache:todos:user:2 stale', 'GET cache:todos:user:2']],
  },
];

describe('goals accept every correct answer', () => {
  for (const c of cases) {
    for (const lines of c.right) {
      it(`${c.lesson} / ${c.step}: ${lines.join('; ')} passes`, () => {
        const { r, step } = at(c.lesson, c.step);
        const out = lines.map((l) => `${l} -> ${r.type(l)}`);
        const results = r.check(step);
        expect(results.every((x) => x.pass), `${describeFailures(results)}\n${out.join('\n')}`).toBe(true);
      });
    }
    for (const lines of c.wrong) {
      it(`${c.lesson} / ${c.step}: ${lines.join('; ')} fails`, () => {
        const { r, step } = at(c.lesson, c.step);
        for (const l of lines) r.type(l);
        expect(r.passes(step)).toBe(false);
      });
    }
  }

  it('a step failed by a forbidden command says how to start it again', () => {
    const { r, step } = at('strings', 'batch');
    r.type('SET user:8:name Ada');
    const why = r.check(step).find((x) => !x.pass && x.label.startsWith('without'))?.why;
    expect(why).toContain(':retry');
  });
});
