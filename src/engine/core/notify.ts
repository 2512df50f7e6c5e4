import type { Ctx } from './command';
import { NOTIFY } from './config';
import type { Db } from './keyspace';
import type { PubSub } from './pubsub';

export { NOTIFY };

/**
 * Keyspace notifications (notify-keyspace-events).
 *
 * Handlers report what they did with `notify(c, NOTIFY.LIST, 'lpush', key)`
 * right where Redis calls notifyKeyspaceEvent, so the events come out with
 * Redis's names and in Redis's order. The keyspace itself reports `new`
 * (a key added), `expired` (lazy and active expiry), `evicted` and
 * `keymiss` through the engine.
 *
 * When notifications are off (the default) a call costs one bit test: the
 * flags are kept in a field, updated whenever CONFIG SET changes them.
 *
 * Each event is published like PUBLISH: first to `__keyspace@<db>__:<key>`
 * with the event as message (K flag), then to `__keyevent@<db>__:<event>`
 * with the key as message (E flag).
 */
export class KeyspaceEvents {
  /** notify-keyspace-events as NOTIFY bits. */
  flags = 0;

  constructor(private readonly pubsub: PubSub) {}

  /** notifyKeyspaceEvent: `type` is one NOTIFY class bit. */
  emit(type: number, event: string, key: string, db: number): void {
    const flags = this.flags;
    if ((flags & type) === 0) return;
    if (flags & NOTIFY.KEYSPACE) this.pubsub.publish('channel', `__keyspace@${db}__:${key}`, event);
    if (flags & NOTIFY.KEYEVENT) this.pubsub.publish('channel', `__keyevent@${db}__:${event}`, key);
  }
}

/** A handler's notifyKeyspaceEvent (the key in the command's database unless `db` says otherwise). */
export function notify(c: Ctx, type: number, event: string, key: string, db: number = c.db.id): void {
  const ev = c.engine.keyspaceEvents;
  if ((ev.flags & type) !== 0) ev.emit(type, event, key, db);
}

/**
 * After a command removed elements from `key`: notifies `event` (of class
 * `type`), then deletes the key when it is left `empty` (notifying `del`) or
 * signals the modification, as Redis's removing commands all do.
 */
export function afterRemoval(c: Ctx, type: number, event: string, key: string, empty: boolean, db: Db = c.db): void {
  notify(c, type, event, key, db.id);
  if (empty) {
    db.delete(key);
    notify(c, NOTIFY.GENERIC, 'del', key, db.id);
  } else db.modified(key);
}
