/**
 * What lessons need from the engine, on the worker side:
 * - a journal of the commands clients ran (with their replies), so goals
 *   such as "the last reply was ..." or "SET was used with EX" can be checked;
 * - a side-effect-free read of the keys a goal talks about (no stats, no
 *   LRU updates, no events: expired keys simply read as absent);
 * - resetting the server to a lesson's starting keyspace through an internal
 *   client, and saving database 0 as commands that rebuild it.
 */
import { fromText, toText, type ClientState, type Engine, type Entry, type Reply } from '../engine';
import type {
  InspectRequest,
  InspectResult,
  JournalEntry,
  KeySnapshot,
  KeyValue,
  LessonResetRequest,
  LessonResetResult,
  LessonSaveResult,
} from '../protocol/lessons';

/** How many journal entries are kept (a ring: the page asks often). */
const JOURNAL_SIZE = 1000;
/** Databases with more keys than this are not saved per lesson. */
export const LESSON_SAVE_LIMIT = 20_000;

export class LessonSupport {
  private journal: JournalEntry[] = [];
  private seq = 0;
  private internal: { engine: Engine; client: ClientState } | undefined;

  constructor(private readonly engine: () => Engine) {}

  /** The journal's position (the last entry's seq). */
  get position(): number {
    return this.seq;
  }

  /** Records a command a (non-internal) client ran. */
  record(client: number, argv: readonly string[], reply: Reply | undefined): void {
    const e = this.engine();
    this.journal.push({ seq: ++this.seq, client, argv: argv.map(toText), reply: reply ?? null, time: e.clock.now() });
    if (this.journal.length > JOURNAL_SIZE) this.journal.splice(0, this.journal.length - JOURNAL_SIZE);
  }

  inspect(req: InspectRequest): InspectResult {
    const engine = this.engine();
    const db = engine.dbs[req.db];
    const now = engine.clock.now();
    const keys: KeySnapshot[] = [];
    for (const raw of req.keys) keys.push(this.read(engine, req.db, raw, now));
    const since = req.since ?? this.seq;
    return {
      now,
      dbsize: db ? liveSize(db.data.keys(), db.expires, now) : 0,
      keys,
      journal: this.journal.filter((j) => j.seq > since),
      seq: this.seq,
    };
  }

  private read(engine: Engine, dbIndex: number, key: string, now: number): KeySnapshot {
    const db = engine.dbs[dbIndex];
    const k = fromText(key); // keys arrive as text; the engine stores byte strings
    const entry = db?.data.peek(k) as Entry | undefined;
    const at = db?.expires.get(k);
    if (entry === undefined || (at !== undefined && at <= now)) return { key, entry: null, pttl: -2 };
    return { key, entry: readEntry(entry), pttl: at === undefined ? -1 : at - now };
  }

  /** Empties every database, then runs the setup on database 0. */
  reset(req: LessonResetRequest): LessonResetResult {
    const c = this.client();
    const engine = this.engine();
    const errors: { index: number; reply: Reply }[] = [];
    for (let i = 0; i < engine.dbs.length; i++) {
      if (engine.dbs[i]!.data.size === 0) continue;
      engine.runArgv(c, ['SELECT', String(i)]);
      engine.runArgv(c, ['FLUSHDB']);
    }
    engine.runArgv(c, ['SELECT', '0']);
    req.setup.forEach((argv, index) => {
      const reply = engine.runArgv(c, argv);
      if (reply?.t === 'error') errors.push({ index, reply });
    });
    return { errors, seq: this.seq };
  }

  /** Database 0 as commands that rebuild it (absolute expiry times kept). */
  save(): LessonSaveResult {
    const engine = this.engine();
    const db = engine.dbs[0]!;
    const now = engine.clock.now();
    if (db.data.size > LESSON_SAVE_LIMIT) return { commands: null, keys: db.data.size };
    const out: string[][] = [];
    for (const [key, entry] of db.data.view()) {
      const at = db.expires.get(key);
      if (at !== undefined && at <= now) continue;
      const k = key;
      const v = rawEntry(entry as Entry);
      switch (v.type) {
        case 'string':
          out.push(['SET', k, v.value]);
          break;
        case 'hash':
          out.push(['HSET', k, ...v.value.flat()]);
          break;
        case 'list':
          out.push(['RPUSH', k, ...v.value]);
          break;
        case 'set':
          out.push(['SADD', k, ...v.value]);
          break;
        case 'zset':
          out.push(['ZADD', k, ...v.value.flatMap(([m, s]) => [scoreText(s), m])]);
          break;
        case 'other':
          continue;
      }
      if (at !== undefined) out.push(['PEXPIREAT', k, String(at)]);
    }
    return { commands: out, keys: out.length };
  }

  /** The internal client: not listed by CLIENT LIST, never journaled. */
  private client(): ClientState {
    const engine = this.engine();
    if (this.internal?.engine !== engine) {
      const before = { ...engine.stats };
      const client = engine.createClient();
      client.name = 'lesson';
      engine.clients.delete(client.id);
      Object.assign(engine.stats, { connections: before.connections });
      this.internal = { engine, client };
    }
    return this.internal.client;
  }
}

function liveSize(keys: Iterable<string>, expires: ReadonlyMap<string, number>, now: number): number {
  if (expires.size === 0) {
    let n = 0;
    for (const _ of keys) n++;
    return n;
  }
  let n = 0;
  for (const k of keys) {
    const at = expires.get(k);
    if (at === undefined || at > now) n++;
  }
  return n;
}

/** Reads an entry without touching the keyspace, as text. */
function readEntry(e: Entry): KeyValue {
  const v = rawEntry(e);
  switch (v.type) {
    case 'string':
      return { type: 'string', value: toText(v.value) };
    case 'hash':
      return { type: 'hash', value: v.value.map(([f, x]) => [toText(f), toText(x)] as const) };
    case 'list':
    case 'set':
      return { type: v.type, value: v.value.map(toText) };
    case 'zset':
      return { type: 'zset', value: v.value.map(([m, s]) => [toText(m), s] as const) };
    default:
      return v;
  }
}

/** Reads an entry without touching the keyspace, as engine byte strings. */
function rawEntry(e: Entry): KeyValue {
  switch (e.type) {
    case 'string':
      return { type: 'string', value: e.value };
    case 'hash':
      return { type: 'hash', value: [...e.value] };
    case 'list':
      return { type: 'list', value: [...e.value] };
    case 'set':
      return { type: 'set', value: [...e.value] };
    default:
      return readOther(e as { type: string; value: unknown });
  }
}

/** Types that joined the Entry union later (sorted sets) are read through their iterator. */
function readOther(e: { type: string; value: unknown }): KeyValue {
  const v = e.value as Iterable<unknown> | undefined;
  if (e.type === 'zset' && v && typeof (v as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function') {
    const pairs: (readonly [string, number])[] = [];
    for (const item of v) {
      if (Array.isArray(item) && typeof item[0] === 'string' && typeof item[1] === 'number') pairs.push([item[0], item[1]]);
    }
    return { type: 'zset', value: pairs };
  }
  return { type: 'other', name: e.type };
}

function scoreText(s: number): string {
  if (s === Infinity) return '+inf';
  if (s === -Infinity) return '-inf';
  return String(s);
}
