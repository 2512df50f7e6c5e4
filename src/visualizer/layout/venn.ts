/**
 * Set algebra drawn as a Venn diagram: which command combined which sets,
 * where the circles go, where each region's label goes, and which regions
 * make up the result.
 */
import type { Combination } from '../../protocol/messages';

export type SetOp = Combination['op'];

export interface SetOpCall {
  readonly op: SetOp;
  readonly keys: readonly string[];
  /** The key a *STORE variant wrote. */
  readonly dest?: string;
  readonly command: string;
}

/** The set algebra the engine reported for a command (SINTER, SUNIONSTORE, ZDIFF ...), or null. */
export function setOpOf(command: string, c: Combination | undefined): SetOpCall | null {
  if (c === undefined || c.keys.length < 2) return null;
  return { op: c.op, keys: c.keys, ...(c.dest !== undefined ? { dest: c.dest } : {}), command };
}

/** Region bit masks that make up the result (bit i = member of keys[i]). */
export function resultMasks(op: SetOp, n: number): number[] {
  const all = (1 << n) - 1;
  const masks = Array.from({ length: all }, (_, i) => i + 1);
  if (op === 'inter') return [all];
  if (op === 'diff') return [1];
  return masks;
}

export interface Circle {
  readonly cx: number;
  readonly cy: number;
  readonly r: number;
}

export interface VennLayout {
  readonly width: number;
  readonly height: number;
  readonly circles: readonly Circle[];
  /** Where each region's count goes, by mask. */
  readonly labels: ReadonlyMap<number, { readonly x: number; readonly y: number }>;
  /** Where each set's name goes. */
  readonly names: readonly { readonly x: number; readonly y: number; readonly anchor: 'start' | 'middle' | 'end' }[];
}

/** Circles for two (side by side) or three (a triangle) sets in a width x height box. */
export function vennLayout(n: 2 | 3, width: number, height: number): VennLayout {
  const labels = new Map<number, { x: number; y: number }>();
  if (n === 2) {
    const r = Math.min(width / 3.1, (height - 40) / 2);
    const cy = height / 2 + 10;
    const d = r * 1.05;
    const a = { cx: width / 2 - d / 2, cy, r };
    const b = { cx: width / 2 + d / 2, cy, r };
    labels.set(1, { x: a.cx - r * 0.5, y: cy });
    labels.set(2, { x: b.cx + r * 0.5, y: cy });
    labels.set(3, { x: width / 2, y: cy });
    return {
      width,
      height,
      circles: [a, b],
      labels,
      names: [
        { x: a.cx - r * 0.5, y: cy - r - 8, anchor: 'middle' },
        { x: b.cx + r * 0.5, y: cy - r - 8, anchor: 'middle' },
      ],
    };
  }
  // Names above the two top circles and below the bottom one: 22 px of room each.
  const k = 1.1;
  const r = Math.min(width / (2 + k), (height - 44) / (2 + (k * Math.sqrt(3)) / 2));
  const d = r * k;
  const h = (d * Math.sqrt(3)) / 2;
  const cx = width / 2;
  const top = (height - (h + 2 * r)) / 2;
  const cy = top + r + h / 3;
  const circles = [
    { cx: cx - d / 2, cy: cy - h / 3, r },
    { cx: cx + d / 2, cy: cy - h / 3, r },
    { cx, cy: cy + (2 * h) / 3, r },
  ];
  for (let mask = 1; mask < 8; mask++) {
    const inside = circles.filter((_, i) => mask & (1 << i));
    const outside = circles.filter((_, i) => !(mask & (1 << i)));
    let x = inside.reduce((s, c) => s + c.cx, 0) / inside.length;
    let y = inside.reduce((s, c) => s + c.cy, 0) / inside.length;
    if (outside.length > 0) {
      const ox = outside.reduce((s, c) => s + c.cx, 0) / outside.length;
      const oy = outside.reduce((s, c) => s + c.cy, 0) / outside.length;
      const dx = x - ox;
      const dy = y - oy;
      const len = Math.hypot(dx, dy) || 1;
      const push = inside.length === 1 ? r * 0.42 : r * 0.3;
      x += (dx / len) * push;
      y += (dy / len) * push;
    }
    labels.set(mask, { x, y });
  }
  return {
    width,
    height,
    circles,
    labels,
    names: [
      { x: circles[0]!.cx - r * 0.55, y: circles[0]!.cy - r - 7, anchor: 'middle' },
      { x: circles[1]!.cx + r * 0.55, y: circles[1]!.cy - r - 7, anchor: 'middle' },
      { x: circles[2]!.cx, y: circles[2]!.cy + r + 17, anchor: 'middle' },
    ],
  };
}

/** Size of the result, from the region counts. */
export function resultSize(op: SetOp, n: number, regions: readonly { mask: number; count: number }[]): number {
  const want = new Set(resultMasks(op, n));
  return regions.filter((r) => want.has(r.mask)).reduce((s, r) => s + r.count, 0);
}

/** "A ∩ B", "A ∪ B ∪ C", "A − B − C". */
export function opFormula(op: SetOp, names: readonly string[]): string {
  const sym = op === 'inter' ? ' ∩ ' : op === 'union' ? ' ∪ ' : ' − ';
  return names.join(sym);
}
