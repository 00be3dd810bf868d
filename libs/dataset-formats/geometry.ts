import type { EllipseShape, RectShape, Shape } from './model.js';

export type Point = [number, number];

/** Axis-aligned bounds as corners, which clamp without the width/height bookkeeping. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Rotates about (cx, cy) by degrees; with y pointing down, positive angles turn clockwise on screen. */
function rotator(cx: number, cy: number, degrees: number): (dx: number, dy: number) => Point {
  const rad = (degrees * Math.PI) / 180;
  const cos = Math.cos(rad);
  const sin = Math.sin(rad);
  return (dx, dy) => [cx + dx * cos - dy * sin, cy + dx * sin + dy * cos];
}

/** Corners clockwise on screen from the top-left one (before rotation). */
export function rectToPolygon(rect: RectShape): Point[] {
  const hw = rect.width / 2;
  const hh = rect.height / 2;
  const turn = rotator(rect.x + hw, rect.y + hh, rect.rotation ?? 0);
  return [turn(-hw, -hh), turn(hw, -hh), turn(hw, hh), turn(-hw, hh)];
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

export function ellipseToPolygon(ellipse: EllipseShape, tolerance = 0.5): Point[] {
  const n = ellipseVertexCount(ellipse.rx, ellipse.ry, tolerance);
  const turn = rotator(ellipse.cx, ellipse.cy, ellipse.rotation ?? 0);
  const points: Point[] = [];
  for (let i = 0; i < n; i++) {
    const t = (2 * Math.PI * i) / n;
    points.push(turn(ellipse.rx * Math.cos(t), ellipse.ry * Math.sin(t)));
  }
  return points;
}

export function shapeToPolygon(shape: Shape): Point[] {
  switch (shape.type) {
    case 'rect':
      return rectToPolygon(shape);
    case 'ellipse':
      return ellipseToPolygon(shape);
    case 'polygon':
      return shape.points.map(([x, y]) => [x, y]);
  }
}

/** Shoelace formula; absolute, so the winding order does not matter. */
export function polygonArea(points: readonly Point[]): number {
  let twice = 0;
  for (let i = 0; i < points.length; i++) {
    const [x0, y0] = points[i];
    const [x1, y1] = points[(i + 1) % points.length];
    twice += x0 * y1 - x1 * y0;
  }
  return Math.abs(twice) / 2;
}

/** The area of the shape itself, not of its polygon approximation. */
export function shapeArea(shape: Shape): number {
  switch (shape.type) {
    case 'rect':
      return Math.abs(shape.width * shape.height);
    case 'ellipse':
      return Math.PI * Math.abs(shape.rx * shape.ry);
    case 'polygon':
      return polygonArea(shape.points);
  }
}

export function polygonBounds(points: readonly Point[]): Box {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const [x, y] of points) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  return { x0, y0, x1, y1 };
}

export function clampBox(box: Box, width: number, height: number): Box {
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));
  return { x0: clamp(box.x0, width), y0: clamp(box.y0, height), x1: clamp(box.x1, width), y1: clamp(box.y1, height) };
}

/**
 * Sutherland–Hodgman against the image rectangle. The clip window is convex, so any input polygon (even a
 * concave one) comes out with the right area; it may carry zero-width bridges, which no consumer minds.
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
  const area = truncated ? polygonArea(clipped) : shapeArea(shape);
  const box = polygonBounds(clipped);
  if (!(area > 0) || box.x1 - box.x0 < MIN_EXTENT || box.y1 - box.y0 < MIN_EXTENT) return null;
  return { polygon: clipped, box, area, truncated };
}
