/**
 * `npm run server -- --port 6380 [--host 127.0.0.1]`: serves the engine over
 * RESP so redis-cli, redis-benchmark and Redis's test suite can use it.
 * Prints one line once it is ready.
 */
import { parseArgs } from 'node:util';
import { startRespServer } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', short: 'p', default: '6379' },
    host: { type: 'string', short: 'h', default: '127.0.0.1' },
  },
  strict: true,
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`invalid --port ${values.port}`);
  process.exit(2);
}

try {
  const server = await startRespServer({ port, host: values.host });
  console.log(`Redis Playground engine ready on ${server.host}:${server.port}`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (e) {
  console.error(`cannot listen on ${values.host}:${port}: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
