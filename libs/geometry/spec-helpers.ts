// Test-only helpers: a seeded generator, random shapes and an independent point-sampling reference.
import { cosSinDeg } from './measure.js';
import type { Point, PolygonShape, Shape } from './shapes.js';

export { mulberry32 as prng } from '../prng/index.js';

/** A star-shaped (hence simple) polygon around (cx, cy): angles sorted, radii random. Usually concave. */
export function randomStar(rand: () => number, cx: number, cy: number, radius: number, n: number): PolygonShape {
  const angles = Array.from({ length: n }, () => rand() * 2 * Math.PI).sort((a, b) => a - b);
  return {
    type: 'polygon',
    points: angles.map((t): Point => {
      const r = radius * (0.3 + 0.7 * rand());
      return [cx + r * Math.cos(t), cy + r * Math.sin(t)];
    }),
  };
}

/** A convex polygon: points on a circle at sorted random angles. */
export function randomConvex(rand: () => number, cx: number, cy: number, radius: number, n: number): PolygonShape {
  const angles = Array.from({ length: n }, () => rand() * 2 * Math.PI).sort((a, b) => a - b);
  return { type: 'polygon', points: angles.map((t): Point => [cx + radius * Math.cos(t), cy + radius * Math.sin(t)]) };
}

/** The shape turned by `degrees` about (ox, oy), built from its parameters rather than from its polygon. */
export function rotateShape(shape: Shape, degrees: number, ox: number, oy: number): Shape {
  const [c, s] = cosSinDeg(degrees);
  const turn = (x: number, y: number): Point => [ox + (x - ox) * c - (y - oy) * s, oy + (x - ox) * s + (y - oy) * c];
  switch (shape.type) {
    case 'rect': {
      const [cx, cy] = turn(shape.x + shape.width / 2, shape.y + shape.height / 2);
      return { ...shape, x: cx - shape.width / 2, y: cy - shape.height / 2, rotation: (shape.rotation ?? 0) + degrees };
    }
    case 'ellipse': {
      const [cx, cy] = turn(shape.cx, shape.cy);
      return { ...shape, cx, cy, rotation: (shape.rotation ?? 0) + degrees };
    }
    case 'polygon':
      return { type: 'polygon', points: shape.points.map(([x, y]) => turn(x, y)) };
  }
}

/** Inside test straight from each shape's definition (no polygon for rects and ellipses). */
export function contains(shape: Shape, px: number, py: number): boolean {
  if (shape.type === 'polygon') {
    let inside = false;
    const pts = shape.points;
    for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
      const [xi, yi] = pts[i]!;
      const [xj, yj] = pts[j]!;
      if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  }
  const [c, s] = cosSinDeg(shape.rotation);
  const [ox, oy] = shape.type === 'rect' ? [shape.x + shape.width / 2, shape.y + shape.height / 2] : [shape.cx, shape.cy];
  const u = (px - ox) * c + (py - oy) * s;
  const v = -(px - ox) * s + (py - oy) * c;
  if (shape.type === 'rect') return Math.abs(u) <= shape.width / 2 && Math.abs(v) <= shape.height / 2;
  return (u / shape.rx) ** 2 + (v / shape.ry) ** 2 <= 1;
}

/** Areas (px²) by counting the centres of a grid×grid lattice over [x0,x1]×[y0,y1]: in each shape, in all, in any. */
export function sampleAreas(shapes: readonly Shape[], box: [number, number, number, number], grid = 800): { any: number; all: number; each: number[] } {
  const [x0, y0, x1, y1] = box;
  const cell = ((x1 - x0) / grid) * ((y1 - y0) / grid);
  let any = 0;
  let all = 0;
  const each = shapes.map(() => 0);
  for (let i = 0; i < grid; i++) {
    const y = y0 + ((i + 0.5) * (y1 - y0)) / grid;
    for (let j = 0; j < grid; j++) {
      const x = x0 + ((j + 0.5) * (x1 - x0)) / grid;
      const hits = shapes.map((sh) => contains(sh, x, y));
      hits.forEach((h, k) => (each[k]! += h ? cell : 0));
      if (hits.some(Boolean)) any += cell;
      if (hits.every(Boolean)) all += cell;
    }
  }
  return { any, all, each };
}
