/**
 * Matching typed arguments against a command's argument grammar (the
 * `args` of a CommandSpec). Used to point at the first argument Redis could
 * not make sense of. Redis parses optional arguments in any order (`SET k v
 * GET NX` is as good as `SET k v NX GET`), so runs of optional arguments
 * match in any order, each at most once unless it may repeat.
 */
import type { ArgSpec, CommandSpec } from '../engine/core/command';

const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(?:inf|infinity|(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)$/i;

function valueFits(a: ArgSpec, tok: string): boolean {
  switch (a.type) {
    case 'integer':
    case 'unix-time':
      return INT.test(tok);
    case 'double':
      return FLOAT.test(tok) || /^[([]?[+-]?(?:inf|[\d.]+(?:e[+-]?\d+)?)$/i.test(tok);
    default:
      return true;
  }
}

const eq = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** Tracks the furthest position any attempt reached. */
interface Probe {
  furthest: number;
}

/** End positions after matching one occurrence of `a` at `pos`. */
function matchOne(a: ArgSpec, toks: readonly string[], pos: number, probe: Probe): Set<number> {
  const out = new Set<number>();
  let p = pos;
  if (a.token !== undefined && a.type !== 'pure-token') {
    if (p >= toks.length || !eq(toks[p]!, a.token)) return out;
    p++;
    probe.furthest = Math.max(probe.furthest, p);
  }
  switch (a.type) {
    case 'pure-token':
      if (p < toks.length && eq(toks[p]!, a.token ?? a.name)) {
        out.add(p + 1);
        probe.furthest = Math.max(probe.furthest, p + 1);
      }
      return out;
    case 'oneof':
      for (const alt of a.args ?? []) for (const e of matchArg({ ...alt, optional: false }, toks, p, probe)) out.add(e);
      return out;
    case 'block':
      return matchSeq(a.args ?? [], toks, p, probe);
    default:
      if (p < toks.length && valueFits(a, toks[p]!)) {
        out.add(p + 1);
        probe.furthest = Math.max(probe.furthest, p + 1);
      }
      return out;
  }
}

/** End positions after matching `a` (with its optional/multiple flags). */
function matchArg(a: ArgSpec, toks: readonly string[], pos: number, probe: Probe): Set<number> {
  const out = new Set<number>();
  if (a.optional) out.add(pos);
  let frontier = matchOne(a, toks, pos, probe);
  for (const e of frontier) out.add(e);
  if (a.multiple) {
    const seen = new Set(frontier);
    while (frontier.size > 0) {
      const next = new Set<number>();
      for (const p of frontier) {
        // Repeats carry the token only when the grammar says so.
        const again = a.token !== undefined && !a.multipleToken && a.type !== 'pure-token' ? { ...a, token: undefined } : a;
        for (const e of matchOne(again, toks, p, probe)) {
          if (!seen.has(e)) {
            seen.add(e);
            next.add(e);
            out.add(e);
          }
        }
      }
      frontier = next;
    }
  }
  return out;
}

/** A run of optional arguments, in any order, each used at most once. */
function matchAnyOrder(run: readonly ArgSpec[], toks: readonly string[], pos: number, probe: Probe): Set<number> {
  const out = new Set<number>([pos]);
  const states: [number, number][] = [[pos, 0]]; // position, bitmask of used args
  const seen = new Set<string>([`${pos}:0`]);
  while (states.length > 0) {
    const [p, used] = states.pop()!;
    run.forEach((a, i) => {
      if (used & (1 << i)) return;
      for (const e of matchOne(a, toks, p, probe)) {
        if (e === p) continue;
        const st = `${e}:${used | (1 << i)}`;
        if (seen.has(st)) continue;
        seen.add(st);
        out.add(e);
        states.push([e, a.multiple ? used : used | (1 << i)]);
      }
    });
  }
  return out;
}

function matchSeq(args: readonly ArgSpec[], toks: readonly string[], pos: number, probe: Probe): Set<number> {
  let positions = new Set([pos]);
  let i = 0;
  while (i < args.length && positions.size > 0) {
    const a = args[i]!;
    const next = new Set<number>();
    if (a.optional && i + 1 < args.length && args[i + 1]!.optional) {
      let j = i;
      while (j < args.length && args[j]!.optional && j - i < 16) j++;
      const run = args.slice(i, j);
      for (const p of positions) for (const e of matchAnyOrder(run, toks, p, probe)) next.add(e);
      i = j;
    } else {
      for (const p of positions) for (const e of matchArg(a, toks, p, probe)) next.add(e);
      i++;
    }
    positions = next;
  }
  return positions;
}

export interface GrammarMatch {
  /** True when the whole argument list fits the grammar. */
  readonly ok: boolean;
  /**
   * Index into the arguments given (after the command and subcommand name)
   * of the first one that does not fit; equal to their count when more
   * arguments were expected.
   */
  readonly at: number;
}

/** Matches the arguments after the command (and subcommand) name. */
export function matchGrammar(spec: CommandSpec, args: readonly string[]): GrammarMatch {
  const probe: Probe = { furthest: 0 };
  const ends = matchSeq(spec.args ?? [], args, 0, probe);
  if (ends.has(args.length)) return { ok: true, at: args.length };
  return { ok: false, at: Math.min(probe.furthest, args.length) };
}
