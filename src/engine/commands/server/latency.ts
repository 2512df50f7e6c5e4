import type { Ctx, HandlersFor } from '../../core/command';
import { helpReply } from '../../core/help';
import { RedisError } from '../../core/parse';
import { array, bulk, int, type Reply } from '../../core/reply';
import type { serverSpecs } from '../../spec/server';
import type { CommandHistogram } from '../../core/latency';

/** The lines of LATENCY HELP. */
const LATENCY_HELP = [
  'DOCTOR',
  '    Return a human readable latency analysis report.',
  'GRAPH <event>',
  '    Return an ASCII latency graph for the <event> class.',
  'HISTORY <event>',
  '    Return time-latency samples for the <event> class.',
  'LATEST',
  '    Return the latest latency samples for all events.',
  'RESET [<event> ...]',
  '    Reset latency data of one or more <event> classes.',
  '    (default: reset all data for all event classes)',
  'HISTOGRAM [COMMAND ...]',
  '    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.',
  '    If no commands are specified then all histograms are replied.',
];

/**
 * LATENCY DOCTOR, GRAPH, HISTORY, LATEST, RESET (the monitor is
 * core/latency.ts) and HISTOGRAM (each command's durations, recorded by the
 * engine while `latency-tracking` is on).
 */
export const latencyCommands = {
  'latency|help': (c) => helpReply(c, LATENCY_HELP),
  'latency|history': (c) => array(c.engine.latency.history(c.argv[2]!).map((s) => array([int(s.time), int(s.latency)]))),
  'latency|latest': (c) => array(c.engine.latency.latest().map((e) => array([bulk(e.event), int(e.time), int(e.latency), int(e.max)]))),
  'latency|reset': (c) => {
    const m = c.engine.latency;
    if (c.argv.length === 2) return int(m.reset());
    let n = 0;
    for (let i = 2; i < c.argv.length; i++) n += m.reset(c.argv[i]!);
    return int(n);
  },
  'latency|graph': latencyGraph,
  'latency|doctor': latencyDoctor,
  'latency|histogram': latencyHistogram,
} satisfies Partial<HandlersFor<typeof serverSpecs>>;

type Histogrammed = { readonly spec: { readonly name: string }; readonly histogram?: CommandHistogram | undefined };

/** fillCommandCDF: `calls` and `histogram_usec` (microseconds -> cumulative count). */
function commandCdf(h: CommandHistogram): Reply {
  return {
    t: 'map',
    v: [
      [bulk('calls'), int(h.calls)],
      [bulk('histogram_usec'), { t: 'map', v: h.cdf().map(([us, n]) => [int(us), int(n)] as const) }],
    ],
  };
}

/**
 * LATENCY HISTOGRAM [command ...]: every command (and subcommand) that has
 * run, or those named (a container brings its subcommands; unknown names
 * are skipped).
 */
function latencyHistogram(c: Ctx): Reply {
  const pairs: [Reply, Reply][] = [];
  const add = (cmd: Histogrammed | undefined) => {
    if (cmd?.histogram !== undefined) pairs.push([bulk(cmd.spec.name), commandCdf(cmd.histogram)]);
  };
  const withSubs = (cmd: ReturnType<Ctx['engine']['lookupByName']>) => {
    add(cmd);
    for (const sub of cmd?.subcommands?.values() ?? []) add(sub);
  };
  if (c.argv.length === 2) for (const cmd of c.engine.commands.values()) withSubs(cmd);
  else for (const name of c.argv.slice(2)) withSubs(c.engine.lookupByName(name));
  return { t: 'map', v: pairs };
}

const GRAPH_COLUMNS = 80;
const GRAPH_ROWS = 4;

/**
 * LATENCY GRAPH event: a header as Redis writes it, then one column per
 * sample (oldest first), its height scaled between the lowest and the
 * highest sample, with how long ago it was written down the column.
 */
function latencyGraph(c: Ctx): Reply {
  const event = c.argv[2]!;
  const samples = c.engine.latency.history(event);
  if (samples.length === 0) throw new RedisError(`ERR No samples available for event '${event}'`);
  const lows = samples.map((s) => s.latency);
  const min = Math.min(...lows);
  const max = Math.max(...lows);
  const allTime = c.engine.latency.latest().find((e) => e.event === event)?.max ?? max;
  const nowSec = Math.floor(c.engine.clock.now() / 1000);
  const shown = samples.slice(-GRAPH_COLUMNS);
  const heights = shown.map((s) => (max === min ? GRAPH_ROWS : 1 + Math.round(((s.latency - min) / (max - min)) * (GRAPH_ROWS - 1))));
  const labels = shown.map((s) => ago(nowSec - s.time));
  const lines: string[] = [];
  for (let row = GRAPH_ROWS; row >= 1; row--) lines.push(heights.map((h) => (h >= row ? '#' : ' ')).join('').trimEnd());
  const labelRows = Math.max(...labels.map((l) => l.length));
  for (let i = 0; i < labelRows; i++) lines.push(labels.map((l) => l[i] ?? ' ').join('').trimEnd());
  const text = `${event} - high ${max} ms, low ${min} ms (all time high ${allTime} ms)\n${'-'.repeat(GRAPH_COLUMNS)}\n${lines.join('\n')}\n`;
  return { t: 'verbatim', format: 'txt', v: text };
}

/** Seconds, minutes, hours or days ago, as the graph's labels. */
function ago(sec: number): string {
  if (sec < 60) return `${sec}s`;
  if (sec < 3600) return `${Math.floor(sec / 60)}m`;
  if (sec < 86400) return `${Math.floor(sec / 3600)}h`;
  return `${Math.floor(sec / 86400)}d`;
}

/** LATENCY DOCTOR: what the monitor recorded, event by event, in plain words. */
function latencyDoctor(c: Ctx): Reply {
  const m = c.engine.latency;
  const threshold = c.engine.config.num('latency-monitor-threshold');
  const names = m.names();
  const out: string[] = [];
  if (names.length === 0) {
    out.push('No latency spike was recorded since the latency monitor was started or last reset.');
    if (threshold === 0) out.push('The monitor is off: CONFIG SET latency-monitor-threshold <milliseconds> records every event that takes at least that long.');
  } else {
    out.push(`Latency events recorded (threshold ${threshold} ms):`, '');
    names.forEach((name, i) => {
      const s = m.stats(name, c.engine.clock.now());
      out.push(
        `${i + 1}. ${name}: ${s.samples} latency spikes (average ${s.avg}ms, mean deviation ${s.mad}ms, period ${(s.period / s.samples).toFixed(2)} sec). ` +
          `Worst all time event ${s.allTimeHigh}ms.`,
      );
    });
    out.push('');
    if (names.includes('command') || names.includes('fast-command')) {
      out.push('- Slow commands: SLOWLOG GET shows which ones; commands over large values (KEYS, SMEMBERS, LRANGE 0 -1 of big keys, scripts) are the usual cause.');
    }
    if (names.includes('expire-cycle')) out.push('- Expiry cycles: many keys, or big ones, expiring at the same time.');
    if (names.includes('eviction-cycle')) out.push('- Evictions: maxmemory is reached and keys are evicted before commands run.');
  }
  return { t: 'verbatim', format: 'txt', v: out.join('\n') + '\n' };
}
