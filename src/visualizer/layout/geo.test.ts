import { describe, expect, it } from 'vitest';
import { WORLD, fitView, geoCandidate, geoPoints, looksGeo, project, searchOutline } from './geo';

const SICILY: [string, number][] = [
  ['Palermo', 3479099956230698],
  ['Catania', 3479447370796909],
];

describe('geo map layout', () => {
  it('offers the map for geohash scores and opens it for real places only', () => {
    expect(looksGeo(SICILY)).toBe(true);
    expect(geoCandidate([['alice', 100]])).toBe(true);
    expect(looksGeo([['alice', 100]])).toBe(false);
    expect(geoCandidate([['carol', 1.5]])).toBe(false);
    expect(geoCandidate([['x', -1]])).toBe(false);
    expect(geoCandidate([])).toBe(false);
  });

  it('puts points where GEOPOS says, on Web Mercator', () => {
    const [p] = geoPoints(SICILY);
    expect(p!.lon).toBeCloseTo(13.361389, 5);
    expect(p!.lat).toBeCloseTo(38.115556, 5);
    expect(project(-180, 85.05112878)).toEqual({ x: 0, y: expect.closeTo(0, 6) });
    expect(project(180, -85.05112878).y).toBeCloseTo(WORLD, 6);
    expect(project(0, 0)).toEqual({ x: WORLD / 2, y: WORLD / 2 });
  });

  it('fits the view around the points with the drawing\'s aspect', () => {
    const v = fitView(geoPoints(SICILY), 1.6);
    expect(v.w / v.h).toBeCloseTo(1.6, 6);
    for (const p of geoPoints(SICILY)) {
      expect(p.x).toBeGreaterThan(v.x);
      expect(p.x).toBeLessThan(v.x + v.w);
      expect(p.y).toBeGreaterThan(v.y);
      expect(p.y).toBeLessThan(v.y + v.h);
    }
  });

  it('outlines a circle around its centre and a box wider than tall when asked', () => {
    const circle = searchOutline({ lon: 15, lat: 37, shape: { type: 'radius', radius: 200000 }, unit: 'km', toMeters: 1000, found: [] });
    expect(circle.startsWith('M')).toBe(true);
    expect(circle.endsWith('Z')).toBe(true);
    const box = searchOutline({ lon: 179.9, lat: 0, shape: { type: 'box', width: 400000, height: 100000 }, unit: 'km', toMeters: 1000, found: [] });
    const xs = [...box.matchAll(/[ML]([-\d.]+) ([-\d.]+)/g)].map((m) => Number(m[1]));
    const ys = [...box.matchAll(/[ML]([-\d.]+) ([-\d.]+)/g)].map((m) => Number(m[2]));
    // Across the antimeridian the box stays in one piece, past the map's right edge.
    expect(Math.max(...xs)).toBeGreaterThan(WORLD);
    expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(Math.max(...ys) - Math.min(...ys));
  });
});
