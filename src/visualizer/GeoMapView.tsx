/**
 * A geo index on a map: each member where GEOPOS puts it, on an offline
 * Web Mercator world (graticule and a coarse coastline, no tiles). After a
 * GEOSEARCH or GEORADIUS the circle or box it looked in is drawn, the
 * members it returned light up and carry their distance. A table below
 * says the same in text (for screen readers and for reading off values).
 * Nothing moves, so there is no motion to reduce.
 */
import { useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { GeoSearchChange } from '../protocol/messages';
import {
  COAST_PATH,
  GRATICULE_PATH,
  WORLD_VIEW,
  distanceLabel,
  fitView,
  geoPoints,
  latLabel,
  lonLabel,
  outlineView,
  project,
  searchOutline,
  unionView,
  type ViewBox,
} from './layout/geo';
import { display } from './layout/text';

/** Width / height of the drawing. */
const ASPECT = 1.6;
/** Labels are drawn for at most this many points (all found ones first). */
const LABELS = 40;

export function GeoMapView({ items, length, geo }: { items: readonly (readonly [string, number])[]; length: number; geo: GeoSearchChange | null }) {
  const [zoom, setZoom] = useState<'fit' | 'world'>('fit');
  // The drawing's width on screen, so that dots and labels keep their size in pixels at any zoom.
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(480);
  useLayoutEffect(() => {
    const el = box.current;
    if (el === null) return;
    const measure = () => setWidth(Math.max(200, el.clientWidth));
    measure();
    const ro = typeof ResizeObserver === 'function' ? new ResizeObserver(measure) : undefined;
    ro?.observe(el);
    return () => ro?.disconnect();
  }, []);
  const titleId = useId();
  const points = useMemo(() => geoPoints(items), [items]);
  const found = useMemo(() => new Map((geo?.found ?? []).map((f) => [f.member, f.dist])), [geo]);
  const view: ViewBox = useMemo(() => {
    if (zoom === 'world') return { ...WORLD_VIEW, y: WORLD_VIEW.h / 2 - WORLD_VIEW.w / ASPECT / 2, h: WORLD_VIEW.w / ASPECT };
    const v = fitView(points, ASPECT);
    return geo ? unionView(v, outlineView(geo, ASPECT), ASPECT) : v;
  }, [zoom, points, geo]);
  // Sizes in map units that look the same on screen whatever the zoom.
  const px = view.w / width;
  const center = geo ? project(geo.lon, geo.lat) : undefined;
  const labelled = useMemo(() => {
    const hits = points.filter((p) => found.has(p.member));
    const rest = points.filter((p) => !found.has(p.member));
    return new Set([...hits, ...rest].slice(0, LABELS).map((p) => p.member));
  }, [points, found]);
  const shown = points.length < length ? ` (${points.length} of ${length} shown)` : '';
  const summary = geo
    ? `${geo.shape.type === 'radius' ? `Circle of ${distanceLabel(geo.shape.radius / geo.toMeters, geo.unit)}` : `Box of ${distanceLabel(geo.shape.width / geo.toMeters, geo.unit)} by ${distanceLabel(geo.shape.height / geo.toMeters, geo.unit)}`} around ${lonLabel(geo.lon)} ${latLabel(geo.lat)}: ${found.size} ${found.size === 1 ? 'member' : 'members'} found.`
    : '';

  return (
    <div className="flex shrink-0 flex-col" data-testid="geo-map">
      <div className="flex flex-wrap items-center justify-between gap-2 px-3 pt-2 pb-1 text-xs text-muted">
        <span id={titleId}>
          {points.length} {points.length === 1 ? 'place' : 'places'} on a Web Mercator map{shown}
        </span>
        <div className="flex overflow-hidden rounded border border-edge" role="group" aria-label="Zoom">
          <button type="button" aria-pressed={zoom === 'fit'} onClick={() => setZoom('fit')} className={`px-1.5 py-0.5 ${zoom === 'fit' ? 'bg-white/15 text-white' : 'hover:text-white'}`}>
            Fit points
          </button>
          <button type="button" aria-pressed={zoom === 'world'} onClick={() => setZoom('world')} className={`px-1.5 py-0.5 ${zoom === 'world' ? 'bg-white/15 text-white' : 'hover:text-white'}`}>
            Whole world
          </button>
        </div>
      </div>
      {geo && (
        <p className="border-b border-edge bg-sky-400/10 px-3 py-1 text-xs text-sky-100" data-testid="geo-search">
          {summary}
        </p>
      )}
      <div ref={box} className="mx-3 my-2 aspect-[1.6] overflow-hidden rounded border border-edge bg-[#0d1b2a]">
      <svg
        viewBox={`${view.x} ${view.y} ${view.w} ${view.h}`}
        className="block h-full w-full"
        role="img"
        aria-labelledby={titleId}
        preserveAspectRatio="xMidYMid meet"
      >
        <path d={GRATICULE_PATH} fill="none" stroke="#29415c" strokeWidth={px * 0.8} vectorEffect="non-scaling-stroke" />
        <path d={COAST_PATH} fill="#24384f" stroke="#4d6a8a" strokeWidth={1} vectorEffect="non-scaling-stroke" />
        {geo && (
          <g data-testid="geo-area">
            <path d={searchOutline(geo)} fill="rgba(56,189,248,0.12)" stroke="#38bdf8" strokeWidth={1.5} strokeDasharray="6 4" vectorEffect="non-scaling-stroke" />
            {center && <circle cx={center.x} cy={center.y} r={px * 3} fill="#38bdf8" />}
          </g>
        )}
        {geo && center && (
          <g aria-hidden="true">
            {points
              .filter((p) => found.has(p.member))
              .map((p) => (
                <line key={`l${p.member}`} x1={center.x} y1={center.y} x2={p.x} y2={p.y} stroke="#38bdf8" strokeOpacity={0.5} strokeWidth={1} vectorEffect="non-scaling-stroke" />
              ))}
          </g>
        )}
        {points.map((p) => {
          const hit = found.has(p.member);
          return (
            <g key={p.member} data-member={p.member} data-found={hit || undefined}>
              <circle cx={p.x} cy={p.y} r={px * (hit ? 5.5 : 4)} fill={hit ? '#fbbf24' : '#ff4438'} stroke="#0d1b2a" strokeWidth={1} vectorEffect="non-scaling-stroke" />
              {labelled.has(p.member) && (
                <text x={p.x + px * 7} y={p.y + px * 4} fontSize={px * 12} fill={hit ? '#fde68a' : '#e6e9f2'} stroke="#0d1b2a" strokeWidth={px * 3} paintOrder="stroke">
                  {display(p.member, 18)}
                  {hit ? ` · ${distanceLabel(found.get(p.member)!, geo!.unit)}` : ''}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      </div>
      <details className="mx-3 mb-2 text-xs text-muted">
        <summary className="cursor-pointer select-none py-1 hover:text-white">Places as a table</summary>
        <table className="w-full border-collapse font-mono text-[0.72rem]" data-testid="geo-table">
          <caption className="sr-only">Members with their longitude and latitude{geo ? ', and their distance from the search centre' : ''}</caption>
          <thead>
            <tr className="text-left text-muted">
              <th scope="col" className="py-0.5 pr-2 font-normal">member</th>
              <th scope="col" className="py-0.5 pr-2 font-normal">longitude</th>
              <th scope="col" className="py-0.5 pr-2 font-normal">latitude</th>
              {geo && <th scope="col" className="py-0.5 font-normal">distance</th>}
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.member} className={found.has(p.member) ? 'text-amber-200' : 'text-[#e6e9f2]'}>
                <th scope="row" className="py-0.5 pr-2 text-left font-normal">
                  {display(p.member, 24)}
                </th>
                <td className="py-0.5 pr-2">{lonLabel(p.lon)}</td>
                <td className="py-0.5 pr-2">{latLabel(p.lat)}</td>
                {geo && <td className="py-0.5">{found.has(p.member) ? distanceLabel(found.get(p.member)!, geo.unit) : 'outside'}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
