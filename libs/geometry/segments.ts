import type { Ring } from './polygon.js';

type P = readonly [number, number];

/** How two closed segments meet. */
export type Contact = 'none' | 'cross' | 'touch' | 'overlap';

function orient(a: P, b: P, c: P): number {
  return Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
}

/** For a point known to be on the line through a and b: is it within the segment? */
function within(a: P, b: P, p: P): boolean {
  return (
    Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1])
  );
}

/**
 * Classifies the meeting of segments a0–a1 and b0–b1: a crossing of interiors, a touch (one end on the
 * other segment, or shared ends), or a collinear overlap of positive length. Plain double arithmetic:
 * near-degenerate inputs (a vertex within ~1e-12 px of an edge) may go either way.
 */
export function segmentContact(a0: P, a1: P, b0: P, b1: P): Contact {
  const o1 = orient(a0, a1, b0);
  const o2 = orient(a0, a1, b1);
  const o3 = orient(b0, b1, a0);
  const o4 = orient(b0, b1, a1);
  if (o1 === 0 && o2 === 0) {
    // Collinear: compare the projections on the axis along which a runs furthest.
    const axis = Math.abs(a1[0] - a0[0]) >= Math.abs(a1[1] - a0[1]) ? 0 : 1;
    const aLo = Math.min(a0[axis], a1[axis]);
    const aHi = Math.max(a0[axis], a1[axis]);
    const bLo = Math.min(b0[axis], b1[axis]);
    const bHi = Math.max(b0[axis], b1[axis]);
    const lo = Math.max(aLo, bLo);
    const hi = Math.min(aHi, bHi);
    if (hi > lo) return 'overlap';
    return hi === lo ? 'touch' : 'none';
  }
  if (o1 * o2 < 0 && o3 * o4 < 0) return 'cross';
  if (
    (o1 === 0 && within(a0, a1, b0)) ||
    (o2 === 0 && within(a0, a1, b1)) ||
    (o3 === 0 && within(b0, b1, a0)) ||
    (o4 === 0 && within(b0, b1, a1))
  ) {
    return 'touch';
  }
  return 'none';
}

export interface SelfIntersection {
  /** Edge i joins vertex i to vertex i + 1 (the last edge closes the ring); i < j. */
  edgeA: number;
  edgeB: number;
  contact: Exclude<Contact, 'none'>;
}

/**
 * Finds a place where a ring is not simple: non-adjacent edges that meet at all, or adjacent edges that
 * fold back onto each other. The ring must have no repeated consecutive vertices. Edges are swept by x
 * and only pairs whose boxes overlap are tested: O(n log n + pairs), O(n²) at worst, hence the callers'
 * point cap. Of all contacts it returns the one with the lowest edge numbers, so messages are stable.
 */
export function findSelfIntersection(ring: Ring): SelfIntersection | null {
  const n = ring.length;
  if (n < 3) return null;
  for (let i = 0; i < n; i++) {
    const a = ring[i]!;
    const b = ring[(i + 1) % n]!;
    const c = ring[(i + 2) % n]!;
    const cross = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]);
    const dot = (b[0] - a[0]) * (c[0] - b[0]) + (b[1] - a[1]) * (c[1] - b[1]);
    if (cross === 0 && dot < 0) {
      const j = (i + 1) % n;
      return { edgeA: Math.min(i, j), edgeB: Math.max(i, j), contact: 'overlap' };
    }
  }
  if (n === 3) return null;
  const edges = Array.from({ length: n }, (_, i) => {
    const p = ring[i]!;
    const q = ring[(i + 1) % n]!;
    return { i, minX: Math.min(p[0], q[0]), maxX: Math.max(p[0], q[0]), minY: Math.min(p[1], q[1]), maxY: Math.max(p[1], q[1]) };
  });
  edges.sort((e, f) => e.minX - f.minX || e.i - f.i);
  let found: SelfIntersection | null = null;
  for (let k = 0; k < n; k++) {
    const e = edges[k]!;
    for (let m = k + 1; m < n && edges[m]!.minX <= e.maxX; m++) {
      const f = edges[m]!;
      if (f.minY > e.maxY || e.minY > f.maxY) continue;
      const i = Math.min(e.i, f.i);
      const j = Math.max(e.i, f.i);
      if (j === i + 1 || (i === 0 && j === n - 1)) continue;
      if (found && (i > found.edgeA || (i === found.edgeA && j > found.edgeB))) continue;
      const contact = segmentContact(ring[i]!, ring[(i + 1) % n]!, ring[j]!, ring[(j + 1) % n]!);
      if (contact !== 'none') found = { edgeA: i, edgeB: j, contact };
    }
  }
  return found;
}
