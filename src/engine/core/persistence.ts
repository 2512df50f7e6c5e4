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
}

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

  constructor(
    private readonly target: SaveTarget | undefined,
    private readonly host: { now(): number; changes(): number },
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
    target.saveInBackground((ok) => {
      this.bgsaveSince = undefined;
      this.lastBgsaveOk = ok;
      this.lastBgsaveSeconds = Math.round((this.host.now() - started) / 1000);
      if (ok) this.saved(changes);
    });
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
