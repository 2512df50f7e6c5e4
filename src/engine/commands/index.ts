import type { Handler } from '../core/command';
import { bitmapCommands } from './bitmap';
import { sortCommands } from './sort';
import { dumpCommands } from './dump';
import { connectionCommands } from './connection';
import { genericCommands } from './generic';
import { hashCommands } from './hash';
import { listCommands } from './list';
import { serverCommands } from './server';
import { setCommands } from './set';
import { stringCommands } from './strings';
import { transactionCommands } from './transactions';
import { ttlCommands } from './ttl';
import { zsetCommands } from './zset';
import { streamCommands } from './stream';
import { pubsubCommands } from './pubsub';
import { hyperloglogCommands } from './hyperloglog';

/** Every handler, keyed by the command's lower-case full name. */
export const allHandlers: Readonly<Record<string, Handler>> = {
  ...genericCommands,
  ...stringCommands,
  ...ttlCommands,
  ...hashCommands,
  ...listCommands,
  ...setCommands,
  ...zsetCommands,
  ...connectionCommands,
  ...transactionCommands,
  ...serverCommands,
  ...bitmapCommands,
  ...sortCommands,
  ...dumpCommands,
  ...streamCommands,
  ...pubsubCommands,
  ...hyperloglogCommands,
};
