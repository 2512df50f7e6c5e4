import type { CommandSpec, KeySpec, MovableKeys } from '../core/command';
import { KEY_SPECS } from './keyspecs';
import { parseInt64 } from '../../text/int';

/**
 * Key positions of a command line, from its spec: the fixed range
 * (first, last, step), or for "movablekeys" commands the rule their spec
 * declares (`movableKeys`). Pure data in, positions out, so COMMAND GETKEYS,
 * the views and redis-cli's notes agree. Positions index `argv` (argv[0] is
 * the command name); undefined when the arguments do not make sense.
 */
export function keyPositions(spec: CommandSpec, argv: readonly string[]): number[] | undefined {
  const m = spec.movableKeys;
  if (m === undefined) {
    if (spec.firstKey <= 0) return [];
    const last = spec.lastKey >= 0 ? spec.lastKey : argv.length + spec.lastKey;
    const positions: number[] = [];
    for (let i = spec.firstKey; i <= last && i < argv.length; i += spec.step) positions.push(i);
    return positions;
  }
  return movablePositions(m, argv);
}

/** The rules of Redis's getkeys procedures and key specs, one per kind. */
function movablePositions(m: MovableKeys, argv: readonly string[]): number[] | undefined {
  switch (m.find) {
    case 'numkeys': {
      // A count at `at`, that many keys right after it (ZUNION, LMPOP, EVAL ...).
      const n = parseInt64(argv[m.at] ?? '');
      const min = BigInt(m.min ?? 1);
      if (n === null || n < min || m.at + Number(n) >= argv.length) return undefined;
      return [...(m.before ?? []), ...Array.from({ length: Number(n) }, (_, i) => m.at + 1 + i)];
    }
    case 'keyword-half': {
      // After the keyword, the first half of the remaining arguments (XREAD STREAMS k1 k2 id1 id2).
      const keyword = m.keyword.toUpperCase();
      const at = argv.findIndex((a, i) => i > 0 && a.toUpperCase() === keyword);
      if (at < 0) return undefined;
      const rest = argv.length - at - 1;
      if (rest === 0 || rest % 2 !== 0) return undefined;
      return Array.from({ length: rest / 2 }, (_, i) => at + 1 + i);
    }
    case 'sort': {
      // sortGetKeys: LIMIT, GET and BY skip their arguments; the last STORE wins.
      let store = -1;
      for (let i = 2; i < argv.length; i++) {
        const a = argv[i]!.toUpperCase();
        if (a === 'LIMIT') i += 2;
        else if (a === 'GET' || a === 'BY') i += 1;
        else if (a === 'STORE' && i + 1 < argv.length) store = i + 1;
      }
      return store === -1 ? [1] : [1, store];
    }
    case 'store-keywords': {
      // georadiusGetKeys: the key, plus the argument after each STORE-like keyword.
      const keys = [1];
      for (let i = 2; i < argv.length - 1; i++) {
        if (m.keywords.includes(argv[i]!.toUpperCase())) keys.push(i + 1);
      }
      return keys;
    }
    case 'migrate': {
      // migrateGetKeys: MIGRATE host port key db timeout, or an empty key and KEYS k1 k2 ... at the end.
      if (argv.length < 6) return undefined;
      for (let i = 6; i < argv.length; i++) {
        const a = argv[i]!.toUpperCase();
        if (a === 'AUTH') i += 1;
        else if (a === 'AUTH2') i += 2;
        else if (a === 'KEYS') {
          if (argv[3] !== '') return undefined;
          return Array.from({ length: argv.length - i - 1 }, (_, j) => i + 1 + j);
        }
      }
      return [3];
    }
  }
}

/** A key of a command line: its index in argv and its key spec's flags (space-separated, '' for none). */
export interface KeyRef {
  readonly pos: number;
  readonly flags: string;
}

const hasFlag = (flags: string, f: string): boolean => ` ${flags} `.includes(` ${f} `);

/** The key specs of a command (`set`, `xgroup|create`): none for a command without keys. */
export function keySpecsOf(spec: CommandSpec): readonly KeySpec[] {
  return KEY_SPECS[spec.name] ?? [];
}

/**
 * getkeys procedures of Redis's commands: those that give flags of their own
 * (SET, BITFIELD, SORT, SORT_RO, MIGRATE); the others give keys without flags.
 */
function keysByProcedure(spec: CommandSpec, argv: readonly string[]): KeyRef[] | undefined {
  switch (spec.name) {
    case 'set': {
      // setGetKeys: GET (exactly, any case) among the options makes the key read as well.
      const get = argv.slice(3).some((a) => a.length === 3 && a.toLowerCase() === 'get');
      return [{ pos: 1, flags: get ? 'RW access update' : 'OW update' }];
    }
    case 'bitfield': {
      // bitfieldGetKeys: read-only while every operation is a GET (or OVERFLOW).
      let readonly = true;
      for (let i = 2; i < argv.length; i++) {
        const more = argv.length - i - 1;
        const a = argv[i]!.toLowerCase();
        if (a === 'get' && more >= 2) i += 2;
        else if (a === 'overflow' && more >= 1) i += 1;
        else {
          readonly = false;
          break;
        }
      }
      return [{ pos: 1, flags: readonly ? 'RO access' : 'RW access update' }];
    }
    case 'sort':
    case 'sort_ro': {
      const positions = keyPositions(spec, argv) ?? [];
      return positions.map((pos, i) => ({ pos, flags: i === 0 ? 'RO access' : 'OW update' }));
    }
    case 'migrate':
      return (keyPositions(spec, argv) ?? []).map((pos) => ({ pos, flags: 'RW access delete' }));
    default:
      if (spec.movableKeys === undefined) return undefined;
      return (keyPositions(spec, argv) ?? []).map((pos) => ({ pos, flags: '' }));
  }
}

/** doesCommandHaveKeys: a getkeys procedure, or a key spec for real keys. */
export function commandHasKeys(spec: CommandSpec): boolean {
  return spec.movableKeys !== undefined || spec.name === 'set' || spec.name === 'bitfield' || keySpecsOf(spec).some((k) => !hasFlag(k.flags, 'not_key'));
}

/**
 * getKeysFromCommandWithSpecs: the keys of a command line with their flags,
 * by the key specs when they are reliable, else by the command's getkeys
 * procedure. What COMMAND GETKEYS(ANDFLAGS) answers and ACL checks.
 */
export function keysWithFlags(spec: CommandSpec, argv: readonly string[]): KeyRef[] {
  const specs = keySpecsOf(spec);
  const real = specs.some((k) => !hasFlag(k.flags, 'not_key'));
  const variable = specs.some((k) => hasFlag(k.flags, 'variable_flags'));
  if (real && !variable) {
    const keys = keysBySpecs(spec, specs, argv);
    if (keys !== undefined) return keys;
  }
  return keysByProcedure(spec, argv) ?? [];
}

/** getKeysUsingKeySpecs (without not_key specs): undefined when a spec fails or is incomplete. */
function keysBySpecs(spec: CommandSpec, specs: readonly KeySpec[], argv: readonly string[]): KeyRef[] | undefined {
  const argc = argv.length;
  const keys: KeyRef[] = [];
  for (const ks of specs) {
    if (hasFlag(ks.flags, 'not_key')) continue;
    let first = 0;
    if (typeof ks.begin === 'number') first = ks.begin;
    else if (ks.begin !== null) {
      const [keyword, startfrom] = ks.begin;
      const start = startfrom > 0 ? startfrom : argc + startfrom;
      const end = startfrom > 0 ? argc - 1 : 1;
      for (let i = start; i !== end; i = start <= end ? i + 1 : i - 1) {
        if (i >= argc || i < 1) break;
        if (argv[i]!.toLowerCase() === keyword.toLowerCase()) {
          first = i + 1;
          break;
        }
      }
      if (first === 0) continue; // the keyword is not there: no keys from this spec
    } else return undefined;
    let last: number;
    let step: number;
    if (ks.find === null) return undefined;
    if (ks.find[0] === 'range') {
      const [, lastkey, keystep, limit] = ks.find;
      step = keystep;
      if (lastkey >= 0) last = first + lastkey;
      else if (limit === 0) last = argc + lastkey;
      else last = first + (Math.trunc((argc - first) / limit) + lastkey);
    } else {
      const [, keynumidx, firstkey, keystep] = ks.find;
      step = keystep;
      if (keynumidx >= argc) return undefined;
      const n = parseInt64(argv[first + keynumidx] ?? '');
      if (n === null || n < 0n || n > BigInt(argc)) return undefined;
      first += firstkey;
      last = first + Number(n) - 1;
    }
    if (last >= argc || last < first || first >= argc) return undefined;
    for (let i = first; i <= last; i += step) {
      if (i >= argc) {
        if (spec.arity < 0) continue;
        return undefined;
      }
      keys.push({ pos: i, flags: ks.flags });
    }
    if (hasFlag(ks.flags, 'incomplete')) return undefined;
  }
  return keys;
}
