/**
 * SAVE, BGSAVE and LASTSAVE against whatever keeps the host's data: the
 * browser saves the keyspace to IndexedDB, a host without storage has none.
 * The engine keeps Redis's bookkeeping (INFO persistence): when the last
 * save happened, how many there were, whether one is running, whether the
 * last one worked, and the changes since.
 */

/** What a host offers to save the keyspace with. */
export interface SaveTarget {
  /** Saves now (SAVE); false when the keyspace could not be saved. */
  saveNow(): boolean;
  /** Starts a save that ends later (BGSAVE): `done(ok)` when it has. */
  saveInBackground(done: (ok: boolean) => void): void;
  /** Where the host writes Redis's log lines (a save point firing), if anywhere. */
  log?(line: string): void;
}

/** `save` points as pairs of [seconds, changes]. */
export function parseSavePoints(text: string): [number, number][] {
  const parts = text.split(' ').filter((p) => p !== '');
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) out.push([Number(parts[i]), Number(parts[i + 1])]);
  return out;
}

/** How long a failed background save waits before a save point tries again (CONFIG_BGSAVE_RETRY_DELAY). */
const BGSAVE_RETRY_MS = 5000;

export class Persistence {
  /** Engine time (ms) of the last successful save; the start, before any. */
  lastSaveAt: number;
  saves = 0;
  lastBgsaveOk = true;
  /** Engine time the running background save started at, or undefined. */
  bgsaveSince: number | undefined;
  /** Seconds the last background save took, -1 before any. */
  lastBgsaveSeconds = -1;
  /** The change counter (MemoryMeter.changes) at the last save. */
  private changesAtSave = 0;
  /** Engine time of the last background save started, successful or not (lastbgsave_try). */
  private lastBgsaveTry = 0;
  /** Keys the last load of a file brought, and left out as expired (INFO rdb_last_load_keys_*). */
  lastLoadKeysLoaded = 0;
  lastLoadKeysExpired = 0;

  constructor(
    private readonly target: SaveTarget | undefined,
    private readonly host: { now(): number; changes(): number; savePoints(): string },
  ) {
    this.lastSaveAt = host.now();
  }

  get available(): boolean {
    return this.target !== undefined;
  }

  get changesSinceSave(): number {
    return this.host.changes() - this.changesAtSave;
  }

  /** SAVE: true when saved. */
  save(): boolean {
    if (this.target === undefined || !this.target.saveNow()) return false;
    this.saved();
    return true;
  }

  /** BGSAVE: starts a background save (the caller checked none is running). */
  startBackground(): void {
    const target = this.target;
    if (target === undefined) return;
    const started = this.host.now();
    const changes = this.host.changes();
    this.bgsaveSince = started;
    this.lastBgsaveTry = started;
    target.saveInBackground((ok) => {
      this.bgsaveSince = undefined;
      this.lastBgsaveOk = ok;
      this.lastBgsaveSeconds = Math.round((this.host.now() - started) / 1000);
      if (ok) this.saved(changes);
    });
  }

  /**
   * serverCron's check of the `save` points, on the engine's clock: a
   * background save starts when a point's changes happened and its seconds
   * passed since the last save (after a failed save, not before 5 s).
   */
  cron(): void {
    if (this.target === undefined || this.bgsaveSince !== undefined) return;
    const now = this.host.now();
    const changes = this.changesSinceSave;
    for (const [seconds, needed] of parseSavePoints(this.host.savePoints())) {
      if (changes >= needed && now - this.lastSaveAt > seconds * 1000 && (now - this.lastBgsaveTry > BGSAVE_RETRY_MS || this.lastBgsaveOk)) {
        this.target.log?.(`${needed} changes in ${seconds} seconds. Saving...`);
        this.startBackground();
        return;
      }
    }
  }

  /** A file was loaded: what it brought, and the counters start again from it. */
  loaded(keys: number, expired: number): void {
    this.lastLoadKeysLoaded = keys;
    this.lastLoadKeysExpired = expired;
    this.lastSaveAt = this.host.now();
    this.changesAtSave = this.host.changes();
  }

  /**
   * A save the host made on its own (the browser saves shortly after every
   * change, as Redis's `save` points trigger background saves).
   */
  saved(changes: number = this.host.changes()): void {
    this.lastSaveAt = this.host.now();
    this.saves++;
    this.changesAtSave = changes;
  }
}
