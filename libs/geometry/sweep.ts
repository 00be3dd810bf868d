import type { Ring } from './polygon.js';

export interface SweepOptions {
  /** Edge pairs tested for crossings before giving up on exactness. Default 4,000,000. */
  maxPairTests?: number;
  /** Horizontal slabs allowed in exact mode. Default 200,000. */
  maxEvents?: number;
  /** Rows of the bounded fallback grid. Default 2048. */
  rows?: number;
  /** Only this band of y is integrated (coverage clips to the image). */
  clipY?: readonly [number, number];
  /** Crossings are clamped into this band of x before `measure` sees them. */
  clipX?: readonly [number, number];
}

export interface SweepResult {
  /** The integrals, one per value `measure` returns. */
  sums: number[];
  /** False when the bounded grid of rows was used instead of the exact slabs. */
  exact: boolean;
}

interface Edge {
  ring: number;
  y0: number;
  y1: number;
  x0: number;
  slope: number;
  minX: number;
  maxX: number;
}

/**
 * Integrates scanline lengths over y. Between two consecutive event heights, where no vertex lies and no
 * two edges cross, every edge is a straight line that keeps its place in the left-to-right order, so each
 * measured length is linear in y and the slab's midpoint gives its integral exactly. Events are every
 * vertex height plus every edge crossing height, so the result is exact up to rounding. When finding the
 * crossings would cost too much, evenly spaced rows (plus the vertex heights, if not too many) are used
 * instead: only rows holding a crossing are then approximate.
 *
 * `measure` gets, per ring, the x where the scanline enters and leaves it (sorted; pairs are inside by the
 * even-odd rule) and returns the lengths to integrate.
 */
export function sweep(rings: readonly Ring[], measure: (xs: number[][]) => number[], options: SweepOptions = {}): SweepResult {
  const { maxPairTests = 4_000_000, maxEvents = 200_000, rows = 2048, clipY, clipX } = options;
  const edges: Edge[] = [];
  const vertexYs: number[] = [];
  rings.forEach((ring, r) => {
    for (let i = 0, n = ring.length; i < n; i++) {
      const [ax, ay] = ring[i]!;
      const [bx, by] = ring[(i + 1) % n]!;
      vertexYs.push(ay);
      if (ay === by) continue;
      const [lo, hi] = ay < by ? [ring[i]!, ring[(i + 1) % n]!] : [ring[(i + 1) % n]!, ring[i]!];
      edges.push({ ring: r, y0: lo[1], y1: hi[1], x0: lo[0], slope: (hi[0] - lo[0]) / (hi[1] - lo[1]), minX: Math.min(ax, bx), maxX: Math.max(ax, bx) });
    }
  });
  let sums: number[] = [];
  if (edges.length === 0) return { sums, exact: true };

  const crossings = crossingHeights(edges, maxPairTests);
  const exact = crossings !== null && vertexYs.length + crossings.length <= maxEvents;
  let events: number[];
  if (exact) {
    events = vertexYs.concat(crossings);
  } else {
    let lo = Infinity;
    let hi = -Infinity;
    for (const e of edges) {
      lo = Math.min(lo, e.y0);
      hi = Math.max(hi, e.y1);
    }
    events = Array.from({ length: rows + 1 }, (_, i) => lo + ((hi - lo) * i) / rows);
    if (vertexYs.length <= maxEvents) events = events.concat(vertexYs);
  }
  if (clipY) events.push(clipY[0], clipY[1]);
  // Clamping bends a length where an edge passes a clip line, so those heights must be slab borders too.
  if (clipX) {
    for (const e of edges) {
      if (e.slope === 0) continue;
      for (const x of clipX) {
        const y = e.y0 + (x - e.x0) / e.slope;
        if (y > e.y0 && y < e.y1) events.push(y);
      }
    }
  }
  const ys = Float64Array.from(events).sort();

  edges.sort((a, b) => a.y0 - b.y0);
  let next = 0;
  let active: Edge[] = [];
  const xs: number[][] = rings.map(() => []);
  for (let k = 0; k + 1 < ys.length; k++) {
    const ya = ys[k]!;
    const yb = ys[k + 1]!;
    if (!(yb > ya)) continue;
    if (clipY && (yb <= clipY[0] || ya >= clipY[1])) continue;
    const ym = (ya + yb) / 2;
    // Half-open [y0, y1) so a scanline through a vertex counts each boundary passage once.
    while (next < edges.length && edges[next]!.y0 <= ym) active.push(edges[next++]!);
    active = active.filter((e) => e.y1 > ym);
    if (active.length === 0) continue;
    for (const list of xs) list.length = 0;
    for (const e of active) {
      const x = e.x0 + (ym - e.y0) * e.slope;
      xs[e.ring]!.push(clipX ? Math.min(clipX[1], Math.max(clipX[0], x)) : x);
    }
    for (const list of xs) list.sort((a, b) => a - b);
    const lengths = measure(xs);
    if (sums.length === 0) sums = lengths.map(() => 0);
    lengths.forEach((len, i) => (sums[i]! += len * (yb - ya)));
  }
  return { sums, exact };
}

/** Heights where two edges cross inside both; null when testing would exceed the budget of pairs. */
function crossingHeights(edges: readonly Edge[], maxPairTests: number): number[] | null {
  const byX = [...edges].sort((a, b) => a.minX - b.minX);
  const out: number[] = [];
  let tests = 0;
  for (let i = 0; i < byX.length; i++) {
    const a = byX[i]!;
    for (let j = i + 1; j < byX.length && byX[j]!.minX <= a.maxX; j++) {
      const b = byX[j]!;
      if (b.y0 >= a.y1 || a.y0 >= b.y1) continue;
      if (++tests > maxPairTests) return null;
      // Both edges as x(y) lines, compared from the top of their shared band to keep the numbers small.
      const ds = a.slope - b.slope;
      if (ds === 0) continue;
      const top = Math.max(a.y0, b.y0);
      const gap = b.x0 + (top - b.y0) * b.slope - (a.x0 + (top - a.y0) * a.slope);
      const y = top + gap / ds;
      if (y > top && y < Math.min(a.y1, b.y1)) out.push(y);
    }
  }
  return out;
}

/** Total length inside one ring's sorted crossings. */
export function insideLength(xs: readonly number[]): number {
  let len = 0;
  for (let i = 0; i + 1 < xs.length; i += 2) len += xs[i + 1]! - xs[i]!;
  return len;
}

/** Length inside both rings, from their sorted crossings. */
export function bothLength(a: readonly number[], b: readonly number[]): number {
  let len = 0;
  let i = 0;
  let j = 0;
  while (i + 1 < a.length && j + 1 < b.length) {
    const lo = Math.max(a[i]!, b[j]!);
    const hi = Math.min(a[i + 1]!, b[j + 1]!);
    if (hi > lo) len += hi - lo;
    if (a[i + 1]! < b[j + 1]!) i += 2;
    else j += 2;
  }
  return len;
}

/** Length inside at least one ring. */
export function anyLength(lists: readonly (readonly number[])[]): number {
  const spans: [number, number][] = [];
  for (const xs of lists) for (let i = 0; i + 1 < xs.length; i += 2) spans.push([xs[i]!, xs[i + 1]!]);
  spans.sort((p, q) => p[0] - q[0]);
  let len = 0;
  let end = -Infinity;
  for (const [s, e] of spans) {
    if (e <= s) continue;
    if (s >= end) {
      len += e - s;
      end = e;
    } else if (e > end) {
      len += e - end;
      end = e;
    }
  }
  return len;
}
