import type { ClientState } from './command';
import type { Db } from './keyspace';

/** Forgets every WATCHed key of the client (unwatchAllKeys). */
export function unwatchAll(engine: { readonly dbs: readonly Db[] }, client: ClientState): void {
  for (const wk of client.watching) engine.dbs[wk.db]?.unwatch(wk);
  client.watching = [];
  client.dirtyCas = false;
}

/** Leaves MULTI and forgets every WATCHed key (discardTransaction). */
export function discardTransaction(engine: { readonly dbs: readonly Db[] }, client: ClientState): void {
  client.multi = undefined;
  unwatchAll(engine, client);
}
