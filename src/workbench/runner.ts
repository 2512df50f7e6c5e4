/**
 * The workbench's connection to the engine: a client of its own (its own
 * database, MULTI state and name, `workbench` in CLIENT LIST), opened on
 * first use through the same engine client as the terminals, so what it
 * runs reaches the keyspace view, MONITOR and the timeline like any
 * terminal command. It runs the lines of a script one by one and gives back
 * each reply as redis-cli prints it.
 */
import type { EngineClient } from '../client/engine-client';
import { formatCommandReply } from '../cli/format';
import { interpretLine } from '../cli/repl';
import type { CommandSpec, ExecResult, Reply } from '../protocol/messages';
import { toText } from '../text/bytes';
import { STREAMING_COMMANDS, STREAMING_NOTE, type ScriptLine } from './script';

/** One command's outcome, as shown under it. */
export interface RunResult {
  /** The line's number in the editor (1-based). */
  readonly line: number;
  /** The command as written. */
  readonly source: string;
  /** What redis-cli prints for it (several replies for `3 INCR x`); Unicode text. */
  readonly output: string;
  /** The reply was an error (or the line could not be sent). */
  readonly error: boolean;
  /** redis.log lines a script wrote, as `[level] message`. */
  readonly log?: readonly string[];
}

const LOG_LEVELS = ['debug', 'verbose', 'notice', 'warning'];

export function logLine(l: { level: number; message: string }): string {
  return `[${LOG_LEVELS[l.level] ?? l.level}] ${toText(l.message)}`;
}

export interface ConnectionDeps {
  /** Resolves once commands may be sent (a lesson's keys are built). */
  ready?(): Promise<void>;
}

export class WorkbenchConnection {
  private id: Promise<number> | undefined;
  private waiting: ((r: { reply: Reply; resp: 2 | 3 }) => void) | undefined;
  private stopWaiting: (() => void) | undefined;
  private readonly off: () => void;
  resp: 2 | 3 = 2;

  constructor(
    private readonly client: EngineClient,
    private readonly deps: ConnectionDeps = {},
  ) {
    this.off = client.on((e) => {
      if (e.type === 'restart') {
        // A fresh engine (a runaway command was stopped): a new connection on next use.
        this.id = undefined;
        this.resp = 2;
      } else if (e.type === 'reply') {
        void this.id?.then((id) => {
          if (id === e.client && this.waiting) {
            const w = this.waiting;
            this.waiting = undefined;
            w({ reply: e.reply, resp: e.resp });
          }
        });
      }
    });
  }

  private open(): Promise<number> {
    this.id ??= this.client.call('open', { name: 'workbench' }).then((r) => r.client);
    return this.id;
  }

  /** Sends one command; waits for the late reply of one that blocks (BLPOP) until `stop()`. */
  async exec(argv: readonly string[]): Promise<{ reply: Reply | undefined; res: ExecResult }> {
    await this.deps.ready?.().catch(() => undefined);
    const id = await this.open();
    // Listening before the command is sent: its late reply (BLPOP woken up) may come right after the answer.
    let settle: (r: { reply: Reply; resp: 2 | 3 } | undefined) => void = () => {};
    const late = new Promise<{ reply: Reply; resp: 2 | 3 } | undefined>((resolve) => (settle = resolve));
    this.waiting = settle;
    let res: ExecResult;
    try {
      res = await this.client.call('exec', { client: id, argv });
    } catch (e) {
      this.waiting = undefined;
      throw e;
    }
    this.resp = res.resp;
    if (res.reply !== undefined || res.silenced || res.closed) {
      this.waiting = undefined;
      return { reply: res.reply, res };
    }
    // Blocked: until the reply comes or stop().
    this.stopWaiting = () => settle(undefined);
    const got = await late;
    this.stopWaiting = undefined;
    if (got === undefined) return { reply: undefined, res };
    this.resp = got.resp;
    return { reply: got.reply, res };
  }

  /** Stops waiting for a blocked command: the connection is replaced by a new one, as redis-cli's Ctrl-C does. */
  async stop(): Promise<void> {
    const stop = this.stopWaiting;
    if (stop === undefined) return;
    this.stopWaiting = undefined;
    this.waiting = undefined;
    const old = this.id;
    this.id = undefined;
    this.resp = 2;
    stop();
    const id = await old?.catch(() => undefined);
    if (id !== undefined) await this.client.call('close', { client: id }).catch(() => null);
  }

  get blocked(): boolean {
    return this.stopWaiting !== undefined;
  }

  /** Runs one line as the terminal would (a repeat count, HELP), giving what redis-cli prints. */
  async runLine(specs: readonly CommandSpec[], line: ScriptLine): Promise<RunResult> {
    const base = { line: line.number, source: line.text };
    const action = interpretLine(line.text);
    switch (action.kind) {
      case 'none':
        return { ...base, output: '', error: false };
      case 'print':
        return { ...base, output: action.text, error: true };
      case 'help': {
        const { helpText } = await import('../cli/help');
        return { ...base, output: helpText(specs, action.args, { color: false }), error: false };
      }
      case 'command':
        break;
      default:
        return { ...base, output: `(${line.text.trim()} is a redis-cli command for the terminal)`, error: true };
    }
    const name = action.argv[0]!.toLowerCase();
    if (STREAMING_COMMANDS.has(name)) return { ...base, output: `(${name.toUpperCase()} ${STREAMING_NOTE})`, error: true };
    const out: string[] = [];
    const log: string[] = [];
    let error = false;
    for (let i = 0; i < action.repeat; i++) {
      let r: Awaited<ReturnType<WorkbenchConnection['exec']>>;
      try {
        r = await this.exec(action.argv);
      } catch (e) {
        out.push(`(error) ${e instanceof Error ? e.message : String(e)}`);
        error = true;
        break;
      }
      for (const l of r.res.log ?? []) log.push(logLine(l));
      if (r.reply === undefined) {
        if (!r.res.silenced) {
          out.push('(stopped: the connection was replaced, database 0, no MULTI)');
          error = true;
          break;
        }
        continue;
      }
      if (r.reply.t === 'error') error = true;
      out.push(formatCommandReply(action.argv, r.reply, { resp: this.resp }));
    }
    return { ...base, output: out.join('\n'), error, ...(log.length > 0 ? { log } : {}) };
  }

  /** Runs the lines in order, reporting each result as it comes; `cancelled` stops before the next line. */
  async runLines(specs: readonly CommandSpec[], lines: readonly ScriptLine[], each: (r: RunResult) => void, cancelled: () => boolean = () => false): Promise<RunResult[]> {
    const results: RunResult[] = [];
    for (const l of lines) {
      if (cancelled()) break;
      const r = await this.runLine(specs, l);
      results.push(r);
      each(r);
    }
    return results;
  }

  /** Closes the connection (the workbench panel went away). */
  dispose(): void {
    this.off();
    const id = this.id;
    this.id = undefined;
    void id?.then((c) => this.client.call('close', { client: c })).catch(() => null);
  }
}
