/**
 * Differential fuzzer: random command sequences go to the engine (in
 * process) and to a real redis-server; replies must agree (see compare.ts)
 * and so must the whole keyspace at checkpoints.
 *
 * Determinism: the command sequence depends only on the seed. Random
 * commands are compared by shape, and SPOP, the one random command that
 * writes, is followed by a re-sync of the engine (the members redis-server
 * popped are removed, the ones the engine popped instead are put back), so
 * both sides keep the same state.
 *
 * On a divergence the history since the last reset is shrunk (delta
 * debugging) to a short list of commands that still reproduces it.
 */
import { Engine, type ClientState, type Reply } from '../../src/engine';
import { loadLua } from '../../src/engine/core/scripting';
import { RespClient } from '../support/redis';
import { NEEDS_ENCODING, commandLine, compareReplies, showReply } from './compare';
import { KEYS, commandPicker } from './generate';
import { Rng } from './rng';

/** One step: a command, or a MULTI ... EXEC block that must stay whole. */
export type Step = string[][];

export interface Divergence {
  kind: 'reply' | 'state';
  /** Index of the command (counting from 1) in the run. */
  at: number;
  argv: string[];
  ours: Reply | undefined;
  theirs: Reply | undefined;
  detail: string;
  /** Commands that reproduce it after FLUSHALL, the last one diverging (or followed by a state check). */
  reproduction: string[][];
  /** Length of the history before shrinking. */
  historyLength: number;
  reproducible: boolean;
  /** How many times this kind of divergence was seen. */
  count: number;
}

export interface FuzzOptions {
  seed: string | number;
  /** Number of commands to send. */
  n: number;
  redisPort: number;
  /** Commands per pipelined batch. */
  batch?: number;
  /** Steps between resets (FLUSHALL on both sides, after a keyspace check). */
  segment?: number;
  /** Shrink reproductions (default true). */
  minimize?: boolean;
  /** Stop after this many distinct divergences (default 20). */
  maxDistinct?: number;
  log?: (line: string) => void;
}

export interface FuzzReport {
  seed: string;
  commands: number;
  /** Lex range commands replaced because their answer was unspecified (see settleLex). */
  unspecified: number;
  /** Commands sent, by name. */
  perCommand: Map<string, number>;
  divergences: Divergence[];
  groups: ReadonlyMap<string, readonly string[]>;
}

interface Failure {
  stepIndex: number;
  argv: string[];
  ours: Reply | undefined;
  theirs: Reply | undefined;
  detail: string;
}

const lower = (s: string) => s.toLowerCase();

/** Runs steps on both sides and compares. One per fuzz run; reset between segments. */
class Runner {
  engine = new Engine();
  client: ClientState = this.engine.createClient();
  db = 0;
  /**
   * Longest time between redis-server and the engine running the same batch
   * since the reset. A TTL set in one batch and read in another can be off
   * by the sum of both windows.
   */
  private maxWindow = 0;
  private readonly has: Set<string>;

  constructor(private readonly redis: RespClient) {
    this.has = new Set(this.engine.specs().map((s) => s.name));
  }

  async reset(): Promise<void> {
    await this.redis.call(['RESET']);
    await this.redis.call(['FLUSHALL']);
    await this.redis.call(['SCRIPT', 'FLUSH']); // the fresh engine has an empty script cache too
    this.engine = new Engine();
    this.client = this.engine.createClient();
    this.db = 0;
    this.maxWindow = 0;
  }

  private window(t0: number): number {
    this.maxWindow = Math.max(this.maxWindow, Date.now() - t0 + 1);
    return 2 * this.maxWindow;
  }

  private ours(argv: readonly string[]): Reply | undefined {
    try {
      return this.engine.exec(this.client, argv);
    } catch (e) {
      return { t: 'error', v: `ENGINE THREW: ${e instanceof Error ? e.stack ?? e.message : String(e)}` };
    }
  }

  /** Runs the steps; returns the first divergence. */
  async run(steps: readonly Step[]): Promise<Failure | undefined> {
    const pipeline: string[][] = [];
    for (const step of steps) {
      for (const argv of step) {
        pipeline.push(argv);
        if (step.length === 1 && NEEDS_ENCODING.has(lower(argv[0]!)) && argv.length > 1) pipeline.push(['OBJECT', 'ENCODING', argv[1]!]);
      }
    }
    const t0 = Date.now();
    const replies = await Promise.all(pipeline.map((c) => this.redis.call(c)));
    let k = 0;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i]!;
      let queued: string[][] | undefined;
      for (const argv of step) {
        const name = lower(argv[0]!);
        const theirs = replies[k++]!;
        let encoding: string | undefined;
        if (step.length === 1 && NEEDS_ENCODING.has(name) && argv.length > 1) {
          const e = replies[k++]!;
          encoding = e.t === 'bulk' ? e.v : undefined;
        }
        const saved = staleErrnoCandidate(argv, theirs) ? this.saveKey(storeKey(argv)) : undefined;
        let ours = this.ours(argv);
        if (saved !== undefined && ours !== undefined && ours.t !== 'error') {
          // redis-server's numeric SORT checks `errno == ERANGE` after strtod
          // without clearing errno first, so an ERANGE left by an earlier
          // command (an overflowing number elsewhere) fails a SORT whose
          // elements are all fine. No engine can mirror libc's leftover
          // errno; the conversion check itself is covered exactly by the
          // differential SORT tests. Take Redis's reply, and undo the
          // engine's STORE, which Redis did not do.
          saved();
          ours = theirs;
        }
        const info = { encoding, windowMs: this.window(t0), queued: name === 'exec' ? queued : undefined };
        const detail = ours === undefined ? 'the engine blocked the client' : compareReplies(argv, ours, theirs, info);
        if (detail !== undefined) return { stepIndex: i, argv, ours, theirs, detail };
        if (name === 'multi' && theirs.t === 'simple') queued = [];
        else if (queued && theirs.t === 'simple' && theirs.v === 'QUEUED') queued.push(argv);
        else if (name === 'exec' || name === 'discard') queued = undefined;
        if (name === 'spop' && step.length === 1 && ours !== undefined) this.resyncPop(argv[1]!, ours, theirs);
        if (name === 'select' && theirs.t === 'simple') this.db = Number(argv[1]);
      }
    }
    return undefined;
  }

  /**
   * Captures a key of the engine's keyspace (value and TTL) and returns a
   * function that puts it back as it was; a no-op capture when `key` is
   * undefined.
   */
  private saveKey(key: string | undefined): () => void {
    if (key === undefined) return () => {};
    const dump = this.engine.runArgv(this.client, ['dump', key]);
    const pttl = this.engine.runArgv(this.client, ['pttl', key]);
    return () => {
      if (dump?.t !== 'bulk') {
        this.engine.runArgv(this.client, ['del', key]);
        return;
      }
      const ttl = pttl?.t === 'int' && Number(pttl.v) > 0 ? String(pttl.v) : '0';
      this.engine.runArgv(this.client, ['restore', key, ttl, dump.v, 'REPLACE']);
    };
  }

  /** After SPOP: make the engine's set lose what redis-server's lost. */
  private resyncPop(key: string, ours: Reply, theirs: Reply): void {
    const members = (r: Reply): string[] =>
      r.t === 'bulk' ? [r.v] : r.t === 'array' || r.t === 'set' ? r.v.flatMap((x) => (x.t === 'bulk' ? [x.v] : [])) : [];
    const a = new Set(members(ours));
    const b = new Set(members(theirs));
    const putBack = [...a].filter((m) => !b.has(m));
    const remove = [...b].filter((m) => !a.has(m));
    if (putBack.length > 0) this.engine.runArgv(this.client, ['sadd', key, ...putBack]);
    if (remove.length > 0) this.engine.runArgv(this.client, ['srem', key, ...remove]);
  }

  /** Compares the whole keyspace (dbs 0 and 1) with the commands the engine has. */
  async checkState(): Promise<Failure | undefined> {
    const dbs = this.has.has('select') ? [0, 1] : [0];
    const back = this.db;
    try {
      for (const db of dbs) {
        const pre: string[][] = this.has.has('select') ? [['select', String(db)]] : [];
        const types = await this.both([...pre, ...KEYS.map((k) => ['type', k])]);
        if (types.failure) return types.failure;
        const reads: string[][] = [];
        for (let i = 0; i < KEYS.length; i++) {
          const t = types.theirs[pre.length + i]!;
          const k = KEYS[i]!;
          if (this.has.has('pttl')) reads.push(['pttl', k]);
          const type = t.t === 'simple' ? t.v : 'none';
          const read =
            type === 'string' ? ['get', k]
            : type === 'list' ? ['lrange', k, '0', '-1']
            : type === 'set' ? ['smembers', k]
            : type === 'hash' ? ['hgetall', k]
            : type === 'zset' ? ['zrange', k, '0', '-1', 'withscores']
            : undefined;
          if (read && this.has.has(read[0]!)) reads.push(read);
        }
        const contents = await this.both(reads);
        if (contents.failure) return contents.failure;
      }
    } finally {
      if (this.has.has('select')) await this.both([['select', String(back)]]);
    }
    return undefined;
  }

  private async both(cmds: string[][]): Promise<{ theirs: Reply[]; failure?: Failure }> {
    const t0 = Date.now();
    const theirs = await Promise.all(cmds.map((c) => this.redis.call(c)));
    for (let i = 0; i < cmds.length; i++) {
      const ours = this.ours(cmds[i]!);
      const detail = ours === undefined ? 'the engine blocked the client' : compareReplies(cmds[i]!, ours, theirs[i]!, { windowMs: this.window(t0) });
      if (detail) return { theirs, failure: { stepIndex: -1, argv: cmds[i]!, ours, theirs: theirs[i], detail: `keyspace check: ${detail}` } };
    }
    return { theirs };
  }
}

/** Zeller's ddmin over the history, keeping what still reproduces. */
async function shrink(items: Step[], test: (xs: Step[]) => Promise<boolean>, budget: number): Promise<Step[]> {
  let tests = 0;
  const t = async (xs: Step[]) => {
    tests++;
    return test(xs);
  };
  if (await t([])) return [];
  let n = 2;
  while (items.length >= 2 && tests < budget) {
    const size = Math.ceil(items.length / n);
    const chunks: Step[][] = [];
    for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
    let reduced = false;
    for (const c of chunks) {
      if (tests >= budget) break;
      if (await t(c)) {
        items = c;
        n = 2;
        reduced = true;
        break;
      }
    }
    if (!reduced && n > 2) {
      for (let i = 0; i < chunks.length && tests < budget; i++) {
        const rest = chunks.filter((_, j) => j !== i).flat();
        if (await t(rest)) {
          items = rest;
          n = Math.max(n - 1, 2);
          reduced = true;
          break;
        }
      }
    }
    if (!reduced) {
      if (n >= items.length) break;
      n = Math.min(items.length, n * 2);
    }
  }
  // Finally try dropping single steps.
  for (let i = items.length - 1; i >= 0 && tests < budget; i--) {
    const rest = items.filter((_, j) => j !== i);
    if (await t(rest)) items = rest;
  }
  return items;
}

function signature(f: Failure, kind: string): string {
  const name = lower(f.argv[0] ?? '');
  const err = (r: Reply | undefined) => (r?.t === 'error' ? r.v.split(' ')[0] : r?.t);
  return `${kind}:${name}:${err(f.ours)}:${err(f.theirs)}`;
}

export async function fuzz(opts: FuzzOptions): Promise<FuzzReport> {
  const log = opts.log ?? (() => {});
  const batchSize = opts.batch ?? 64;
  const segment = opts.segment ?? 300;
  const maxDistinct = opts.maxDistinct ?? 20;
  const rng = new Rng(opts.seed);
  await loadLua(); // scripts are among the commands
  const picker = commandPicker(new Engine().specs());
  const redis = await RespClient.connect(opts.redisPort);
  const runner = new Runner(redis);
  const perCommand = new Map<string, number>();
  const seen = new Map<string, Divergence>();
  const divergences: Divergence[] = [];
  let history: Step[] = [];
  let done = 0;
  let unspecified = 0;
  /** A step with a lex range command, held over to start the next batch. */
  let carry: Step | undefined;

  const record = async (kind: 'reply' | 'state', f: Failure, prefix: Step[], final: Step | undefined, at: number) => {
    const sig = signature(f, kind);
    const prev = seen.get(sig);
    if (prev) {
      prev.count++;
      return;
    }
    let reproduction = prefix;
    let reproducible = true;
    let last: Failure | undefined;
    const reproduces = async (xs: Step[]) => {
      await runner.reset();
      if (await runner.run(xs)) return false;
      const g = final ? await runner.run([final]) : await runner.checkState();
      if (g === undefined || (final !== undefined && signature(g, kind) !== sig)) return false;
      last = g;
      return true;
    };
    let shown = f;
    if (opts.minimize !== false) {
      if (await reproduces(prefix)) {
        reproduction = await shrink(prefix, reproduces, 400);
        // Show the replies of the shrunk reproduction.
        if (await reproduces(reproduction)) shown = last ?? f;
      } else {
        reproducible = false;
      }
    }
    const d: Divergence = {
      kind,
      at,
      argv: shown.argv,
      ours: shown.ours,
      theirs: shown.theirs,
      detail: shown.detail,
      reproduction: [...reproduction.flat(), ...(final ?? [])],
      historyLength: prefix.length,
      reproducible,
      count: 1,
    };
    seen.set(sig, d);
    divergences.push(d);
    log(formatDivergence(d, String(opts.seed)));
  };

  try {
    await runner.reset();
    while (done < opts.n && seen.size < maxDistinct) {
      const batch: Step[] = [];
      let count = 0;
      while (count < batchSize && done + count < opts.n) {
        let step = carry ?? picker.next(rng);
        if (carry === undefined) for (const argv of step) perCommand.set(lower(argv[0]!), (perCommand.get(lower(argv[0]!)) ?? 0) + 1);
        carry = undefined;
        if (step.some((argv) => lexSource(argv) !== undefined)) {
          if (batch.length > 0) {
            carry = step;
            break;
          }
          const settled = settleLex(runner.engine, runner.client.db, step);
          step = settled.step;
          unspecified += settled.replaced;
        }
        batch.push(step);
        count += step.length;
      }
      const f = await runner.run(batch);
      if (f) {
        const at = done + batch.slice(0, f.stepIndex).reduce((s, x) => s + x.length, 0) + 1;
        await record('reply', f, [...history, ...batch.slice(0, f.stepIndex)], batch[f.stepIndex], at);
        await runner.reset();
        history = [];
        done += count;
        continue;
      }
      history.push(...batch);
      done += count;
      if (history.length >= segment || done >= opts.n) {
        const g = await runner.checkState();
        if (g) await record('state', g, history, undefined, done);
        await runner.reset();
        history = [];
      }
      if (done % 10_000 < count) log(`… ${done} commands, ${divergences.length} distinct divergences`);
    }
  } finally {
    redis.close();
  }
  return { seed: String(opts.seed), commands: done, unspecified, perCommand, divergences, groups: picker.groups };
}

export function formatDivergence(d: Divergence, seed: string): string {
  const pad = (s: string) => s.split('\n').join('\n      ');
  const lines = [
    `DIVERGENCE (seed ${seed}, command #${d.at}, ${d.kind}${d.count > 1 ? `, seen ${d.count} times` : ''}): ${commandLine(d.argv)}`,
    `  ${d.detail}`,
    `  redis-server: ${pad(showReply(d.theirs))}`,
    `  engine:       ${pad(showReply(d.ours))}`,
    d.reproducible
      ? `  reproduce after FLUSHALL (${d.reproduction.length} commands, shrunk from a history of ${d.historyLength} steps)${d.kind === 'state' ? ', then compare the keyspace' : ''}:`
      : `  did not reproduce on replay (timing?); full history (${d.reproduction.length} commands):`,
    ...d.reproduction.map((a) => `    ${commandLine(a)}`),
  ];
  return lines.join('\n');
}

/** A numeric SORT that redis-server failed with its conversion error (see the stale-errno note in `run`). */
function staleErrnoCandidate(argv: readonly string[], theirs: Reply): boolean {
  const name = lower(argv[0]!);
  if (name !== 'sort' && name !== 'sort_ro') return false;
  if (argv.some((a) => lower(a) === 'alpha')) return false;
  return theirs.t === 'error' && theirs.v === "ERR One or more scores can't be converted into double";
}

/**
 * Lex range commands assume that all scores are equal. On a skiplist-encoded
 * set whose scores differ, redis-server's answer depends on its nodes'
 * random levels: its search for the range start descends through whichever
 * members happen to sit on the upper levels, so the same command on the same
 * set can start in different places (and ZREMRANGEBYLEX remove different
 * members). That answer is unspecified; such a command becomes a ZCARD of the
 * same key. The small (listpack) encoding scans linearly and stays compared,
 * as do sets whose scores are all equal.
 *
 * Judged on the engine's keyspace (database `db`), which must be
 * redis-server's at that point: the fuzzer starts a batch with such a step.
 * Inside MULTI, a key that an earlier command of the block mentions may
 * have changed by then, so it counts as unspecified too.
 */
export function settleLex(engine: Engine, db: number, step: Step): { step: Step; replaced: number } {
  const mixedSkiplist = (key: string): boolean => {
    const e = engine.dbs[db]?.data.get(key);
    if (e?.type !== 'zset' || e.value.encoding !== 'skiplist') return false;
    const lo = e.value.first();
    const hi = e.value.last();
    return lo !== undefined && hi !== undefined && lo[1] !== hi[1];
  };
  const touched = new Set<string>();
  let replaced = 0;
  const out = step.map((argv) => {
    const k = lexSource(argv);
    if (k !== undefined && (touched.has(k) || mixedSkiplist(k))) {
      replaced++;
      return ['zcard', k];
    }
    for (const a of argv.slice(1)) touched.add(a);
    return argv;
  });
  return { step: out, replaced };
}

/** The source key of a lex range command (ZRANGEBYLEX, ZRANGE ... BYLEX, ZREMRANGEBYLEX, ...), else undefined. */
export function lexSource(argv: readonly string[]): string | undefined {
  const name = lower(argv[0]!);
  if (name === 'zrangebylex' || name === 'zrevrangebylex' || name === 'zlexcount' || name === 'zremrangebylex') return argv[1];
  if ((name === 'zrange' || name === 'zrangestore') && argv.some((a) => lower(a) === 'bylex')) return name === 'zrange' ? argv[1] : argv[2];
  return undefined;
}

/** The STORE destination of a SORT, if any. */
function storeKey(argv: readonly string[]): string | undefined {
  for (let i = argv.length - 2; i >= 2; i--) if (lower(argv[i]!) === 'store') return argv[i + 1];
  return undefined;
}
