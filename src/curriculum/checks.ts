/**
 * Goals are predicates over engine state and over what the learner did.
 * Pure: the state comes from the worker's `inspect` answer (keys, dbsize)
 * and the journal of commands run during the step.
 */
import { formatCommandReply } from '../cli/format';
import type { JournalEntry, KeySnapshot } from '../protocol/lessons';
import type { CheckSpec } from './schema';

export interface GoalState {
  readonly keys: ReadonlyMap<string, KeySnapshot>;
  readonly dbsize: number;
  /** Commands the learner ran during this step, oldest first. */
  readonly log: readonly JournalEntry[];
}

export interface CheckResult {
  readonly pass: boolean;
  /** What the check asks, in words (for the goal card and screen readers). */
  readonly label: string;
  /** Why it fails right now, when it does. */
  readonly why?: string;
}

/** The keys whose contents the checks need. */
export function keysNeeded(checks: readonly CheckSpec[]): string[] {
  const out = new Set<string>();
  for (const c of [...checks, ...checks.flatMap((c) => c.anyOf ?? [])]) {
    const k =
      c.exists ?? c.absent ?? c.type?.key ?? c.string?.key ?? c.hash?.key ?? c.list?.key ?? c.set?.key ?? c.zset?.key ?? c.ttl?.key;
    if (k !== undefined) out.add(k);
  }
  return [...out];
}

export function evaluate(checks: readonly CheckSpec[], state: GoalState): CheckResult[] {
  return checks.map((c) => evaluateCheck(c, state));
}

export function allPass(results: readonly CheckResult[]): boolean {
  return results.length > 0 && results.every((r) => r.pass);
}

const q = (s: string) => JSON.stringify(s);
const list = (xs: readonly string[]) => xs.map(q).join(', ');

function ok(label: string): CheckResult {
  return { pass: true, label };
}
function fail(label: string, why: string): CheckResult {
  return { pass: false, label, why };
}

export function evaluateCheck(c: CheckSpec, s: GoalState): CheckResult {
  const snap = (key: string) => s.keys.get(key) ?? { key, entry: null, pttl: -2 };

  if (c.anyOf !== undefined) {
    const results = c.anyOf.map((x) => evaluateCheck(x, s));
    const label = results.map((r) => r.label).join(', or ');
    const passed = results.find((r) => r.pass);
    return passed ? ok(label) : fail(label, results.map((r) => r.why).join('; '));
  }
  if (c.exists !== undefined) {
    const label = `key ${q(c.exists)} exists`;
    return snap(c.exists).entry ? ok(label) : fail(label, 'it does not exist yet');
  }
  if (c.absent !== undefined) {
    const label = `key ${q(c.absent)} does not exist`;
    return snap(c.absent).entry ? fail(label, 'it still exists') : ok(label);
  }
  if (c.type) {
    const label = `key ${q(c.type.key)} holds a ${c.type.is}`;
    const e = snap(c.type.key).entry;
    if (!e) return fail(label, 'the key does not exist');
    const t = e.type === 'other' ? e.name : e.type;
    return t === c.type.is ? ok(label) : fail(label, `it holds a ${t}`);
  }
  if (c.string) {
    const { key } = c.string;
    const label =
      c.string.equals !== undefined
        ? `${q(key)} is the string ${q(c.string.equals)}`
        : c.string.number !== undefined
          ? `${q(key)} holds the number ${c.string.number}`
          : `${q(key)} holds the JSON ${JSON.stringify(c.string.json)}`;
    const e = snap(key).entry;
    if (!e) return fail(label, 'the key does not exist');
    if (e.type !== 'string') return fail(label, `it holds a ${e.type === 'other' ? e.name : e.type}`);
    if (c.string.equals !== undefined && e.value !== c.string.equals) return fail(label, `it is ${q(e.value)}`);
    if (c.string.number !== undefined && (e.value.trim() === '' || Number(e.value) !== c.string.number)) return fail(label, `it is ${q(e.value)}`);
    if (c.string.json !== undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(e.value);
      } catch {
        return fail(label, 'it is not valid JSON');
      }
      if (!deepEqual(parsed, c.string.json)) return fail(label, `it is ${e.value}`);
    }
    return ok(label);
  }
  if (c.hash) {
    const h = c.hash;
    const parts: string[] = [];
    if (h.fields) parts.push(Object.entries(h.fields).map(([f, v]) => (v === null ? f : `${f}=${q(v)}`)).join(', '));
    if (h.absentFields) parts.push(`no ${h.absentFields.join(', ')}`);
    if (h.length !== undefined) parts.push(`${h.length} fields`);
    const label = `hash ${q(h.key)} has ${parts.join('; ')}${h.exact ? ' and nothing else' : ''}`;
    const e = snap(h.key).entry;
    if (!e) return fail(label, 'the key does not exist');
    if (e.type !== 'hash') return fail(label, `it holds a ${e.type === 'other' ? e.name : e.type}`);
    const m = new Map(e.value);
    for (const [f, v] of Object.entries(h.fields ?? {})) {
      if (!m.has(f)) return fail(label, `field ${q(f)} is missing`);
      if (v !== null && m.get(f) !== v) return fail(label, `${f} is ${q(m.get(f)!)}`);
    }
    for (const f of h.absentFields ?? []) if (m.has(f)) return fail(label, `field ${q(f)} is still there`);
    if (h.exact && m.size !== Object.keys(h.fields ?? {}).length) return fail(label, `it has ${m.size} fields`);
    if (h.length !== undefined && m.size !== h.length) return fail(label, `it has ${m.size} fields`);
    return ok(label);
  }
  if (c.list) {
    const l = c.list;
    const label =
      l.equals !== undefined
        ? `list ${q(l.key)} is [${list(l.equals)}]`
        : l.head !== undefined
          ? `list ${q(l.key)} starts with [${list(l.head)}]${l.length !== undefined ? ` and has ${l.length} items` : ''}`
          : `list ${q(l.key)} has ${l.length} items`;
    const e = snap(l.key).entry;
    if (!e) return fail(label, 'the key does not exist');
    if (e.type !== 'list') return fail(label, `it holds a ${e.type === 'other' ? e.name : e.type}`);
    if (l.equals !== undefined && !sameArray(e.value, l.equals)) return fail(label, `it is [${list(e.value)}]`);
    if (l.head !== undefined && !sameArray(e.value.slice(0, l.head.length), l.head)) return fail(label, `it starts with [${list(e.value.slice(0, l.head.length))}]`);
    if (l.length !== undefined && e.value.length !== l.length) return fail(label, `it has ${e.value.length} items`);
    return ok(label);
  }
  if (c.set) {
    const st = c.set;
    const parts: string[] = [];
    if (st.equals) parts.push(`is {${list(st.equals)}}`);
    if (st.contains) parts.push(`contains ${list(st.contains)}`);
    if (st.excludes) parts.push(`does not contain ${list(st.excludes)}`);
    if (st.size !== undefined) parts.push(`has ${st.size} members`);
    const label = `set ${q(st.key)} ${parts.join(', ')}`;
    const e = snap(st.key).entry;
    if (!e) return fail(label, 'the key does not exist');
    if (e.type !== 'set') return fail(label, `it holds a ${e.type === 'other' ? e.name : e.type}`);
    const have = new Set(e.value);
    if (st.equals && (have.size !== new Set(st.equals).size || !st.equals.every((m) => have.has(m)))) return fail(label, `it is {${list([...have].sort())}}`);
    for (const m of st.contains ?? []) if (!have.has(m)) return fail(label, `${q(m)} is missing`);
    for (const m of st.excludes ?? []) if (have.has(m)) return fail(label, `${q(m)} is still a member`);
    if (st.size !== undefined && have.size !== st.size) return fail(label, `it has ${have.size} members`);
    return ok(label);
  }
  if (c.zset) {
    const z = c.zset;
    const parts: string[] = [];
    if (z.equals) parts.push(`is ${z.equals.map(([m, sc]) => `${m}:${sc}`).join(' < ')}`);
    if (z.top) parts.push(`ranks ${z.top.join(', ')} at the top`);
    if (z.scores) parts.push(`scores ${Object.entries(z.scores).map(([m, sc]) => `${m}=${sc}`).join(', ')}`);
    if (z.scoreList) parts.push(`holds one member for each of the scores ${z.scoreList.join(', ')}`);
    if (z.size !== undefined) parts.push(`has ${z.size} members`);
    const label = `sorted set ${q(z.key)} ${parts.join(', ')}`;
    const e = snap(z.key).entry;
    if (!e) return fail(label, 'the key does not exist');
    if (e.type !== 'zset') return fail(label, `it holds a ${e.type === 'other' ? e.name : e.type}`);
    const desc = [...e.value].reverse();
    const show = (xs: readonly (readonly [string, number])[]) => xs.map(([m, sc]) => `${m}:${sc}`).join(', ');
    if (z.equals && (e.value.length !== z.equals.length || z.equals.some(([m, sc], i) => e.value[i]![0] !== m || e.value[i]![1] !== sc)))
      return fail(label, `it is ${show(e.value)}`);
    if (z.top && !sameArray(desc.slice(0, z.top.length).map(([m]) => m), z.top)) return fail(label, `the top is ${show(desc.slice(0, z.top.length))}`);
    const scores = new Map(e.value);
    for (const [m, sc] of Object.entries(z.scores ?? {})) {
      if (!scores.has(m)) return fail(label, `${q(m)} is not a member`);
      if (scores.get(m) !== sc) return fail(label, `${m} has ${scores.get(m)}`);
    }
    if (z.scoreList && (e.value.length !== z.scoreList.length || [...z.scoreList].sort((a, b) => a - b).some((sc, i) => e.value[i]![1] !== sc)))
      return fail(label, `its scores are ${e.value.map(([, sc]) => sc).join(', ') || 'none'}`);
    if (z.size !== undefined && e.value.length !== z.size) return fail(label, `it has ${e.value.length} members`);
    return ok(label);
  }
  if (c.ttl) {
    const t = c.ttl;
    const label = t.none
      ? `${q(t.key)} exists with no expiry (TTL -1)`
      : `${q(t.key)} expires in ${t.min !== undefined && t.max !== undefined ? `${t.min} to ${t.max}` : t.min !== undefined ? `at least ${t.min}` : `at most ${t.max}`} seconds`;
    const sn = snap(t.key);
    if (!sn.entry) return fail(label, 'the key does not exist');
    if (t.none) return sn.pttl === -1 ? ok(label) : fail(label, `it expires in ${Math.ceil(sn.pttl / 1000)} s`);
    if (sn.pttl < 0) return fail(label, 'it has no expiry (TTL -1)');
    const secs = sn.pttl / 1000;
    if (t.min !== undefined && secs < t.min) return fail(label, `it expires in ${Math.ceil(secs)} s`);
    if (t.max !== undefined && secs > t.max) return fail(label, `it expires in ${Math.ceil(secs)} s`);
    return ok(label);
  }
  if (c.reply !== undefined) {
    const r = typeof c.reply === 'string' ? { equals: c.reply } : c.reply;
    const cmd = r.command?.toLowerCase();
    const label = `${cmd ? `${r.command!.toUpperCase()} replied` : 'the last reply was'} ${r.equals !== undefined ? r.equals : `like /${r.matches}/`}`;
    const entries = s.log.filter((j) => j.reply !== null && (cmd === undefined || j.argv[0]?.toLowerCase() === cmd));
    const last = entries.at(-1);
    if (!last) return fail(label, cmd ? `no ${r.command!.toUpperCase()} yet` : 'no command yet');
    const text = formatCommandReply(last.argv, last.reply!);
    if (r.equals !== undefined && text !== r.equals) return fail(label, `it was ${text}`);
    if (r.matches !== undefined && !new RegExp(r.matches).test(text)) return fail(label, `it was ${text}`);
    return ok(label);
  }
  if (c.used || c.notUsed) {
    const f = (c.used ?? c.notUsed)!;
    const name = f.command.toUpperCase();
    const withText = f.with?.length ? ` with ${f.with.map((w) => w.toUpperCase()).join(' ')}` : '';
    const times = f.times ?? 1;
    const n = s.log.filter((j) => usedFamily(j, f.command, f.with ?? [])).length;
    if (c.used) {
      const label = `you ran ${name}${withText}${times > 1 ? ` ${times} times` : ''}`;
      return n >= times ? ok(label) : fail(label, times > 1 ? `${n} so far` : 'not yet');
    }
    const label = `without ${name}${withText}`;
    // The step cannot pass any more in this attempt: say how to start it again.
    return n === 0 ? ok(label) : fail(label, `${name} was used; type :retry to start this step again`);
  }
  if (c.dbsize !== undefined) {
    const d = c.dbsize;
    const label =
      typeof d === 'number'
        ? `the database holds ${d} keys`
        : `the database holds ${d.min !== undefined && d.max !== undefined ? `${d.min} to ${d.max}` : d.min !== undefined ? `at least ${d.min}` : `at most ${d.max}`} keys`;
    const pass = typeof d === 'number' ? s.dbsize === d : (d.min === undefined || s.dbsize >= d.min) && (d.max === undefined || s.dbsize <= d.max);
    return pass ? ok(label) : fail(label, `it holds ${s.dbsize}`);
  }
  return fail('unknown check', 'this check kind is not supported');
}

/** True when a journal entry is `command` with every `with` token among its arguments (case-insensitive). */
export function usedFamily(j: JournalEntry, command: string, withTokens: readonly string[]): boolean {
  if (j.argv[0]?.toLowerCase() !== command.toLowerCase()) return false;
  if (j.reply?.t === 'error') return false;
  const args = new Set(j.argv.slice(1).map((a) => a.toLowerCase()));
  return withTokens.every((w) => args.has(w.toLowerCase()));
}

function sameArray(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
