/**
 * Geo map layout: which sorted sets are geo indexes, where their points go
 * on a Web Mercator map (the projection whose latitude limits, +-85.05112878,
 * Redis's geohash uses), the view that fits them, and the outline of the
 * circle or box a GEOSEARCH / GEORADIUS looked in. Pure: data in, numbers
 * and SVG path strings out.
 */
import { EARTH_RADIUS_IN_METERS, GEO_LAT_MAX, GEO_LAT_MIN, decodeScore } from '../../engine/core/geohash';
import type { GeoSearchChange } from '../../protocol/messages';
import { COASTLINES } from './world';

/** The map is drawn in a square of this many units per side (the whole world). */
export const WORLD = 1000;

/** Scores a geo index can hold: integers of at most 52 bits (GEOADD's). */
const isHashScore = (s: number): boolean => Number.isInteger(s) && s >= 0 && s < 2 ** 52;

/** Whether the members' scores could all be geohashes (the map is offered). */
export function geoCandidate(items: readonly (readonly [string, number])[]): boolean {
  return items.length > 0 && items.every(([, s]) => isHashScore(s));
}

/**
 * Whether the set looks like a geo index (the map is shown first): every
 * score a geohash of a real place. Such scores are above 2^32 unless the
 * point is within a few metres of the map's south-west corner, while a
 * leaderboard's scores rarely are.
 */
export function looksGeo(items: readonly (readonly [string, number])[]): boolean {
  return geoCandidate(items) && items.every(([, s]) => s >= 2 ** 32);
}

/** A point on the map, in map units. */
export interface MapPoint {
  readonly x: number;
  readonly y: number;
}

/** Web Mercator: longitude and latitude to map units (y grows southwards). */
export function project(lon: number, lat: number): MapPoint {
  const clamped = Math.max(GEO_LAT_MIN, Math.min(GEO_LAT_MAX, lat));
  const phi = (clamped * Math.PI) / 180;
  const y = (1 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / Math.PI) / 2;
  return { x: ((lon + 180) / 360) * WORLD, y: y * WORLD };
}

export interface GeoPoint extends MapPoint {
  readonly member: string;
  readonly lon: number;
  readonly lat: number;
}

/** The members as points, where GEOPOS puts them. */
export function geoPoints(items: readonly (readonly [string, number])[]): GeoPoint[] {
  return items.map(([member, score]) => {
    const p = decodeScore(score);
    return { member, lon: p.lon, lat: p.lat, ...project(p.lon, p.lat) };
  });
}

export interface ViewBox {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export const WORLD_VIEW: ViewBox = { x: 0, y: 0, w: WORLD, h: WORLD };

/**
 * The view that shows all of `pts` with a margin, with the given aspect
 * ratio (width / height), never smaller than `minSize` units across (a few
 * kilometres at mid latitudes), never larger than the world.
 */
export function fitView(pts: readonly MapPoint[], aspect: number, minSize = 2): ViewBox {
  if (pts.length === 0) return WORLD_VIEW;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const p of pts) {
    x0 = Math.min(x0, p.x);
    y0 = Math.min(y0, p.y);
    x1 = Math.max(x1, p.x);
    y1 = Math.max(y1, p.y);
  }
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  let w = Math.max(minSize, (x1 - x0) * 1.3);
  let h = Math.max(minSize, (y1 - y0) * 1.3);
  if (w / h < aspect) w = h * aspect;
  else h = w / aspect;
  if (w > WORLD) {
    w = WORLD;
    h = WORLD / aspect;
  }
  return { x: cx - w / 2, y: cy - h / 2, w, h };
}

/** Joins views: the smallest view holding both (for the points and the search area together). */
export function unionView(a: ViewBox, b: ViewBox, aspect: number): ViewBox {
  return fitView(
    [
      { x: a.x, y: a.y },
      { x: a.x + a.w, y: a.y + a.h },
      { x: b.x, y: b.y },
      { x: b.x + b.w, y: b.y + b.h },
    ],
    aspect,
  );
}

/** The point `dist` metres from (lon, lat) along `bearing` (radians), on Redis's sphere. */
function destination(lon: number, lat: number, dist: number, bearing: number): [number, number] {
  const d = dist / EARTH_RADIUS_IN_METERS;
  const p1 = (lat * Math.PI) / 180;
  const l1 = (lon * Math.PI) / 180;
  const p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(bearing));
  const l2 = l1 + Math.atan2(Math.sin(bearing) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * Math.sin(p2));
  return [(l2 * 180) / Math.PI, (p2 * 180) / Math.PI];
}

/** Longitudes unwrapped next to `ref` (a shape across the antimeridian stays in one piece). */
const near = (lon: number, ref: number): number => lon + 360 * Math.round((ref - lon) / 360);

function pathOf(vertices: readonly (readonly [number, number])[], close: boolean): string {
  return (
    vertices
      .map(([lon, lat], i) => {
        const p = project(lon, lat);
        return `${i === 0 ? 'M' : 'L'}${p.x.toFixed(2)} ${p.y.toFixed(2)}`;
      })
      .join('') + (close ? 'Z' : '')
  );
}

/** The outline of a search's area as an SVG path: the circle, or the box as Redis tests it. */
export function searchOutline(g: GeoSearchChange): string {
  const vertices: [number, number][] = [];
  if (g.shape.type === 'radius') {
    // A circle of the radius: past half the earth it covers everything.
    const r = Math.min(g.shape.radius, Math.PI * EARTH_RADIUS_IN_METERS * 0.999);
    for (let i = 0; i <= 96; i++) {
      const [lon, lat] = destination(g.lon, g.lat, r, (i / 96) * 2 * Math.PI);
      vertices.push([near(lon, g.lon), lat]);
    }
    return pathOf(vertices, true);
  }
  // The box: latitudes within height/2 along the meridian; at each latitude,
  // longitudes within width/2 along that parallel (GEOSEARCH BYBOX's test).
  const R = EARTH_RADIUS_IN_METERS;
  const dLat = ((g.shape.height / 2 / R) * 180) / Math.PI;
  const south = Math.max(GEO_LAT_MIN, g.lat - dLat);
  const north = Math.min(GEO_LAT_MAX, g.lat + dLat);
  const half = (lat: number): number => {
    const c = Math.cos((lat * Math.PI) / 180);
    const s = Math.sin(g.shape.type === 'box' ? g.shape.width / 2 / (2 * R) : 0) / c;
    return s >= 1 ? 180 : (2 * Math.asin(s) * 180) / Math.PI;
  };
  const steps = 24;
  for (let i = 0; i <= steps; i++) {
    const lat = south + ((north - south) * i) / steps;
    vertices.push([g.lon + half(lat), lat]);
  }
  for (let i = steps; i >= 0; i--) {
    const lat = south + ((north - south) * i) / steps;
    vertices.push([g.lon - half(lat), lat]);
  }
  return pathOf(vertices, true);
}

/** The search area's extent in map units (for fitting the view). */
export function outlineView(g: GeoSearchChange, aspect: number): ViewBox {
  const pts: MapPoint[] = [];
  for (const m of searchOutline(g).matchAll(/[ML]([-\d.]+) ([-\d.]+)/g)) pts.push({ x: Number(m[1]), y: Number(m[2]) });
  return fitView(pts, aspect);
}

/** Coastlines as one SVG path. */
export const COAST_PATH = COASTLINES.map((poly) => pathOf(poly, true)).join('');

/** Meridians every 30 degrees and parallels every 30 degrees, as one SVG path. */
export const GRATICULE_PATH = (() => {
  const parts: string[] = [];
  for (let lon = -180; lon <= 180; lon += 30) parts.push(pathOf([[lon, GEO_LAT_MIN], [lon, GEO_LAT_MAX]], false));
  for (let lat = -60; lat <= 60; lat += 30) parts.push(pathOf([[-180, lat], [180, lat]], false));
  return parts.join('');
})();

/** A distance in the search's unit, as Redis prints it (four decimals), shortened for a label. */
export function distanceLabel(dist: number, unit: string): string {
  const text = dist >= 100 ? dist.toFixed(0) : dist >= 10 ? dist.toFixed(1) : dist.toFixed(2);
  return `${text} ${unit}`;
}

/** Degrees as a short label: 13.3614°E, 38.1156°N. */
export function lonLabel(lon: number): string {
  return `${Math.abs(lon).toFixed(4)}°${lon < 0 ? 'W' : 'E'}`;
}
export function latLabel(lat: number): string {
  return `${Math.abs(lat).toFixed(4)}°${lat < 0 ? 'S' : 'N'}`;
}
