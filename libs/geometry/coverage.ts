import { area, bounds, shapeRing } from './measure.js';
import { boundsOverlap } from './polygon.js';
import type { Bounds, Shape } from './shapes.js';
import { measureUnion } from './scanline.js';
import { sweep, type SweepOptions } from './sweep.js';

export interface CoverageOptions {
  /** Vertices per ellipse when shapes overlap (area-preserving polygon). Default 128. */
  segments?: number;
  /** Budgets of the union sweep. */
  sweep?: SweepOptions;
}

export interface CoverageResult {
  /** Share of the image covered, in [0, 1]. */
  coverage: number;
  /** Covered area in px², overlaps counted once, parts outside the image not at all. */
  coveredArea: number;
  /** 'separate': every shape inside the image with a box overlapping no other, so analytic areas add up. */
  method: 'separate' | 'sweep';
  /** False only when the sweep ran out of budget (see SweepOptions) and approximated. */
  exact: boolean;
}

/**
 * How much of a width×height image the shapes cover (ImageMonkey's `annotation.coverage`). Shapes are
 * grouped by overlapping bounding boxes; groups cannot share area, so their covered areas add up. A lone
 * shape inside the image counts its analytic area; any other group's union is integrated by the scanline
 * sweep, clipped to the image: exact for boxes and polygons, within ~0.1 % of an ellipse's area for ellipses.
 */
export function coverageDetails(shapes: readonly Shape[], width: number, height: number, options: CoverageOptions = {}): CoverageResult {
  if (!(width > 0 && height > 0 && Number.isFinite(width) && Number.isFinite(height))) {
    throw new RangeError(`image size must be positive and finite, got ${width}×${height}`);
  }
  const imageArea = width * height;
  const boxes = shapes.map(bounds);
  let covered = 0;
  let exact = true;
  let swept = false;
  for (const group of overlapGroups(boxes)) {
    const only = group.length === 1 ? group[0]! : -1;
    if (only >= 0 && inside(boxes[only]!, width, height)) {
      covered += area(shapes[only]!);
      continue;
    }
    swept = true;
    const rings = group.map((i) => shapeRing(shapes[i]!, options.segments)).filter((r) => r.length >= 3);
    const result = sweep(rings, 1, measureUnion(rings.length), { ...options.sweep, clipX: [0, width], clipY: [0, height] });
    covered += result.sums[0]!;
    exact &&= result.mode === 'exact';
  }
  covered = Math.min(covered, imageArea);
  return { coverage: clamp01(covered / imageArea), coveredArea: covered, method: swept ? 'sweep' : 'separate', exact };
}

/** Share of the image the shapes cover, in [0, 1]. */
export function coverage(shapes: readonly Shape[], width: number, height: number, options?: CoverageOptions): number {
  return coverageDetails(shapes, width, height, options).coverage;
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

const inside = (b: Bounds, w: number, h: number) => b.minX >= 0 && b.minY >= 0 && b.maxX <= w && b.maxY <= h;

/**
 * Indices grouped so that boxes in different groups never share area (connected components of the
 * overlap graph). Sorted by left edge, a box can only overlap boxes that start before it ends.
 */
function overlapGroups(boxes: readonly Bounds[]): number[][] {
  const parent = boxes.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const order = boxes.map((_, i) => i).sort((a, b) => boxes[a]!.minX - boxes[b]!.minX || a - b);
  for (let p = 0; p < order.length; p++) {
    const a = boxes[order[p]!]!;
    for (let q = p + 1; q < order.length && boxes[order[q]!]!.minX < a.maxX; q++) {
      if (boundsOverlap(a, boxes[order[q]!]!)) parent[find(order[q]!)] = find(order[p]!);
    }
  }
  const groups = new Map<number, number[]>();
  boxes.forEach((_, i) => {
    const root = find(i);
    const group = groups.get(root);
    if (group) group.push(i);
    else groups.set(root, [i]);
  });
  return [...groups.values()];
}
