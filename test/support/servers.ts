/**
 * For a describe block that compares our RESP server (`npm run server`) with
 * a real redis-server: both are started before its tests and stopped after.
 * Read `ours` and `redis` inside the tests (they are set once both run).
 */
import { afterAll, beforeAll } from 'vitest';
import { startRespServer, type RespServer } from '../../server/server';
import { startRedis, type RedisServer } from './redis';

export interface BothServers {
  readonly ours: RespServer;
  readonly redis: RedisServer;
}

export function bothServers(): BothServers {
  const s: { ours?: RespServer; redis?: RedisServer } = {};
  beforeAll(async () => {
    s.ours = await startRespServer({ port: 0 });
    s.redis = await startRedis();
  });
  afterAll(async () => {
    await s.ours?.close();
    await s.redis?.stop();
  });
  return {
    get ours() {
      return s.ours!;
    },
    get redis() {
      return s.redis!;
    },
  };
}
