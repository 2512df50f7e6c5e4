import type { CommandSpec } from '../core/command';
import { connectionSpecs, genericSpecs } from './generic';
import { stringSpecs } from './strings';
import { ttlSpecs } from './ttl';

/** The whole command table. Each group adds its list here. */
export const allSpecs: readonly CommandSpec[] = [...connectionSpecs, ...genericSpecs, ...stringSpecs, ...ttlSpecs];
