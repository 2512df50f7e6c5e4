import type { Ctx, Handler } from '../../core/command';
import { E } from '../../core/errors';
import { helpReply } from '../../core/help';
import { keyUsage } from '../../core/memory';
import { RedisError, is } from '../../core/parse';
import { parseInt64 } from '../../../text/int';
import { NIL, OK, bulk, int, type Reply } from '../../core/reply';
import type { Engine } from '../../engine';

/** MEMORY USAGE, STATS, DOCTOR, MALLOC-STATS, PURGE. */
export const memoryCommands: Record<string, Handler> = {
  'memory|usage': memoryUsage,
  'memory|stats': memoryStats,
  'memory|doctor': (c) => ({ t: 'verbatim', format: 'txt', v: memoryDoctor(c.engine) }),
  'memory|malloc-stats': () => bulk('Stats not supported for the current allocator'),
  'memory|purge': () => OK,
  'memory|help': (c) => helpReply(c, MEMORY_HELP),
};

function memoryUsage(c: Ctx): Reply {
  let samples = 5;
  for (let j = 3; j < c.argv.length; j++) {
    if (is(c.argv[j]!, 'SAMPLES') && j + 1 < c.argv.length) {
      const n = parseInt64(c.argv[j + 1]!);
      if (n === null) throw new RedisError(E.NOT_INTEGER);
      if (n < 0n) throw new RedisError(E.SYNTAX);
      samples = n === 0n ? 0 : Number(n);
      j++;
    } else {
      throw new RedisError(E.SYNTAX);
    }
  }
  const key = c.argv[2]!;
  const e = c.db.peek(key);
  if (e === undefined) return NIL;
  return int(keyUsage(key, e, c.engine.config, samples));
}

function memoryStats(c: Ctx): Reply {
  const e = c.engine;
  const used = e.memory.used();
  const startup = 876016;
  const clientsNormal = 1838 * e.clients.size;
  const keys = e.dbs.reduce((n, db) => n + db.size, 0);
  const dataset = e.memory.dataset;
  const overhead = used - dataset;
  const num = (n: number): Reply => int(Math.round(n));
  const pairs: [Reply, Reply][] = [
    [bulk('peak.allocated'), num(e.memory.peak)],
    [bulk('total.allocated'), num(used)],
    [bulk('startup.allocated'), num(startup)],
    [bulk('replication.backlog'), int(0)],
    [bulk('clients.slaves'), int(0)],
    [bulk('clients.normal'), num(clientsNormal)],
    [bulk('cluster.links'), int(0)],
    [bulk('aof.buffer'), int(0)],
    [bulk('lua.caches'), int(0)],
    [bulk('functions.caches'), int(184)],
  ];
  for (const db of e.dbs) {
    if (db.size === 0 && db.expires.size === 0) continue;
    const slots = (n: number): number => (n === 0 ? 0 : n <= 4 ? 4 : 2 ** Math.ceil(Math.log2(n)));
    pairs.push([
      bulk(`db.${db.id}`),
      {
        t: 'map',
        v: [
          [bulk('overhead.hashtable.main'), num(db.size * 24 + slots(db.size) * 8 + 56)],
          [bulk('overhead.hashtable.expires'), num(db.expires.size * 24 + slots(db.expires.size) * 8 + 56)],
          [bulk('overhead.hashtable.slot-to-keys'), int(0)],
        ],
      },
    ]);
  }
  pairs.push(
    [bulk('overhead.total'), num(overhead)],
    [bulk('keys.count'), int(keys)],
    [bulk('keys.bytes-per-key'), num(keys === 0 ? 0 : (used - startup) / keys)],
    [bulk('dataset.bytes'), num(dataset)],
    [bulk('dataset.percentage'), { t: 'double', v: used - startup <= 0 ? 0 : (dataset * 100) / (used - startup) }],
    [bulk('peak.percentage'), { t: 'double', v: (used * 100) / e.memory.peak }],
    [bulk('allocator.allocated'), num(used)],
    [bulk('allocator.active'), num(used)],
    [bulk('allocator.resident'), num(used)],
    [bulk('allocator-fragmentation.ratio'), { t: 'double', v: 1 }],
    [bulk('allocator-fragmentation.bytes'), int(0)],
    [bulk('allocator-rss.ratio'), { t: 'double', v: 1 }],
    [bulk('allocator-rss.bytes'), int(0)],
    [bulk('rss-overhead.ratio'), { t: 'double', v: 1 }],
    [bulk('rss-overhead.bytes'), int(0)],
    [bulk('fragmentation'), { t: 'double', v: 1 }],
    [bulk('fragmentation.bytes'), int(0)],
  );
  return { t: 'map', v: pairs };
}

function memoryDoctor(e: Engine): string {
  const used = e.memory.used();
  if (used < 5 * 1024 * 1024) {
    return (
      'Hi Sam, this instance is empty or is using very little memory, my issues detector can\'t be used in these conditions. ' +
      'Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be back to our programming as soon as I finished rebooting.\n'
    );
  }
  if (e.memory.peak / used > 1.5) {
    return (
      'Sam, I detected a few issues in this Redis instance memory implants:\n\n' +
      ' * Peak memory: In the past this instance used more than 150% the memory that is currently using. The allocator is normally not able to release memory after a peak, so you can expect to see a big fragmentation ratio, however this is actually harmless and is only due to the memory peak, and if the Redis instance Resident Set Size (RSS) is currently bigger than expected, the memory will be used as soon as you fill the Redis instance with more data. If the memory peak was only occasional and you want to try to reclaim memory, please try the MEMORY PURGE command, otherwise the only other option is to shutdown and restart the instance.\n\n' +
      "I'm here to keep you safe, Sam. I want to help you.\n"
    );
  }
  return "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.\n";
}

const MEMORY_HELP = [
  'DOCTOR',
  '    Return memory problems reports.',
  'MALLOC-STATS',
  '    Return internal statistics report from the memory allocator.',
  'PURGE',
  '    Attempt to purge dirty pages for reclamation by the allocator.',
  'STATS',
  '    Return information about the memory usage of the server.',
  'USAGE <key> [SAMPLES <count>]',
  '    Return memory in bytes used by <key> and its value. Nested values are',
  '    sampled up to <count> times (default: 5, 0 means sample all).',
];
