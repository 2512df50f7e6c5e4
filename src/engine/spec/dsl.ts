import type { ArgSpec, CommandGroup, CommandSpec, MovableKeys, NeedsHandler, TypedSpec } from '../core/command';

/** Small builders that keep the command table readable. */
export const key = (name = 'key', o: Partial<ArgSpec> = {}): ArgSpec => ({ name, type: 'key', ...o });
export const str = (name: string, o: Partial<ArgSpec> = {}): ArgSpec => ({ name, type: 'string', ...o });
export const int = (name: string, o: Partial<ArgSpec> = {}): ArgSpec => ({ name, type: 'integer', ...o });
export const dbl = (name: string, o: Partial<ArgSpec> = {}): ArgSpec => ({ name, type: 'double', ...o });
export const pattern = (name = 'pattern', o: Partial<ArgSpec> = {}): ArgSpec => ({ name, type: 'pattern', ...o });
export const time = (name: string, o: Partial<ArgSpec> = {}): ArgSpec => ({ name, type: 'unix-time', ...o });
/** A bare keyword such as `NX` or `WITHSCORES`. */
export const tok = (token: string, o: Partial<ArgSpec> = {}): ArgSpec => ({
  name: token.toLowerCase(),
  type: 'pure-token',
  token,
  ...o,
});
export const oneof = (name: string, args: ArgSpec[], o: Partial<ArgSpec> = {}): ArgSpec => ({
  name,
  type: 'oneof',
  args,
  ...o,
});
export const block = (name: string, args: ArgSpec[], o: Partial<ArgSpec> = {}): ArgSpec => ({
  name,
  type: 'block',
  args,
  ...o,
});
export const opt = (a: ArgSpec): ArgSpec => ({ ...a, optional: true });
export const many = (a: ArgSpec): ArgSpec => ({ ...a, multiple: true });

export interface CmdOpts<S extends CommandSpec = CommandSpec> {
  flags?: string;
  keys?: readonly [number, number, number];
  /** Keys whose positions depend on the arguments (flag `movablekeys`). */
  movable?: MovableKeys;
  since?: string;
  complexity?: string;
  args?: ArgSpec[];
  subcommands?: S[];
}

/** What `cmd` makes: a plain command needs a handler, a container's subcommands do. */
export type SpecOf<N extends string, S extends CommandSpec> = [S] extends [never] ? TypedSpec<N> : TypedSpec<NeedsHandler<S>, N>;

export function cmd<N extends string, S extends CommandSpec = never>(
  name: N,
  arity: number,
  group: CommandGroup,
  summary: string,
  o: CmdOpts<S> = {},
): SpecOf<N, S> {
  const [firstKey, lastKey, step] = o.keys ?? [0, 0, 0];
  return {
    name,
    arity,
    group,
    summary,
    flags: o.flags ? o.flags.split(' ') : [],
    firstKey,
    lastKey,
    step,
    since: o.since ?? '1.0.0',
    ...(o.complexity !== undefined ? { complexity: o.complexity } : {}),
    ...(o.movable !== undefined ? { movableKeys: o.movable } : {}),
    ...(o.args !== undefined ? { args: o.args } : {}),
    ...(o.subcommands !== undefined ? { subcommands: o.subcommands } : {}),
  };
}
