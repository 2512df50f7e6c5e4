import type { CommandSpec, Handler, HandlersFor } from '../core/command';
import { bitmapSpecs } from '../spec/bitmap';
import { connectionSpecs } from '../spec/connection';
import { dumpSpecs } from '../spec/dump';
import { geoSpecs } from '../spec/geo';
import { genericSpecs } from '../spec/generic';
import { hashSpecs } from '../spec/hash';
import { hyperloglogSpecs } from '../spec/hyperloglog';
import { scriptingSpecs } from '../spec/scripting';
import { aclSpecs } from '../spec/acl';
import { clusterSpecs } from '../spec/cluster';
import { listSpecs } from '../spec/list';
import { pubsubSpecs } from '../spec/pubsub';
import { serverSpecs } from '../spec/server';
import { setSpecs } from '../spec/set';
import { sortSpecs } from '../spec/sort';
import { streamSpecs } from '../spec/stream';
import { stringSpecs } from '../spec/strings';
import { transactionSpecs } from '../spec/transactions';
import { ttlSpecs } from '../spec/ttl';
import { zsetSpecs } from '../spec/zset';
import { bitmapCommands } from './bitmap';
import { sortCommands } from './sort';
import { dumpCommands } from './dump';
import { connectionCommands } from './connection';
import { clientTrackingCommands } from './client-tracking';
import { genericCommands } from './generic';
import { hashCommands } from './hash';
import { listCommands } from './list';
import { serverCommands } from './server';
import { setCommands } from './set';
import { stringCommands } from './strings';
import { transactionCommands } from './transactions';
import { ttlCommands } from './ttl';
import { zsetCommands } from './zset';
import { geoCommands } from './geo';
import { streamCommands } from './stream';
import { pubsubCommands } from './pubsub';
import { hyperloglogCommands } from './hyperloglog';
import { scriptingCommands } from './scripting';
import { aclCommands } from './acl';
import { clusterCommands } from './cluster';

/** A command group: its specs and their handlers, registered together. */
export interface CommandGroupEntry {
  readonly specs: readonly CommandSpec[];
  readonly handlers: Readonly<Record<string, Handler | null | undefined>>;
}

/**
 * Pairs a group's specs with its handlers. The handlers are typed against
 * the specs: a command or subcommand of the table without a handler, or a
 * handler under a name the table does not have, fails to compile.
 */
function group<const S extends readonly CommandSpec[]>(specs: S, handlers: HandlersFor<S>): CommandGroupEntry {
  return { specs, handlers };
}

/** Every command group. spec/index.ts lists the same specs (a test checks it). */
export const commandGroups: readonly CommandGroupEntry[] = [
  group(genericSpecs, genericCommands),
  group(stringSpecs, stringCommands),
  group(ttlSpecs, ttlCommands),
  group(hashSpecs, hashCommands),
  group(listSpecs, listCommands),
  group(setSpecs, setCommands),
  group(zsetSpecs, zsetCommands),
  group(geoSpecs, geoCommands),
  group(connectionSpecs, { ...connectionCommands, ...clientTrackingCommands }),
  group(transactionSpecs, transactionCommands),
  group(serverSpecs, serverCommands),
  group(bitmapSpecs, bitmapCommands),
  group(sortSpecs, sortCommands),
  group(dumpSpecs, dumpCommands),
  group(streamSpecs, streamCommands),
  group(pubsubSpecs, pubsubCommands),
  group(hyperloglogSpecs, hyperloglogCommands),
  group(scriptingSpecs, scriptingCommands),
  group(aclSpecs, aclCommands),
  group(clusterSpecs, clusterCommands),
];

/** Every implemented handler, keyed by the command's lower-case full name. */
export const allHandlers: Readonly<Record<string, Handler>> = Object.fromEntries(
  commandGroups.flatMap((g) => Object.entries(g.handlers).filter((e): e is [string, Handler] => typeof e[1] === 'function')),
);
