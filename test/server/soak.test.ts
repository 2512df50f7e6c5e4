/**
 * The short form of `npm run soak`: heavy pipelined load, a client that
 * never reads, a reply burst and a PING probe against one server process, in
 * seconds. It checks that the process lives, delivers the burst, keeps its
 * memory bounded and answers the probe while the load runs; the latency
 * figures are printed, never asserted (`npm run soak` and `npm run bench`
 * report them beside redis-server's).
 */
import { describe, expect, it } from 'vitest';
import { SHORT_SOAK, redisBenchmarkAvailable, soak, soakTable, startEngineTarget } from '../../bench/soak';
import { table } from '../../bench/util';

const available = redisBenchmarkAvailable();
if (!available && process.env.CI) throw new Error('redis-benchmark is not installed, and CI=true: the soak cannot be skipped');

describe.runIf(available)('server soak (short form)', () => {
  it('lives through load, a never-reading client and a reply burst', { timeout: 180_000 }, async () => {
    const target = await startEngineTarget();
    try {
      const r = await soak(target, SHORT_SOAK);
      console.log(table(soakTable([r])));
      expect(r.exitCode).toBeNull();
      expect(r.alive).toBe(true);
      expect(r.burstReceived).toBe(r.burstExpected);
      // Unbounded (before), this run grew the process by about 750 MB.
      expect(r.rssPeakMB - r.rssStartMB).toBeLessThan(400);
      expect(r.probesDuringLoad).toBeGreaterThan(0);
    } finally {
      await target.stop();
    }
  });
});
