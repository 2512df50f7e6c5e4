import type { HandlersFor } from '../../core/command';
import type { serverSpecs } from '../../spec/server';
import { commandCommands } from './command';
import { configCommands } from './config';
import { debugCommands } from './debug';
import { infoCommands } from './info';
import { latencyCommands } from './latency';
import { memoryCommands } from './memory';
import { monitorCommands } from './monitor';
import { objectCommands } from './object';
import { saveCommands } from './save';
import { slowlogCommands } from './slowlog';

/** The server group, one file per topic. */
export const serverCommands: HandlersFor<typeof serverSpecs> = {
  ...infoCommands,
  ...monitorCommands,
  ...saveCommands,
  ...commandCommands,
  ...configCommands,
  ...memoryCommands,
  ...slowlogCommands,
  ...latencyCommands,
  ...objectCommands,
  ...debugCommands,
};
