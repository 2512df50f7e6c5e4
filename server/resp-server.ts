/**
 * `npm run server -- --port 6380 [--host 127.0.0.1] [--dir D [--dbfilename F] [--save "60 1000"]]`:
 * serves the engine over RESP so redis-cli, redis-benchmark and Redis's test
 * suite can use it. With --dir it keeps its keyspace in D/dump.rdb as
 * redis-server does (loaded at start, written by SAVE, BGSAVE, the save
 * points, SHUTDOWN and on SIGINT/SIGTERM when there are save points).
 * Prints one line once it is ready.
 */
import { parseArgs } from 'node:util';
import { saveDump } from './disk';
import { redisLogLine, startRespServer } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', short: 'p', default: '6379' },
    host: { type: 'string', short: 'h', default: '127.0.0.1' },
    dir: { type: 'string' },
    dbfilename: { type: 'string' },
    save: { type: 'string' },
  },
  strict: true,
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`invalid --port ${values.port}`);
  process.exit(2);
}
if (values.dir === undefined && (values.dbfilename !== undefined || values.save !== undefined)) {
  console.error('--dbfilename and --save need --dir (without it nothing is kept on disk)');
  process.exit(2);
}

const disk =
  values.dir === undefined
    ? undefined
    : { dir: values.dir, ...(values.dbfilename !== undefined ? { dbfilename: values.dbfilename } : {}), ...(values.save !== undefined ? { save: values.save } : {}) };

try {
  const server = await startRespServer({ port, host: values.host, ...(disk ? { disk } : {}), onShutdown: () => process.exit(0) });
  console.log(`Redis Playground engine ready on ${server.host}:${server.port}`);
  const stop = (signal: string) => {
    const log = (line: string, level = '#') => console.log(redisLogLine(line, level));
    log(`Received ${signal} scheduling shutdown...`);
    // shutdown-on-sigint/sigterm default: save when there are save points.
    if (disk !== undefined && (server.engine.config.get('save') ?? '') !== '') {
      log('Saving the final RDB snapshot before exiting.');
      if (!saveDump(server.engine, log)) {
        // As redis-server: a final save that fails keeps the server running.
        log("Error trying to save the DB, can't exit.");
        return;
      }
    }
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (e) {
  console.error(e instanceof Error && e.message.startsWith('cannot load') ? e.message : `cannot listen on ${values.host}:${port}: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
