import type { CommandSpec } from '../core/command';
import { bitmapSpecs } from './bitmap';
import { sortSpecs } from './sort';
import { dumpSpecs } from './dump';
import { connectionSpecs } from './connection';
import { genericSpecs } from './generic';
import { hashSpecs } from './hash';
import { listSpecs } from './list';
import { serverSpecs } from './server';
import { setSpecs } from './set';
import { stringSpecs } from './strings';
import { transactionSpecs } from './transactions';
import { ttlSpecs } from './ttl';
import { zsetSpecs } from './zset';
import { streamSpecs } from './stream';
import { pubsubSpecs } from './pubsub';
import { hyperloglogSpecs } from './hyperloglog';
import { scriptingSpecs } from './scripting';
import { geoSpecs } from './geo';
import { aclSpecs } from './acl';
import { clusterSpecs } from './cluster';

/** The whole command table. Each group adds its list here. */
export const allSpecs: readonly CommandSpec[] = [...connectionSpecs, ...genericSpecs, ...stringSpecs, ...ttlSpecs, ...hashSpecs, ...listSpecs, ...setSpecs, ...zsetSpecs, ...geoSpecs, ...transactionSpecs, ...serverSpecs, ...bitmapSpecs, ...sortSpecs, ...dumpSpecs, ...streamSpecs, ...pubsubSpecs, ...hyperloglogSpecs, ...scriptingSpecs, ...aclSpecs, ...clusterSpecs];
