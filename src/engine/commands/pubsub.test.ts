import { describe, expect, it } from 'vitest';
import { E } from '../core/errors';
import type { Reply } from '../core/reply';
import { Engine } from '../engine';
import { conn } from '../testing/recording-client';

const bulk = (v: string): Reply => ({ t: 'bulk', v });
const int = (v: number): Reply => ({ t: 'int', v });
const push = (...v: Reply[]): Reply => ({ t: 'push', v });
const conf = (word: string, name: string | null, n: number): Reply => push(bulk(word), name === null ? { t: 'nil' } : bulk(name), int(n));
const msg = (ch: string, m: string): Reply => push(bulk('message'), bulk(ch), bulk(m));
const pmsg = (p: string, ch: string, m: string): Reply => push(bulk('pmessage'), bulk(p), bulk(ch), bulk(m));

/** An engine with client `a` subscribed to `channels` and `patterns`, and client `b` beside it. */
function subscribed(channels: string[], patterns: string[]) {
  const e = new Engine();
  const a = conn(e);
  const b = conn(e);
  a.run('SUBSCRIBE', ...channels);
  a.run('PSUBSCRIBE', ...patterns);
  return { e, a, b };
}

describe('pub/sub', () => {
  it('SUBSCRIBE confirms each channel with the running count, and PUBLISH delivers to subscribers only', () => {
    const e = new Engine();
    const a = conn(e);
    const b = conn(e);
    const c = conn(e);
    expect(a.run('SUBSCRIBE', 'news', 'sport', 'news')).toEqual([conf('subscribe', 'news', 1), conf('subscribe', 'sport', 2), conf('subscribe', 'news', 2)]);
    expect(b.run('SUBSCRIBE', 'news')).toEqual([conf('subscribe', 'news', 1)]);
    expect(c.run('PUBLISH', 'news', 'hi')).toEqual([int(2)]);
    expect(a.take()).toEqual([msg('news', 'hi')]);
    expect(b.take()).toEqual([msg('news', 'hi')]);
    expect(c.run('PUBLISH', 'weather', 'rain')).toEqual([int(0)]);
    expect(a.take()).toEqual([]);
  });

  it('patterns match with glob rules; a client matching twice gets both messages', () => {
    const e = new Engine();
    const a = conn(e);
    const p = conn(e);
    expect(a.run('SUBSCRIBE', 'news.eu')).toEqual([conf('subscribe', 'news.eu', 1)]);
    expect(a.run('PSUBSCRIBE', 'news.*')).toEqual([conf('psubscribe', 'news.*', 2)]);
    expect(p.run('PUBLISH', 'news.eu', 'x')).toEqual([int(2)]);
    expect(a.take()).toEqual([msg('news.eu', 'x'), pmsg('news.*', 'news.eu', 'x')]);
    expect(p.run('PUBLISH', 'news[', 'y')).toEqual([int(0)]);
    expect(p.run('PUBSUB', 'NUMPAT')).toEqual([int(1)]);
    expect(p.run('PUBSUB', 'NUMSUB', 'news.eu', 'nope')).toEqual([{ t: 'array', v: [bulk('news.eu'), int(1), bulk('nope'), int(0)] }]);
    expect(p.run('PUBSUB', 'CHANNELS', 'news*')).toEqual([{ t: 'array', v: [bulk('news.eu')] }]);
  });

  it('UNSUBSCRIBE with no channel leaves all, or says null/0 when there was none', () => {
    const e = new Engine();
    const a = conn(e);
    expect(a.run('UNSUBSCRIBE')).toEqual([conf('unsubscribe', null, 0)]);
    expect(a.run('PUNSUBSCRIBE')).toEqual([conf('punsubscribe', null, 0)]);
    expect(a.run('SUNSUBSCRIBE')).toEqual([conf('sunsubscribe', null, 0)]);
    a.run('SUBSCRIBE', 'x', 'y');
    a.run('PSUBSCRIBE', 'p*');
    expect(a.run('UNSUBSCRIBE')).toEqual([conf('unsubscribe', 'x', 2), conf('unsubscribe', 'y', 1)]);
    expect(a.run('UNSUBSCRIBE', 'zz')).toEqual([conf('unsubscribe', 'zz', 1)]);
    expect(a.run('PUNSUBSCRIBE', 'p*')).toEqual([conf('punsubscribe', 'p*', 0)]);
    expect(e.pubsub.channels.size + e.pubsub.patterns.size).toBe(0);
    // Out of subscribed mode: ordinary commands work again.
    expect(a.run('SET', 'k', 'v')).toEqual([{ t: 'simple', v: 'OK' }]);
  });

  it('RESP2 subscribed context refuses other commands with Redis text; PING answers ["pong", msg]', () => {
    const e = new Engine();
    const a = conn(e);
    a.run('SUBSCRIBE', 'c');
    expect(a.run('GET', 'k')).toEqual([{ t: 'error', v: E.PUBSUB_CONTEXT('get') }]);
    expect(a.run('CONFIG', 'GET', 'x')).toEqual([{ t: 'error', v: E.PUBSUB_CONTEXT('config|get') }]);
    expect(E.PUBSUB_CONTEXT('get')).toBe(
      "ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context",
    );
    expect(a.run('PING')).toEqual([{ t: 'array', v: [bulk('pong'), bulk('')] }]);
    expect(a.run('PING', 'hey')).toEqual([{ t: 'array', v: [bulk('pong'), bulk('hey')] }]);
  });

  it('RESP3 clients may run anything while subscribed and get their own messages before the reply', () => {
    const e = new Engine();
    const a = conn(e);
    a.run('HELLO', '3');
    a.run('SUBSCRIBE', 'c');
    expect(a.run('SET', 'k', 'v')).toEqual([{ t: 'simple', v: 'OK' }]);
    expect(a.run('PING')).toEqual([{ t: 'simple', v: 'PONG' }]);
    expect(a.run('PUBLISH', 'c', 'me')).toEqual([msg('c', 'me'), int(1)]);
  });

  it('shard channels are separate: own counts, no patterns, SPUBLISH delivers smessage', () => {
    const { a, b } = subscribed(['c'], ['*']);
    expect(a.run('SSUBSCRIBE', 's1', 's2')).toEqual([conf('ssubscribe', 's1', 1), conf('ssubscribe', 's2', 2)]);
    expect(b.run('SPUBLISH', 's1', 'm')).toEqual([int(1)]);
    expect(a.take()).toEqual([push(bulk('smessage'), bulk('s1'), bulk('m'))]);
    expect(b.run('PUBLISH', 's1', 'm')).toEqual([int(1)]); // only the pattern
    expect(a.take()).toEqual([pmsg('*', 's1', 'm')]);
    expect(b.run('PUBSUB', 'SHARDCHANNELS')).toEqual([{ t: 'array', v: [bulk('s1'), bulk('s2')] }]);
    expect(b.run('PUBSUB', 'SHARDNUMSUB', 's2')).toEqual([{ t: 'array', v: [bulk('s2'), int(1)] }]);
    expect(a.run('SUNSUBSCRIBE', 's1')).toEqual([conf('sunsubscribe', 's1', 1)]);
  });

  it('RESET and closing the connection drop every subscription', () => {
    const { e, a, b } = subscribed(['c'], ['c*']);
    expect(a.run('RESET')).toEqual([{ t: 'simple', v: 'RESET' }]);
    expect(b.run('PUBLISH', 'c', 'x')).toEqual([int(0)]);
    expect(a.take()).toEqual([]);
    a.run('SUBSCRIBE', 'c');
    e.closeClient(a.client);
    expect(b.run('PUBLISH', 'c', 'x')).toEqual([int(0)]);
    expect(b.run('PUBSUB', 'CHANNELS')).toEqual([{ t: 'array', v: [] }]);
  });

  it('INFO and CLIENT LIST report live counts', () => {
    const { a, b } = subscribed(['c1', 'c2'], ['p']);
    const info = b.run('INFO', 'stats')[0] as { v: string };
    expect(info.v).toContain('pubsub_channels:2\r\n');
    expect(info.v).toContain('pubsub_patterns:1\r\n');
    const list = (b.run('CLIENT', 'LIST')[0] as { v: string }).v;
    const line = list.split('\n').find((l) => l.startsWith(`id=${a.client.id} `))!;
    expect(line).toContain(' flags=P ');
    expect(line).toContain(' sub=2 psub=1 ssub=0 ');
  });

  it('MULTI: SUBSCRIBE runs inside EXEC, SSUBSCRIBE is refused there; PUBSUB errors', () => {
    const e = new Engine();
    const a = conn(e);
    a.run('MULTI');
    a.run('SSUBSCRIBE', 's');
    expect(a.run('EXEC')).toEqual([{ t: 'array', v: [{ t: 'error', v: "ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client" }] }]);
    a.run('MULTI');
    a.run('SUBSCRIBE', 'c');
    expect(a.run('EXEC')).toEqual([{ t: 'array', v: [conf('subscribe', 'c', 1)] }]);
    a.run('RESET');
    expect(a.run('PUBSUB', 'CHANNELS', 'a', 'b')).toEqual([{ t: 'error', v: E.SUBCOMMAND_SYNTAX('CHANNELS', 'pubsub') }]);
    expect(a.run('PUBSUB', 'NOPE')).toEqual([{ t: 'error', v: "ERR unknown subcommand 'NOPE'. Try PUBSUB HELP." }]);
    expect(a.run('PUBSUB', 'NUMPAT', 'x')).toEqual([{ t: 'error', v: "ERR wrong number of arguments for 'pubsub|numpat' command" }]);
  });
});
