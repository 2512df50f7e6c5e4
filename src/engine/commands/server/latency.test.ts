import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock';
import type { Reply } from '../../core/reply';
import { Engine } from '../../engine';

function setup() {
  const clock = new ManualClock();
  const engine = new Engine({ clock });
  const client = engine.createClient();
  const run = (...argv: string[]): Reply | undefined => engine.exec(client, argv);
  return { engine, clock, run };
}

const int = (v: number): Reply => ({ t: 'int', v });
const arr = (...v: Reply[]): Reply => ({ t: 'array', v });
const bulk = (v: string): Reply => ({ t: 'bulk', v });

describe('LATENCY', () => {
  it('records nothing while latency-monitor-threshold is 0, then commands that reach it', () => {
    const { run } = setup();
    run('DEBUG', 'POPULATE', '100000');
    expect(run('LATENCY', 'LATEST')).toEqual(arr());
    expect(run('CONFIG', 'SET', 'latency-monitor-threshold', '1')).toEqual({ t: 'simple', v: 'OK' });
    // Populating 100,000 keys takes milliseconds at least: a `command` event.
    run('DEBUG', 'POPULATE', '200000', 'more');
    const latest = run('LATENCY', 'LATEST');
    expect(latest?.t).toBe('array');
    const events = (latest as { v: readonly Reply[] }).v.map((e) => ((e as { v: readonly Reply[] }).v[0] as { v: string }).v);
    expect(events).toContain('command');
    expect(run('LATENCY', 'RESET', 'COMMAND')).toEqual(int(1));
    expect(run('LATENCY', 'LATEST')).toEqual(arr());
  });

  it('keeps one sample per second (the highest), 160 at most, and the all-time high', () => {
    const { engine, clock, run } = setup();
    const t0 = clock.now();
    engine.latency.add('command', 5, t0);
    engine.latency.add('command', 9, t0 + 10);
    engine.latency.add('command', 7, t0 + 20);
    const sec = Math.floor(t0 / 1000);
    expect(run('LATENCY', 'HISTORY', 'command')).toEqual(arr(arr(int(sec), int(9))));
    engine.latency.add('command', 3, t0 + 1000);
    expect(run('LATENCY', 'LATEST')).toEqual(arr(arr(bulk('command'), int(sec + 1), int(3), int(9))));
    for (let i = 2; i < 200; i++) engine.latency.add('command', 1, t0 + i * 1000);
    expect((run('LATENCY', 'HISTORY', 'command') as { v: readonly Reply[] }).v).toHaveLength(160);
    expect(run('LATENCY', 'HISTORY', 'nothing')).toEqual(arr());
    expect(run('LATENCY', 'RESET', 'blabla')).toEqual(int(0));
  });

  it('GRAPH and DOCTOR describe the events; GRAPH of an unknown event is an error', () => {
    const { engine, clock, run } = setup();
    expect(run('LATENCY', 'GRAPH', 'command')).toEqual({ t: 'error', v: "ERR No samples available for event 'command'" });
    const t0 = clock.now();
    engine.latency.add('command', 20, t0);
    engine.latency.add('command', 40, t0 + 1000);
    clock.advance(2000);
    const graph = run('LATENCY', 'GRAPH', 'command') as { t: string; v: string };
    expect(graph.t).toBe('verbatim');
    expect(graph.v.split('\n')[0]).toBe('command - high 40 ms, low 20 ms (all time high 40 ms)');
    const doctor = run('LATENCY', 'DOCTOR') as { v: string };
    expect(doctor.v).toContain('command: 2 latency spikes (average 30ms, mean deviation 10ms');
    expect(run('LATENCY', 'HELP', 'x')).toEqual({ t: 'error', v: "ERR wrong number of arguments for 'latency|help' command" });
  });
});
