import type { Handler } from '../core/command';
import { genericCommands } from './generic';
import { stringCommands } from './strings';
import { ttlCommands } from './ttl';

/** Every handler, keyed by the command's lower-case full name. */
export const allHandlers: Readonly<Record<string, Handler>> = {
  ...genericCommands,
  ...stringCommands,
  ...ttlCommands,
};
