import {
  area as exactArea,
  ellipseRing,
  rectCorners,
  ringArea,
  ringBounds,
  type EllipseShape,
  type Point,
  type Ring,
  type Shape,
} from '../geometry/index.js';

export type { Point } from '../geometry/index.js';
// Same computations as libs/geometry's, under the names this library has always exported.
export { rectCorners as rectToPolygon, ringArea as polygonArea } from '../geometry/index.js';

/** Axis-aligned bounds as corners, which clamp without the width/height bookkeeping. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * Enough vertices that the polygon never strays more than `tolerance` pixels inside the ellipse
 * (the sagitta r·(1−cos(π/n))), so small ellipses stay cheap and big ones stay round. At least 8, which keeps
 * π·rx·ry below the polygon's bounding-box area, and a multiple of 4, so an unrotated ellipse keeps its exact extremes.
 */
export function ellipseVertexCount(rx: number, ry: number, tolerance = 0.5): number {
  const r = Math.max(Math.abs(rx), Math.abs(ry));
  const exact = r <= tolerance ? 8 : Math.PI / Math.acos(1 - tolerance / r);
  const n = Math.min(256, Math.max(8, Math.ceil(exact)));
  return Math.ceil(n / 4) * 4;
}

/** Export files want a vertex count fitted to the ellipse's size; libs/geometry's fixed 128 serves area and IoU. */
export function ellipseToPolygon(ellipse: EllipseShape, tolerance = 0.5): Point[] {
  return ellipseRing(ellipse, ellipseVertexCount(ellipse.rx, ellipse.ry, tolerance));
}

export function shapeToPolygon(shape: Shape): Point[] {
  switch (shape.type) {
    case 'rect':
      return rectCorners(shape);
    case 'ellipse':
      return ellipseToPolygon(shape);
    case 'polygon':
      // Points as drawn: libs/geometry's toPolygon drops repeated points, which would change the exported vertex lists.
      return shape.points.map(([x, y]) => [x, y]);
  }
}

/** The area of the shape itself, not of its polygon approximation. */
export function shapeArea(shape: Shape): number {
  // Absolute, unlike libs/geometry's area: this library takes shapes that validation has not seen.
  return Math.abs(exactArea(shape));
}

export function polygonBounds(points: Ring): Box {
  const { minX, minY, maxX, maxY } = ringBounds(points);
  return { x0: minX, y0: minY, x1: maxX, y1: maxY };
}

export function clampBox(box: Box, width: number, height: number): Box {
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));
  return { x0: clamp(box.x0, width), y0: clamp(box.y0, height), x1: clamp(box.x1, width), y1: clamp(box.y1, height) };
}

/**
 * Sutherland–Hodgman against the image rectangle. The clip window is convex, so any input polygon (even a
 * concave one) comes out with the right area; it may carry zero-width bridges, which no consumer minds.
 * Not libs/geometry's clipConvex: cutting at x = 0 or x = width directly puts the cut points exactly on the
 * image border, where interpolating along a general edge can leave them a rounding error outside it.
 */
export function clipPolygonToRect(points: readonly Point[], width: number, height: number): Point[] {
  const edges: Array<{ inside: (p: Point) => boolean; cut: (a: Point, b: Point) => Point }> = [
    { inside: (p) => p[0] >= 0, cut: (a, b) => atX(a, b, 0) },
    { inside: (p) => p[0] <= width, cut: (a, b) => atX(a, b, width) },
    { inside: (p) => p[1] >= 0, cut: (a, b) => atY(a, b, 0) },
    { inside: (p) => p[1] <= height, cut: (a, b) => atY(a, b, height) },
  ];
  let out: Point[] = [...points];
  for (const edge of edges) {
    const input = out;
    out = [];
    for (let i = 0; i < input.length; i++) {
      const current = input[i];
      const previous = input[(i + input.length - 1) % input.length];
      if (edge.inside(current)) {
        if (!edge.inside(previous)) out.push(edge.cut(previous, current));
        out.push(current);
      } else if (edge.inside(previous)) {
        out.push(edge.cut(previous, current));
      }
    }
  }
  return dropRepeats(out);
}

function atX(a: Point, b: Point, x: number): Point {
  return [x, a[1] + ((b[1] - a[1]) * (x - a[0])) / (b[0] - a[0])];
}

function atY(a: Point, b: Point, y: number): Point {
  return [a[0] + ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]), y];
}

// Tolerant, unlike libs/geometry's normalizeRing: the cuts above make points that differ from a neighbour only by rounding.
function dropRepeats(points: Point[]): Point[] {
  const same = (a: Point, b: Point) => Math.abs(a[0] - b[0]) < 1e-9 && Math.abs(a[1] - b[1]) < 1e-9;
  const out = points.filter((p, i) => i === 0 || !same(p, points[i - 1]));
  while (out.length > 1 && same(out[0], out[out.length - 1])) out.pop();
  return out;
}

/** A shape as the formats need it: inside the image, with its bounds and area. */
export interface ProjectedShape {
  polygon: Point[];
  box: Box;
  area: number;
  /** Part of the shape lay outside the image (VOC's `truncated`). */
  truncated: boolean;
}

/** Below 1/100 pixel (the precision COCO coordinates are written with) a box is noise, not an object. */
const MIN_EXTENT = 0.01;

/**
 * Clips a shape to the image. Returns null for shapes nothing can train on: non-finite numbers, fewer than
 * three vertices, or (almost) no area left inside the image.
 */
export function projectShape(shape: Shape, width: number, height: number): ProjectedShape | null {
  const polygon = shapeToPolygon(shape);
  if (polygon.length < 3 || !polygon.every(([x, y]) => Number.isFinite(x) && Number.isFinite(y))) return null;
  const raw = polygonBounds(polygon);
  const truncated = raw.x0 < 0 || raw.y0 < 0 || raw.x1 > width || raw.y1 > height;
  const clipped = truncated ? clipPolygonToRect(polygon, width, height) : polygon;
  if (clipped.length < 3) return null;
  // Inside the image the exact area is known (an ellipse is not its polygon); once clipped, only the polygon's is.
  const area = truncated ? ringArea(clipped) : shapeArea(shape);
  const box = polygonBounds(clipped);
  if (!(area > 0) || box.x1 - box.x0 < MIN_EXTENT || box.y1 - box.y0 < MIN_EXTENT) return null;
  return { polygon: clipped, box, area, truncated };
}
