import { engineClient } from '../client/engine-client';

let up: Promise<void> | undefined;

/**
 * Resolves once the engine has answered (its worker loaded and started):
 * what the first command does not need (the keyspace view, the timeline,
 * the lesson text) is fetched only then, so on a slow connection it never
 * competes with the engine's download.
 */
export const engineUp = (): Promise<void> =>
  (up ??= engineClient()
    .call('clock', { op: 'get' })
    .then(
      () => {},
      () => {},
    ));
