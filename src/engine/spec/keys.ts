import type { CommandSpec, MovableKeys } from '../core/command';
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
        else if (a === 'STORE' && i + 1 < argv.length) store = ++i;
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
