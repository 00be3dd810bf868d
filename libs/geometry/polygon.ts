import type { Bounds, Point } from './shapes.js';

/** A closed ring of vertices; the closing edge from the last vertex back to the first is implied. */
export type Ring = readonly (readonly [number, number])[];

export interface NormalizedRing {
  points: Point[];
  /** For each kept point, its index in the submitted list, so messages can name the points people sent. */
  indices: number[];
}

/** Drops consecutive duplicate points and a repeated closing point; they add no edges, only zero-length ones. */
export function normalizeRing(points: Ring): NormalizedRing {
  const out: Point[] = [];
  const indices: number[] = [];
  points.forEach(([x, y], i) => {
    const last = out[out.length - 1];
    if (last && last[0] === x && last[1] === y) return;
    out.push([x, y]);
    indices.push(i);
  });
  while (out.length > 1 && out[0]![0] === out[out.length - 1]![0] && out[0]![1] === out[out.length - 1]![1]) {
    out.pop();
    indices.pop();
  }
  return { points: out, indices };
}

/** Shoelace sum; its sign says the orientation, its size is the area of a simple ring. */
export function signedArea(ring: Ring): number {
  let twice = 0;
  for (let i = 0, n = ring.length; i < n; i++) {
    const [x0, y0] = ring[i]!;
    const [x1, y1] = ring[(i + 1) % n]!;
    twice += x0 * y1 - x1 * y0;
  }
  return twice / 2;
}

export function ringArea(ring: Ring): number {
  return Math.abs(signedArea(ring));
}

/** Area centroid; a ring without area falls back to the mean of its vertices rather than dividing by zero. */
export function ringCentroid(ring: Ring): Point {
  const n = ring.length;
  if (n === 0) return [NaN, NaN];
  // Relative to the first vertex, so large pixel coordinates do not swamp the products.
  const [ox, oy] = ring[0]!;
  let twice = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    const x0 = ring[i]![0] - ox;
    const y0 = ring[i]![1] - oy;
    const x1 = ring[(i + 1) % n]![0] - ox;
    const y1 = ring[(i + 1) % n]![1] - oy;
    const c = x0 * y1 - x1 * y0;
    twice += c;
    sx += (x0 + x1) * c;
    sy += (y0 + y1) * c;
  }
  if (Math.abs(twice) <= 1e-12 * Math.max(1, boundsArea(ringBounds(ring)))) {
    let mx = 0;
    let my = 0;
    for (const [x, y] of ring) {
      mx += x;
      my += y;
    }
    return [mx / n, my / n];
  }
  return [ox + sx / (3 * twice), oy + sy / (3 * twice)];
}

/**
 * True for a convex ring with area: every turn goes the same way (straight-on vertices allowed) and the
 * turns add up to one full revolution, which rules out stars like the pentagram whose turns agree in sign.
 */
export function isConvexRing(ring: Ring): boolean {
  const n = ring.length;
  if (n < 3) return false;
  let sign = 0;
  let turning = 0;
  for (let i = 0; i < n; i++) {
    const [ax, ay] = ring[(i + n - 1) % n]!;
    const [bx, by] = ring[i]!;
    const [cx, cy] = ring[(i + 1) % n]!;
    const ux = bx - ax;
    const uy = by - ay;
    const vx = cx - bx;
    const vy = cy - by;
    const cross = ux * vy - uy * vx;
    const dot = ux * vx + uy * vy;
    if (cross === 0) {
      if (dot < 0) return false;
      continue;
    }
    const s = Math.sign(cross);
    if (sign !== 0 && s !== sign) return false;
    sign = s;
    turning += Math.atan2(cross, dot);
  }
  return sign !== 0 && Math.abs(Math.abs(turning) - 2 * Math.PI) < 1e-6;
}

/** The ring with positive signed area, as Sutherland–Hodgman's inside test expects. */
export function orientPositive(ring: Ring): Point[] {
  const pts = ring.map(([x, y]): Point => [x, y]);
  return signedArea(pts) < 0 ? pts.reverse() : pts;
}

export function ringBounds(ring: Ring): Bounds {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of ring) {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return { minX, minY, maxX, maxY };
}

export function boundsArea(b: Bounds): number {
  return Math.max(0, b.maxX - b.minX) * Math.max(0, b.maxY - b.minY);
}

/** Closed boxes overlap when they share more than a boundary line, i.e. their intersection has area. */
export function boundsOverlap(a: Bounds, b: Bounds): boolean {
  return a.minX < b.maxX && b.minX < a.maxX && a.minY < b.maxY && b.minY < a.maxY;
}
