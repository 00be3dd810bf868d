import { normalizeRing, ringArea, ringBounds, ringCentroid, type Ring } from './polygon.js';
import type { Bounds, EllipseShape, Point, PolygonShape, RectShape, Shape } from './shapes.js';

/** Vertices used for an ellipse when no count is given: the inscribed 128-gon misses 0.04 % of the area. */
export const ELLIPSE_SEGMENTS = 128;

/** cos and sin of an angle in degrees, exact at multiples of 90° so that turned boxes keep integer corners. */
export function cosSinDeg(degrees: number | undefined): [number, number] {
  const d = (((degrees ?? 0) % 360) + 360) % 360;
  if (d === 0) return [1, 0];
  if (d === 90) return [0, 1];
  if (d === 180) return [-1, 0];
  if (d === 270) return [0, -1];
  const r = (d * Math.PI) / 180;
  return [Math.cos(r), Math.sin(r)];
}

/** Corners in drawing order: top-left, top-right, bottom-right, bottom-left, each turned about the centre. */
export function rectCorners(r: RectShape): Point[] {
  const { x, y, width: w, height: h } = r;
  const [c, s] = cosSinDeg(r.rotation);
  if (c === 1) {
    return [
      [x, y],
      [x + w, y],
      [x + w, y + h],
      [x, y + h],
    ];
  }
  const cx = x + w / 2;
  const cy = y + h / 2;
  return [
    [-w / 2, -h / 2],
    [w / 2, -h / 2],
    [w / 2, h / 2],
    [-w / 2, h / 2],
  ].map(([dx, dy]): Point => [cx + dx! * c - dy! * s, cy + dx! * s + dy! * c]);
}

/**
 * Ellipse vertices at equal parameter steps. With `areaPreserving` the radii are stretched so that the
 * polygon has exactly the ellipse's area (π·rx·ry): IoU and coverage then lose only the small
 * in-and-out sliver error instead of the systematic shortfall of an inscribed polygon.
 */
export function ellipseRing(e: EllipseShape, segments = ELLIPSE_SEGMENTS, areaPreserving = false): Point[] {
  if (!Number.isInteger(segments) || segments < 3) throw new RangeError('an ellipse needs at least 3 segments');
  const k = areaPreserving ? Math.sqrt((2 * Math.PI) / (segments * Math.sin((2 * Math.PI) / segments))) : 1;
  const [c, s] = cosSinDeg(e.rotation);
  const out: Point[] = [];
  for (let i = 0; i < segments; i++) {
    const t = (2 * Math.PI * i) / segments;
    const ex = e.rx * k * Math.cos(t);
    const ey = e.ry * k * Math.sin(t);
    out.push([e.cx + ex * c - ey * s, e.cy + ex * s + ey * c]);
  }
  return out;
}

/** The ring the area-based measures (IoU, coverage) work on. */
export function shapeRing(shape: Shape, segments = ELLIPSE_SEGMENTS): Ring {
  switch (shape.type) {
    case 'rect':
      return rectCorners(shape);
    case 'ellipse':
      return ellipseRing(shape, segments, true);
    case 'polygon':
      return normalizeRing(shape.points).points;
  }
}

/** The shape as a polygon: a box's four corners, points on the ellipse, or the polygon without repeated points. */
export function toPolygon(shape: Shape, segments = ELLIPSE_SEGMENTS): PolygonShape {
  switch (shape.type) {
    case 'rect':
      return { type: 'polygon', points: rectCorners(shape) };
    case 'ellipse':
      return { type: 'polygon', points: ellipseRing(shape, segments) };
    case 'polygon':
      return { type: 'polygon', points: normalizeRing(shape.points).points };
  }
}

/** Exact area in square pixels; a polygon's is the shoelace area, which is its true area only if it is simple. */
export function area(shape: Shape): number {
  switch (shape.type) {
    case 'rect':
      return shape.width * shape.height;
    case 'ellipse':
      return Math.PI * shape.rx * shape.ry;
    case 'polygon':
      return ringArea(normalizeRing(shape.points).points);
  }
}

/** Smallest axis-aligned box holding the shape, rotation included (an ellipse's is tight, not its box's). */
export function bounds(shape: Shape): Bounds {
  switch (shape.type) {
    case 'rect':
      return ringBounds(rectCorners(shape));
    case 'ellipse': {
      const [c, s] = cosSinDeg(shape.rotation);
      const hx = Math.hypot(shape.rx * c, shape.ry * s);
      const hy = Math.hypot(shape.rx * s, shape.ry * c);
      return { minX: shape.cx - hx, minY: shape.cy - hy, maxX: shape.cx + hx, maxY: shape.cy + hy };
    }
    case 'polygon':
      return ringBounds(shape.points);
  }
}

/** Centre of mass of the shape's area (the vertex mean for a polygon without area). */
export function centroid(shape: Shape): Point {
  switch (shape.type) {
    case 'rect':
      return [shape.x + shape.width / 2, shape.y + shape.height / 2];
    case 'ellipse':
      return [shape.cx, shape.cy];
    case 'polygon':
      return ringCentroid(normalizeRing(shape.points).points);
  }
}
