/**
 * The typed conversation between the page and the engine's Web Worker:
 * a request map answered by id (duckdb-wasm style), plus a separate stream
 * of events the worker pushes (keyspace changes, late replies, clock).
 */
import type { Combination, CommandFacts, CommandSpec, EntryType, GeoSearchChange, KeyChange, KeyRef, ListChange, ReadRange, Reply, ScoreChange } from '../engine';
import type { TreeRequest, TreeWindow, ValueRequest, ValueWindow, VennRequest, VennResult } from './views';
import type { InspectRequest, InspectResult, LessonResetRequest, LessonResetResult, LessonSaveResult } from './lessons';
import type { TimelineList, TimelinePreview, TimelinePreviewRequest, UndoRequest, UndoResult } from './timeline';

export type { Combination, CommandSpec, EntryType, GeoSearchChange, KeyChange, ListChange, ReadRange, Reply, ScoreChange };
export type * from './views';
export type * from './lessons';
export type * from './timeline';

/** What the views know about one key. `type: null` means the key is gone. */
export interface KeyMeta {
  readonly db: number;
  readonly key: string;
  readonly type: EntryType | 'zset' | null;
  /** Elements (strings: bytes). */
  readonly size: number;
  /** Absolute expiry time on the engine clock in ms, or -1. */
  readonly expireAt: number;
}

export interface ClockState {
  readonly now: number;
  readonly paused: boolean;
  readonly speed: number;
}

export type ClockCommand =
  | { readonly op: 'get' }
  | { readonly op: 'pause' }
  | { readonly op: 'play'; readonly speed?: number }
  | { readonly op: 'advance'; readonly ms: number };

export interface ExecResult {
  /** undefined when the client is now blocked (the reply comes as an event). */
  readonly reply: Reply | undefined;
  /** The client's selected database after the command. */
  readonly db: number;
  /** True while the client is inside MULTI. */
  readonly multi: boolean;
  /** True when the connection should be closed (QUIT). */
  readonly closed: boolean;
  /** The connection's protocol version (HELLO 2/3). */
  readonly resp: 2 | 3;
  /** The ACL user the connection runs as after the command (AUTH, HELLO ... AUTH), when it is not `default`. */
  readonly user?: string;
  /**
   * Replies the command sent this client before its own reply, in order:
   * SUBSCRIBE a b confirms `a` here and `b` as `reply`; a RESP3 client
   * publishing to its own channel gets the message here.
   */
  readonly pushed?: readonly Reply[];
  /** No reply and none to wait for: CLIENT REPLY OFF or SKIP silenced it (the command did not block). */
  readonly silenced?: true;
  /** What a script the command ran wrote with redis.log (level: 0 debug, 1 verbose, 2 notice, 3 warning). */
  readonly log?: readonly { readonly level: number; readonly message: string }[];
}

/** Request kinds and their payloads. */
export interface Api {
  /**
   * A new connection. A learner's (a terminal) must AUTH when `requirepass`
   * is set, as a new Redis connection must; `internal` ones are the app's
   * own (export, lesson widgets) and are never locked out.
   */
  open: { req: { readonly name?: string; readonly internal?: boolean }; res: { readonly client: number } };
  close: { req: { readonly client: number }; res: null };
  exec: { req: { readonly client: number; readonly argv: readonly string[] }; res: ExecResult };
  /** Several commands in one round trip; stops after one that blocks or closes the connection. */
  execBatch: { req: { readonly client: number; readonly argvs: readonly (readonly string[])[] }; res: readonly ExecResult[] };
  specs: { req: null; res: readonly CommandSpec[] };
  keys: {
    req: { readonly db: number; readonly limit: number };
    res: { readonly keys: readonly KeyMeta[]; readonly total: number };
  };
  clock: { req: ClockCommand; res: ClockState };
  /** Types of some keys (as TYPE reports them) and the database size; for learner notes. */
  keyInfo: {
    req: { readonly db: number; readonly keys: readonly string[] };
    res: { readonly types: Record<string, string>; readonly dbsize: number };
  };
  /** The visualizer's keyspace tree: a window of rows over a live, sorted, filtered index. */
  tree: { req: TreeRequest; res: TreeWindow };
  /** A window of one key's contents. */
  value: { req: ValueRequest; res: ValueWindow };
  /** Region counts of two or three sets (SINTER/SUNION/SDIFF drawn as a Venn diagram). */
  venn: { req: VennRequest; res: VennResult };
  /** Lessons: the keys a goal needs, plus the journal of commands since `since`. */
  inspect: { req: InspectRequest; res: InspectResult };
  /** Lessons: empty the server and build a lesson's starting keyspace. */
  lessonReset: { req: LessonResetRequest; res: LessonResetResult };
  /** Lessons: database 0 as commands that rebuild it. */
  lessonSave: { req: null; res: LessonSaveResult };
  /**
   * Switches the engine to another workspace (a whole server: free play, or
   * one lesson's), after the current one's keys are saved. The workspace's
   * saved keys come back; one never saved (or `replace`) is built from
   * `setup` (commands run on database 0 of an empty server).
   */
  workspace: { req: WorkspaceRequest; res: WorkspaceResult };
  /** Saves every pending change now (the page is being hidden or closed). */
  flush: { req: null; res: { readonly ok: boolean } };
  /** The session's timeline: the commands that changed the keyspace. */
  timeline: { req: null; res: TimelineList };
  /** Undoes the last command that changed the keyspace. */
  undo: { req: UndoRequest; res: UndoResult };
  /** The keys that differ between a point of the timeline and now. */
  timelinePreview: { req: TimelinePreviewRequest; res: TimelinePreview };
  /** Makes the keyspace what it was right after a timeline entry (0: before the first kept). */
  timelineRestore: { req: { readonly id: number }; res: UndoResult };
  /** Gives the worker the answer line (see answer-line.ts); the worker itself takes it, not the engine host. */
  answerLine: { req: { readonly buffer: SharedArrayBuffer }; res: null };
  /** The whole keyspace as Redis 7.0's RDB file (what SAVE writes to dump.rdb). */
  rdbDump: { req: null; res: { readonly bytes: Uint8Array } };
  /** Replaces the whole keyspace with an RDB file's; a file Redis would refuse changes nothing. */
  rdbLoad: { req: { readonly bytes: Uint8Array; readonly name: string }; res: RdbLoadResult };
}

/** What loading an RDB file did: how many keys came (and how many had expired), or the lines redis-server logs when it refuses the file. */
export type RdbLoadResult =
  | { readonly ok: true; readonly keys: number; readonly expired: number; readonly skipped: number }
  | { readonly ok: false; readonly log: readonly string[] };

export type ApiKind = keyof Api;

export interface WorkspaceRequest {
  /** `free` (the learner's own keys) or `lesson:<id>`. */
  readonly name: string;
  readonly setup: readonly (readonly string[])[];
  /** Build from `setup` even when the workspace was saved before (reset, import). */
  readonly replace?: boolean;
}

export interface WorkspaceResult {
  /** True when the workspace's saved keys came back; false when it was built from `setup`. */
  readonly restored: boolean;
  /** Keys in all databases now. */
  readonly keys: number;
  /** Setup commands that failed. */
  readonly errors: readonly { readonly index: number; readonly reply: Reply }[];
  /** The lesson journal's position (see LessonResetResult). */
  readonly seq: number;
}

export interface RequestMessage<K extends ApiKind = ApiKind> {
  readonly id: number;
  readonly kind: K;
  readonly req: Api[K]['req'];
  /** Also write the answer to the answer line: the page is waiting for it in the same task. */
  readonly answer?: true;
}

export type ResponseMessage =
  | { readonly id: number; readonly ok: true; readonly res: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string };

/** used_memory against maxmemory, as INFO memory and INFO stats report them. */
export interface MemoryGauge {
  readonly used: number;
  readonly max: number;
  readonly policy: string;
  /** INFO stats evicted_keys. */
  readonly evicted: number;
}

/** What one command did, as the views need it. */
export interface ChangeEvent extends CommandFacts {
  readonly type: 'change';
  /** Keys the command read, in its database. */
  readonly reads: readonly string[];
  /** Current state of every key written, deleted or expired by the command. */
  readonly keys: readonly KeyMeta[];
  readonly expired: readonly KeyRef[];
  /** Keys of `keys` that maxmemory evicted to make room for the command (they are gone). */
  readonly evicted?: readonly KeyRef[];
  /** The memory figures after the command, when a maxmemory other than the page's default is set. */
  readonly memory?: MemoryGauge;
  /** Keys of `keys` that did not exist before the command. */
  readonly created?: readonly string[];
  /** When a command touched very many keys (FLUSHDB, DEBUG POPULATE): how many `keys` leaves out. */
  readonly truncated?: number;
}

export type WorkerEvent =
  /** The worker was replaced (a runaway command was stopped); clients must reconnect. */
  | { readonly type: 'restart'; readonly reason: string }
  | ChangeEvent
  | { readonly type: 'reply'; readonly client: number; readonly reply: Reply; readonly db: number; readonly resp: 2 | 3 }
  | { readonly type: 'clock'; readonly state: ClockState }
  /**
   * Saving in the browser: `ok: false` when changes could not be saved (or
   * saved keys could not be read back), `ok: true` when saving works again.
   */
  | { readonly type: 'storage'; readonly ok: boolean; readonly message: string };

/**
 * The request has run and only the saving of what it wrote remains (placed in
 * slices while other requests are answered): the worker is not stuck, so the
 * page stops the request's runaway timer and waits for the answer.
 */
export interface SavingMessage {
  readonly id: number;
  readonly saving: true;
}

export type WorkerMessage = ResponseMessage | SavingMessage | { readonly id: 0; readonly event: WorkerEvent };
