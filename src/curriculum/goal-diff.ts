/**
 * A step's goal drawn, not only written: for checks that describe a state
 * (a list's order, a set's members, a sorted set's ranks, hash fields, a
 * string's value), the target beside what the key holds now, each element
 * marked: in place, missing, extra, in the wrong position, or with the wrong
 * value. Learn Git Branching shows its goal tree the same way. Pure: it
 * reads the same key snapshots the checks do.
 */
import type { KeySnapshot, KeyValue } from '../protocol/lessons';
import type { CheckSpec } from './schema';

/** ok: as the goal wants; missing: the goal has it, the key not; extra: the key has it, the goal not;
 * moved: there, at another position; wrong: there, with another value (score, field value); free: the goal says nothing about it. */
export type Mark = 'ok' | 'missing' | 'extra' | 'moved' | 'wrong' | 'free';

export interface DiffItem {
  /** The element (member, field, list item) as text. */
  readonly label: string;
  /** Its value where there is one (score, field value). */
  readonly value?: string;
  readonly mark: Mark;
}

export interface GoalDiff {
  readonly key: string;
  readonly type: 'string' | 'hash' | 'list' | 'set' | 'zset';
  /** What the goal wants, in its order (lists in index order, sorted sets by rank). */
  readonly goal: readonly DiffItem[];
  /** What the key holds now, in the same order. */
  readonly now: readonly DiffItem[];
  /** When the key cannot be compared element by element (missing, another type). */
  readonly problem?: string;
  /** True when everything the goal says is met. */
  readonly met: boolean;
}

/** Most elements drawn per side (long keys end with a "free" ellipsis row). */
const MAX_ITEMS = 12;

export function goalDiffs(checks: readonly CheckSpec[], keys: ReadonlyMap<string, KeySnapshot>): GoalDiff[] {
  const out: GoalDiff[] = [];
  for (const c of checks) {
    const d = goalDiff(c, keys);
    if (d !== undefined) out.push(d);
  }
  return out;
}

/** The drawing for one check, or undefined when the check is not about a state worth drawing. */
export function goalDiff(c: CheckSpec, keys: ReadonlyMap<string, KeySnapshot>): GoalDiff | undefined {
  const entry = (key: string): KeyValue | null => keys.get(key)?.entry ?? null;
  const problem = (key: string, type: GoalDiff['type'], goal: DiffItem[], want: string): GoalDiff | undefined => {
    const e = entry(key);
    if (e === null) return { key, type, goal: goal.map((g) => ({ ...g, mark: 'missing' })), now: [], problem: 'the key does not exist yet', met: false };
    if (e.type !== want) return { key, type, goal: goal.map((g) => ({ ...g, mark: 'missing' })), now: [], problem: `it holds a ${e.type === 'other' ? e.name : e.type}`, met: false };
    return undefined;
  };

  if (c.list && (c.list.equals !== undefined || c.list.head !== undefined)) {
    const { key } = c.list;
    const want = c.list.equals ?? c.list.head!;
    const p = problem(key, 'list', want.map((label) => ({ label, mark: 'missing' })), 'list');
    if (p) return p;
    const have = (entry(key) as Extract<KeyValue, { type: 'list' }>).value;
    const exact = c.list.equals !== undefined;
    const shown = exact ? have : have.slice(0, Math.max(want.length, 1));
    const { goal, now } = sequenceDiff(want, shown, exact);
    const tail = !exact && have.length > shown.length ? [{ label: `… ${have.length - shown.length} more`, mark: 'free' as const }] : [];
    return finish({ key, type: 'list', goal, now: [...now, ...tail] });
  }

  if (c.set && (c.set.equals !== undefined || c.set.contains !== undefined || c.set.excludes !== undefined)) {
    const { key } = c.set;
    const wanted = c.set.equals ?? c.set.contains ?? [];
    const banned = new Set(c.set.excludes ?? []);
    const goalItems: DiffItem[] = [...wanted].sort().map((label) => ({ label, mark: 'missing' }));
    const p = problem(key, 'set', goalItems, 'set');
    if (p) return p;
    const have = new Set((entry(key) as Extract<KeyValue, { type: 'set' }>).value);
    const want = new Set(wanted);
    const goal = goalItems.map((g): DiffItem => ({ ...g, mark: have.has(g.label) ? 'ok' : 'missing' }));
    for (const b of [...banned].sort()) goal.push({ label: `not ${b}`, mark: have.has(b) ? 'extra' : 'ok' });
    const now = [...have].sort().map((label): DiffItem => ({
      label,
      mark: banned.has(label) ? 'extra' : want.has(label) ? 'ok' : c.set!.equals !== undefined ? 'extra' : 'free',
    }));
    return finish({ key, type: 'set', goal, now });
  }

  if (c.zset && (c.zset.equals !== undefined || c.zset.top !== undefined || c.zset.scores !== undefined)) {
    const z = c.zset;
    const { key } = z;
    // Drawn highest score first, as a leaderboard reads.
    const target: { label: string; value?: string }[] = z.equals
      ? [...z.equals].reverse().map(([m, s]) => ({ label: m, value: String(s) }))
      : z.top
        ? z.top.map((m) => ({ label: m, ...(z.scores?.[m] !== undefined ? { value: String(z.scores[m]) } : {}) }))
        : Object.entries(z.scores ?? {})
            .sort((a, b) => b[1] - a[1])
            .map(([m, s]) => ({ label: m, value: String(s) }));
    const p = problem(key, 'zset', target.map((t) => ({ ...t, mark: 'missing' })), 'zset');
    if (p) return p;
    const desc = [...(entry(key) as Extract<KeyValue, { type: 'zset' }>).value].reverse();
    const rankOf = new Map(desc.map(([m], i) => [m, i]));
    const scoreOf = new Map(desc);
    const ranked = z.equals !== undefined || z.top !== undefined;
    const goal = target.map((t, i): DiffItem => {
      const r = rankOf.get(t.label);
      if (r === undefined) return { ...t, mark: 'missing' };
      if (t.value !== undefined && Number(t.value) !== scoreOf.get(t.label)) return { ...t, mark: 'wrong' };
      if (ranked && r !== i) return { ...t, mark: 'moved' };
      return { ...t, mark: 'ok' };
    });
    const targetAt = new Map(target.map((t, i) => [t.label, i]));
    const limit = z.equals ? desc.length : Math.max(target.length, 1);
    const now = desc.slice(0, limit).map(([m, s], i): DiffItem => {
      const at = targetAt.get(m);
      const value = String(s);
      if (at === undefined) return { label: m, value, mark: z.equals || (z.top && i < z.top.length) ? 'extra' : 'free' };
      const t = target[at]!;
      if (t.value !== undefined && Number(t.value) !== s) return { label: m, value, mark: 'wrong' };
      if (ranked && at !== i) return { label: m, value, mark: 'moved' };
      return { label: m, value, mark: 'ok' };
    });
    if (desc.length > limit) now.push({ label: `… ${desc.length - limit} more`, mark: 'free' });
    return finish({ key, type: 'zset', goal, now });
  }

  if (c.hash && (c.hash.fields !== undefined || c.hash.absentFields !== undefined)) {
    const h = c.hash;
    const { key } = h;
    const fields = Object.entries(h.fields ?? {});
    const goalItems: DiffItem[] = fields.map(([f, v]) => ({ label: f, ...(v !== null ? { value: v } : {}), mark: 'missing' }));
    const p = problem(key, 'hash', goalItems, 'hash');
    if (p) return p;
    const have = new Map((entry(key) as Extract<KeyValue, { type: 'hash' }>).value);
    const absent = new Set(h.absentFields ?? []);
    const wanted = new Map(fields);
    const goal = goalItems.map((g): DiffItem => (!have.has(g.label) ? g : g.value !== undefined && have.get(g.label) !== g.value ? { ...g, mark: 'wrong' } : { ...g, mark: 'ok' }));
    for (const f of absent) goal.push({ label: `no ${f}`, mark: have.has(f) ? 'extra' : 'ok' });
    const now = [...have].slice(0, MAX_ITEMS * 2).map(([f, v]): DiffItem => {
      if (absent.has(f)) return { label: f, value: v, mark: 'extra' };
      if (!wanted.has(f)) return { label: f, value: v, mark: h.exact ? 'extra' : 'free' };
      const w = wanted.get(f);
      return { label: f, value: v, mark: w !== null && w !== undefined && w !== v ? 'wrong' : 'ok' };
    });
    return finish({ key, type: 'hash', goal, now });
  }

  if (c.string && c.string.equals !== undefined) {
    const { key, equals } = c.string;
    const p = problem(key, 'string', [{ label: equals, mark: 'missing' }], 'string');
    if (p) return p;
    const v = (entry(key) as Extract<KeyValue, { type: 'string' }>).value;
    const mark: Mark = v === equals ? 'ok' : 'wrong';
    return finish({ key, type: 'string', goal: [{ label: equals, mark }], now: [{ label: v, mark }] });
  }
  return undefined;
}

function finish(d: Omit<GoalDiff, 'met'>): GoalDiff {
  const met = d.problem === undefined && d.goal.every((g) => g.mark === 'ok') && d.now.every((n) => n.mark === 'ok' || n.mark === 'free');
  return { ...d, goal: cut(d.goal), now: cut(d.now), met };
}

function cut(items: readonly DiffItem[]): DiffItem[] {
  return items.length <= MAX_ITEMS ? [...items] : [...items.slice(0, MAX_ITEMS), { label: `… ${items.length - MAX_ITEMS} more`, mark: 'free' }];
}

/**
 * Marks two sequences position by position: an element at its goal index is
 * ok; one that the other side has elsewhere is moved; one the other side
 * lacks (counting repeats) is missing from the key or extra in it.
 * `exact` false: the key may go on after the goal's elements (a prefix).
 */
export function sequenceDiff(want: readonly string[], have: readonly string[], exact = true): { goal: DiffItem[]; now: DiffItem[] } {
  const count = (xs: readonly string[]) => {
    const m = new Map<string, number>();
    for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
    return m;
  };
  // Elements not at their place, still available to be "somewhere else" on the other side.
  const spareHave = count(have.filter((x, i) => want[i] !== x));
  const spareWant = count(want.filter((x, i) => have[i] !== x));
  /** Marks `xs` against `other`: ok at its index, moved when `spare` still holds one, else `absent`. */
  const mark = (xs: readonly string[], other: readonly string[], spare: Map<string, number>, absent: (i: number) => DiffItem['mark']) =>
    xs.map((label, i): DiffItem => {
      if (other[i] === label) return { label, mark: 'ok' };
      const n = spare.get(label) ?? 0;
      if (n > 0) {
        spare.set(label, n - 1);
        return { label, mark: 'moved' };
      }
      return { label, mark: absent(i) };
    });
  const goal = mark(want, have, spareHave, () => 'missing');
  const now = mark(have, want, spareWant, (i) => (exact || i < want.length ? 'extra' : 'free'));
  return { goal, now };
}
