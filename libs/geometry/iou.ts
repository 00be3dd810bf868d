import { clipConvex } from './clip.js';
import { shapeRing } from './measure.js';
import { boundsOverlap, isConvexRing, orientPositive, ringArea, ringBounds, type Ring } from './polygon.js';
import type { Shape } from './shapes.js';
import { measureOverlap } from './scanline.js';
import { sweep, type SweepOptions } from './sweep.js';

export interface OverlapOptions {
  /** Vertices per ellipse (area-preserving polygon). Default 128. */
  segments?: number;
  /** Budgets of the sweep used for concave polygons. */
  sweep?: SweepOptions;
}

export interface Overlap {
  intersection: number;
  union: number;
  /** intersection / union, 0 when the union has no area. */
  iou: number;
  /** How the intersection was found: boxes apart, convex clipping, or the scanline sweep. */
  method: 'disjoint' | 'convex' | 'sweep';
  /** False only when the sweep ran out of budget (see SweepOptions) and approximated. */
  exact: boolean;
}

function isConvexShape(shape: Shape, ring: Ring): boolean {
  return shape.type === 'ellipse' || isConvexRing(ring);
}

/**
 * Intersection and union areas of two shapes (px²). Exact for polygons and boxes up to rounding; an
 * ellipse is replaced by a polygon of the same area, which moves the result by well under 0.1 % of the
 * ellipse's area at 128 segments. Polygons are read by the even-odd rule, which for the simple polygons
 * validateShapes accepts is just their inside.
 */
export function overlap(a: Shape, b: Shape, options: OverlapOptions = {}): Overlap {
  const ra = shapeRing(a, options.segments);
  const rb = shapeRing(b, options.segments);
  const areaA = ringArea(ra);
  const areaB = ringArea(rb);
  if (ra.length < 3 || rb.length < 3 || !boundsOverlap(ringBounds(ra), ringBounds(rb))) {
    return result(0, areaA, areaB, 'disjoint', true);
  }
  if (isConvexShape(a, ra) && isConvexShape(b, rb)) {
    const inter = ringArea(clipConvex(ra, orientPositive(rb)));
    return result(Math.min(inter, areaA, areaB), areaA, areaB, 'convex', true);
  }
  const { sums, mode } = sweep([ra, rb], 3, measureOverlap, options.sweep);
  const [sa = 0, sb = 0, inter = 0] = sums;
  return result(inter, sa, sb, 'sweep', mode === 'exact');
}

function result(intersection: number, areaA: number, areaB: number, method: Overlap['method'], exact: boolean): Overlap {
  const union = areaA + areaB - intersection;
  const iou = union > 0 ? Math.min(1, Math.max(0, intersection / union)) : 0;
  return { intersection, union, iou, method, exact };
}

/** Intersection over union of two shapes, in [0, 1]; see `overlap` for the method and its accuracy. */
export function iou(a: Shape, b: Shape, options?: OverlapOptions): number {
  return overlap(a, b, options).iou;
}

/** Area (px²) the two shapes share. */
export function intersectionArea(a: Shape, b: Shape, options?: OverlapOptions): number {
  return overlap(a, b, options).intersection;
}
