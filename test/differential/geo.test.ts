import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/engine';
import { canon, expectSame, runCase, skip, useOracle, wire, type Case } from '../support/oracle';
import { requireRedis } from '../support/redis';
import { Rng } from '../fuzz/rng';

const run = requireRedis();

const SICILY = ['GEOADD', 'Sicily', '13.361389', '38.115556', 'Palermo', '15.087269', '37.502669', 'Catania'];

/** Fixed cases: every command and option, and every error, line by line. */
const CASES: Case[] = [
  {
    name: 'GEOADD: options, updates, errors',
    lines: [
      SICILY,
      ['GEOADD', 'Sicily', '13.361389', '38.115556', 'Palermo'],
      ['GEOADD', 'Sicily', 'CH', '13.361389', '38.115556', 'Palermo', '13.5', '38', 'Other'],
      ['GEOADD', 'Sicily', 'CH', '13.4', '38.1', 'Palermo'],
      ['GEOADD', 'Sicily', 'NX', '1', '1', 'Palermo', '2', '2', 'New'],
      ['GEOADD', 'Sicily', 'XX', '1', '1', 'Palermo', '2', '2', 'Absent'],
      ['GEOADD', 'Sicily', 'XX', 'CH', '3', '3', 'Palermo'],
      ['GEOADD', 'Sicily', 'ch', 'nx', 'xx', '3', '3', 'Palermo'],
      ['GEOADD', 'Sicily', 'NX', 'XX', '3', '3', 'Palermo'],
      ['GEOADD', 'Sicily', 'GT', '3', '3', 'Palermo'],
      ['GEOADD', 'Sicily', 'NX', 'CH', 'XX'],
      ['GEOADD', 'Sicily', '3', '3'],
      ['GEOADD', 'Sicily', '3', '3', 'a', '4'],
      ['GEOADD', 'Sicily', 'x', '3', 'a'],
      ['GEOADD', 'Sicily', '3', '', 'a'],
      ['GEOADD', 'Sicily', '3', 'nan', 'a'],
      ['GEOADD', 'Sicily', '200', '100', 'a'],
      ['GEOADD', 'Sicily', '-180.0000001', '0', 'a'],
      ['GEOADD', 'Sicily', '0', '85.05112879', 'a'],
      ['GEOADD', 'Sicily', '0', '-85.05112879', 'a'],
      ['GEOADD', 'Sicily', 'inf', '0', 'a'],
      ['GEOADD', 'Sicily', '1e300', '-1e300', 'a'],
      ['GEOADD', 'Sicily', '1', '1', 'ok', '500', '1', 'bad'],
      ['GEOADD', 'Sicily', '180', '85.05112878', 'ne', '-180', '-85.05112878', 'sw', '180', '-85.05112878', 'se', '-180', '85.05112878', 'nw'],
      ['GEOADD', 'Sicily', '0', '0', 'origin', '0x10', '1e1', 'hex'],
      ['ZRANGE', 'Sicily', '0', '-1', 'WITHSCORES'],
      ['GEOPOS', 'Sicily', 'ne', 'sw', 'se', 'nw', 'origin', 'hex', 'ok', 'bad'],
      ['GEOHASH', 'Sicily', 'ne', 'sw', 'se', 'nw', 'origin', 'Palermo'],
      ['OBJECT', 'ENCODING', 'Sicily'],
      ['SET', 'str', 'x'],
      ['GEOADD', 'str', '1', '1', 'a'],
      ['GEOADD', 'str', '1', '100', 'a'],
      ['GEOADD', 'fresh', 'XX', '1', '1', 'a'],
      ['EXISTS', 'fresh'],
      ['GEOADD'],
      ['GEOADD', 'k', '1', '1'],
    ],
  },
  {
    name: 'GEOPOS, GEOHASH, GEODIST: members, units, missing keys, other types',
    lines: [
      SICILY,
      ['GEOPOS', 'Sicily', 'Palermo', 'Catania', 'nobody'],
      ['GEOPOS', 'Sicily'],
      ['GEOPOS', 'missing', 'a', 'b'],
      ['GEOHASH', 'Sicily', 'Palermo', 'Catania', 'nobody'],
      ['GEOHASH', 'Sicily'],
      ['GEOHASH', 'missing', 'a'],
      ['GEODIST', 'Sicily', 'Palermo', 'Catania'],
      ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'm'],
      ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'KM'],
      ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'ft'],
      ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'Mi'],
      ['GEODIST', 'Sicily', 'Palermo', 'Palermo'],
      ['GEODIST', 'Sicily', 'Palermo', 'nobody'],
      ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'yards'],
      ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'km', 'extra'],
      ['GEODIST', 'missing', 'a', 'b'],
      ['GEODIST', 'missing', 'a', 'b', 'yards'],
      ['SET', 'str', 'x'],
      ['GEOPOS', 'str', 'a'],
      ['GEOHASH', 'str', 'a'],
      ['GEODIST', 'str', 'a', 'b'],
      ['GEODIST', 'str', 'a', 'b', 'yards'],
      // Sorted sets whose scores are no geohashes still decode (clamped).
      ['ZADD', 'z', '0', 'zero', '-1', 'neg', '1e20', 'huge', '-1e30', 'hugeneg', '1.5', 'frac', '4503599627370495', 'max52', '9007199254740993', 'big', 'inf', 'inf', '-inf', 'ninf'],
      ['GEOPOS', 'z', 'zero', 'neg', 'huge', 'hugeneg', 'frac', 'max52', 'big', 'inf', 'ninf'],
      ['GEOHASH', 'z', 'zero', 'neg', 'huge', 'hugeneg', 'frac', 'max52', 'big', 'inf', 'ninf'],
      ['GEODIST', 'z', 'zero', 'max52'],
      ['GEODIST', 'z', 'neg', 'huge', 'mi'],
      ['GEORADIUS', 'z', '0', '0', '20000', 'km', 'WITHHASH', 'WITHCOORD', 'ASC'],
    ],
  },
  {
    name: 'GEORADIUS and GEORADIUSBYMEMBER: every option',
    lines: [
      SICILY,
      ['GEOADD', 'Sicily', '12.758489', '38.788135', 'edge1', '17.241510', '38.788135', 'edge2', '13.583333', '37.316667', 'Agrigento'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'ASC'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'DESC'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'WITHDIST'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'WITHCOORD'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'WITHHASH'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'withdist', 'withcoord', 'withhash', 'desc'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'COUNT', '1'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'COUNT', '2', 'DESC'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'COUNT', '2', 'ANY'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'COUNT', '2', 'ANY', 'ASC'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'COUNT', '10'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'ANY'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'COUNT'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'COUNT', '0'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'COUNT', '-1'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'COUNT', 'x'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'FOO'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STORE'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'parsecs'],
      ['GEORADIUS', 'Sicily', '15', '37', '-1', 'km'],
      ['GEORADIUS', 'Sicily', '15', '37', 'far', 'km'],
      ['GEORADIUS', 'Sicily', '15', '97', '200', 'km'],
      ['GEORADIUS', 'Sicily', 'x', '37', '200', 'km'],
      ['GEORADIUS', 'Sicily', '15', '37', '0', 'km'],
      ['GEORADIUS', 'Sicily', '15', '37', '1e9', 'km', 'COUNT', '3'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STORE', 'dst', 'WITHDIST'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STORE', 'dst'],
      ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
      ['OBJECT', 'ENCODING', 'dst'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STOREDIST', 'dst', 'COUNT', '2', 'DESC'],
      ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'mi', 'STORE', 'a', 'STOREDIST', 'b'],
      ['EXISTS', 'a', 'b'],
      ['ZRANGE', 'b', '0', '-1', 'WITHSCORES'],
      ['GEORADIUS', 'Sicily', '0', '0', '1', 'm', 'STORE', 'b'],
      ['EXISTS', 'b'],
      ['GEORADIUS', 'missing', '15', '37', '200', 'km', 'STORE', 'dst'],
      ['EXISTS', 'dst'],
      ['GEORADIUS', 'missing', '15', '37', '200', 'km'],
      ['GEORADIUS', 'missing', '15', '97', '200', 'km'],
      ['GEORADIUSBYMEMBER', 'Sicily', 'Agrigento', '100', 'km'],
      ['GEORADIUSBYMEMBER', 'Sicily', 'Agrigento', '100', 'km', 'WITHDIST', 'WITHCOORD', 'ASC'],
      ['GEORADIUSBYMEMBER', 'Sicily', 'Palermo', '300', 'KM', 'COUNT', '3', 'DESC', 'WITHHASH'],
      ['GEORADIUSBYMEMBER', 'Sicily', 'Palermo', '300', 'km', 'STOREDIST', 'd2'],
      ['ZRANGE', 'd2', '0', '-1', 'WITHSCORES'],
      ['GEORADIUSBYMEMBER', 'Sicily', 'nobody', '100', 'km'],
      ['GEORADIUSBYMEMBER', 'Sicily', 'nobody', 'x', 'km'],
      ['GEORADIUSBYMEMBER', 'Sicily', 'Palermo', 'x', 'km'],
      ['GEORADIUSBYMEMBER', 'missing', 'nobody', 'x', 'km'],
      ['GEORADIUSBYMEMBER', 'missing', 'nobody', '1', 'km', 'BAD'],
      ['GEORADIUSBYMEMBER', 'missing', 'nobody', '1', 'km', 'STORE', 'd2'],
      ['EXISTS', 'd2'],
      ['GEORADIUS_RO', 'Sicily', '15', '37', '200', 'km', 'WITHDIST', 'ASC'],
      ['GEORADIUS_RO', 'Sicily', '15', '37', '200', 'km', 'STORE', 'x'],
      ['GEORADIUSBYMEMBER_RO', 'Sicily', 'Palermo', '200', 'km', 'COUNT', '2', 'WITHCOORD'],
      ['GEORADIUSBYMEMBER_RO', 'Sicily', 'Palermo', '200', 'km', 'STOREDIST', 'x'],
      ['SET', 'str', 'v'],
      ['GEORADIUS', 'str', '15', '37', '200', 'km'],
      ['GEORADIUS', 'str', '15', '97', '200', 'km'],
      ['GEORADIUSBYMEMBER', 'str', 'a', '200', 'km'],
    ],
  },
  {
    name: 'GEOSEARCH and GEOSEARCHSTORE: every option and error',
    lines: [
      SICILY,
      ['GEOADD', 'Sicily', '12.758489', '38.788135', 'edge1', '17.241510', '38.788135', 'edge2', '13.583333', '37.316667', 'Agrigento'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'ASC'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '400', '400', 'km', 'ASC', 'WITHCOORD', 'WITHDIST', 'WITHHASH'],
      ['GEOSEARCH', 'Sicily', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '200', 'km', 'DESC', 'COUNT', '2'],
      ['GEOSEARCH', 'Sicily', 'FROMMEMBER', 'Palermo', 'BYBOX', '200', '100', 'mi', 'COUNT', '2', 'ANY'],
      ['GEOSEARCH', 'Sicily', 'frommember', 'Palermo', 'bybox', '0', '0', 'm'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'BYRADIUS', '100', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'FROMLONLAT', '13', '38', 'BYRADIUS', '200', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '200', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMMEMBER', 'Palermo', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'BYBOX', '1', '1', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '1', '1', 'km', 'BYRADIUS', '200', 'km'],
      ['geosearch', 'Sicily', 'BYRADIUS', '200', 'km', 'ASC'],
      ['GeoSearch', 'Sicily', 'FROMLONLAT', '15', '37', 'ASC', 'WITHDIST'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'ANY'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'STORE', 'x'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'STOREDIST'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', 'BYRADIUS', '200', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '-1', '1', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', 'w', '1', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '1', 'h', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '1', '1', 'parsecs'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', 'r', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '181', '37', 'BYRADIUS', '1', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMMEMBER', 'nobody', 'BYRADIUS', '1', 'km'],
      ['GEOSEARCH', 'missing', 'FROMMEMBER', 'nobody', 'BYRADIUS', '1', 'km'],
      ['GEOSEARCH', 'missing', 'FROMMEMBER', 'nobody', 'BYRADIUS', '1', 'km', 'WITHDIST'],
      ['GEOSEARCH', 'missing', 'FROMMEMBER', 'nobody'],
      ['GEOSEARCHSTORE', 'dst', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '400', '400', 'km', 'ASC', 'COUNT', '3'],
      ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
      ['GEOSEARCHSTORE', 'dst', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '400', '400', 'km', 'STOREDIST'],
      ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
      ['GEOSEARCHSTORE', 'dst', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'WITHDIST'],
      ['GEOSEARCHSTORE', 'dst', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'STORE', 'x'],
      ['GEOSEARCHSTORE', 'dst', 'Sicily', 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'km'],
      ['EXISTS', 'dst'],
      ['SET', 'dst', 'string'],
      ['GEOSEARCHSTORE', 'dst', 'Sicily', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '10', 'km'],
      ['TYPE', 'dst'],
      ['GEOSEARCHSTORE', 'dst', 'missing', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '10', 'km'],
      ['EXISTS', 'dst'],
      ['geosearchstore', 'dst', 'Sicily', 'BYRADIUS', '10', 'km'],
      ['SET', 'str', 'v'],
      ['GEOSEARCH', 'str', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km'],
      ['GEOSEARCHSTORE', 'dst', 'str', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km'],
      ['COMMAND', 'GETKEYS', 'GEORADIUS', 'k', '0', '0', '1', 'km', 'STORE', 'a', 'STOREDIST', 'b'],
      ['COMMAND', 'GETKEYS', 'GEOSEARCHSTORE', 'dst', 'src', 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'km'],
      ['COMMAND', 'GETKEYS', 'GEOADD', 'k', '0', '0', 'm'],
    ],
  },
  {
    name: 'RESP3: coordinates as doubles, distances as strings',
    resp: 3,
    lines: [
      SICILY,
      ['GEOPOS', 'Sicily', 'Palermo', 'nobody'],
      ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'km'],
      ['GEODIST', 'Sicily', 'Palermo', 'nobody'],
      ['GEOHASH', 'Sicily', 'nobody', 'Catania'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'WITHDIST', 'WITHCOORD', 'WITHHASH', 'ASC'],
      ['GEOSEARCH', 'Sicily', 'FROMMEMBER', 'Catania', 'BYBOX', '500', '500', 'km', 'WITHCOORD', 'DESC'],
    ],
  },
  {
    name: 'Keyspace events and listpack limits',
    lines: [
      ['CONFIG', 'SET', 'zset-max-listpack-entries', '2'],
      SICILY,
      ['OBJECT', 'ENCODING', 'Sicily'],
      ['GEOADD', 'Sicily', '13.583333', '37.316667', 'Agrigento'],
      ['OBJECT', 'ENCODING', 'Sicily'],
      ['GEORADIUS', 'Sicily', '15', '37', '100', 'km', 'STORE', 'one'],
      ['OBJECT', 'ENCODING', 'one'],
      ['GEORADIUS', 'Sicily', '15', '37', '300', 'km', 'STORE', 'three'],
      ['OBJECT', 'ENCODING', 'three'],
      ['CONFIG', 'SET', 'zset-max-listpack-value', '3'],
      ['GEOADD', 'long', '1', '1', 'abcd'],
      ['OBJECT', 'ENCODING', 'long'],
      skip('CONFIG', 'SET', 'zset-max-listpack-entries', '128'),
      skip('CONFIG', 'SET', 'zset-max-listpack-value', '64'),
    ],
  },
];

/** A random double as text, with up to `decimals` decimals. */
function num(rng: Rng, min: number, max: number, decimals = 6): string {
  return (min + rng.next() * (max - min)).toFixed(decimals);
}

describe.skipIf(!run)('geo commands match Redis', () => {
  const d = useOracle();

  for (const c of CASES) {
    it(c.name, async () => {
      await runCase(d, c, 120);
    });
  }

  const same = async (...argv: string[]): Promise<void> => {
    const { ours, theirs } = await d.run(argv);
    expectSame(ours, theirs, 2, argv.join(' ').slice(0, 160));
  };

  /**
   * Distances come from sin, cos and asin, and V8's Math functions are not
   * glibc's: about one call in thirty differs in the last bit. A distance
   * Redis prints has four decimals, which hides that, but two members at
   * (nearly) the same distance may then swap places in a sorted reply, or
   * trade places at a COUNT cut. So a sorted search with WITHDIST is
   * compared exactly, or else position by position on the printed
   * distances, with the same members wherever distances differ; a
   * STOREDIST score (the full double) is compared to within 1e-12.
   */
  let nearTie = false;
  const sameSearch = async (...argv: string[]): Promise<void> => {
    const { ours, theirs } = await d.run(argv);
    const label = argv.join(' ').slice(0, 160);
    const w = wire(ours, 2);
    nearTie = false;
    if (JSON.stringify(canon(w)) === JSON.stringify(canon(theirs))) return;
    expect(w?.t, label).toBe('array');
    expect(theirs.t, label).toBe('array');
    const a = (w as unknown as { v: readonly Reply[] }).v;
    const b = (theirs as unknown as { v: readonly Reply[] }).v;
    expect(a.length, label).toBe(b.length);
    const dist = (x: Reply): string => ((x as unknown as { v: readonly Reply[] }).v[1] as unknown as { v: string }).v;
    for (let i = 0; i < a.length; i++) expect(dist(a[i]!), `${label} [${i}]`).toBe(dist(b[i]!));
    nearTie = true;
  };
  const sameStored = async (key: string, storedist: boolean): Promise<void> => {
    const { ours, theirs } = await d.run(['ZRANGE', key, '0', '-1', 'WITHSCORES']);
    const w = wire(ours, 2);
    if (JSON.stringify(canon(w)) === JSON.stringify(canon(theirs))) return;
    const pairs = (r: Reply | undefined): [string, number][] => {
      const v = (r as unknown as { v: readonly { v: string }[] }).v;
      return Array.from({ length: v.length / 2 }, (_, i): [string, number] => [v[2 * i]!.v, Number(v[2 * i + 1]!.v)]).sort((x, y) => (x[0] < y[0] ? -1 : 1));
    };
    const x = pairs(w);
    const y = pairs(theirs);
    expect(x.length, key).toBe(y.length);
    if (!nearTie) expect(x.map((p) => p[0]), key).toEqual(y.map((p) => p[0]));
    if (storedist && !nearTie) for (let i = 0; i < x.length; i++) expect(Math.abs(x[i]![1] - y[i]![1]), `${key} ${x[i]![0]}`).toBeLessThanOrEqual(1e-12 * Math.max(1, y[i]![1]));
  };

  /**
   * Random points and searches in three regions where the grid is at its
   * edges: near the poles (latitude limits +-85.05112878), across the
   * antimeridian (longitude +-180) and anywhere. Every search is compared
   * with all its WITH options, both orders, with and without COUNT and ANY.
   */
  for (const region of ['poles', 'antimeridian', 'anywhere'] as const) {
    it(`GEOSEARCH and GEORADIUS on random points: ${region}`, async () => {
      await d.reset();
      const rng = new Rng(`geo-${region}`);
      const lon = (): string =>
        region === 'antimeridian' ? (rng.next() < 0.5 ? num(rng, 170, 180) : num(rng, -180, -170)) : num(rng, -180, 180);
      const lat = (): string =>
        region === 'poles'
          ? rng.next() < 0.5
            ? num(rng, 75, 85.05112878, 8)
            : num(rng, -85.05112878, -75, 8)
          : region === 'antimeridian'
            ? num(rng, -60, 60)
            : num(rng, -85, 85);
      const args: string[] = [];
      for (let i = 0; i < 400; i++) args.push(lon(), lat(), `p${i}`);
      // The corners and edges themselves.
      args.push('180', '85.05112878', 'ne', '-180', '85.05112878', 'nw', '180', '-85.05112878', 'se', '-180', '-85.05112878', 'sw', '180', '0', 'e', '-180', '0', 'w');
      await same('GEOADD', 'pts', ...args);
      await same('ZRANGE', 'pts', '0', '-1', 'WITHSCORES');
      await same('GEOPOS', 'pts', ...Array.from({ length: 400 }, (_, i) => `p${i}`), 'ne', 'nw', 'se', 'sw', 'e', 'w');
      await same('GEOHASH', 'pts', ...Array.from({ length: 400 }, (_, i) => `p${i}`), 'ne', 'nw', 'se', 'sw', 'e', 'w');
      for (let i = 0; i < 20; i++) await same('GEODIST', 'pts', `p${rng.int(400)}`, `p${rng.int(400)}`, ['m', 'km', 'mi', 'ft'][rng.int(4)]!);
      const units = ['m', 'km', 'mi', 'ft'];
      for (let q = 0; q < 60; q++) {
        const unit = units[rng.int(4)]!;
        const scale = unit === 'm' ? 1000 : unit === 'ft' ? 3280 : 1;
        const size = (): string => String(Math.round((rng.next() < 0.3 ? 1 + rng.int(50) : 50 + rng.int(3000)) * scale));
        const from = rng.next() < 0.3 ? ['FROMMEMBER', `p${rng.int(400)}`] : ['FROMLONLAT', lon(), lat()];
        const by = rng.next() < 0.5 ? ['BYRADIUS', size(), unit] : ['BYBOX', size(), size(), unit];
        const order = [[], ['ASC'], ['DESC']][rng.int(3)]!;
        const count = rng.next() < 0.4 ? ['COUNT', String(1 + rng.int(20)), ...(rng.next() < 0.3 ? ['ANY'] : [])] : [];
        const storedist = rng.next() < 0.5;
        await sameSearch('GEOSEARCH', 'pts', ...from, ...by, ...order, ...count, 'WITHDIST', 'WITHCOORD', 'WITHHASH');
        await same('GEOSEARCHSTORE', 'out', 'pts', ...from, ...by, ...order, ...count, ...(storedist ? ['STOREDIST'] : []));
        await sameStored('out', storedist);
        if (by[0] === 'BYRADIUS') {
          const rest = [by[1]!, unit, ...order, ...count, 'WITHDIST', 'WITHHASH'];
          if (from[0] === 'FROMMEMBER') await sameSearch('GEORADIUSBYMEMBER', 'pts', from[1]!, ...rest);
          else await sameSearch('GEORADIUS_RO', 'pts', from[1]!, from[2]!, ...rest);
        }
      }
    });
  }

  it('ties in distance keep Redis order with COUNT (its partial quicksort) and without (a stable sort)', async () => {
    await d.reset();
    const rng = new Rng('geo-ties');
    const args: string[] = [];
    // Many members on few distinct points: equal distances everywhere.
    for (let i = 0; i < 300; i++) {
      const k = rng.int(12);
      args.push(String(10 + (k % 4) * 0.01), String(20 + Math.floor(k / 4) * 0.01), `m${i}`);
    }
    await same('GEOADD', 'ties', ...args);
    for (const count of ['1', '5', '37', '100', '299', '300', '1000']) {
      for (const order of ['ASC', 'DESC']) await same('GEOSEARCH', 'ties', 'FROMLONLAT', '10.015', '20.01', 'BYRADIUS', '100', 'km', order, 'COUNT', count, 'WITHDIST');
    }
    await same('GEOSEARCH', 'ties', 'FROMLONLAT', '10.015', '20.01', 'BYRADIUS', '100', 'km', 'DESC');
    await same('GEORADIUS', 'ties', '10', '20', '100', 'km', 'ASC', 'COUNT', '50', 'STOREDIST', 'st');
    await sameStored('st', true);
  });

  it('huge radii, zero sizes and a search around every corner of the grid', async () => {
    await d.reset();
    const args: string[] = [];
    for (let lo = -180; lo <= 180; lo += 30) for (let la = -85; la <= 85; la += 17) args.push(String(lo), String(la), `${lo}:${la}`);
    await same('GEOADD', 'grid', ...args);
    for (const [lo, la] of [['0', '0'], ['180', '85.05112878'], ['-180', '-85.05112878'], ['179.9999', '0'], ['-180', '0'], ['0', '85.05112878'], ['90', '-85.05112878']] as const) {
      for (const r of ['0', '1', '5000', '20000', '50000']) {
        await same('GEOSEARCH', 'grid', 'FROMLONLAT', lo, la, 'BYRADIUS', r, 'km', 'WITHDIST');
        await sameSearch('GEOSEARCH', 'grid', 'FROMLONLAT', lo, la, 'BYBOX', r, String(Number(r) / 2), 'km', 'ASC', 'WITHDIST');
      }
    }
  });

  it('COMMAND INFO: arity, flags, key positions and categories', async () => {
    const names = ['geoadd', 'geodist', 'geohash', 'geopos', 'georadius', 'georadius_ro', 'georadiusbymember', 'georadiusbymember_ro', 'geosearch', 'geosearchstore'];
    const { ours, theirs } = await d.run(['COMMAND', 'INFO', ...names]);
    // name, arity, flags, first, last, step, categories
    const head = (r: Reply | undefined): unknown => (r?.t === 'array' ? r.v.map((x) => (x.t === 'array' ? x.v.slice(0, 7).map((v) => canon(v, { sortMaps: true })) : canon(x))) : canon(r));
    expect(head(wire(ours, 2))).toEqual(head(theirs));
  });
});
