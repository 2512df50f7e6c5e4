/**
 * The slow log (Redis's slowlog.c): commands that took at least
 * `slowlog-log-slower-than` microseconds, newest first, at most
 * `slowlog-max-len` of them. The engine times commands and calls `push`.
 */
import type { ClientState } from './command';
import { clientAddress } from './monitor';

/** Arguments kept per entry; the last one then says how many more there were. */
const MAX_ARGC = 32;
/** Bytes kept per argument; the rest is counted. */
const MAX_STRING = 128;

export interface SlowlogEntry {
  readonly id: number;
  /** Unix time in seconds. */
  readonly time: number;
  /** Microseconds. */
  readonly duration: number;
  readonly argv: readonly string[];
  readonly peer: string;
  readonly name: string;
}

export class SlowLog {
  /** Newest first. */
  entries: SlowlogEntry[] = [];
  private nextId = 0;

  push(client: ClientState, argv: readonly string[], duration: number, nowMs: number, maxLen: number): void {
    const argc = Math.min(argv.length, MAX_ARGC);
    const kept: string[] = [];
    for (let j = 0; j < argc; j++) {
      const a = argv[j]!;
      if (argc !== argv.length && j === argc - 1) kept.push(`... (${argv.length - argc + 1} more arguments)`);
      else if (a.length > MAX_STRING) kept.push(`${a.slice(0, MAX_STRING)}... (${a.length - MAX_STRING} more bytes)`);
      else kept.push(a);
    }
    this.entries.unshift({ id: this.nextId++, time: Math.floor(nowMs / 1000), duration, argv: kept, peer: clientAddress(client), name: client.name });
    if (this.entries.length > maxLen) this.entries.length = maxLen;
  }

  reset(): void {
    this.entries = [];
  }
}
