/**
 * The latency monitor (Redis's latency.c): with `latency-monitor-threshold`
 * set to N milliseconds, each event that took N ms or more is recorded
 * under its name, at most one sample per event and second (the highest),
 * in a ring of the last 160 samples, with the highest latency ever seen.
 *
 * Events the engine records: `command` and `fast-command` (a command, by
 * its `fast` flag), `expire-cycle` (one active expiry cycle) and
 * `eviction-cycle` (making room under maxmemory before a command). Redis's
 * other events are about forking, disks and the allocator, which the engine
 * does not have.
 */
export const LATENCY_SAMPLES = 160;

export interface LatencySample {
  /** Unix time in seconds. */
  readonly time: number;
  /** Milliseconds. */
  latency: number;
}

interface Series {
  /** Oldest first; at most LATENCY_SAMPLES. */
  readonly samples: LatencySample[];
  max: number;
}

export interface LatencyStats {
  readonly allTimeHigh: number;
  readonly avg: number;
  readonly min: number;
  readonly max: number;
  /** Mean absolute deviation from the average. */
  readonly mad: number;
  readonly samples: number;
  /** Seconds from the oldest sample to now (at least 1). */
  readonly period: number;
}

export class LatencyMonitor {
  /** Event name -> its samples, in the order the events first happened. */
  private readonly events = new Map<string, Series>();

  /** latencyAddSample: `ms` for `event` at `nowMs`; a second sample within the same second keeps the higher one. */
  add(event: string, ms: number, nowMs: number): void {
    const time = Math.floor(nowMs / 1000);
    let s = this.events.get(event);
    if (s === undefined) this.events.set(event, (s = { samples: [], max: 0 }));
    if (ms > s.max) s.max = ms;
    const last = s.samples.at(-1);
    if (last !== undefined && last.time === time) {
      if (ms > last.latency) last.latency = ms;
      return;
    }
    s.samples.push({ time, latency: ms });
    if (s.samples.length > LATENCY_SAMPLES) s.samples.shift();
  }

  /** Forgets one event (names compared without case), or all of them; returns how many were forgotten. */
  reset(event?: string): number {
    if (event === undefined) {
      const n = this.events.size;
      this.events.clear();
      return n;
    }
    let n = 0;
    for (const name of [...this.events.keys()]) {
      if (name.toLowerCase() === event.toLowerCase()) {
        this.events.delete(name);
        n++;
      }
    }
    return n;
  }

  history(event: string): readonly LatencySample[] {
    return this.events.get(event)?.samples ?? [];
  }

  /** Every event with its latest sample and its all-time high. */
  latest(): { event: string; time: number; latency: number; max: number }[] {
    return [...this.events].map(([event, s]) => {
      const last = s.samples.at(-1)!;
      return { event, time: last.time, latency: last.latency, max: s.max };
    });
  }

  names(): string[] {
    return [...this.events.keys()];
  }

  /** analyzeLatencyForEvent: average, minimum, maximum and mean absolute deviation of the samples kept. */
  stats(event: string, nowMs: number): LatencyStats {
    const s = this.events.get(event);
    const samples = s?.samples ?? [];
    if (s === undefined || samples.length === 0) return { allTimeHigh: s?.max ?? 0, avg: 0, min: 0, max: 0, mad: 0, samples: 0, period: 0 };
    let sum = 0;
    let min = Infinity;
    let max = 0;
    let oldest = Infinity;
    for (const x of samples) {
      sum += x.latency;
      min = Math.min(min, x.latency);
      max = Math.max(max, x.latency);
      oldest = Math.min(oldest, x.time);
    }
    const avg = Math.floor(sum / samples.length);
    const mad = Math.floor(samples.reduce((n, x) => n + Math.abs(avg - x.latency), 0) / samples.length);
    const period = Math.max(1, Math.floor(nowMs / 1000) - oldest);
    return { allTimeHigh: s.max, avg, min, max, mad, samples: samples.length, period };
  }
}
