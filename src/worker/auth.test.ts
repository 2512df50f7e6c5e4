import { describe, expect, it } from 'vitest';
import { EngineHost } from './host';

/**
 * requirepass in the browser (checked against redis-server in
 * test/differential/browser-auth.test.ts): the app's own connections are
 * never locked out.
 */
describe('the app’s own connections', () => {
  it('are never locked out: export, widgets and lesson checks work while a password is set', () => {
    const host = new EngineHost(() => {});
    const learner = host.handle('open', { name: 'terminal' }).client;
    host.handle('exec', { client: learner, argv: ['CONFIG', 'SET', 'requirepass', 's3cret'] });
    host.handle('exec', { client: learner, argv: ['SET', 'k', 'v'] });
    const app = host.handle('open', { name: 'export', internal: true }).client;
    expect(host.handle('exec', { client: app, argv: ['GET', 'k'] }).reply).toEqual({ t: 'bulk', v: 'v' });
    expect(host.handle('exec', { client: app, argv: ['RESET'] }).reply).toEqual({ t: 'simple', v: 'RESET' });
    expect(host.handle('exec', { client: app, argv: ['GET', 'k'] }).reply).toEqual({ t: 'bulk', v: 'v' });
    // A second terminal is a new connection: it must AUTH.
    const second = host.handle('open', { name: 'terminal 2' }).client;
    expect(host.handle('exec', { client: second, argv: ['GET', 'k'] }).reply).toEqual({ t: 'error', v: 'NOAUTH Authentication required.' });
    // The lesson checks run on the engine's internal client.
    expect(host.handle('lessonReset', { setup: [['SET', 'lesson:key', '1']] }).errors).toEqual([]);
    expect(host.handle('exec', { client: learner, argv: ['GET', 'lesson:key'] }).reply).toEqual({ t: 'bulk', v: '1' });
  });
});
