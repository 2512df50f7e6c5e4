import { describe, expect, it, vi } from 'vitest';
import type { RequestMessage, WorkerEvent, WorkerMessage } from '../protocol/messages';
import { EngineClient, RUNAWAY_ERROR, type Port } from './engine-client';

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
      const ports: FakePort[] = [];
      const make = () => {
        const p = new FakePort();
        ports.push(p);
        return p;
      };
      const c = new EngineClient(make(), make);
      c.commandTimeoutMs = 1000;
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
});
