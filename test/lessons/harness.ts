/**
 * Runs lessons headlessly on the real worker host (no browser): the same
 * engine, journal and inspection the page uses.
 */
import { formatCommandReply } from '../../src/cli/format';
import { splitArgs } from '../../src/cli/split';
import { allPass, evaluate, keysNeeded, type CheckResult, type GoalState } from '../../src/curriculum/checks';
import { parseLessonCommand, setupArgv } from '../../src/curriculum/commands';
import type { Lesson } from '../../src/curriculum/parse';
import type { StepSpec } from '../../src/curriculum/schema';
import type { JournalEntry } from '../../src/protocol/lessons';
import { EngineHost } from '../../src/worker/host';

export class LessonRunner {
  readonly host = new EngineHost(() => {});
  readonly client: number;
  /** Journal seq when the current step started. */
  stepStart = 0;

  constructor(readonly lesson: Lesson) {
    this.host.handle('clock', { op: 'pause' });
    this.client = this.host.handle('open', { name: 'learner' }).client;
    this.reset();
  }

  reset(): void {
    const res = this.host.handle('lessonReset', { setup: setupArgv(this.lesson) });
    if (res.errors.length > 0) {
      const e = res.errors[0]!;
      throw new Error(`setup line ${e.index + 1} (${this.lesson.setup[e.index] ?? 'populate'}) failed: ${formatCommandReply([], e.reply)}`);
    }
    this.stepStart = res.seq;
  }

  /** Runs one typed line; returns what redis-cli would print (lesson commands print ''). */
  type(line: string): string {
    const argv = splitArgs(line);
    if (argv === null) return 'Invalid argument(s)';
    if (argv.length === 0) return '';
    const cmd = parseLessonCommand(argv);
    if (cmd) {
      if (cmd.name === 'clock') this.host.handle('clock', { op: 'advance', ms: cmd.ms });
      else if (cmd.name === 'reset') this.reset();
      else if (cmd.name === 'invalid') throw new Error(cmd.message);
      return '';
    }
    // redis-cli repeats a command when the line starts with a count: `10 INCR x`.
    let repeat = 1;
    let args = argv;
    if (argv.length > 1 && /^[0-9]+$/.test(argv[0]!)) {
      repeat = Number(argv[0]);
      args = argv.slice(1);
    }
    const out: string[] = [];
    for (let i = 0; i < repeat; i++) {
      const res = this.host.handle('exec', { client: this.client, argv: args });
      out.push(res.reply === undefined ? '(blocked)' : formatCommandReply(args, res.reply, { resp: res.resp }));
    }
    return out.join('\n');
  }

  state(step: Pick<StepSpec, 'checks'>): GoalState {
    const res = this.host.handle('inspect', { db: 0, keys: keysNeeded(step.checks), since: this.stepStart });
    const log: JournalEntry[] = res.journal.filter((j) => j.client === this.client);
    return { keys: new Map(res.keys.map((k) => [k.key, k])), dbsize: res.dbsize, log };
  }

  check(step: Pick<StepSpec, 'checks'>): CheckResult[] {
    return evaluate(step.checks, this.state(step));
  }

  passes(step: Pick<StepSpec, 'checks'>): boolean {
    return allPass(this.check(step));
  }

  /** Starts a new step: its log begins now. */
  beginStep(): void {
    this.stepStart = this.host.handle('inspect', { db: 0, keys: [] }).seq;
  }
}

export function describeFailures(results: readonly CheckResult[]): string {
  return results
    .filter((r) => !r.pass)
    .map((r) => `  ✗ ${r.label}: ${r.why ?? ''}`)
    .join('\n');
}
