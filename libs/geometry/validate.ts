import { area, bounds, rectCorners } from './measure.js';
import { normalizeRing, signedArea, type Ring } from './polygon.js';
import { findSelfIntersection } from './segments.js';
import type { Shape } from './shapes.js';

export type ViolationRule =
  | 'invalid_shape'
  | 'not_finite'
  | 'negative_size'
  | 'outside_image'
  | 'too_few_points'
  | 'too_many_points'
  | 'self_intersecting'
  | 'zero_area'
  | 'too_many_shapes';

export interface Violation {
  /** 0-based position in the submitted list, as in the JSON array. */
  shapeIndex: number;
  rule: ViolationRule;
  message: string;
}

export interface ValidateOptions {
  /** How far (px) a shape may stick out of the image; drawing tools overshoot by half a pixel. Default 0.5. */
  tolerance?: number;
  /** Shapes per call; the rest are not checked. Default 1000. */
  maxShapes?: number;
  /** Points per polygon; the self-intersection test is skipped above it. Default 10,000. */
  maxPoints?: number;
  /** Smaller areas (px²) count as zero. Default 1e-6. */
  minArea?: number;
}

// Absorbs rounding in turned corners so that a box turned by 30° flush with the edge is not refused.
const ROUNDING = 1e-9;

const fmt = (v: number): string => String(Math.round(v * 100) / 100);
const point = (x: number, y: number): string => `(${fmt(x)}, ${fmt(y)})`;

/**
 * Checks shapes against an image of the given size. Returns every violation found (empty when all are
 * valid); a shape with a non-finite or malformed field is reported once and not examined further.
 */
export function validateShapes(
  shapes: readonly Shape[],
  imageWidth: number,
  imageHeight: number,
  options: ValidateOptions = {},
): Violation[] {
  if (!(imageWidth > 0 && imageHeight > 0 && Number.isFinite(imageWidth) && Number.isFinite(imageHeight))) {
    throw new RangeError(`image size must be positive and finite, got ${imageWidth}×${imageHeight}`);
  }
  const opts = {
    tolerance: options.tolerance ?? 0.5,
    maxShapes: options.maxShapes ?? 1000,
    maxPoints: options.maxPoints ?? 10_000,
    minArea: options.minArea ?? 1e-6,
  };
  const out: Violation[] = [];
  const checked = Math.min(shapes.length, opts.maxShapes);
  for (let i = 0; i < checked; i++) {
    const add = (rule: ViolationRule, what: string) => out.push({ shapeIndex: i, rule, message: `shape ${i}: ${what}` });
    checkShape(shapes[i]!, imageWidth, imageHeight, opts, add);
  }
  if (shapes.length > opts.maxShapes) {
    out.push({
      shapeIndex: opts.maxShapes,
      rule: 'too_many_shapes',
      message: `${shapes.length} shapes sent; at most ${opts.maxShapes} are allowed, so shapes from ${opts.maxShapes} on were not checked`,
    });
  }
  return out;
}

type Add = (rule: ViolationRule, what: string) => void;

function checkShape(shape: Shape, w: number, h: number, opts: Required<ValidateOptions>, add: Add): void {
  const type = (shape as { type?: unknown } | null)?.type;
  if (type !== 'rect' && type !== 'ellipse' && type !== 'polygon') {
    add('invalid_shape', `unknown shape type ${JSON.stringify(type)}; expected rect, ellipse or polygon`);
    return;
  }
  if (shape.type === 'polygon') {
    checkPolygon(shape.points, w, h, opts, add);
    return;
  }
  const fields = shape.type === 'rect' ? (['x', 'y', 'width', 'height'] as const) : (['cx', 'cy', 'rx', 'ry'] as const);
  const record = shape as unknown as Record<string, unknown>;
  const bad = [...fields, 'rotation'].filter((f) => !(Number.isFinite(record[f]) || (f === 'rotation' && record[f] === undefined)));
  if (bad.length > 0) {
    add('not_finite', `${shape.type} ${bad.join(', ')} ${bad.length === 1 ? 'is not a finite number' : 'are not finite numbers'}`);
    return;
  }
  const negative = fields.slice(2).filter((f) => (record[f] as number) < 0);
  if (negative.length > 0) {
    add('negative_size', `${shape.type} ${negative.join(' and ')} must not be negative`);
    return;
  }
  if (area(shape) < opts.minArea) add('zero_area', `${shape.type} has zero area (${fields[2]} ${fmt(record[fields[2]] as number)}, ${fields[3]} ${fmt(record[fields[3]] as number)})`);
  const lo = -opts.tolerance - ROUNDING;
  if (shape.type === 'rect') {
    const outside = rectCorners(shape).find(([x, y]) => x < lo || y < lo || x > w - lo || y > h - lo);
    if (outside) add('outside_image', `rect corner ${point(...outside)} is outside the ${w}×${h} image`);
  } else {
    const b = bounds(shape);
    const side =
      b.minX < lo ? `x = ${fmt(b.minX)}` : b.minY < lo ? `y = ${fmt(b.minY)}` : b.maxX > w - lo ? `x = ${fmt(b.maxX)}` : b.maxY > h - lo ? `y = ${fmt(b.maxY)}` : null;
    if (side) add('outside_image', `ellipse reaches ${side}, outside the ${w}×${h} image`);
  }
}

function checkPolygon(points: unknown, w: number, h: number, opts: Required<ValidateOptions>, add: Add): void {
  if (!Array.isArray(points) || points.some((p) => !Array.isArray(p) || p.length !== 2)) {
    add('invalid_shape', 'polygon points must be a list of [x, y] pairs');
    return;
  }
  const pts = points as Ring;
  const badAt = pts.findIndex(([x, y]) => !Number.isFinite(x) || !Number.isFinite(y));
  if (badAt >= 0) {
    add('not_finite', `polygon point ${badAt} has a coordinate that is not a finite number`);
    return;
  }
  const lo = -opts.tolerance - ROUNDING;
  const outside = pts.flatMap(([x, y], k) => (x < lo || y < lo || x > w - lo || y > h - lo ? [k] : []));
  if (outside.length > 0) {
    const k = outside[0]!;
    const more = outside.length > 1 ? ` (${outside.length} points are)` : '';
    add('outside_image', `polygon point ${k} ${point(...pts[k]!)} is outside the ${w}×${h} image${more}`);
  }
  const { points: ring, indices } = normalizeRing(pts);
  const distinct = new Set(ring.map(([x, y]) => `${x},${y}`)).size;
  if (distinct < 3) {
    add('too_few_points', `polygon has ${distinct} distinct point${distinct === 1 ? '' : 's'}; at least 3 are needed`);
    return;
  }
  if (pts.length > opts.maxPoints) {
    add('too_many_points', `polygon has ${pts.length} points; at most ${opts.maxPoints} are allowed`);
    return;
  }
  if (isCollinear(ring)) {
    add('zero_area', 'polygon has zero area: all its points lie on one line');
    return;
  }
  const hit = findSelfIntersection(ring);
  if (hit) {
    const n = ring.length;
    const edge = (e: number) => `${indices[e]}→${indices[(e + 1) % n]}`;
    const verb = hit.contact === 'cross' ? 'cross' : hit.contact === 'touch' ? 'touch' : 'overlap';
    add('self_intersecting', `polygon edges ${edge(hit.edgeA)} and ${edge(hit.edgeB)} ${verb}; an outline must not meet itself`);
    return;
  }
  const a = Math.abs(signedArea(ring));
  if (a < opts.minArea) add('zero_area', `polygon has zero area (${a.toExponential(1)} px²)`);
}

/** All points within a hair (relative to the polygon's extent) of one line. */
function isCollinear(ring: Ring): boolean {
  const [ox, oy] = ring[0]!;
  let far = ring[0]!;
  let farD = 0;
  for (const p of ring) {
    const d = (p[0] - ox) ** 2 + (p[1] - oy) ** 2;
    if (d > farD) [far, farD] = [p, d];
  }
  const len = Math.sqrt(farD);
  const dx = far[0] - ox;
  const dy = far[1] - oy;
  return ring.every(([x, y]) => Math.abs(dx * (y - oy) - dy * (x - ox)) / len <= 1e-9 * Math.max(1, len));
}
