/**
 * The geohash arithmetic of Redis's geo commands, as pure functions on
 * numbers: no keyspace, no replies. The engine's GEO* commands and the
 * visualizer's map both use it, so a point is drawn exactly where GEOPOS
 * says it is.
 *
 * A position is stored as a sorted-set score: longitude and latitude are
 * each cut into 2^26 equal slices of their range (longitude -180..180,
 * latitude -85.05112878..85.05112878, the limits of Web Mercator), and the
 * two 26-bit slice numbers are interleaved bit by bit, longitude in the odd
 * bits, into a 52-bit integer (Redis's geohashEncode, geohashAlign52Bits).
 * A score decodes to the centre of its cell (geohashDecode).
 *
 * A search (GEOSEARCH, GEORADIUS) picks a coarser cell size from the radius
 * (geohashEstimateStepsByRadius), takes the cell holding the centre and its
 * eight neighbours (geohashCalculateAreasByShapeWGS84), reads each cell's
 * score range from the sorted set and keeps the points inside the circle or
 * box. Distances are the haversine formula on a sphere of Redis's radius.
 *
 * Every step is the same IEEE double arithmetic Redis does, in the same
 * order, so positions and distances agree to the last digit.
 */

export const GEO_LAT_MIN = -85.05112878;
export const GEO_LAT_MAX = 85.05112878;
export const GEO_LONG_MIN = -180;
export const GEO_LONG_MAX = 180;
/** 26 steps: 52 bits, the precision a score keeps. */
export const GEO_STEP_MAX = 26;
/** The earth's quadratic mean radius for WGS-84, in metres (Redis's EARTH_RADIUS_IN_METERS). */
export const EARTH_RADIUS_IN_METERS = 6372797.560856;
/** Half the earth's circumference in Web Mercator metres (Redis's MERCATOR_MAX). */
const MERCATOR_MAX = 20037726.37;
const D_R = Math.PI / 180.0;

const TWO32 = 4294967296;

/** Degrees to radians as Redis's deg_rad does (a multiplication by pi/180). */
export const degRad = (deg: number): number => deg * D_R;

/** Longitude and latitude in degrees. */
export interface LonLat {
  readonly lon: number;
  readonly lat: number;
}

/** A coordinate range. */
export interface Range {
  readonly min: number;
  readonly max: number;
}

/** The ranges scores are encoded in. */
const WGS84_LON: Range = { min: GEO_LONG_MIN, max: GEO_LONG_MAX };
const WGS84_LAT: Range = { min: GEO_LAT_MIN, max: GEO_LAT_MAX };

/**
 * A cell of the grid at `step` bits per axis: its slice numbers along
 * longitude and latitude. A coordinate on the upper limit gives the number
 * 2^step (one past the grid), as in Redis, where it spills into the next bit.
 */
export interface Cell {
  readonly lon: number;
  readonly lat: number;
  readonly step: number;
}

/** Whether a pair is inside the limits GEOADD accepts. */
export function validLonLat(lon: number, lat: number): boolean {
  return !(lon < GEO_LONG_MIN || lon > GEO_LONG_MAX || lat < GEO_LAT_MIN || lat > GEO_LAT_MAX);
}

/**
 * The cell holding a point at `step` bits per axis (geohashEncode), in the
 * given ranges (Redis's own by default); undefined outside them.
 */
export function encodeCell(lon: number, lat: number, step: number, lonRange: Range = WGS84_LON, latRange: Range = WGS84_LAT): Cell | undefined {
  if (!validLonLat(lon, lat)) return undefined;
  if (lat < latRange.min || lat > latRange.max || lon < lonRange.min || lon > lonRange.max) return undefined;
  const scale = 2 ** step;
  const latOffset = ((lat - latRange.min) / (latRange.max - latRange.min)) * scale;
  const lonOffset = ((lon - lonRange.min) / (lonRange.max - lonRange.min)) * scale;
  // The C code converts the offsets to 32-bit unsigned integers: truncation.
  return { lon: Math.trunc(lonOffset), lat: Math.trunc(latOffset), step };
}

// ---- Bit interleaving --------------------------------------------------------

/** The 16 low bits of v spread to the even bits of a 32-bit number. */
function spread16(v: number): number {
  let x = v & 0xffff;
  x = (x | (x << 8)) & 0x00ff00ff;
  x = (x | (x << 4)) & 0x0f0f0f0f;
  x = (x | (x << 2)) & 0x33333333;
  x = (x | (x << 1)) & 0x55555555;
  return x >>> 0;
}

/** The even bits of a 32-bit number gathered into 16 bits (the inverse of spread16). */
function gather16(v: number): number {
  let x = v & 0x55555555;
  x = (x | (x >>> 1)) & 0x33333333;
  x = (x | (x >>> 2)) & 0x0f0f0f0f;
  x = (x | (x >>> 4)) & 0x00ff00ff;
  x = (x | (x >>> 8)) & 0x0000ffff;
  return x;
}

/**
 * The interleaved bits of a cell as two 32-bit halves [high, low]:
 * latitude in the even bits, longitude in the odd ones.
 */
function interleave(cell: Cell): [number, number] {
  const lo = (spread16(cell.lat) | (spread16(cell.lon) << 1)) >>> 0;
  const hi = (spread16(Math.floor(cell.lat / 65536)) | (spread16(Math.floor(cell.lon / 65536)) << 1)) >>> 0;
  return [hi, lo];
}

/** A cell's bits as a BigInt (for the score ranges of a search). */
export function cellBits(cell: Cell): bigint {
  const [hi, lo] = interleave(cell);
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** The score a point is stored under (the 52-bit hash as a double): GEOADD's score. */
export function geoScore(lon: number, lat: number): number | undefined {
  const cell = encodeCell(lon, lat, GEO_STEP_MAX);
  if (cell === undefined) return undefined;
  const [hi, lo] = interleave(cell);
  // One rounding of the exact sum, as C's uint64 -> double conversion does.
  return hi * TWO32 + lo;
}

/**
 * A score as the 64-bit unsigned integer C's `(uint64_t)score` gives on
 * x86-64 (truncation; what the hardware gives for values out of range), as
 * [high, low] 32-bit halves.
 */
function scoreBits(score: number): [number, number] {
  if (score >= 0 && score < 2 ** 64) {
    const t = Math.trunc(score);
    if (t < 2 ** 63) {
      const hi = Math.floor(t / TWO32);
      return [hi, t - hi * TWO32];
    }
    // Converted as (score - 2^63) with the top bit set again.
    const u = t - 2 ** 63;
    const hi = Math.floor(u / TWO32);
    return [(hi + 0x80000000) >>> 0, u - hi * TWO32];
  }
  if (score < 0 && score > -(2 ** 63)) {
    const b = BigInt.asUintN(64, BigInt(Math.trunc(score)));
    return [Number(b >> 32n), Number(b & 0xffffffffn)];
  }
  if (score >= 2 ** 64 || Number.isNaN(score) || score === Infinity) return [0, 0];
  return [0x80000000, 0]; // below -2^63: the "integer indefinite" value
}

/** The full-precision cell (step 26) a score stands for. */
export function scoreCell(score: number): Cell {
  const [hi, lo] = scoreBits(score);
  return {
    lat: gather16(hi) * 65536 + gather16(lo),
    lon: gather16(hi >>> 1) * 65536 + gather16(lo >>> 1),
    step: GEO_STEP_MAX,
  };
}

/** The area of a cell (geohashDecode). */
export interface Area {
  readonly lon: Range;
  readonly lat: Range;
}

export function cellArea(cell: Cell, lonRange: Range = WGS84_LON, latRange: Range = WGS84_LAT): Area {
  const scale = 2 ** cell.step;
  const latScale = latRange.max - latRange.min;
  const lonScale = lonRange.max - lonRange.min;
  // The slice numbers are 32-bit unsigned in C; "+ 1" wraps like theirs.
  const lat = cell.lat >>> 0;
  const lon = cell.lon >>> 0;
  return {
    lat: { min: latRange.min + (lat / scale) * latScale, max: latRange.min + (((lat + 1) >>> 0) / scale) * latScale },
    lon: { min: lonRange.min + (lon / scale) * lonScale, max: lonRange.min + (((lon + 1) >>> 0) / scale) * lonScale },
  };
}

/** The position a score decodes to: its cell's centre, clamped to the limits (decodeGeohash). */
export function decodeScore(score: number): LonLat {
  const area = cellArea(scoreCell(score));
  let lon = (area.lon.min + area.lon.max) / 2;
  let lat = (area.lat.min + area.lat.max) / 2;
  if (lon > GEO_LONG_MAX) lon = GEO_LONG_MAX;
  if (lon < GEO_LONG_MIN) lon = GEO_LONG_MIN;
  if (lat > GEO_LAT_MAX) lat = GEO_LAT_MAX;
  if (lat < GEO_LAT_MIN) lat = GEO_LAT_MIN;
  return { lon, lat };
}

const BASE32 = '0123456789bcdefghjkmnpqrstuvwxyz';

/**
 * The standard 11-character geohash of a score (GEOHASH): the decoded point
 * encoded again over latitude -90..90, ten characters of five bits and a
 * final '0' (the score has 52 bits, not 55).
 */
export function geohashString(score: number): string {
  const p = decodeScore(score);
  const cell = encodeCell(p.lon, p.lat, GEO_STEP_MAX, { min: -180, max: 180 }, { min: -90, max: 90 })!;
  const bits = cellBits(cell);
  let out = '';
  for (let i = 0; i < 10; i++) out += BASE32[Number((bits >> BigInt(52 - (i + 1) * 5)) & 31n)];
  return `${out}0`;
}

// ---- Distances ---------------------------------------------------------------

/** Distance in metres between two latitudes on one meridian (geohashGetLatDistance). */
export function latDistance(lat1: number, lat2: number): number {
  return EARTH_RADIUS_IN_METERS * Math.abs(degRad(lat2) - degRad(lat1));
}

/** Great-circle distance in metres, by the haversine formula (geohashGetDistance). */
export function geoDistance(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const lon1r = degRad(lon1);
  const lon2r = degRad(lon2);
  const v = Math.sin((lon2r - lon1r) / 2);
  // Same longitude: the formula reduces to the distance along the meridian.
  if (v === 0.0) return latDistance(lat1, lat2);
  const lat1r = degRad(lat1);
  const lat2r = degRad(lat2);
  const u = Math.sin((lat2r - lat1r) / 2);
  const a = u * u + Math.cos(lat1r) * Math.cos(lat2r) * v * v;
  return 2.0 * EARTH_RADIUS_IN_METERS * Math.asin(Math.sqrt(a));
}

// ---- Search shapes -------------------------------------------------------------

/** The units a distance may be given in, as metres per unit. */
export const GEO_UNITS: Readonly<Record<string, number>> = { m: 1, km: 1000, ft: 0.3048, mi: 1609.34 };

/** What GEOSEARCH looks inside: a circle or an axis-aligned box around a centre, sizes in `unit`s. */
export type GeoShape =
  | { readonly type: 'radius'; readonly center: LonLat; readonly radius: number; readonly toMeters: number }
  | { readonly type: 'box'; readonly center: LonLat; readonly width: number; readonly height: number; readonly toMeters: number };

/**
 * Whether a point is inside the shape, and its distance from the centre in
 * metres when it is (geoWithinShape).
 */
export function distanceInShape(shape: GeoShape, p: LonLat): number | undefined {
  const c = shape.center;
  if (shape.type === 'radius') {
    const d = geoDistance(c.lon, c.lat, p.lon, p.lat);
    return d > shape.radius * shape.toMeters ? undefined : d;
  }
  // The box: along the meridian first (cheap), then along the point's parallel.
  const widthM = shape.width * shape.toMeters;
  const heightM = shape.height * shape.toMeters;
  if (latDistance(p.lat, c.lat) > heightM / 2) return undefined;
  if (geoDistance(p.lon, p.lat, c.lon, p.lat) > widthM / 2) return undefined;
  return geoDistance(c.lon, c.lat, p.lon, p.lat);
}

/**
 * The bounding box of a shape in degrees (geohashBoundingBox): wider at the
 * edge nearer the pole, since meridians converge.
 */
export function shapeBounds(shape: GeoShape): { minLon: number; minLat: number; maxLon: number; maxLat: number } {
  const { lon, lat } = shape.center;
  const height = shape.toMeters * (shape.type === 'radius' ? shape.radius : shape.height / 2);
  const width = shape.toMeters * (shape.type === 'radius' ? shape.radius : shape.width / 2);
  const latDelta = height / EARTH_RADIUS_IN_METERS / D_R;
  const lonDeltaTop = width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(lat + latDelta)) / D_R;
  const lonDeltaBottom = width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(lat - latDelta)) / D_R;
  const south = lat < 0;
  return {
    minLon: south ? lon - lonDeltaBottom : lon - lonDeltaTop,
    maxLon: south ? lon + lonDeltaBottom : lon + lonDeltaTop,
    minLat: lat - latDelta,
    maxLat: lat + latDelta,
  };
}

/** The cell size for a search of this radius at this latitude (geohashEstimateStepsByRadius). */
export function estimateSteps(rangeMeters: number, lat: number): number {
  if (rangeMeters === 0) return 26;
  let step = 1;
  while (rangeMeters < MERCATOR_MAX) {
    rangeMeters *= 2;
    step++;
  }
  step -= 2;
  // Cells are narrower towards the poles.
  if (lat > 66 || lat < -66) {
    step--;
    if (lat > 80 || lat < -80) step--;
  }
  return Math.min(26, Math.max(1, step));
}

/** One cell moved by one slice along longitude (dx) and latitude (dy), wrapping around (geohash_move_x/y). */
function moveCell(cell: Cell, dx: number, dy: number): Cell {
  const n = 2 ** cell.step;
  // A move keeps the slice number inside the grid and drops a spilled bit;
  // the other axis is left as it is.
  const lon = dx === 0 ? cell.lon : ((cell.lon % n) + dx + n) % n;
  const lat = dy === 0 ? cell.lat : ((cell.lat % n) + dy + n) % n;
  return { lon, lat, step: cell.step };
}

/** The nine cells a search reads, in Redis's order; undefined for those it leaves out. */
export interface SearchCells {
  /** Centre, north, south, east, west, north-east, north-west, south-east, south-west. */
  readonly cells: readonly (Cell | undefined)[];
  /** The centre cell's area (what the map draws as the search grid). */
  readonly area: Area;
  readonly step: number;
}

/**
 * The centre cell and its eight neighbours covering a search shape
 * (geohashCalculateAreasByShapeWGS84): the step from the radius (or the
 * box's half diagonal), one coarser if a neighbour does not reach the
 * bounding box, then the neighbours entirely outside it dropped.
 */
export function searchCells(shape: GeoShape): SearchCells {
  const b = shapeBounds(shape);
  const { lon, lat } = shape.center;
  const radius =
    (shape.type === 'radius' ? shape.radius : Math.sqrt((shape.width / 2) * (shape.width / 2) + (shape.height / 2) * (shape.height / 2))) *
    shape.toMeters;
  let step = estimateSteps(radius, lat);
  let center = encodeCell(lon, lat, step)!;
  const neighbours = (c: Cell): Cell[] => [
    moveCell(c, 0, 1), // north
    moveCell(c, 0, -1), // south
    moveCell(c, 1, 0), // east
    moveCell(c, -1, 0), // west
    moveCell(c, 1, 1), // north-east
    moveCell(c, -1, 1), // north-west
    moveCell(c, 1, -1), // south-east
    moveCell(c, -1, -1), // south-west
  ];
  let around = neighbours(center);
  const [n, s, e, w] = around as [Cell, Cell, Cell, Cell];
  if (cellArea(n).lat.max < b.maxLat || cellArea(s).lat.min > b.minLat || cellArea(e).lon.max < b.maxLon || cellArea(w).lon.min > b.minLon) {
    if (step > 1) {
      step--;
      center = encodeCell(lon, lat, step)!;
      around = neighbours(center);
    }
  }
  const area = cellArea(center);
  const keep: (Cell | undefined)[] = [center, ...around];
  if (step >= 2) {
    const drop = (...idx: number[]): void => idx.forEach((i) => (keep[i] = undefined));
    if (area.lat.min < b.minLat) drop(2, 8, 7); // south, south-west, south-east
    if (area.lat.max > b.maxLat) drop(1, 5, 6); // north, north-east, north-west
    if (area.lon.min < b.minLon) drop(4, 8, 6); // west, south-west, north-west
    if (area.lon.max > b.maxLon) drop(3, 7, 5); // east, south-east, north-east
  }
  return { cells: keep, area, step };
}

/**
 * The scores a cell covers, [min, max): its bits followed by zeros to 52
 * bits, and the next cell's (scoresOfGeoHashBox).
 */
export function cellScoreRange(cell: Cell): [number, number] {
  const shift = BigInt(52 - cell.step * 2);
  const bits = cellBits(cell);
  return [Number(BigInt.asUintN(64, bits << shift)), Number(BigInt.asUintN(64, (bits + 1n) << shift))];
}

/** Whether two cells are the same (Redis compares bits and step). */
export function sameCell(a: Cell, b: Cell): boolean {
  return a.step === b.step && cellBits(a) === cellBits(b);
}
