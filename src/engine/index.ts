/** Public surface of the engine for the worker and the Node server. */
export { Engine, type CommandEvent, type CommandFacts, type EngineOptions, type KeyRef } from './engine';
export type { Combination, GeoSearchChange, KeyChange, ListChange, ListEnd, ReadRange, ScoreBound, ScoreChange } from './core/changes';
export type { SaveTarget } from './core/persistence';
export type { ArgSpec, ClientState, CommandSpec } from './core/command';
export type { Reply } from './core/reply';
export { VirtualClock, ManualClock, systemClock, type Clock } from './core/clock';
export { fromText, toText, fromBytes, toBytes } from '../text/bytes';
export { entrySize, type Entry, type EntryType } from './core/entry';
