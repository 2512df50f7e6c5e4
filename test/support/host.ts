/** The worker's host in this process, with one client and the events it pushed: for tests of the worker side. */
import type { ChangeEvent, WorkerEvent } from '../../src/protocol/messages';
import { EngineHost } from '../../src/worker/host';

export function hostWithClient() {
  const events: WorkerEvent[] = [];
  const host = new EngineHost((e) => events.push(e));
  const { client } = host.handle('open', { name: 't' });
  const exec = (...argv: string[]) => host.handle('exec', { client, argv });
  const changes = () => events.filter((e): e is ChangeEvent => e.type === 'change');
  return { host, events, exec, changes, client };
}
