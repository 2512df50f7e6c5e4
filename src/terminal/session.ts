/**
 * One redis-cli session: the line editor, the prompt, and the loop that
 * sends each line to the engine and prints the reply as redis-cli would.
 * Independent of xterm.js and React so it can be tested headlessly.
 */
import type { ExecResult, Reply } from '../protocol/messages';
import { formatCommandReply } from '../cli/format';
import { splitArgs } from '../cli/split';
import { LineEditor, type Effect, type EditorOptions } from './line-editor';

export interface SessionDeps {
  /** Sends argv to the engine for this client. */
  exec(argv: readonly string[]): Promise<ExecResult>;
  /** Resolves with the late reply when a command blocked (BLPOP). */
  waitReply(): Promise<{ reply: Reply; db: number; resp: 2 | 3 }>;
  write(data: string): void;
  clear(): void;
  /** Handles lines that are not Redis commands (`clear`, `help`, lesson commands). Return true when handled. */
  local?(argv: readonly string[], line: string): boolean | Promise<boolean>;
  /** Extra lines printed after a reply (explanations, cost notes). */
  annotate?(argv: readonly string[], reply: Reply): string | undefined;
  onHistoryChange?(history: readonly string[]): void;
  onReply?(argv: readonly string[], reply: Reply): void;
  host?: string;
}

export class TerminalSession {
  readonly editor: LineEditor;
  db = 0;
  multi = false;
  resp: 2 | 3 = 2;
  private busy = false;
  private queue: { line: string; done?: () => void }[] = [];
  private readonly host: string;

  constructor(
    private readonly deps: SessionDeps,
    opts: EditorOptions = {},
  ) {
    this.editor = new LineEditor(opts);
    this.host = deps.host ?? '127.0.0.1:6379';
  }

  prompt(): string {
    return `${this.host}${this.db !== 0 ? `[${this.db}]` : ''}${this.multi ? '(TX)' : ''}> `;
  }

  start(): void {
    this.apply(this.editor.start(this.prompt()));
  }

  /** Input from the terminal (keys, pastes). */
  feed(data: string): void {
    this.apply(this.editor.feed(data));
  }

  get isBusy(): boolean {
    return this.busy;
  }

  /** Types a line as if the user had (lessons use this). */
  typeLine(line: string): Promise<void> {
    return new Promise((resolve) => {
      this.queue.push({ line, done: resolve });
      void this.drain();
    });
  }

  /** Lines waiting to run (a long paste shows its progress with this). */
  get pending(): number {
    return this.queue.length;
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

  private draining = false;

  private async drain(): Promise<void> {
    if (this.draining || this.busy) return;
    this.draining = true;
    this.busy = true;
    this.editor.stopEditing();
    try {
      while (this.queue.length > 0) {
        const item = this.queue.shift()!;
        const line = stripPrompt(item.line);
        try {
          if (line !== null) {
            this.deps.write(this.prompt() + line + '\r\n');
            await this.runLine(line);
          }
        } finally {
          item.done?.();
        }
      }
    } finally {
      this.busy = false;
      this.draining = false;
    }
    this.start();
  }

  /** Runs one line as redis-cli's REPL does. */
  async runLine(line: string): Promise<void> {
    this.editor.addHistory(line);
    this.deps.onHistoryChange?.(this.editor.historyEntries);
    if (line.trim() === '') return;
    let argv = splitArgs(line);
    if (argv === null) {
      this.deps.write('Invalid argument(s)\r\n');
      return;
    }
    if (argv.length === 0) return;
    const first = argv[0]!.toLowerCase();
    if (first === 'clear') {
      this.deps.clear();
      return;
    }
    if (this.deps.local && (await this.deps.local(argv, line))) return;
    // redis-cli repeats a command when the line starts with a count: `3 INCR x`.
    let repeat = 1;
    if (argv.length > 1 && /^[0-9]+$/.test(argv[0]!)) {
      repeat = Math.min(Number(argv[0]), 1_000_000);
      argv = argv.slice(1);
    }
    for (let i = 0; i < repeat; i++) {
      let res: ExecResult;
      try {
        res = await this.deps.exec(argv);
      } catch (e) {
        // The engine itself failed (e.g. it was restarted after a runaway command).
        this.deps.write(`(error) ${e instanceof Error ? e.message : String(e)}\r\n`);
        return;
      }
      let reply = res.reply;
      this.db = res.db;
      this.multi = res.multi;
      this.resp = res.resp;
      if (reply === undefined) {
        const late = await this.deps.waitReply();
        reply = late.reply;
        this.db = late.db;
        this.resp = late.resp;
      }
      this.print(argv, reply);
    }
  }

  private print(argv: readonly string[], reply: Reply): void {
    const text = formatCommandReply(argv, reply, { resp: this.resp });
    this.deps.write(text.replace(/\n/g, '\r\n') + '\r\n');
    const note = this.deps.annotate?.(argv, reply);
    if (note) this.deps.write(note.replace(/\n/g, '\r\n') + '\r\n');
    this.deps.onReply?.(argv, reply);
  }
}

/**
 * Lines copied from lessons or tutorials: strip a leading `127.0.0.1:6379>`
 * or `redis>` prompt; `#` comment lines are skipped (null).
 */
export function stripPrompt(line: string): string | null {
  const t = line.replace(/^\s*(?:(?:[\w.-]+:\d+(?:\[\d+\])?(?:\(TX\))?|redis)>\s?)/, '');
  if (/^\s*#/.test(t)) return null;
  return t;
}
