/**
 * One redis-cli session: the line editor, the prompt, and the loop that
 * sends each line to the engine and prints the reply as redis-cli would.
 * Independent of xterm.js and React so it can be tested headlessly.
 */
import { bundledCompletions, completions } from '../cli/complete';
import { escapeControls } from '../cli/escape';
import { formatCommandReply, formatPush, formatReply } from '../cli/format';
import { hintFor } from '../cli/hints';
import { splitArgs } from '../cli/split';
import { initialPromptState, interpretLine, nextPromptState, promptText, type PromptState } from '../cli/repl';
import type { CommandSpec, ExecResult, Reply } from '../protocol/messages';
import { LineEditor, type Effect } from './line-editor';
import type { PythonTranscript } from '../cli/python';

/** ANSI styles for the learner notes printed beyond redis-cli's output. */
const DIM = '\x1b[90m';
const NOTE = '\x1b[36m';
const RESET = '\x1b[0m';

/** Commands that put redis-cli into subscribed mode. */
const SUBSCRIBING = new Set(['subscribe', 'psubscribe', 'ssubscribe']);
/** Commands after which redis-cli only prints what arrives, until Ctrl-C: subscriptions and MONITOR. */
const STREAMING = new Set([...SUBSCRIBING, 'monitor']);

/** KEYS over more keys than this earns a note about SCAN. */
export const KEYS_COST_THRESHOLD = 1000;

export interface SessionOptions {
  /** Learner notes under errors and costly commands (off in purist mode). */
  explain(): boolean;
  /** The redis-py call under each command. */
  python(): boolean;
}

export interface SessionDeps {
  /**
   * Resolves once a command can be sent (the engine is up, a lesson's keys are
   * built). Awaited before a command's clock starts: the wait is not the
   * command's time, so redis-cli's `(N.NNs)` line never bills it.
   */
  ready?(): Promise<void>;
  /** Sends argv to the engine for this client. */
  exec(argv: readonly string[]): Promise<ExecResult>;
  /**
   * Sends several commands in one round trip (long pastes). The engine stops at a
   * command that blocks or closes the connection; the rest are not run.
   */
  execBatch?(argvs: readonly (readonly string[])[]): Promise<readonly ExecResult[]>;
  /**
   * Resolves with the next late reply: a blocked command's (BLPOP), or a
   * pub/sub message. An aborted wait takes nothing (Ctrl-C in subscribed mode).
   */
  waitReply(signal?: AbortSignal): Promise<{ reply: Reply; db: number; resp: 2 | 3 }>;
  /**
   * Drops this terminal's connection and opens a new one, as redis-cli does
   * on Ctrl-C in subscribed mode. Without it the session sends RESET.
   */
  reconnect?(): Promise<void>;
  write(data: string): void;
  clear(): void;
  /**
   * Ctrl-C while this connection's command runs: stops it if it is a script
   * (SCRIPT KILL). False when there is nothing to stop.
   */
  interrupt?(): boolean;
  /** The prompt is back: everything written so far should show now. */
  onPrompt?(): void;
  /** The command table (for hints, completion, HELP and explanations). */
  specs?: readonly CommandSpec[];
  /** Types of keys and the database size, for explanations and cost notes. */
  keyInfo?(db: number, keys: readonly string[]): Promise<{ types: Record<string, string>; dbsize: number }>;
  /** Handles lines that are not Redis commands (lesson commands). Return true when handled. */
  local?(argv: readonly string[], line: string): boolean | Promise<boolean>;
  onHistoryChange?(history: readonly string[]): void;
  onReply?(argv: readonly string[], reply: Reply, text: string): void;
  /** The ACL user the connection runs as changed (AUTH user pass): its name, undefined for `default`. */
  onUser?(user: string | undefined): void;
  history?: readonly string[];
  options?: SessionOptions;
  host?: string;
  now?: () => number;
}

export class TerminalSession {
  readonly editor: LineEditor;
  private state: PromptState;
  resp: 2 | 3 = 2;
  /** The database the engine says this client uses (for key lookups). */
  db = 0;
  /** The ACL user this connection runs as, when it is not `default`. */
  user: string | undefined = undefined;
  hints = true;
  private busy = false;
  private queue: { line: string; done?: () => void }[] = [];
  private draining = false;
  specs: readonly CommandSpec[];

  constructor(private readonly deps: SessionDeps) {
    this.specs = deps.specs ?? [];
    this.state = initialPromptState(deps.host ?? '127.0.0.1:6379');
    this.editor = new LineEditor({
      history: deps.history ?? [],
      hint: (line) => (this.hints && this.specs.length > 0 ? (hintFor(this.specs, line) ?? '') : ''),
      // Until the worker sends the command table, Tab completes from the names bundled with the page.
      complete: (line) => (this.specs.length > 0 ? completions(this.specs, line) : bundledCompletions(line)),
    });
  }

  prompt(): string {
    return promptText(this.state);
  }

  get inMulti(): boolean {
    return this.state.inMulti;
  }

  start(): void {
    this.apply(this.editor.start(this.prompt()));
    this.deps.onPrompt?.();
  }

  /** Input from the terminal (keys, pastes). */
  feed(data: string): void {
    // Subscribed mode reads messages, not lines: only Ctrl-C does anything.
    if (this.subscribed !== undefined) {
      if (data.includes('\x03')) this.subscribed.abort();
      return;
    }
    // Ctrl-C while a command is blocked (BLPOP k 0): stop waiting.
    if (this.blocked !== undefined && data.includes('\x03')) {
      this.blocked.abort();
      return;
    }
    // Ctrl-C while a paste runs: drop the lines not yet sent.
    if (this.busy && this.queue.length > 0 && data.includes('\x03')) {
      this.cancelQueue();
      return;
    }
    // Ctrl-C while this connection's script runs: redis-cli would exit and leave it running in
    // the server (other clients get BUSY until SCRIPT KILL); here the script is killed.
    if (this.busy && data.includes('\x03') && this.deps.interrupt?.() === true) {
      this.deps.write('^C\r\n');
      this.println(`${NOTE}(redis-cli would exit and leave the script running; the playground sent SCRIPT KILL for you)${RESET}`);
      return;
    }
    this.apply(this.editor.feed(data));
  }

  /** Lines of the current paste already run, and its total (for a progress bar). */
  progress(): { done: number; total: number } | undefined {
    if (!this.busy || this.batchTotal <= 1) return undefined;
    return { done: this.batchTotal - this.queue.length, total: this.batchTotal };
  }

  private batchTotal = 0;

  /** Set while the terminal is in redis-cli's subscribed mode (after SUBSCRIBE); aborting it is Ctrl-C. */
  private subscribed: AbortController | undefined;

  /** True while the terminal only prints pub/sub messages (no prompt until Ctrl-C). */
  get isSubscribed(): boolean {
    return this.subscribed !== undefined;
  }

  /** Drops every queued line (typed lessons lines resolve as if they ran). */
  cancelQueue(): void {
    const dropped = this.queue.splice(0);
    for (const item of dropped) item.done?.();
    if (dropped.length > 0) this.println(`^C (${dropped.length.toLocaleString('en-US')} pasted lines not run)`);
  }

  get isBusy(): boolean {
    return this.busy;
  }

  /** Lines waiting to run (a long paste shows its progress with this). */
  get pending(): number {
    return this.queue.length;
  }

  /** Types a line as if the user had (lessons use this); resolves once it ran. */
  typeLine(line: string): Promise<void> {
    return new Promise((resolve) => {
      this.queue.push({ line, done: resolve });
      if (!this.busy && !this.draining) {
        // The prompt is already shown: the typed line replaces it, as a paste does.
        this.editor.stopEditing();
        this.deps.write('\r\x1b[K');
      }
      void this.drain();
    });
  }

  /** The Python view's translations so far (it knows about pipelines). */
  private python: PythonTranscript | undefined;

  /** After the engine restarted: back to database 0, outside MULTI. */
  reconnected(): void {
    this.python?.reset();
    this.state = initialPromptState(this.state.address);
    this.db = 0;
    this.resp = 2;
    this.setUser(undefined);
  }

  private setUser(user: string | undefined): void {
    if (user === this.user) return;
    this.user = user;
    this.deps.onUser?.(user);
  }

  private apply(effects: readonly Effect[]): void {
    for (const e of effects) {
      switch (e.type) {
        case 'write':
          this.deps.write(e.data);
          break;
        case 'clear':
          this.deps.clear();
          break;
        case 'submit':
          void this.runSubmitted(e.line);
          break;
        case 'paste':
          this.queue.push(...e.lines.map((line) => ({ line })));
          if (!this.busy) {
            // The prompt is already shown; the paste runs from a clean line.
            this.editor.stopEditing();
            this.deps.write('\r\x1b[K');
            void this.drain();
          }
          break;
        case 'complete':
          break;
      }
    }
  }

  private async runSubmitted(line: string): Promise<void> {
    this.busy = true;
    try {
      await this.runLine(line);
    } finally {
      this.busy = false;
    }
    if (this.queue.length > 0) await this.drain();
    else this.start();
  }

  private async drain(): Promise<void> {
    if (this.draining || this.busy) return;
    this.draining = true;
    this.busy = true;
    this.editor.stopEditing();
    this.batchTotal = this.queue.length;
    let sinceYield = 0;
    try {
      while (this.queue.length > 0) {
        if (this.queue.length > this.batchTotal) this.batchTotal = this.queue.length;
        // Let the page paint and take input between lines of a long paste.
        if (++sinceYield >= 50) {
          sinceYield = 0;
          await new Promise((r) => setTimeout(r, 0));
          if (this.queue.length === 0) break;
        }
        const batch = this.queue.length > 1 ? this.takeBatch(200) : [];
        if (batch.length > 1) {
          await this.runBatch(batch);
          continue;
        }
        if (batch.length === 1) this.queue.unshift(batch[0]!.item);
        const item = this.queue.shift()!;
        const line = stripPrompt(item.line);
        try {
          if (line !== null) {
            this.deps.write(this.prompt() + escapeControls(line) + '\r\n');
            await this.runLine(line);
          }
        } finally {
          item.done?.();
        }
      }
    } finally {
      this.busy = false;
      this.draining = false;
      this.batchTotal = 0;
    }
    this.start();
  }

  /** Writes text the terminal wrote itself (its notes, with their colours). */
  private println(text: string): void {
    this.deps.write(text.replace(/\r?\n/g, '\r\n') + '\r\n');
  }

  /** Writes text that came from elsewhere (replies, messages, anything echoing input): no control character reaches the screen. */
  private printOut(text: string): void {
    this.println(escapeControls(text));
  }

  /** Runs one line as redis-cli's REPL does. */
  async runLine(line: string): Promise<void> {
    this.editor.addHistory(line);
    this.deps.onHistoryChange?.(this.editor.historyEntries);
    const action = interpretLine(line);
    // Lesson commands (`:next`, `:hint`) live in redis-cli's internal-command
    // namespace, which redis-cli itself uses only for `:set`: offer them first.
    if (action.kind === 'print' && /^\s*:/.test(line) && this.deps.local) {
      const args = splitArgs(line);
      if (args && args.length > 0 && (await this.deps.local(args, line))) return;
    }
    switch (action.kind) {
      case 'none':
        return;
      case 'print':
        this.printOut(action.text);
        return;
      case 'clear':
        this.deps.clear();
        return;
      case 'hints':
        this.hints = action.on;
        return;
      case 'help': {
        // HELP, explanations and the Python view load on first use: they are not needed to start typing.
        const { helpText, docsUrl, terminalLink } = await loadHelp();
        this.println(helpText(this.specs, action.args));
        // The official page for the command (a link in the terminal; it opens in a new tab).
        const url = this.deps.options?.explain() ? docsUrl(this.specs, action.args) : undefined;
        if (url !== undefined) this.println(`${DIM}  docs: ${RESET}${terminalLink(url, url)}`);
        return;
      }
      case 'quit':
        this.println(`${NOTE}(redis-cli would exit here; in the playground the session stays open)${RESET}`);
        return;
      case 'connect':
        this.println(`${NOTE}(the playground has one server: this terminal stays on ${this.state.address})${RESET}`);
        return;
      case 'command':
        break;
    }
    const argv = action.argv;
    if (this.deps.local && (await this.deps.local(argv, line))) return;
    if (this.deps.options?.python()) {
      const { PythonTranscript } = await loadPython();
      this.python ??= new PythonTranscript();
      if (argv[0]!.toLowerCase() === 'reset') this.python.reset();
      this.println(`${DIM}# ${escapeControls(this.python.line(argv, this.state.inMulti))}${RESET}`);
    }
    if (this.deps.ready) {
      try {
        await this.deps.ready();
      } catch {
        /* exec reports the failure */
      }
    }
    for (let i = 0; i < action.repeat; i++) {
      const started = this.deps.now?.() ?? Date.now();
      let res: ExecResult;
      try {
        const t0 = performance.now();
        res = await this.deps.exec(argv);
        // User Timing for bench/terminal.ts: the engine round trip alone.
        performance.measure('term:exec', { start: t0 });
      } catch (e) {
        // The engine itself failed (e.g. it was restarted after a runaway command).
        this.printOut(`(error) ${e instanceof Error ? e.message : String(e)}`);
        return;
      }
      await this.show(argv, res, started);
      if (this.interrupted) {
        // Ctrl-C ends a repeated line (`3 BLPOP q 0`); redis-cli would subscribe again on the
        // new connection, but one subscription per line is enough here.
        this.interrupted = false;
        return;
      }
    }
  }

  /** Set when Ctrl-C ended a blocked command or subscribed mode (the connection was replaced). */
  private interrupted = false;

  /** Set while a blocked command (BLPOP...) waits for its reply; aborting it is Ctrl-C. */
  private blocked: AbortController | undefined;

  /** The late reply of a blocked command, or undefined after Ctrl-C. */
  private async waitBlocked(): Promise<{ reply: Reply; db: number; resp: 2 | 3 } | undefined> {
    const ctl = (this.blocked = new AbortController());
    const stopped = new Promise<undefined>((resolve) => ctl.signal.addEventListener('abort', () => resolve(undefined)));
    try {
      return await Promise.race([this.deps.waitReply(ctl.signal), stopped]);
    } finally {
      this.blocked = undefined;
    }
  }

  /** Prints one command's reply (waiting for it if the command blocked) and its notes. */
  private async show(argv: readonly string[], res: ExecResult, started: number): Promise<void> {
    let reply = res.reply;
    this.db = res.db;
    this.resp = res.resp;
    this.setUser(res.user);
    const subscribing = SUBSCRIBING.has(argv[0]!.toLowerCase());
    // redis-cli says this once the command is sent, before reading any reply (even an error).
    if (subscribing) this.println('Reading messages... (press Ctrl-C to quit)');
    // Replies the command sent before its own: one confirmation per channel, or a
    // RESP3 client's own message (redis-cli's push handler prints those).
    for (const p of res.pushed ?? []) this.printOut(subscribing ? formatReply(p, { resp: this.resp }) : formatPush(p, { resp: this.resp }));
    // CLIENT REPLY OFF / SKIP: the server sends nothing, so nothing is printed (redis-cli would wait forever).
    if (reply === undefined && res.silenced) {
      this.deps.onReply?.(argv, { t: 'nil' }, '');
      return;
    }
    if (reply === undefined) {
      const late = await this.waitBlocked();
      if (late === undefined) {
        // Ctrl-C: redis-cli 7.0 exits; the playground gives this terminal a new connection.
        this.deps.write('^C\r\n');
        this.println(`${NOTE}(redis-cli would exit here; the playground opens a new connection instead: database 0, no MULTI)${RESET}`);
        try {
          await this.deps.reconnect?.();
        } catch {
          /* the engine restarted meanwhile: the terminal reconnects anyway */
        }
        this.reconnected();
        this.interrupted = true;
        return;
      }
      reply = late.reply;
      this.db = late.db;
      this.resp = late.resp;
    }
    this.state = nextPromptState(this.state, argv, reply);
    const text = formatCommandReply(argv, reply, { resp: this.resp });
    this.printOut(text);
    if (STREAMING.has(argv[0]!.toLowerCase()) && reply.t !== 'error') {
      this.deps.onReply?.(argv, reply, text);
      if (!subscribing && this.deps.options?.explain()) this.println(`${DIM}(every command any client runs shows up here; Ctrl-C stops)${RESET}`);
      await this.readMessages(argv, started);
      return;
    }
    // redis-cli reports commands that took half a second or more.
    const elapsed = (this.deps.now?.() ?? Date.now()) - started;
    if (elapsed >= 500) this.println(`(${(elapsed / 1000).toFixed(2)}s)`);
    if (this.deps.options?.explain()) await this.annotate(argv, reply);
    this.deps.onReply?.(argv, reply, text);
    if (res.closed) this.reconnected();
  }

  /**
   * redis-cli's subscribed mode (and MONITOR's): print every message as it
   * arrives, with no prompt, until Ctrl-C. redis-cli 7.0 then drops the connection and opens
   * a new one (database 0, no subscriptions) and shows its prompt again.
   */
  private async readMessages(argv: readonly string[], started: number): Promise<void> {
    const ctl = (this.subscribed = new AbortController());
    const stopped = new Promise<undefined>((resolve) => ctl.signal.addEventListener('abort', () => resolve(undefined)));
    try {
      for (;;) {
        const next = await Promise.race([this.deps.waitReply(ctl.signal), stopped]);
        if (next === undefined) break;
        this.db = next.db;
        this.resp = next.resp;
        // A RESP3 invalidation goes through redis-cli's push handler (`-> invalidate: 'key'`).
        const text = next.reply.t === 'push' ? formatPush(next.reply, { resp: this.resp }) : formatReply(next.reply, { resp: this.resp });
        this.printOut(text);
        this.deps.onReply?.(argv, next.reply, text);
      }
    } finally {
      this.subscribed = undefined;
    }
    // The terminal echoes ^C; redis-cli then reports the time the command took.
    const elapsed = (this.deps.now?.() ?? Date.now()) - started;
    this.deps.write(`^C${elapsed >= 500 ? `(${(elapsed / 1000).toFixed(2)}s)` : ''}\r\n`);
    this.println(`${DIM}(redis-cli reconnects after Ctrl-C: this is a new connection)${RESET}`);
    try {
      if (this.deps.reconnect) await this.deps.reconnect();
      else await this.deps.exec(['RESET']);
    } catch {
      /* the engine restarted meanwhile: the terminal reconnects anyway */
    }
    this.reconnected();
    this.interrupted = true;
  }

  /**
   * Takes plain Redis commands off the front of the queue (up to `max`): lines that
   * need no local handling, repeat or Python note. They can go to the engine in one
   * round trip and print exactly as if typed one by one.
   */
  private takeBatch(max: number): { item: { line: string; done?: () => void }; line: string; argv: readonly string[] }[] {
    const out: { item: { line: string; done?: () => void }; line: string; argv: readonly string[] }[] = [];
    if (!this.deps.execBatch || this.specs.length === 0 || this.deps.options?.python()) return out;
    const known = this.knownNames();
    while (out.length < max && this.queue.length > 0) {
      const item = this.queue[0]!;
      const line = stripPrompt(item.line);
      if (line === null) break;
      const action = interpretLine(line);
      const name = action.kind === 'command' ? action.argv[0]!.toLowerCase() : '';
      // A SUBSCRIBE or MONITOR waits for Ctrl-C before the next line runs: it goes alone.
      if (action.kind !== 'command' || action.repeat !== 1 || !known.has(name) || STREAMING.has(name)) break;
      this.queue.shift();
      out.push({ item, line, argv: action.argv });
    }
    return out;
  }

  private names: Set<string> | undefined;
  private knownNames(): Set<string> {
    if (this.names === undefined || this.names.size !== this.specs.length) this.names = new Set(this.specs.map((sp) => sp.name));
    return this.names;
  }

  /** Runs a batch taken by takeBatch; lines the engine did not reach go back to the queue. */
  private async runBatch(batch: ReturnType<TerminalSession['takeBatch']>): Promise<void> {
    if (this.deps.ready) await this.deps.ready().catch(() => undefined);
    const started = this.deps.now?.() ?? Date.now();
    let results: readonly ExecResult[];
    try {
      results = await this.deps.execBatch!(batch.map((b) => b.argv));
    } catch (e) {
      this.printOut(`(error) ${e instanceof Error ? e.message : String(e)}`);
      for (const b of batch) b.item.done?.();
      return;
    }
    for (let i = 0; i < batch.length; i++) {
      const b = batch[i]!;
      const res = results[i];
      if (res === undefined) {
        // Not run (an earlier command blocked or closed the connection): back in line.
        this.queue.unshift(...batch.slice(i).map((x) => x.item));
        return;
      }
      this.editor.addHistory(b.line);
      this.deps.write(this.prompt() + escapeControls(b.line) + '\r\n');
      try {
        await this.show(b.argv, res, started);
      } finally {
        b.item.done?.();
      }
      // After Ctrl-C the rest of a paste runs on the new connection, as after subscribed mode.
      this.interrupted = false;
    }
    this.deps.onHistoryChange?.(this.editor.historyEntries);
  }

  /** Plain-words notes for learners under errors and costly commands. */
  private async annotate(argv: readonly string[], reply: Reply): Promise<void> {
    const name = argv[0]!.toLowerCase();
    let keyTypes: Record<string, string> | undefined;
    let dbsize: number | undefined;
    const needTypes = reply.t === 'error' && reply.v.startsWith('WRONGTYPE');
    const { explain, commandKeys } = reply.t === 'error' ? await loadExplain() : { explain: undefined, commandKeys: undefined };
    if (this.deps.keyInfo && (needTypes || name === 'keys')) {
      try {
        const info = await this.deps.keyInfo(this.db, needTypes && commandKeys ? commandKeys(this.specs, argv) : []);
        keyTypes = info.types;
        dbsize = info.dbsize;
      } catch {
        /* no notes then */
      }
    }
    if (reply.t === 'error' && explain) {
      const note = explain({ argv, reply, specs: this.specs, ...(keyTypes ? { keyTypes } : {}) });
      if (note) this.println(`${NOTE}${escapeControls(note).replace(/\n/g, `${RESET}\n${NOTE}`)}${RESET}`);
      return;
    }
    if (name === 'keys' && dbsize !== undefined && dbsize >= KEYS_COST_THRESHOLD) {
      this.println(
        `${NOTE}KEYS walked all ${dbsize.toLocaleString('en-US')} keys while every other client waited.` +
          ` In production, iterate with SCAN 0 MATCH ${escapeControls(argv[1] ?? '*')} COUNT 100 instead.${RESET}`,
      );
    }
  }
}

/**
 * Loads a module on first use and keeps it: later calls return it without
 * going back through the module loader (which costs a task, i.e. a frame).
 */
function lazy<T>(load: () => Promise<T>): () => T | Promise<T> {
  let loaded: T | undefined;
  return () => loaded ?? load().then((m) => (loaded = m));
}
const loadHelp = lazy(() => import('../cli/help'));
const loadPython = lazy(() => import('../cli/python'));
const loadExplain = lazy(() => import('../cli/explain'));

/**
 * Lines copied from lessons or tutorials: strip a leading `127.0.0.1:6379>`
 * or `redis>` prompt; `#` comment lines are skipped (null).
 */
export function stripPrompt(line: string): string | null {
  const t = line.replace(/^\s*(?:(?:[\w.-]+:\d+(?:\[\d+\])?(?:\(TX\))?|redis)>\s?)/, '');
  if (/^\s*#/.test(t)) return null;
  return t;
}
