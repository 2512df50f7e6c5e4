import { describe, expect, it } from 'vitest';
import { explain } from '../../src/cli/explain';
import { formatReply } from '../../src/cli/format';
import { toRedisPy } from '../../src/cli/python';
import { splitArgs } from '../../src/cli/split';
import { Engine } from '../../src/engine';

const py = (line: string): string => toRedisPy(splitArgs(line)!);

describe('pub/sub in the redis-cli layer', () => {
  it('redis-py: publish on the client, subscriptions on a PubSub object', () => {
    expect(py('PUBLISH news hi')).toBe('r.publish("news", "hi")');
    expect(py('SPUBLISH s hi')).toBe('r.spublish("s", "hi")');
    expect(py('SUBSCRIBE news')).toBe('p = r.pubsub(); p.subscribe("news")');
    expect(py('SUBSCRIBE news alerts')).toBe('p = r.pubsub(); p.subscribe("news", "alerts")');
    expect(py('PSUBSCRIBE news.*')).toBe('p = r.pubsub(); p.psubscribe("news.*")');
    expect(py('SSUBSCRIBE s')).toBe('p = r.pubsub(); p.ssubscribe("s")');
    expect(py('UNSUBSCRIBE')).toBe('p.unsubscribe()');
    expect(py('PUNSUBSCRIBE a*')).toBe('p.punsubscribe("a*")');
    expect(py('PUBSUB CHANNELS')).toBe('r.pubsub_channels()');
    expect(py('PUBSUB CHANNELS n*')).toBe('r.pubsub_channels("n*")');
    expect(py('PUBSUB NUMSUB a b')).toBe('r.pubsub_numsub("a", "b")');
    expect(py('PUBSUB NUMPAT')).toBe('r.pubsub_numpat()');
    expect(py('PUBSUB SHARDNUMSUB s')).toBe('r.pubsub_shardnumsub("s")');
  });

  it('explains the subscribed-context error in plain words', () => {
    const engine = new Engine();
    const c = engine.createClient();
    engine.exec(c, ['SUBSCRIBE', 'news']);
    const reply = engine.exec(c, ['GET', 'k'])!;
    expect(reply.t).toBe('error');
    const note = explain({ argv: ['GET', 'k'], reply, specs: engine.specs() });
    expect(note).toMatch(/subscribed/);
    expect(note).toMatch(/UNSUBSCRIBE/);
    expect(note).toMatch(/RESET/);
  });

  it('prints confirmations and messages as redis-cli does, in RESP2 and RESP3 alike', () => {
    const engine = new Engine();
    const c = engine.createClient();
    const conf = engine.exec(c, ['SUBSCRIBE', 'news'])!;
    expect(conf.t).toBe('push');
    const text = '1) "subscribe"\n2) "news"\n3) (integer) 1';
    expect(formatReply(conf, { resp: 2 })).toBe(text);
    expect(formatReply(conf, { resp: 3 })).toBe(text);
    const none = engine.exec(engine.createClient(), ['UNSUBSCRIBE'])!;
    expect(formatReply(none, { resp: 2 })).toBe('1) "unsubscribe"\n2) (nil)\n3) (integer) 0');
  });
});
