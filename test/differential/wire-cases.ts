/**
 * Shared by the hash / set / sorted-set differential suites: lines of commands
 * whose replies are compared as the wire shows them (our reply goes through the
 * RESP encoder of the connection's protocol first), each line optionally with
 * its own check (order-free, random replies).
 */
import { expect } from 'vitest';
import type { Reply } from '../../src/engine';
import { ReplyParser, encodeReply } from '../../server/resp';
import type { Differential } from '../support/differential';

export type Check = (ours: Reply, theirs: Reply, label: string) => void;
export interface Line {
  argv: string[];
  check?: Check;
}
export interface Case {
  name: string;
  resp?: 2 | 3;
  lines: (string[] | Line)[];
}

/** Our reply as a client of that protocol receives it. */
export function wire(r: Reply | undefined, resp: 2 | 3): Reply | undefined {
  if (r === undefined) return undefined;
  const p = new ReplyParser();
  p.feed(encodeReply(r, resp));
  return p.next();
}

/** A reply as plain JSON (bigints as numbers), for readable diffs. */
export function json(r: Reply | undefined): unknown {
  return JSON.parse(JSON.stringify(r ?? null, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)));
}

/** Runs one case on both servers (after emptying them), comparing every line. */
export async function runWireCase(d: Differential, c: Case, labelWidth: number): Promise<void> {
  await d.reset();
  const resp = c.resp ?? 2;
  await d.redis.call(['HELLO', String(resp)]);
  d.client.resp = resp;
  for (const raw of c.lines) {
    const line: Line = Array.isArray(raw) ? { argv: raw } : raw;
    const p = await d.run(line.argv);
    const label = line.argv.map((a) => (a.length > labelWidth ? `${a.slice(0, labelWidth)}...` : a)).join(' ');
    const ours = wire(p.ours, resp);
    expect(ours, label).toBeDefined();
    if (line.check !== undefined) line.check(ours!, p.theirs, label);
    else expect(json(ours), label).toEqual(json(p.theirs));
  }
}
