import type { ArgSpec, CommandSpec } from '../core/command';
import { block, cmd, dbl, int, key, many, oneof, opt, str, tok } from './dsl';

const G = 'geo' as const;

const unit = (): ArgSpec => oneof('unit', [tok('M'), tok('KM'), tok('FT'), tok('MI')]);
const withs = (): ArgSpec[] => [opt(tok('WITHCOORD')), opt(tok('WITHDIST')), opt(tok('WITHHASH'))];
const countAny = (anySince?: string): ArgSpec =>
  opt(block('count', [int('count', { token: 'COUNT' }), opt(tok('ANY', anySince !== undefined ? { since: anySince } : {}))]));
const order = (): ArgSpec => opt(oneof('order', [tok('ASC'), tok('DESC')]));
const stores = (): ArgSpec[] => [opt(key('key', { token: 'STORE' })), opt(key('key', { token: 'STOREDIST' }))];
const from = (): ArgSpec =>
  oneof('from', [
    str('member', { token: 'FROMMEMBER' }),
    block('longitude_latitude', [dbl('longitude'), dbl('latitude')], { token: 'FROMLONLAT' }),
  ]);
const by = (): ArgSpec =>
  oneof('by', [
    block('circle', [dbl('radius', { token: 'BYRADIUS' }), unit()]),
    block('box', [dbl('width', { token: 'BYBOX' }), dbl('height'), unit()]),
  ]);

const RADIUS =
  'O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.';
const SEARCH =
  'O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area around the shape provided as the filter and M is the number of items inside the shape';
const UPPERCASE_UNITS: [string, string] = ['7.0.0', 'Added support for uppercase unit names.'];
const ANY_OPTION: [string, string] = ['6.2.0', 'Added the `ANY` option for `COUNT`.'];
/** GEORADIUS and GEORADIUSBYMEMBER: the key, and the argument after each STORE / STOREDIST. */
const STORE_KEYS = { find: 'store-keywords', keywords: ['STORE', 'STOREDIST'] } as const;

/** Geospatial indexes: sorted sets whose scores are 52-bit geohashes (see core/geohash.ts). */
export const geoSpecs = [
  {
    ...cmd('geoadd', -5, G, 'Add one or more geospatial items in the geospatial index represented using a sorted set', {
      flags: 'write denyoom',
      keys: [1, 1, 1],
      since: '3.2.0',
      complexity: 'O(log(N)) for each item added, where N is the number of elements in the sorted set.',
      args: [
        key(),
        opt(oneof('condition', [tok('NX'), tok('XX')], { since: '6.2.0' })),
        opt(tok('CH', { name: 'change', since: '6.2.0' })),
        many(block('longitude_latitude_member', [dbl('longitude'), dbl('latitude'), str('member')])),
      ],
    }),
    history: [['6.2.0', 'Added the `CH`, `NX` and `XX` options.']],
  },
  cmd('geodist', -4, G, 'Returns the distance between two members of a geospatial index', {
    flags: 'readonly',
    keys: [1, 1, 1],
    since: '3.2.0',
    complexity: 'O(log(N))',
    args: [key(), str('member1'), str('member2'), opt(unit())],
  }),
  cmd('geohash', -2, G, 'Returns members of a geospatial index as standard geohash strings', {
    flags: 'readonly',
    keys: [1, 1, 1],
    since: '3.2.0',
    complexity: 'O(log(N)) for each member requested, where N is the number of elements in the sorted set.',
    args: [key(), many(str('member'))],
  }),
  cmd('geopos', -2, G, 'Returns longitude and latitude of members of a geospatial index', {
    flags: 'readonly',
    keys: [1, 1, 1],
    since: '3.2.0',
    complexity: 'O(N) where N is the number of members requested.',
    args: [key(), many(str('member'))],
  }),
  {
    ...cmd('georadius', -6, G, 'Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a point', {
      flags: 'write denyoom movablekeys',
      keys: [1, 1, 1],
      movable: STORE_KEYS,
      since: '3.2.0',
      complexity: RADIUS,
      args: [key(), dbl('longitude'), dbl('latitude'), dbl('radius'), unit(), ...withs(), countAny('6.2.0'), order(), ...stores()],
    }),
    history: [ANY_OPTION, UPPERCASE_UNITS],
  },
  {
    ...cmd('georadiusbymember', -5, G, 'Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a member', {
      flags: 'write denyoom movablekeys',
      keys: [1, 1, 1],
      movable: STORE_KEYS,
      since: '3.2.0',
      complexity: RADIUS,
      args: [key(), str('member'), dbl('radius'), unit(), ...withs(), countAny(), order(), ...stores()],
    }),
    history: [UPPERCASE_UNITS],
  },
  {
    ...cmd('georadius_ro', -6, G, 'A read-only variant for GEORADIUS', {
      flags: 'readonly',
      keys: [1, 1, 1],
      since: '3.2.10',
      complexity: RADIUS,
      args: [key(), dbl('longitude'), dbl('latitude'), dbl('radius'), unit(), ...withs(), countAny('6.2.0'), order()],
    }),
    history: [ANY_OPTION],
  },
  cmd('georadiusbymember_ro', -5, G, 'A read-only variant for GEORADIUSBYMEMBER', {
    flags: 'readonly',
    keys: [1, 1, 1],
    since: '3.2.10',
    complexity: RADIUS,
    args: [key(), str('member'), dbl('radius'), unit(), ...withs(), countAny(), order()],
  }),
  {
    ...cmd('geosearch', -7, G, 'Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle.', {
      flags: 'readonly',
      keys: [1, 1, 1],
      since: '6.2.0',
      complexity: SEARCH,
      args: [key(), from(), by(), order(), countAny(), ...withs()],
    }),
    history: [UPPERCASE_UNITS],
  },
  {
    ...cmd('geosearchstore', -8, G, 'Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle, and store the result in another key.', {
      flags: 'write denyoom',
      keys: [1, 2, 1],
      since: '6.2.0',
      complexity: SEARCH,
      args: [key('destination'), key('source'), from(), by(), order(), countAny(), opt(tok('STOREDIST'))],
    }),
    history: [UPPERCASE_UNITS],
  },
] satisfies CommandSpec[];
