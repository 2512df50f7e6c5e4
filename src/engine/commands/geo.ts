import type { Ctx, HandlersFor } from '../core/command';
import { readEach, track } from '../core/changes';
import { E } from '../core/errors';
import {
  GEO_UNITS,
  cellScoreRange,
  decodeScore,
  distanceInShape,
  geoDistance,
  geoScore,
  geohashString,
  sameCell,
  searchCells,
  validLonLat,
  type GeoShape,
  type LonLat,
} from '../core/geohash';
import { NOTIFY, notify } from '../core/notify';
import { RedisError, is, leadingFlags, parseInt64Arg } from '../core/parse';
import { EMPTY_ARRAY, NIL, NIL_ARRAY, array, bulk, int, type Reply } from '../core/reply';
import { newSortedSet, settleEncoding, writeScore } from '../core/zset';
import { SortedSet } from '../types/zset';
import { formatFixed, formatFixedPoint, formatHumanDouble, parseStrictDouble } from '../../text/double';
import type { geoSpecs } from '../spec/geo';

/**
 * The geo commands, Redis 7.0 (geo.c) reply for reply. A geo index is a
 * sorted set whose scores are 52-bit geohashes; the arithmetic lives in
 * core/geohash.ts, shared with the visualizer's map. Arguments are parsed
 * in Redis's order, so the first error reported is Redis's.
 */
export const geoCommands: HandlersFor<typeof geoSpecs> = {
  geoadd,
  geodist,
  geohash,
  geopos,
  georadius: (c) => search(c, 1, { coords: true }),
  georadiusbymember: (c) => search(c, 1, { member: true }),
  georadius_ro: (c) => search(c, 1, { coords: true, noStore: true }),
  georadiusbymember_ro: (c) => search(c, 1, { member: true, noStore: true }),
  geosearch: (c) => search(c, 1, { geosearch: true }),
  geosearchstore: (c) => search(c, 2, { geosearch: true, store: true }),
};

// ---- Arguments -----------------------------------------------------------------

function parseNumber(arg: string, error: string = E.NOT_FLOAT): number {
  const v = parseStrictDouble(arg);
  if (v === null) throw new RedisError(error);
  return v;
}

/** extractLongLatOrReply: two doubles, inside the limits a score can encode. */
function parseLonLat(lonArg: string, latArg: string): LonLat {
  const lon = parseNumber(lonArg);
  const lat = parseNumber(latArg);
  if (!validLonLat(lon, lat)) throw new RedisError(`ERR invalid longitude,latitude pair ${formatFixed(lon, 6)},${formatFixed(lat, 6)}`);
  return { lon, lat };
}

/** extractUnitOrReply: metres per unit. */
function parseUnit(arg: string): number {
  const m = GEO_UNITS[arg.toLowerCase()];
  if (m === undefined) throw new RedisError('ERR unsupported unit provided. please use M, KM, FT, MI');
  return m;
}

/** extractDistanceOrReply: a radius and its unit. */
function parseRadius(radiusArg: string, unitArg: string): { radius: number; toMeters: number } {
  const radius = parseNumber(radiusArg, 'ERR need numeric radius');
  if (radius < 0) throw new RedisError('ERR radius cannot be negative');
  return { radius, toMeters: parseUnit(unitArg) };
}

/** extractBoxOrReply: a width, a height and their unit. */
function parseBox(widthArg: string, heightArg: string, unitArg: string): { width: number; height: number; toMeters: number } {
  const width = parseNumber(widthArg, 'ERR need numeric width');
  const height = parseNumber(heightArg, 'ERR need numeric height');
  if (height < 0 || width < 0) throw new RedisError('ERR height or width cannot be negative');
  return { width, height, toMeters: parseUnit(unitArg) };
}

/** A distance as Redis sends it: four decimals (addReplyDoubleDistance). */
const distanceReply = (d: number): Reply => bulk(formatFixedPoint(d, 4));

/** A coordinate as Redis sends it (addReplyHumanLongDouble): `%.17Lf` trimmed; a double in RESP3. */
function coordReply(c: Ctx, v: number): Reply {
  const text = formatHumanDouble(v);
  return c.client.resp === 3 ? { t: 'double', v, text } : bulk(text);
}

const positionReply = (c: Ctx, p: LonLat): Reply => array([coordReply(c, p.lon), coordReply(c, p.lat)]);

function readGeo(c: Ctx, key: string): SortedSet | undefined {
  return c.db.get(key, 'zset')?.value;
}

// ---- GEOADD --------------------------------------------------------------------

/**
 * GEOADD key [NX|XX] [CH] lon lat member ...: the coordinates become
 * scores and the rest is ZADD's (Redis rewrites the command into a ZADD;
 * keyspace events and the reply are ZADD's).
 */
const GEOADD_FLAGS = ['NX', 'XX', 'CH'] as const;

function geoadd(c: Ctx): Reply {
  const argv = c.argv;
  const { flags, next: i } = leadingFlags(argv, 2, GEOADD_FLAGS);
  const nx = flags.has('NX');
  const xx = flags.has('XX');
  const ch = flags.has('CH');
  if ((argv.length - i) % 3 !== 0 || (xx && nx)) throw new RedisError(E.SYNTAX);
  const points: [string, number][] = [];
  for (let j = i; j < argv.length; j += 3) {
    const p = parseLonLat(argv[j]!, argv[j + 1]!);
    points.push([argv[j + 2]!, geoScore(p.lon, p.lat)!]);
  }
  // ZADD with no element pairs is a syntax error too.
  if (points.length === 0) throw new RedisError(E.SYNTAX);

  const key = argv[1]!;
  let z = c.db.getForWrite(key, 'zset')?.value;
  let created = false;
  if (z === undefined) {
    if (xx) return int(0);
    z = newSortedSet(c, points[0]![0]);
    created = true;
  }
  const rec = track(c, key);
  let added = 0;
  let updated = 0;
  for (const [member, score] of points) {
    const cur = z.score(member);
    if (cur !== undefined) {
      if (nx || score === cur) continue;
      writeScore(c, z, member, score, cur, rec);
      updated++;
    } else if (!xx) {
      writeScore(c, z, member, score, undefined, rec);
      added++;
    }
  }
  if (created) c.db.add(key, { type: 'zset', value: z });
  else if (added + updated > 0) c.db.modified(key);
  if (added + updated > 0) notify(c, NOTIFY.ZSET, 'zadd', key);
  return int(ch ? added + updated : added);
}

// ---- GEOPOS, GEOHASH, GEODIST --------------------------------------------------

function geopos(c: Ctx): Reply {
  const key = c.argv[1]!;
  const z = readGeo(c, key);
  return readEach(c, z !== undefined, (m) => {
    const s = z?.score(m);
    return s === undefined ? NIL_ARRAY : positionReply(c, decodeScore(s));
  });
}

function geohash(c: Ctx): Reply {
  const key = c.argv[1]!;
  const z = readGeo(c, key);
  return readEach(c, z !== undefined, (m) => {
    const s = z?.score(m);
    return s === undefined ? NIL : bulk(geohashString(s));
  });
}

function geodist(c: Ctx): Reply {
  const argv = c.argv;
  let toMeters = 1;
  if (argv.length === 5) toMeters = parseUnit(argv[4]!);
  else if (argv.length > 5) throw new RedisError(E.SYNTAX);
  const key = argv[1]!;
  const z = readGeo(c, key);
  if (z === undefined) return NIL;
  const rec = track(c, key);
  rec?.read(argv[2]!);
  rec?.read(argv[3]!);
  const s1 = z.score(argv[2]!);
  const s2 = z.score(argv[3]!);
  if (s1 === undefined || s2 === undefined) return NIL;
  const a = decodeScore(s1);
  const b = decodeScore(s2);
  return distanceReply(geoDistance(a.lon, a.lat, b.lon, b.lat) / toMeters);
}

// ---- GEOSEARCH and the GEORADIUS family -----------------------------------------

interface SearchKind {
  /** GEORADIUS: a centre given as coordinates. */
  coords?: true;
  /** GEORADIUSBYMEMBER: a centre given as a member. */
  member?: true;
  /** The _RO variants: no STORE / STOREDIST. */
  noStore?: true;
  /** GEOSEARCH / GEOSEARCHSTORE syntax. */
  geosearch?: true;
  /** GEOSEARCHSTORE: the destination is argv[1]. */
  store?: true;
}

/** A point found by a search (Redis's geoPoint). */
interface Found {
  readonly member: string;
  readonly score: number;
  readonly lon: number;
  readonly lat: number;
  /** Metres from the centre; in the request's unit once the search is done. */
  dist: number;
}

/**
 * The points of `z` in the score range [min, max) that lie inside `shape`,
 * appended to `out` in score order, stopping once `out` holds `limit`
 * (0: no limit) (geoGetPointsInRange).
 */
function pointsInRange(z: SortedSet, min: number, max: number, shape: GeoShape, out: Found[], limit: number): void {
  const start = z.countScoreBelow(min, false);
  z.visit(start, false, (member, score) => {
    if (!(score < max)) return false;
    const p = decodeScore(score);
    const dist = distanceInShape(shape, p);
    if (dist !== undefined) out.push({ member, score, lon: p.lon, lat: p.lat, dist });
    return !(limit > 0 && out.length >= limit);
  });
}

/**
 * Every point of the nine cells covering the shape (membersOfAllNeighbors):
 * a cell equal to the last one read is skipped (huge radii make neighbours
 * coincide), except when the last one read was the centre, as in Redis.
 */
function pointsInShape(z: SortedSet, shape: GeoShape, limit: number): Found[] {
  const { cells } = searchCells(shape);
  const out: Found[] = [];
  let last = 0;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (cell === undefined) continue;
    if (last !== 0 && sameCell(cell, cells[last]!)) continue;
    if (limit > 0 && out.length >= limit) break;
    const [min, max] = cellScoreRange(cell);
    pointsInRange(z, min, max, shape, out, limit);
    last = i;
  }
  return out;
}

/**
 * georadiusGeneric: GEORADIUS, GEORADIUSBYMEMBER (and their _RO forms),
 * GEOSEARCH and GEOSEARCHSTORE. `srcAt` is the source key's position.
 */
function search(c: Ctx, srcAt: number, kind: SearchKind): Reply {
  const argv = c.argv;
  const srcKey = argv[srcAt]!;
  const z = readGeo(c, srcKey);

  let center: LonLat | undefined;
  let circle: { radius: number; toMeters: number } | undefined;
  let box: { width: number; height: number; toMeters: number } | undefined;
  let base: number;
  let storeKey: string | undefined;
  if (kind.coords) {
    base = 6;
    center = parseLonLat(argv[2]!, argv[3]!);
    circle = parseRadius(argv[4]!, argv[5]!);
  } else if (kind.member) {
    base = 5;
    // Without the key the remaining arguments are still parsed, for the right reply.
    if (z !== undefined) {
      center = memberPosition(z, argv[2]!);
      circle = parseRadius(argv[3]!, argv[4]!);
    }
  } else {
    base = kind.store ? 3 : 2;
    if (kind.store) storeKey = argv[1]!;
  }

  let withDist = false;
  let withHash = false;
  let withCoord = false;
  let fromMember = false;
  let fromLonLat = false;
  let storeDist = false;
  let sort: 'none' | 'asc' | 'desc' = 'none';
  let any = false;
  let count = 0;
  const n = argv.length;
  for (let i = base; i < n; i++) {
    const a = argv[i]!;
    const left = n - 1 - i; // arguments after this one
    if (is(a, 'WITHDIST')) withDist = true;
    else if (is(a, 'WITHHASH')) withHash = true;
    else if (is(a, 'WITHCOORD')) withCoord = true;
    else if (is(a, 'ANY')) any = true;
    else if (is(a, 'ASC')) sort = 'asc';
    else if (is(a, 'DESC')) sort = 'desc';
    else if (is(a, 'COUNT') && left >= 1) {
      const v = parseInt64Arg(argv[++i]!);
      if (v <= 0n) throw new RedisError('ERR COUNT must be > 0');
      count = v > 2n ** 53n ? 2 ** 53 : Number(v);
    } else if ((is(a, 'STORE') || is(a, 'STOREDIST')) && left >= 1 && !kind.noStore && !kind.geosearch) {
      storeKey = argv[++i]!;
      storeDist = is(a, 'STOREDIST');
    } else if (is(a, 'STOREDIST') && kind.geosearch && kind.store) {
      storeDist = true;
    } else if (is(a, 'FROMMEMBER') && left >= 1 && kind.geosearch && !fromLonLat) {
      const m = argv[++i]!;
      if (z !== undefined) center = memberPosition(z, m);
      fromMember = true;
    } else if (is(a, 'FROMLONLAT') && left >= 2 && kind.geosearch && !fromMember) {
      center = parseLonLat(argv[i + 1]!, argv[i + 2]!);
      fromLonLat = true;
      i += 2;
    } else if (is(a, 'BYRADIUS') && left >= 2 && kind.geosearch && box === undefined) {
      circle = parseRadius(argv[i + 1]!, argv[i + 2]!);
      i += 2;
    } else if (is(a, 'BYBOX') && left >= 3 && kind.geosearch && circle === undefined) {
      box = parseBox(argv[i + 1]!, argv[i + 2]!, argv[i + 3]!);
      i += 3;
    } else throw new RedisError(E.SYNTAX);
  }

  if (storeKey !== undefined && (withDist || withHash || withCoord)) {
    throw new RedisError(`ERR ${kind.store ? 'GEOSEARCHSTORE' : 'STORE option in GEORADIUS'} is not compatible with WITHDIST, WITHHASH and WITHCOORD options`);
  }
  if (kind.geosearch && !(fromMember || fromLonLat)) throw new RedisError(`ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for ${argv[0]!}`);
  if (kind.geosearch && circle === undefined && box === undefined) throw new RedisError(`ERR exactly one of BYRADIUS and BYBOX can be specified for ${argv[0]!}`);
  if (any && count === 0) throw new RedisError('ERR the ANY argument requires COUNT argument');

  if (z === undefined) {
    if (storeKey === undefined) return EMPTY_ARRAY;
    if (c.db.delete(storeKey)) notify(c, NOTIFY.GENERIC, 'del', storeKey);
    return int(0);
  }
  // COUNT without an order means the nearest ones.
  if (count !== 0 && sort === 'none' && !any) sort = 'asc';

  const shape: GeoShape =
    box !== undefined
      ? { type: 'box', center: center!, width: box.width, height: box.height, toMeters: box.toMeters }
      : { type: 'radius', center: center!, radius: circle!.radius, toMeters: circle!.toMeters };
  const found = pointsInShape(z, shape, any ? count : 0);
  const rec = track(c, srcKey);
  if (found.length === 0 && storeKey === undefined) return EMPTY_ARRAY;

  const returned = count === 0 || found.length < count ? found.length : count;
  if (sort !== 'none') {
    const cmp = sort === 'asc' ? (a: Found, b: Found) => compareDist(a, b) : (a: Found, b: Found) => -compareDist(a, b);
    // All of them: glibc's qsort, a stable merge sort. A prefix: Redis's pqsort.
    if (returned === found.length) found.sort(cmp);
    else partialQuicksort(found, cmp, 0, returned - 1);
  }
  const toMeters = shape.toMeters;
  if (rec !== undefined) {
    // What the views draw: the area, and the members returned (nearest first) with their distances.
    const shown = found.slice(0, returned);
    for (const f of shown) rec.read(f.member);
    rec.geo({
      lon: shape.center.lon,
      lat: shape.center.lat,
      shape: shape.type === 'radius' ? { type: 'radius', radius: shape.radius * toMeters } : { type: 'box', width: shape.width * toMeters, height: shape.height * toMeters },
      unit: Object.keys(GEO_UNITS).find((u) => GEO_UNITS[u] === toMeters) ?? 'm',
      toMeters,
      found: shown
        .map((f) => ({ member: f.member, dist: f.dist / toMeters }))
        .sort((a, b) => a.dist - b.dist)
        .slice(0, 1000),
    });
  }

  if (storeKey === undefined) {
    const nested = withDist || withHash || withCoord;
    const out: Reply[] = [];
    for (let i = 0; i < returned; i++) {
      const f = found[i]!;
      f.dist /= toMeters;
      if (!nested) {
        out.push(bulk(f.member));
        continue;
      }
      const item: Reply[] = [bulk(f.member)];
      if (withDist) item.push(distanceReply(f.dist));
      if (withHash) item.push(int(Math.trunc(f.score)));
      if (withCoord) item.push(positionReply(c, f));
      out.push(array(item));
    }
    return array(out);
  }

  if (returned === 0) {
    if (c.db.delete(storeKey)) notify(c, NOTIFY.GENERIC, 'del', storeKey);
    return int(0);
  }
  const stored = new SortedSet();
  stored.encoding = 'skiplist';
  for (let i = 0; i < returned; i++) {
    const f = found[i]!;
    f.dist /= toMeters;
    stored.set(f.member, storeDist ? f.dist : f.score);
  }
  settleEncoding(c, stored);
  c.db.set(storeKey, { type: 'zset', value: stored });
  notify(c, NOTIFY.ZSET, kind.geosearch ? 'geosearchstore' : 'georadiusstore', storeKey);
  return int(returned);
}

/** longLatFromMember: the member's position, or Redis's error when it is not in the set. */
function memberPosition(z: SortedSet, member: string): LonLat {
  const s = z.score(member);
  if (s === undefined) throw new RedisError('ERR could not decode requested zset member');
  return decodeScore(s);
}

/** sort_gp_asc: by distance only. */
function compareDist(a: Found, b: Found): number {
  return a.dist > b.dist ? 1 : a.dist === b.dist ? 0 : -1;
}

/**
 * Bentley and McIlroy's quicksort ("Engineering a Sort Function"), cut
 * short where a part lies wholly outside the ranks [lo, hi] the caller
 * wants in order, as Redis's pqsort does for COUNT. Elements that compare
 * equal end up in the order this algorithm leaves them, which is what
 * Redis replies; a plain sort would order ties differently.
 */
function partialQuicksort<T>(a: T[], cmp: (x: T, y: T) => number, lo: number, hi: number): void {
  const swap = (i: number, j: number): void => {
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  };
  const swapRuns = (i: number, j: number, len: number): void => {
    for (let k = 0; k < len; k++) swap(i + k, j + k);
  };
  const median3 = (i: number, j: number, k: number): number => {
    const ij = cmp(a[i]!, a[j]!);
    if (ij < 0) {
      if (cmp(a[j]!, a[k]!) < 0) return j;
      return cmp(a[i]!, a[k]!) < 0 ? k : i;
    }
    if (cmp(a[j]!, a[k]!) > 0) return j;
    return cmp(a[i]!, a[k]!) < 0 ? i : k;
  };
  const sortPart = (start: number, len: number): void => {
    for (;;) {
      if (len < 7) {
        // Insertion sort for small parts.
        for (let m = start + 1; m < start + len; m++) for (let l = m; l > start && cmp(a[l - 1]!, a[l]!) > 0; l--) swap(l, l - 1);
        return;
      }
      let pm = start + (len >>> 1);
      if (len > 7) {
        let pl = start;
        let pn = start + len - 1;
        if (len > 40) {
          const d = len >>> 3;
          pl = median3(pl, pl + d, pl + 2 * d);
          pm = median3(pm - d, pm, pm + d);
          pn = median3(pn - 2 * d, pn - d, pn);
        }
        pm = median3(pl, pm, pn);
      }
      swap(start, pm);
      // Three-way partition around a[start]: equal keys gather at both ends first.
      let pa = start + 1;
      let pb = pa;
      let pc = start + len - 1;
      let pd = pc;
      for (;;) {
        let r: number;
        while (pb <= pc && (r = cmp(a[pb]!, a[start]!)) <= 0) {
          if (r === 0) swap(pa++, pb);
          pb++;
        }
        while (pb <= pc && (r = cmp(a[pc]!, a[start]!)) >= 0) {
          if (r === 0) swap(pc, pd--);
          pc--;
        }
        if (pb > pc) break;
        swap(pb++, pc--);
      }
      const end = start + len;
      let r = Math.min(pa - start, pb - pa);
      swapRuns(start, pb - r, r);
      r = Math.min(pd - pc, end - pd - 1);
      swapRuns(pb, end - r, r);
      // The part below the pivot, then the part above it, when they overlap [lo, hi].
      const below = pb - pa;
      if (below > 1 && !(start + below - 1 < lo || start > hi)) sortPart(start, below);
      const above = pd - pc;
      if (above <= 1) return;
      start = end - above;
      len = above;
      if (start + len - 1 < lo || start > hi) return;
    }
  };
  sortPart(0, a.length);
}
