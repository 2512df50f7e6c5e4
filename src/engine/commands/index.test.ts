/**
 * The command table (spec/index.ts) and the handler groups (commands/index.ts)
 * list the same commands: every spec has a handler entry in its group and
 * every handler a spec, and COMMAND shows every command and subcommand of
 * the table.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../engine';
import type { CommandSpec } from '../core/command';
import type { Reply } from '../core/reply';
import { allSpecs } from '../spec';
import { allHandlers, commandGroups } from './index';

const names = (specs: readonly CommandSpec[]): string[] => specs.flatMap((s) => [s.name, ...(s.subcommands ?? []).map((x) => x.name)]);

describe('the command table and the handler groups', () => {
  it('list the same specs, each once', () => {
    const grouped = commandGroups.flatMap((g) => g.specs);
    expect(new Set(grouped).size).toBe(grouped.length);
    expect(new Set(allSpecs).size).toBe(allSpecs.length);
    expect(new Set(grouped)).toEqual(new Set(allSpecs));
    const all = names(allSpecs);
    expect(new Set(all).size, 'a command name twice in the table').toBe(all.length);
  });

  it('every spec has a handler entry in its own group, and every handler a spec of that group', () => {
    for (const g of commandGroups) {
      const specNames = names(g.specs);
      const containers = new Set(g.specs.filter((s) => s.subcommands).map((s) => s.name));
      const handlerNames = Object.keys(g.handlers);
      // A container (CONFIG, OBJECT ...) needs no handler of its own; its subcommands do.
      for (const n of specNames) if (!containers.has(n)) expect(handlerNames, `handler for ${n}`).toContain(n);
      for (const n of handlerNames) expect(specNames, `spec for handler ${n}`).toContain(n);
    }
  });

  it('every implemented handler is reachable by its name', () => {
    const implemented = commandGroups.flatMap((g) => Object.entries(g.handlers).filter(([, h]) => typeof h === 'function').map(([n]) => n));
    expect(Object.keys(allHandlers).sort()).toEqual([...implemented].sort());
  });

  it('COMMAND shows every command and subcommand of the table', () => {
    const e = new Engine();
    const reply = e.exec(e.createClient(), ['COMMAND']);
    expect(reply?.t).toBe('array');
    const entries = (reply as Extract<Reply, { t: 'array' }>).v as Extract<Reply, { t: 'array' }>[];
    const bulk = (r: Reply | undefined): string => (r?.t === 'bulk' || r?.t === 'simple' ? r.v : '');
    const shown = new Set<string>();
    for (const entry of entries) {
      shown.add(bulk(entry.v[0]));
      const subs = entry.v[9];
      if (subs?.t === 'array') for (const sub of subs.v) if (sub.t === 'array') shown.add(bulk(sub.v[0]));
    }
    expect([...shown].sort()).toEqual(names(allSpecs).sort());
    expect(e.exec(e.createClient(), ['COMMAND', 'COUNT'])).toEqual({ t: 'int', v: allSpecs.length });
  });
});
