import type { Handler } from '../../core/command';
import { commandCommands } from './command';
import { configCommands } from './config';
import { debugCommands } from './debug';
import { functionCommands } from './function';
import { infoCommands } from './info';
import { memoryCommands } from './memory';
import { monitorCommands } from './monitor';
import { objectCommands } from './object';
import { saveCommands } from './save';
import { slowlogCommands } from './slowlog';

/** The server group, one file per topic. */
export const serverCommands: Record<string, Handler> = {
  ...infoCommands,
  ...monitorCommands,
  ...saveCommands,
  ...commandCommands,
  ...configCommands,
  ...memoryCommands,
  ...slowlogCommands,
  ...objectCommands,
  ...functionCommands,
  ...debugCommands,
};
