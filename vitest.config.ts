import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts', 'lessons/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'threads',
    // Many files spend their time waiting on redis-server, sockets and timers rather than the
    // CPU: one worker more than the cores (at least three) halves the run on a 2-core machine.
    maxWorkers: Math.max(3, availableParallelism()),
  },
});
