/** For the engine's unit tests only (never imported by production code): an engine on a manual clock, one client, and reply builders. */
import { ManualClock } from '../core/clock';
import type { ClientState } from '../core/command';
import type { Reply } from '../core/reply';
import { Engine } from '../engine';

export interface TestEngine {
  readonly engine: Engine;
  readonly client: ClientState;
  /** Runs a command as the client; its reply (undefined when the client blocked). */
  readonly run: (...argv: string[]) => Reply | undefined;
  readonly db: Engine['dbs'][number];
}

/** A fresh engine whose clock moves only when told, with one client on database 0. */
export function testEngine(random?: () => number): TestEngine {
  const engine = new Engine({ clock: new ManualClock(), ...(random ? { random } : {}) });
  const client = engine.createClient();
  const run = (...argv: string[]): Reply | undefined => engine.exec(client, argv);
  return { engine, client, run, db: engine.dbs[0]! };
}

export const bulk = (v: string): Reply => ({ t: 'bulk', v });
export const bulks = (...v: string[]): Reply => ({ t: 'array', v: v.map(bulk) });
export const int = (v: number): Reply => ({ t: 'int', v });
export const err = (v: string): Reply => ({ t: 'error', v });
export const NIL: Reply = { t: 'nil' };
export const NIL_ARRAY: Reply = { t: 'nilarray' };
