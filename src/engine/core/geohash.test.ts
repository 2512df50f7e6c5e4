import { describe, expect, it } from 'vitest';
import {
  GEO_LAT_MAX,
  GEO_LAT_MIN,
  cellScoreRange,
  decodeScore,
  distanceInShape,
  encodeCell,
  estimateSteps,
  geoDistance,
  geoScore,
  geohashString,
  scoreCell,
  searchCells,
  validLonLat,
} from './geohash';
import { formatFixed, formatFixedPoint, formatHumanDouble } from '../../text/double';

describe('geohash scores', () => {
  it('encode a point as Redis does (values from redis-server)', () => {
    expect(geoScore(13.361389, 38.115556)).toBe(3479099956230698);
    expect(geoScore(15.087269, 37.502669)).toBe(3479447370796909);
    expect(geoScore(-180, GEO_LAT_MIN)).toBe(0);
  });

  it('decode to the centre of the cell, which GEOPOS prints with 17 decimals', () => {
    const p = decodeScore(3479099956230698);
    expect(formatHumanDouble(p.lon)).toBe('13.36138933897018433');
    expect(formatHumanDouble(p.lat)).toBe('38.11555639549629859');
  });

  it('round-trip every point to within half a cell', () => {
    for (let i = 0; i < 1000; i++) {
      const lon = -180 + ((i * 7919) % 3600) / 10;
      const lat = GEO_LAT_MIN + ((i * 104729) % 1701) / 10;
      const p = decodeScore(geoScore(lon, lat)!);
      expect(Math.abs(p.lon - lon)).toBeLessThan(360 / 2 ** 26);
      expect(Math.abs(p.lat - lat)).toBeLessThan(171 / 2 ** 26);
    }
  });

  it('spill into the next bit on the upper limits, as Redis', () => {
    expect(encodeCell(180, GEO_LAT_MAX, 26)).toEqual({ lon: 2 ** 26, lat: 2 ** 26, step: 26 });
    const p = decodeScore(geoScore(180, GEO_LAT_MAX)!);
    expect(p).toEqual({ lon: 180, lat: GEO_LAT_MAX });
  });

  it('reject points outside the limits', () => {
    expect(validLonLat(180.000001, 0)).toBe(false);
    expect(validLonLat(0, 85.05112879)).toBe(false);
    expect(geoScore(0, -90)).toBeUndefined();
  });

  it('decode any sorted-set score, clamped (negative and huge ones as C converts them)', () => {
    expect(scoreCell(-1).lat).toBe(2 ** 32 - 1);
    expect(decodeScore(-1)).toEqual({ lon: 180, lat: GEO_LAT_MAX });
    expect(decodeScore(0).lon).toBeCloseTo(-180, 5);
  });

  it('give the standard geohash string', () => {
    expect(geohashString(3479099956230698)).toBe('sqc8b49rny0');
    expect(geohashString(3479447370796909)).toBe('sqdtr74hyu0');
  });
});

describe('distances and search cells', () => {
  it('haversine on Redis\'s sphere', () => {
    const a = decodeScore(3479099956230698);
    const b = decodeScore(3479447370796909);
    expect(formatFixedPoint(geoDistance(a.lon, a.lat, b.lon, b.lat) / 1000, 4)).toBe('166.2742');
    // Same meridian: the distance along it.
    expect(geoDistance(10, 0, 10, 1)).toBeCloseTo(111226.29, 1);
  });

  it('a box contains what lies within half its width and height', () => {
    const shape = { type: 'box', center: { lon: 0, lat: 0 }, width: 200, height: 100, toMeters: 1000 } as const;
    expect(distanceInShape(shape, { lon: 0.8, lat: 0.4 })).toBeGreaterThan(0);
    expect(distanceInShape(shape, { lon: 0, lat: 0.5 })).toBeUndefined();
    expect(distanceInShape(shape, { lon: 0.95, lat: 0 })).toBeUndefined();
  });

  it('steps shrink with the radius and near the poles', () => {
    expect(estimateSteps(0, 0)).toBe(26);
    expect(estimateSteps(1000, 0)).toBeGreaterThan(estimateSteps(100000, 0));
    expect(estimateSteps(1000, 70)).toBe(estimateSteps(1000, 0) - 1);
    expect(estimateSteps(1000, -85)).toBe(estimateSteps(1000, 0) - 2);
    expect(estimateSteps(1e9, 0)).toBe(1);
  });

  it('the nine cells cover every point within the radius', () => {
    const shape = { type: 'radius', center: { lon: 179.99, lat: 84.9 }, radius: 300, toMeters: 1000 } as const;
    const { cells } = searchCells(shape);
    const ranges = cells.filter((c) => c !== undefined).map(cellScoreRange);
    for (let i = 0; i < 2000; i++) {
      const lon = ((i * 37) % 3600) / 10 - 180;
      // (A point exactly on the upper limit spills out of the grid: Redis's searches miss it too.)
      const lat = GEO_LAT_MAX - 0.0001 - ((i * 13) % 150) / 10;
      const s = geoScore(lon, lat)!;
      if (distanceInShape(shape, decodeScore(s)) === undefined) continue;
      expect(ranges.some(([min, max]) => s >= min && s < max), `${lon},${lat}`).toBe(true);
    }
  });
});

describe('number formats of the geo replies', () => {
  it('%f with six decimals, exact ties to even', () => {
    expect(formatFixed(200, 6)).toBe('200.000000');
    expect(formatFixed(-0.5, 0)).toBe('-0');
    expect(formatFixed(2.5, 0)).toBe('2');
    expect(formatFixed(Infinity, 6)).toBe('inf');
    expect(formatFixed(1e300, 6).length).toBe(308);
  });

  it('distances with four decimals, rounded as llrint', () => {
    expect(formatFixedPoint(0, 4)).toBe('0.0000');
    expect(formatFixedPoint(0.00005, 4)).toBe('0.0000');
    expect(formatFixedPoint(1.03125, 4)).toBe('1.0312');
    expect(formatFixedPoint(1.09375, 4)).toBe('1.0938');
    expect(formatFixedPoint(12.5, 4)).toBe('12.5000');
    expect(formatFixedPoint(-1.23456, 4)).toBe('-1.2346');
  });

  it('coordinates with trailing zeros removed', () => {
    expect(formatHumanDouble(180)).toBe('180');
    expect(formatHumanDouble(-0)).toBe('0');
    expect(formatHumanDouble(0.5)).toBe('0.5');
  });
});
