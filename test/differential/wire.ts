/**
 * Helpers for the server/connection/transaction differential suites: our
 * replies go through the same RESP encoder the TCP server uses and are parsed
 * back, so both sides are compared as a client would see them (a verbatim
 * string is a bulk string in RESP2, a map a flat array ...).
 */
import { expect } from 'vitest';
import type { ClientState, Engine, Reply } from '../../src/engine';
import { ReplyParser, encodeReply } from '../../server/resp';
import type { RespClient } from '../support/redis';

export function wire(r: Reply | undefined, resp: 2 | 3): Reply | undefined {
  if (r === undefined) return undefined;
  const p = new ReplyParser();
  p.feed(encodeReply(r, resp));
  return p.next();
}

/** Plain JSON of a reply; with `sortMaps`, map pairs and sets are sorted (Redis iterates dicts). */
export function canon(r: Reply | undefined, sortMaps = false): unknown {
  if (r === undefined) return null;
  const key = (x: unknown): string => JSON.stringify(x);
  switch (r.t) {
    case 'int':
      return { t: 'int', v: String(r.v) };
    case 'array':
    case 'push':
      return { t: r.t, v: r.v.map((x) => canon(x, sortMaps)) };
    case 'set': {
      const v = r.v.map((x) => canon(x, sortMaps));
      return { t: 'set', v: sortMaps ? v.sort((a, b) => key(a).localeCompare(key(b))) : v };
    }
    case 'map': {
      const v = r.v.map(([k, x]) => [canon(k, sortMaps), canon(x, sortMaps)]);
      return { t: 'map', v: sortMaps ? v.sort((a, b) => key(a[0]).localeCompare(key(b[0]))) : v };
    }
    default:
      return r;
  }
}

/** One side: an engine client, the other: a connection to redis-server. */
export interface Side {
  engine: Engine;
  client: ClientState;
  redis: RespClient;
}

export interface Both {
  ours: Reply | undefined;
  theirs: Reply;
}

export async function both(s: Side, argv: readonly string[]): Promise<Both> {
  const theirs = await s.redis.call(argv);
  const raw = s.engine.exec(s.client, argv);
  return { ours: wire(raw, s.client.resp), theirs };
}

/** Runs the line on both sides and expects identical replies. */
export async function same(s: Side, argv: readonly string[], sortMaps = false): Promise<Both> {
  const r = await both(s, argv);
  expect(canon(r.ours, sortMaps), argv.join(' ')).toEqual(canon(r.theirs, sortMaps));
  return r;
}

/** The fields of an INFO text, by section: { Server: { redis_version: '7.0.15', ... } }. */
export function parseInfo(text: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  let cur: Record<string, string> | undefined;
  for (const line of text.split('\r\n')) {
    if (line.startsWith('# ')) {
      cur = {};
      out[line.slice(2)] = cur;
    } else if (line !== '' && cur !== undefined) {
      const i = line.indexOf(':');
      cur[line.slice(0, i)] = line.slice(i + 1);
    }
  }
  return out;
}

export function text(r: Reply | undefined): string {
  if (r === undefined || (r.t !== 'bulk' && r.t !== 'verbatim')) throw new Error(`not a string reply: ${JSON.stringify(r)}`);
  return r.v;
}
