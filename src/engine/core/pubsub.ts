import type { ClientState } from './command';
import { globMatch } from './glob';
import { bulk, int, type Reply } from './reply';

/**
 * Pub/Sub state: who listens to which channel, pattern and shard channel.
 *
 * Two views of the same facts, as Redis keeps them: each client holds its
 * own sets (`ClientState.subscriptions`, `patterns`, `shardSubscriptions`:
 * CLIENT LIST's sub/psub/ssub and the counts in confirmations), and the
 * registry maps each channel or pattern to its subscribers in the order they
 * subscribed (the order messages are delivered in). A channel or pattern
 * with no subscriber left is forgotten, so PUBSUB CHANNELS only lists live
 * ones.
 *
 * Confirmations and messages are `push` replies: the RESP encoder and the
 * terminal lower them to plain arrays for RESP2 connections.
 */
export type SubKind = 'channel' | 'pattern' | 'shard';

const SUBSCRIBE_WORD: Record<SubKind, string> = { channel: 'subscribe', pattern: 'psubscribe', shard: 'ssubscribe' };
const UNSUBSCRIBE_WORD: Record<SubKind, string> = { channel: 'unsubscribe', pattern: 'punsubscribe', shard: 'sunsubscribe' };

export class PubSub {
  readonly channels = new Map<string, Set<ClientState>>();
  readonly patterns = new Map<string, Set<ClientState>>();
  readonly shardChannels = new Map<string, Set<ClientState>>();

  private registry(kind: SubKind): Map<string, Set<ClientState>> {
    return kind === 'channel' ? this.channels : kind === 'pattern' ? this.patterns : this.shardChannels;
  }

  /** The client's own set for a kind, created on first use. */
  private own(client: ClientState, kind: SubKind): Set<string> {
    if (kind === 'channel') return (client.subscriptions ??= new Set());
    if (kind === 'pattern') return (client.patterns ??= new Set());
    return (client.shardSubscriptions ??= new Set());
  }

  /**
   * The count a confirmation carries: channels plus patterns for the classic
   * kinds, shard channels alone for the sharded ones.
   */
  count(client: ClientState, kind: SubKind): number {
    if (kind === 'shard') return client.shardSubscriptions?.size ?? 0;
    return (client.subscriptions?.size ?? 0) + (client.patterns?.size ?? 0);
  }

  /** Every subscription of the client, all kinds together (CLIENT_PUBSUB is set while non-zero). */
  total(client: ClientState): number {
    return (client.subscriptions?.size ?? 0) + (client.patterns?.size ?? 0) + (client.shardSubscriptions?.size ?? 0);
  }

  /** Subscribes; returns the confirmation (sent even when already subscribed). */
  subscribe(client: ClientState, kind: SubKind, name: string): Reply {
    const own = this.own(client, kind);
    if (!own.has(name)) {
      own.add(name);
      const reg = this.registry(kind);
      let subs = reg.get(name);
      if (subs === undefined) reg.set(name, (subs = new Set()));
      subs.add(client);
    }
    return confirmation(SUBSCRIBE_WORD[kind], name, this.count(client, kind));
  }

  /** Unsubscribes one name; returns the confirmation (sent even when not subscribed). */
  unsubscribe(client: ClientState, kind: SubKind, name: string): Reply {
    this.drop(client, kind, name);
    return confirmation(UNSUBSCRIBE_WORD[kind], name, this.count(client, kind));
  }

  /**
   * Unsubscribes from everything of a kind; one confirmation per name, or a
   * single one with a null name when there was nothing to leave.
   */
  unsubscribeAll(client: ClientState, kind: SubKind): Reply[] {
    const own = this.own(client, kind);
    if (own.size === 0) return [confirmation(UNSUBSCRIBE_WORD[kind], undefined, this.count(client, kind))];
    return [...own].map((name) => this.unsubscribe(client, kind, name));
  }

  private drop(client: ClientState, kind: SubKind, name: string): void {
    const own = this.own(client, kind);
    if (!own.delete(name)) return;
    const reg = this.registry(kind);
    const subs = reg.get(name);
    if (subs === undefined) return;
    subs.delete(client);
    if (subs.size === 0) reg.delete(name);
  }

  /** Forgets every subscription of a client without telling it (connection closed, RESET). */
  removeClient(client: ClientState): void {
    for (const kind of ['channel', 'pattern', 'shard'] as const) {
      const own = this.own(client, kind);
      for (const name of [...own]) this.drop(client, kind, name);
    }
  }

  /**
   * Delivers a message: first to the channel's subscribers, then (not for
   * shard channels) to every client whose pattern matches. Returns how many
   * deliveries were made (a client matching twice counts twice).
   */
  publish(kind: 'channel' | 'shard', channel: string, message: string): number {
    let receivers = 0;
    const subs = (kind === 'channel' ? this.channels : this.shardChannels).get(channel);
    if (subs !== undefined) {
      const push: Reply = { t: 'push', v: [bulk(kind === 'channel' ? 'message' : 'smessage'), bulk(channel), bulk(message)] };
      for (const c of [...subs]) {
        c.send(push);
        receivers++;
      }
    }
    if (kind === 'shard') return receivers;
    for (const [pattern, clients] of [...this.patterns]) {
      if (!globMatch(pattern, channel)) continue;
      const push: Reply = { t: 'push', v: [bulk('pmessage'), bulk(pattern), bulk(channel), bulk(message)] };
      for (const c of [...clients]) {
        c.send(push);
        receivers++;
      }
    }
    return receivers;
  }
}

function confirmation(word: string, name: string | undefined, count: number): Reply {
  return { t: 'push', v: [bulk(word), name === undefined ? { t: 'nil' } : bulk(name), int(count)] };
}
