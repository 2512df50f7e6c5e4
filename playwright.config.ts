import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive the built app in Debian's Chromium (no browser
 * downloads). Override the binary with CHROMIUM_PATH on other machines.
 */
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const port = Number(process.env.E2E_PORT ?? 4173);
/** Whole files that run alone (see `projects`). */
const SERIAL_FILES = [/persistence\.spec\.ts/, /populate\.spec\.ts/];

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  // Two browsers side by side in CI (each test has its own context and storage); one by default,
  // so a run beside other work stays light. E2E_WORKERS overrides both.
  workers: Number(process.env.E2E_WORKERS ?? (process.env.CI ? 2 : 1)),
  // What loads the machine on purpose (a million keys, crash loops, two tabs writing) or reads
  // the wall clock runs alone: `npm run test:e2e` runs the parallel project, then the serial
  // one with one worker. A plain `playwright test` runs both.
  projects: [
    { name: 'parallel', testIgnore: SERIAL_FILES, grepInvert: /@serial/ },
    { name: 'serial', testMatch: SERIAL_FILES },
    { name: 'serial-tagged', testIgnore: SERIAL_FILES, grep: /@serial/ },
  ],
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
    },
    // The built app installs a service worker that fetches and caches every file
    // (e2e/offline.spec.ts allows it and tests it); elsewhere that download is
    // only extra load.
    serviceWorkers: 'block',
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: `npx vite preview --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
