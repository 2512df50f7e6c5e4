import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock';
import type { Reply } from '../../core/reply';
import { Engine } from '../../engine';
import { CommandHistogram } from '../../core/latency';

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

describe('LATENCY HISTOGRAM', () => {
  it('CommandHistogram buckets durations as redis-server reports them (powers of two from 1024 ns, HDR ranges)', () => {
    const h = new CommandHistogram();
    // Durations in whole microseconds -> the keys redis-server printed for the same durations.
    for (const us of [0, 1, 1, 2, 3, 8, 9, 16, 33, 34, 66, 500]) h.record(us);
    expect(h.calls).toBe(12);
    expect(h.usec).toBe(673);
    // 0 and 1 us: <= 1031 ns (key 1); 2: <= 2063 (2); 3: <= 4127 (4); 8: <= 8255 (8); 9, 16: <= 16511 (16);
    // 33: <= 33023 (33); 34, 66: <= 66047 (66); 500: <= 528383 (528).
    expect(h.cdf()).toEqual([[1, 3], [2, 4], [4, 5], [8, 6], [16, 8], [33, 9], [66, 11], [528, 12]]);
    // hdr_value_at_percentile: the highest value of the bucket holding the wanted count.
    expect(h.percentile(50)).toBe(8031); // 6th of 12: 8000 ns, bucket 8000..8031
    expect(h.percentile(100)).toBe(501759); // 500,000 ns is in the bucket 499,712..501,759
    expect(h.percentile(0)).toBe(1);
    expect(new CommandHistogram().cdf()).toEqual([]);
  });

  it('counts each command and subcommand that ran; RESETSTAT empties them; names select, unknown ones are skipped', () => {
    const { run } = setup();
    const names = (r: Reply | undefined) => (r?.t === 'map' ? r.v.map(([k]) => (k as { v: string }).v) : r);
    const calls = (r: Reply | undefined, name: string) => {
      if (r?.t !== 'map') return undefined;
      const entry = r.v.find(([k]) => (k as { v: string }).v === name)?.[1];
      return entry?.t === 'map' ? entry.v[0]![1] : undefined;
    };
    run('CONFIG', 'RESETSTAT');
    expect(names(run('LATENCY', 'HISTOGRAM'))).toEqual(['config|resetstat']);
    run('SET', 'a', 'b');
    run('SET', 'c', 'd');
    run('CLIENT', 'ID');
    run('GET', 'nosuchcommandarity', 'x'); // refused for its arity: not a call
    const all = run('LATENCY', 'HISTOGRAM');
    expect(calls(all, 'set')).toEqual(int(2));
    expect(calls(all, 'client|id')).toEqual(int(1));
    expect(names(all)).not.toContain('get');
    expect(names(run('LATENCY', 'HISTOGRAM', 'client'))).toEqual(['client|id']);
    expect(names(run('LATENCY', 'HISTOGRAM', 'blabla', 'set', 'client|id'))).toEqual(['set', 'client|id']);
    expect(run('LATENCY', 'HISTOGRAM', 'blabla')).toEqual({ t: 'map', v: [] });
    // Each entry: calls and a map of microseconds to cumulative counts ending at the calls.
    const set = all?.t === 'map' ? all.v.find(([k]) => (k as { v: string }).v === 'set')![1] : undefined;
    expect(set?.t === 'map' && set.v.map(([k]) => (k as { v: string }).v)).toEqual(['calls', 'histogram_usec']);
    const cdf = set?.t === 'map' ? set.v[1]![1] : undefined;
    expect(cdf?.t === 'map' && cdf.v[cdf.v.length - 1]![1]).toEqual(int(2));
    run('CONFIG', 'SET', 'latency-tracking', 'no');
    run('CONFIG', 'RESETSTAT');
    run('SET', 'a', 'b');
    expect(run('LATENCY', 'HISTOGRAM')).toEqual({ t: 'map', v: [] });
  });

  it('INFO latencystats gives each timed command its percentiles, as configured', () => {
    const { run } = setup();
    run('CONFIG', 'SET', 'latency-tracking-info-percentiles', '50 99.9 100');
    run('CONFIG', 'RESETSTAT');
    run('SET', 'a', 'b');
    const info = run('INFO', 'latencystats');
    const text = info?.t === 'bulk' || info?.t === 'verbatim' ? info.v : '';
    expect(text).toMatch(/^latency_percentiles_usec_set:p50=\d+\.\d{3},p99\.9=\d+\.\d{3},p100=\d+\.\d{3}$/m);
    expect(text).toMatch(/^latency_percentiles_usec_config\|resetstat:/m);
  });
});
