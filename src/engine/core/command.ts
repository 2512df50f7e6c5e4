import type { Engine } from '../engine';
import type { AclUser } from './acl';
import type { Db, WatchedKey } from './keyspace';
import type { Reply } from './reply';
import type { TrackingState } from './tracking';

/**
 * The command table is data: arity, flags, key positions, argument grammar
 * and docs. It drives arity errors, COMMAND, HELP, hints, completion and the
 * visualizer's idea of which keys a command touches.
 */
export type ArgType =
  | 'key'
  | 'string'
  | 'integer'
  | 'double'
  | 'pattern'
  | 'unix-time'
  | 'pure-token'
  | 'oneof'
  | 'block';

export interface ArgSpec {
  readonly name: string;
  readonly type: ArgType;
  /** The literal keyword that introduces the argument (`EX`, `WITHSCORES`). */
  readonly token?: string;
  readonly optional?: boolean;
  readonly multiple?: boolean;
  /** With `multiple`: the token repeats before every value. */
  readonly multipleToken?: boolean;
  readonly args?: readonly ArgSpec[];
  /** Text shown instead of the name (redis-cli's display_text). */
  readonly display?: string;
  /** Version that added this argument (COMMAND DOCS `since`). */
  readonly since?: string;
  /** Version that deprecated this argument (COMMAND DOCS `deprecated_since`). */
  readonly deprecatedSince?: string;
}

export type CommandGroup =
  | 'generic'
  | 'string'
  | 'list'
  | 'set'
  | 'sorted-set'
  | 'hash'
  | 'pubsub'
  | 'transactions'
  | 'connection'
  | 'server'
  | 'scripting'
  | 'hyperloglog'
  | 'bitmap'
  | 'geo'
  | 'stream'
  | 'cluster';

/**
 * Where the keys of a "movablekeys" command are, as data (Redis's key specs
 * and getkeys procedures), so that the table can cross to the page:
 * - `numkeys`: a count at `at`, that many keys right after it (ZUNION,
 *   LMPOP, EVAL with `min: 0`); `before`: fixed key positions ahead of the
 *   count (ZUNIONSTORE's destination).
 * - `keyword-half`: after `keyword`, the first half of the remaining
 *   arguments (XREAD ... STREAMS k1 k2 id1 id2).
 * - `sort`: SORT's key, and the argument of its last STORE (sortGetKeys).
 * - `store-keywords`: the key at 1 plus the argument after each of
 *   `keywords` (GEORADIUS's STORE and STOREDIST).
 * See `keyPositions` in spec/keys.ts.
 */
export type MovableKeys =
  | { readonly find: 'numkeys'; readonly at: number; readonly min?: number; readonly before?: readonly number[] }
  | { readonly find: 'keyword-half'; readonly keyword: string }
  | { readonly find: 'sort' }
  | { readonly find: 'store-keywords'; readonly keywords: readonly string[] }
  | { readonly find: 'migrate' };

/**
 * One key spec of Redis 7's command table (COMMAND INFO): the flags of the
 * keys it finds, where the search begins (an argument index, a keyword with
 * the index to start looking from, negative from the end, or null: unknown)
 * and how keys are found from there (`range`: last key relative to the
 * first, negative from the end, step, limit; `keynum`: the key count's index,
 * the first key's, the step, all relative to the begin; null: unknown).
 */
export interface KeySpec {
  /** Space-separated, in COMMAND INFO's order. */
  readonly flags: string;
  readonly begin: number | readonly [keyword: string, startfrom: number] | null;
  readonly find:
    | readonly ['range', lastkey: number, keystep: number, limit: number]
    | readonly ['keynum', keynumidx: number, firstkey: number, keystep: number]
    | null;
  readonly notes?: string;
}

export interface CommandSpec {
  /** Lower case; subcommands are `container|sub` (`config|get`). */
  readonly name: string;
  /** Redis's arity: N means exactly N arguments including the name, -N at least N. */
  readonly arity: number;
  readonly flags: readonly string[];
  /** Key positions as in COMMAND INFO: first, last (negative from end), step. 0 when none. */
  readonly firstKey: number;
  readonly lastKey: number;
  readonly step: number;
  /** For "movablekeys" commands: where the keys are, given the arguments. */
  readonly movableKeys?: MovableKeys;
  readonly group: CommandGroup;
  readonly since: string;
  readonly summary: string;
  readonly complexity?: string;
  readonly args?: readonly ArgSpec[];
  /** For container commands (CONFIG, OBJECT, CLIENT ...). */
  readonly subcommands?: readonly CommandSpec[];
  /** COMMAND DOCS `history`: [version, change] pairs. */
  readonly history?: readonly (readonly [string, string])[];
}

declare const HANDLERS: unique symbol;

/**
 * A spec whose handler names the compiler knows: `Need` are the names that
 * must have a handler (a plain command, or each subcommand of a container),
 * `May` the container that may have one of its own (COMMAND). Made by
 * spec/dsl.ts `cmd`; the property exists only in the type.
 */
export interface TypedSpec<Need extends string, May extends string = never> extends CommandSpec {
  readonly [HANDLERS]?: { readonly need: Need; readonly may: May };
}

/** The handler names a spec (or a union of specs) needs. */
export type NeedsHandler<S> = S extends TypedSpec<infer N, string> ? N : never;
/** The container names of a spec (or a union of specs) that may have a handler. */
export type MayHaveHandler<S> = S extends TypedSpec<string, infer M> ? M : never;

/**
 * A command group's handlers, typed against its specs: every command and
 * subcommand of the table needs an entry (null: in the table, deliberately
 * not implemented), and no other name is allowed.
 */
export type HandlersFor<Specs extends readonly CommandSpec[]> = {
  readonly [K in NeedsHandler<Specs[number]>]: Handler | null;
} & { readonly [K in MayHaveHandler<Specs[number]>]?: Handler };

/** Per-connection state. One per terminal tab or TCP connection. */
export interface ClientState {
  readonly id: number;
  name: string;
  db: number;
  resp: 2 | 3;
  readonly createdAt: number;
  lastCommandAt: number;
  lastCommand: string;
  /** Queued commands while inside MULTI; undefined outside it. `dirty`: a queue-time error (EXECABORT). */
  multi: { queue: string[][]; dirty: boolean } | undefined;
  /** WATCHed keys (multi.c's watched_keys); registered with their Db, which touches them. */
  watching: WatchedKey[];
  /** A WATCHed key was modified (CLIENT_DIRTY_CAS): the next EXEC fails with a null reply. */
  dirtyCas: boolean;
  /**
   * True while EXEC runs the queued commands (Redis's CLIENT_DENY_BLOCKING).
   * Blocking commands must not block then: they reply at once as if their
   * timeout had expired (BLPOP gives a null array).
   */
  inExec: boolean;
  /** The client scripts run their commands as (Redis's CLIENT_SCRIPT). */
  script?: boolean;
  /**
   * The host encodes this client's replies straight into RESP (the TCP
   * server): arrays of bulk strings may then come as `BulkArray`s, which
   * keep the strings without a reply object each (see core/reply.ts).
   */
  packedReplies?: boolean;
  /** Set by QUIT (and CLIENT KILL of oneself): the host closes the connection after sending the reply. */
  closeAfterReply: boolean;
  /** Set while the client is blocked (BLPOP & co). */
  blocked: BlockedState | undefined;
  /** Pub/Sub subscriptions (see core/pubsub.ts); undefined until the first one. */
  subscriptions?: Set<string>;
  patterns?: Set<string>;
  shardSubscriptions?: Set<string>;
  /** CLIENT REPLY state: REPLY_FLAG bits, 0 when replies flow normally. */
  replyFlags: number;
  /** CLIENT TRACKING's mode while it is on (see core/tracking.ts); undefined while off. */
  tracking?: TrackingState;
  /** Set by MONITOR: the client is sent a line for every command run (see Engine.monitors). */
  monitor?: boolean;
  /**
   * Redis's `c->authenticated`, kept by hosts that enforce `requirepass`
   * (the RESP server sets it when a client connects: true when no password
   * is required then). AUTH and HELLO ... AUTH set it; undefined counts as
   * authenticated (the browser's clients).
   */
  authenticated?: boolean;
  /**
   * The ACL user the client runs commands as (Redis's `c->user`): the
   * default user until AUTH or HELLO ... AUTH; undefined for the host's own
   * clients, which may run anything.
   */
  user?: AclUser;
  /** Delivers a reply that arrives later (a blocked command woken, pub/sub). */
  send: (reply: Reply) => void;
  closed: boolean;
}

/** A connection's state as it starts: database 0, RESP2, nothing queued, watched or blocked. */
export function newClientState(id: number, now: number, send: (reply: Reply) => void): ClientState {
  return {
    id,
    name: '',
    db: 0,
    resp: 2,
    createdAt: now,
    lastCommandAt: now,
    lastCommand: 'NULL',
    multi: undefined,
    watching: [],
    dirtyCas: false,
    inExec: false,
    closeAfterReply: false,
    blocked: undefined,
    send,
    replyFlags: 0,
    closed: false,
  };
}

export interface BlockedState {
  readonly keys: readonly string[];
  readonly db: number;
  /** Absolute engine time in ms; 0 blocks forever. */
  readonly timeoutAt: number;
  /**
   * Tries to serve the client from `readyKey` (a key just written); returns
   * the reply, or undefined to keep waiting. See core/blocking.ts.
   */
  readonly retry: (readyKey: string) => Reply | undefined;
  readonly onTimeout: () => Reply;
  readonly command: string;
}

/** What a handler is given. */
export interface Ctx {
  readonly engine: Engine;
  readonly client: ClientState;
  readonly db: Db;
  /** argv[0] is the command name as typed. */
  readonly argv: readonly string[];
  /** Engine time for this command (frozen while it runs, as in Redis). */
  readonly now: number;
}

/** A handler returns a reply, or BLOCK after setting `client.blocked`. */
export type Handler = (ctx: Ctx) => Reply | typeof BLOCK;

export const BLOCK: unique symbol = Symbol('block');

/**
 * CLIENT REPLY flags: CLIENT_REPLY_OFF, CLIENT_REPLY_SKIP_NEXT,
 * CLIENT_REPLY_SKIP, and NO_REPLY for the command that sets them (CLIENT
 * REPLY OFF and SKIP answer nothing themselves).
 */
export const REPLY_FLAG = { OFF: 1, SKIP_NEXT: 2, SKIP: 4, NO_REPLY: 8 } as const;
/** Flags under which replies (not pushes) are dropped. */
export const REPLY_SILENT = REPLY_FLAG.OFF | REPLY_FLAG.SKIP | REPLY_FLAG.NO_REPLY;
