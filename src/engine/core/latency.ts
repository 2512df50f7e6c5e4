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

/** HDR histogram layout of Redis's per-command histograms: 1 ns .. 1 s, 2 significant digits (128 half sub-buckets, 23 buckets). */
const HDR_HALF = 128;
const HDR_COUNTS = 24 * HDR_HALF;

/** The bucket and sub-bucket of a value (hdr_histogram's get_bucket_index and get_sub_bucket_index). */
function hdrBucket(v: number): [bucket: number, sub: number] {
  const bucket = 32 - Math.clz32(v | 255) - 8;
  return [bucket, v >>> bucket];
}

/** highest_equivalent_value: the largest value counted in the same HDR bucket as `v`. */
function highestEquivalent(v: number): number {
  const [bucket, sub] = hdrBucket(v);
  const range = 2 ** (sub >= 2 * HDR_HALF ? bucket + 1 : bucket);
  return sub * 2 ** bucket + range - 1;
}

/** value_from_index: the lowest value of a counts index. */
function valueAt(index: number): number {
  let bucket = (index >> 7) - 1;
  let sub = (index & (HDR_HALF - 1)) + HDR_HALF;
  if (bucket < 0) {
    sub -= HDR_HALF;
    bucket = 0;
  }
  return sub * 2 ** bucket;
}

/**
 * One command's latency histogram, as Redis keeps it (an HDR histogram of
 * nanoseconds, 1 ns .. 1 s, 2 significant digits): LATENCY HISTOGRAM's
 * cumulative distribution by powers of two from 1024 ns, INFO
 * latencystats' percentiles and commandstats' microseconds. Durations come
 * in whole microseconds, as Redis measures them.
 */
export class CommandHistogram {
  calls = 0;
  /** The sum of the durations (commandstats' usec). */
  usec = 0;
  private readonly counts = new Uint32Array(HDR_COUNTS);

  /** Records a duration in microseconds (clamped to 1 ns .. 1 s, as updateCommandLatencyHistogram does). */
  record(us: number): void {
    const ns = us <= 0 ? 1 : us >= 1_000_000 ? 1_000_000_000 : us * 1000;
    const bucket = 24 - Math.clz32(ns | 255); // hdrBucket, without an array per call
    this.counts[((bucket + 1) << 7) + ((ns >>> bucket) - HDR_HALF)]!++;
    this.calls++;
    this.usec += us;
  }

  /** fillCommandCDF: [microseconds, cumulative count] at each power of two from 1024 ns where the count grows. */
  cdf(): [number, number][] {
    const out: [number, number][] = [];
    let level = 1024;
    let total = 0;
    let reported = 0;
    for (let i = 0; i < HDR_COUNTS && reported < this.calls; i++) {
      const n = this.counts[i]!;
      if (n === 0) continue;
      const v = valueAt(i);
      // The log iterator reports level L with every value whose bucket starts at or below L.
      while (v > level) {
        if (total > reported) {
          out.push([Math.floor(highestEquivalent(level) / 1000), total]);
          reported = total;
        }
        level *= 2;
      }
      total += n;
    }
    if (total > reported) out.push([Math.floor(highestEquivalent(level) / 1000), total]);
    return out;
  }

  /** hdr_value_at_percentile, in nanoseconds. */
  percentile(p: number): number {
    const wanted = Math.max(1, Math.trunc((Math.min(p, 100) / 100) * this.calls + 0.5));
    let total = 0;
    let at = 0;
    for (let i = 0; i < HDR_COUNTS; i++) {
      total += this.counts[i]!;
      if (total >= wanted) {
        at = valueAt(i);
        break;
      }
    }
    return p === 0 ? at : highestEquivalent(at);
  }
}
