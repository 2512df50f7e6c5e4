import { describe, expect, it, vi } from 'vitest';
import type { RequestMessage, WorkerEvent, WorkerMessage } from '../protocol/messages';
import { ANSWER_CAPACITY, ANSWER_HEADER_BYTES, awaitAnswer, writeAnswer } from '../protocol/answer-line';
import { BUSY_FUNCTION, BUSY_SCRIPT, EngineClient, KILL_RESTART, RUNAWAY_ERROR, SCRIPT_KILLED, type Port } from './engine-client';

class FakePort implements Port {
  onmessage: ((ev: MessageEvent<WorkerMessage>) => void) | null = null;
  sent: RequestMessage[] = [];
  terminated = false;
  postMessage(m: RequestMessage): void {
    this.sent.push(m);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(m: WorkerMessage): void {
    this.onmessage?.({ data: m } as MessageEvent<WorkerMessage>);
  }
}

/** A client over fake workers that it may replace, with a 1 s runaway limit. */
function restartable(): { ports: FakePort[]; c: EngineClient } {
  const ports: FakePort[] = [];
  const make = () => {
    const p = new FakePort();
    ports.push(p);
    return p;
  };
  const c = new EngineClient(make(), make);
  c.commandTimeoutMs = 1000;
  return { ports, c };
}

describe('EngineClient', () => {
  it('matches responses to requests by id', async () => {
    const port = new FakePort();
    const c = new EngineClient(port);
    const p1 = c.call('specs', null);
    const p2 = c.call('open', {});
    port.reply({ id: port.sent[1]!.id, ok: true, res: { client: 7 } });
    port.reply({ id: port.sent[0]!.id, ok: true, res: [] });
    await expect(p2).resolves.toEqual({ client: 7 });
    await expect(p1).resolves.toEqual([]);
  });

  it('rejects when the worker reports an error', async () => {
    const port = new FakePort();
    const c = new EngineClient(port);
    const p = c.call('exec', { client: 1, argv: ['PING'] });
    port.reply({ id: port.sent[0]!.id, ok: false, error: 'no such client 1' });
    await expect(p).rejects.toThrow('no such client 1');
  });

  it('delivers pushed events to listeners', () => {
    const port = new FakePort();
    const c = new EngineClient(port);
    const seen: WorkerEvent[] = [];
    c.on((e) => seen.push(e));
    port.reply({ id: 0, event: { type: 'clock', state: { now: 1, paused: true, speed: 1 } } });
    expect(seen).toEqual([{ type: 'clock', state: { now: 1, paused: true, speed: 1 } }]);
  });

  it('stops a runaway command by replacing the worker', async () => {
    vi.useFakeTimers();
    try {
      const { ports, c } = restartable();
      const seen: WorkerEvent[] = [];
      c.on((e) => seen.push(e));
      const p = c.call('exec', { client: 1, argv: ['DEBUG', 'SLEEP', '100'] });
      vi.advanceTimersByTime(1001);
      await expect(p).rejects.toThrow(RUNAWAY_ERROR);
      expect(ports[0]!.terminated).toBe(true);
      expect(ports).toHaveLength(2);
      expect(seen).toEqual([{ type: 'restart', reason: RUNAWAY_ERROR }]);
      // The new worker serves calls; late answers from the old one are ignored.
      const q = c.call('specs', null);
      ports[0]!.reply({ id: ports[1]!.sent[0]!.id, ok: true, res: ['stale'] });
      ports[1]!.reply({ id: ports[1]!.sent[0]!.id, ok: true, res: [] });
      await expect(q).resolves.toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not stop a command that has run and is only saving what it wrote', async () => {
    vi.useFakeTimers();
    try {
      const { ports, c } = restartable();
      const p = c.call('exec', { client: 1, argv: ['DEBUG', 'POPULATE', '1000000'] });
      const id = ports[0]!.sent[0]!.id;
      vi.advanceTimersByTime(900);
      ports[0]!.reply({ id, saving: true });
      vi.advanceTimersByTime(5000);
      expect(ports).toHaveLength(1);
      expect(ports[0]!.terminated).toBe(false);
      ports[0]!.reply({ id, ok: true, res: { t: 'status', v: 'OK' } });
      await expect(p).resolves.toEqual({ t: 'status', v: 'OK' });
    } finally {
      vi.useRealTimers();
    }
  });
});

/** A client over a fake worker that has taken an answer line. */
async function withAnswerLine(): Promise<{ line: SharedArrayBuffer; port: FakePort; c: EngineClient }> {
  const line = new SharedArrayBuffer(ANSWER_HEADER_BYTES + 2 * ANSWER_CAPACITY);
  const port = new FakePort();
  const c = new EngineClient(port);
  const ready = c.useAnswerLine(line);
  port.reply({ id: port.sent[0]!.id, ok: true, res: null });
  await ready;
  return { line, port, c };
}

describe('the answer line', () => {
  it('resolves a call inside the same task when the worker answers through shared memory', async () => {
    const { line, port, c } = await withAnswerLine();
    // A worker that answers at once: it writes the shared copy as the message is posted.
    const answered: RequestMessage[] = [];
    port.postMessage = (m) => {
      port.sent.push(m);
      if (m.answer) {
        answered.push(m);
        writeAnswer(line, m.id, { ok: true, res: { reply: { t: 'int', v: 12345678901234567890n }, db: 0, multi: false, closed: false, resp: 2 } });
      }
    };
    let done = false;
    const p = c.call('exec', { client: 1, argv: ['INCR', 'n'] }, { waitMs: 50 }).then((r) => {
      done = true;
      return r;
    });
    await Promise.resolve();
    await Promise.resolve();
    // Settled in microtasks of this task: no message needed.
    expect(done).toBe(true);
    expect(answered).toHaveLength(1);
    await expect(p).resolves.toMatchObject({ reply: { t: 'int', v: 12345678901234567890n } });
    // The posted copy arriving later finds nothing pending and changes nothing.
    port.reply({ id: answered[0]!.id, ok: false, error: 'late copy' });
    // Without waitMs a call goes by message only.
    const q = c.call('exec', { client: 1, argv: ['PING'] });
    expect(port.sent.at(-1)!.answer).toBeUndefined();
    port.reply({ id: port.sent.at(-1)!.id, ok: true, res: 'PONG' });
    await expect(q).resolves.toBe('PONG');
  });

  it('falls back to the message when the worker is slower than the wait', async () => {
    const { port, c } = await withAnswerLine();
    const p = c.call('exec', { client: 1, argv: ['DEBUG', 'SLEEP', '1'] }, { waitMs: 2 });
    expect(port.sent.at(-1)!.answer).toBe(true);
    port.reply({ id: port.sent.at(-1)!.id, ok: true, res: 'slow' });
    await expect(p).resolves.toBe('slow');
  });

  it('carries what JSON cannot: bigint, Infinity, NaN, -0 and every byte', () => {
    const line = new SharedArrayBuffer(ANSWER_HEADER_BYTES + 2 * ANSWER_CAPACITY);
    const bytes = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');
    const value = { a: 2n ** 70n, b: Infinity, c: -Infinity, d: -0, e: bytes, f: [1.5, { t: 'double', v: NaN }] };
    writeAnswer(line, 7, value);
    const got = awaitAnswer(line, 7, 10)!.value as typeof value;
    expect(got.a).toBe(2n ** 70n);
    expect(got.b).toBe(Infinity);
    expect(got.c).toBe(-Infinity);
    expect(Object.is(got.d, -0)).toBe(true);
    expect(got.e).toBe(bytes);
    expect(Number.isNaN((got.f[1] as { v: number }).v)).toBe(true);
    // Not yet answered: gives up after the wait.
    expect(awaitAnswer(line, 8, 1)).toBeUndefined();
    // Too long for the line: the page reads the posted copy instead.
    writeAnswer(line, 9, 'x'.repeat(ANSWER_CAPACITY + 1));
    expect(awaitAnswer(line, 9, 10)).toBeUndefined();
  });
});

describe('a busy script', () => {
  /** A client over fake workers with a clock the test moves, busy after 5 s. */
  function busyClient() {
    const r = restartable();
    let t = 0;
    r.c.now = () => t;
    r.c.busyMs = 5000;
    r.c.commandTimeoutMs = 3_600_000;
    return { ...r, advance: (ms: number) => (t += ms) };
  }
  const execResult = (reply: unknown, db = 0) => ({ reply, db, multi: false, closed: false, resp: 2 });

  it('other connections wait until busy-reply-threshold, then get BUSY from the page; the script’s own connection still queues', async () => {
    const { ports, c, advance } = busyClient();
    const warm = c.call('exec', { client: 2, argv: ['SELECT', '3'] });
    ports[0]!.reply({ id: ports[0]!.sent[0]!.id, ok: true, res: execResult({ t: 'simple', v: 'OK' }, 3) });
    await warm;
    const script = c.call('exec', { client: 1, argv: ['EVAL', 'while true do end', '0'] });
    advance(4999);
    c.call('exec', { client: 2, argv: ['GET', 'k'] }).catch(() => {});
    expect(ports[0]!.sent).toHaveLength(3); // before the threshold: sent, it waits behind the script
    advance(1);
    const busy = await c.call('exec', { client: 2, argv: ['PING'] });
    expect(busy).toEqual(execResult({ t: 'error', v: BUSY_SCRIPT }, 3));
    expect(ports[0]!.sent).toHaveLength(3); // answered by the page: the worker never saw it
    c.call('exec', { client: 1, argv: ['PING'] }).catch(() => {});
    expect(ports[0]!.sent).toHaveLength(4);
    // Once the script answers, commands go to the worker again.
    ports[0]!.reply({ id: ports[0]!.sent[1]!.id, ok: true, res: execResult({ t: 'nil' }) });
    await script;
    c.call('exec', { client: 2, argv: ['PING'] }).catch(() => {});
    expect(ports[0]!.sent).toHaveLength(5);
  });

  it('SCRIPT KILL from another connection stops it: OK, a fresh worker, the script fails with Redis’s text, the waiting commands fail too', async () => {
    const { ports, c, advance } = busyClient();
    const seen: WorkerEvent[] = [];
    c.on((e) => seen.push(e));
    const script = c.call('exec', { client: 1, argv: ['eval', 'while true do end', '0'] });
    const queued = c.call('exec', { client: 2, argv: ['GET', 'k'] });
    advance(6000);
    // FUNCTION KILL does not stop a script (Redis answers BUSY).
    expect((await c.call('exec', { client: 3, argv: ['FUNCTION', 'KILL'] })).reply).toEqual({ t: 'error', v: BUSY_SCRIPT });
    expect(ports).toHaveLength(1);
    expect((await c.call('exec', { client: 3, argv: ['script', 'kill'] })).reply).toEqual({ t: 'simple', v: 'OK' });
    expect(ports[0]!.terminated).toBe(true);
    expect(ports).toHaveLength(2);
    await expect(script).rejects.toThrow(SCRIPT_KILLED);
    await expect(queued).rejects.toThrow(KILL_RESTART);
    expect(seen).toEqual([{ type: 'restart', reason: KILL_RESTART }]);
    // Nothing is busy on the fresh worker.
    c.call('exec', { client: 3, argv: ['PING'] }).catch(() => {});
    expect(ports[1]!.sent.at(-1)!.kind).toBe('exec');
  });

  it('a function is killed with FUNCTION KILL only, and its BUSY names FUNCTION KILL', async () => {
    const { ports, c, advance } = busyClient();
    const fn = c.call('exec', { client: 1, argv: ['FCALL', 'spin', '0'] });
    advance(5000);
    expect((await c.call('exec', { client: 2, argv: ['SET', 'a', '1'] })).reply).toEqual({ t: 'error', v: BUSY_FUNCTION });
    expect((await c.call('exec', { client: 2, argv: ['SCRIPT', 'KILL'] })).reply).toEqual({ t: 'error', v: BUSY_FUNCTION });
    expect((await c.call('exec', { client: 2, argv: ['FUNCTION', 'KILL'] })).reply).toEqual({ t: 'simple', v: 'OK' });
    await expect(fn).rejects.toThrow(SCRIPT_KILLED);
    expect(ports).toHaveLength(2);
  });

  it('Ctrl-C in the script’s own terminal kills it at any time; nothing to interrupt otherwise', async () => {
    const { ports, c, advance } = busyClient();
    expect(c.interruptScript(1)).toBe(false);
    const script = c.call('exec', { client: 1, argv: ['EVALSHA', 'a'.repeat(40), '0'] });
    advance(100);
    expect(c.interruptScript(2)).toBe(false);
    expect(c.interruptScript(1)).toBe(true);
    await expect(script).rejects.toThrow(SCRIPT_KILLED);
    expect(ports).toHaveLength(2);
    expect(c.interruptScript(1)).toBe(false);
  });

  it('a script that has run and is only saving what it wrote is not busy', async () => {
    const { ports, c, advance } = busyClient();
    c.call('exec', { client: 1, argv: ['EVAL', "return redis.call('SET', 'k', 'v')", '0'] }).catch(() => {});
    ports[0]!.reply({ id: ports[0]!.sent[0]!.id, saving: true });
    advance(10_000);
    c.call('exec', { client: 2, argv: ['PING'] }).catch(() => {});
    expect(ports[0]!.sent).toHaveLength(2);
  });

  it('follows CONFIG SET busy-reply-threshold (and its old name lua-time-limit) once the engine accepted it', async () => {
    const { ports, c } = busyClient();
    const set = async (argv: string[], reply: unknown) => {
      const p = c.call('exec', { client: 1, argv });
      ports[0]!.reply({ id: ports[0]!.sent.at(-1)!.id, ok: true, res: execResult(reply) });
      await p;
    };
    await set(['CONFIG', 'SET', 'busy-reply-threshold', '250'], { t: 'simple', v: 'OK' });
    expect(c.busyMs).toBe(250);
    await set(['config', 'set', 'maxmemory', '0', 'LUA-TIME-LIMIT', '1200'], { t: 'simple', v: 'OK' });
    expect(c.busyMs).toBe(1200);
    await set(['CONFIG', 'SET', 'busy-reply-threshold', 'abc'], { t: 'error', v: 'ERR CONFIG SET failed' });
    expect(c.busyMs).toBe(1200);
  });

  it('a script is not taken for a runaway command: the worker is replaced only after scriptTimeoutMs', async () => {
    vi.useFakeTimers();
    try {
      const { ports, c } = restartable();
      c.scriptTimeoutMs = 60_000;
      const script = c.call('exec', { client: 1, argv: ['EVAL', 'while true do end', '0'] });
      vi.advanceTimersByTime(59_000);
      expect(ports).toHaveLength(1);
      vi.advanceTimersByTime(1_001);
      expect(ports).toHaveLength(2);
      await expect(script).rejects.toThrow(RUNAWAY_ERROR);
    } finally {
      vi.useRealTimers();
    }
  });
});
