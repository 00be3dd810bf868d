import { area, bounds, shapeRing } from './measure.js';
import { boundsOverlap } from './polygon.js';
import type { Bounds, Shape } from './shapes.js';
import { anyLength, sweep, type SweepOptions } from './sweep.js';

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
  /** 'separate': inside the image with non-overlapping boxes, so the analytic areas just add up. */
  method: 'separate' | 'sweep';
  /** False only when the sweep fell back to its bounded grid of rows. */
  exact: boolean;
}

/**
 * How much of a width×height image the shapes cover (ImageMonkey's `annotation.coverage`). Shapes that
 * cannot overlap add their analytic areas; otherwise the union is integrated by the scanline sweep,
 * exact for boxes and polygons and within ~0.1 % of an ellipse's area for ellipses.
 */
export function coverageDetails(shapes: readonly Shape[], width: number, height: number, options: CoverageOptions = {}): CoverageResult {
  if (!(width > 0 && height > 0 && Number.isFinite(width) && Number.isFinite(height))) {
    throw new RangeError(`image size must be positive and finite, got ${width}×${height}`);
  }
  const imageArea = width * height;
  const boxes = shapes.map(bounds);
  if (boxes.every((b) => inside(b, width, height)) && !anyOverlap(boxes)) {
    const covered = shapes.reduce((sum, s) => sum + area(s), 0);
    return { coverage: clamp01(covered / imageArea), coveredArea: Math.min(covered, imageArea), method: 'separate', exact: true };
  }
  const rings = shapes.map((s) => shapeRing(s, options.segments)).filter((r) => r.length >= 3);
  const { sums, exact } = sweep(rings, (xs) => [anyLength(xs)], { ...options.sweep, clipX: [0, width], clipY: [0, height] });
  const covered = Math.min(sums[0] ?? 0, imageArea);
  return { coverage: clamp01(covered / imageArea), coveredArea: covered, method: 'sweep', exact };
}

/** Share of the image the shapes cover, in [0, 1]. */
export function coverage(shapes: readonly Shape[], width: number, height: number, options?: CoverageOptions): number {
  return coverageDetails(shapes, width, height, options).coverage;
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

const inside = (b: Bounds, w: number, h: number) => b.minX >= 0 && b.minY >= 0 && b.maxX <= w && b.maxY <= h;

/** Whether any two boxes share area: sorted by left edge, each box meets only boxes starting before it ends. */
function anyOverlap(boxes: readonly Bounds[]): boolean {
  const sorted = [...boxes].sort((a, b) => a.minX - b.minX);
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length && sorted[j]!.minX < sorted[i]!.maxX; j++) {
      if (boundsOverlap(sorted[i]!, sorted[j]!)) return true;
    }
  }
  return false;
}
