/** For the engine's unit tests only (never imported by production code): a client that records everything the engine sends it. */
import type { ClientState } from '../core/command';
import type { Reply } from '../core/reply';
import type { Engine } from '../engine';

/** A client that records everything it is sent, replies and pushes alike, in order. */
export function conn(engine: Engine) {
  const got: Reply[] = [];
  const client: ClientState = engine.createClient((r) => got.push(r));
  const run = (...argv: string[]): Reply[] => {
    const r = engine.exec(client, argv);
    if (r !== undefined) got.push(r);
    return got.splice(0);
  };
  return { client, got, run, take: () => got.splice(0) };
}
