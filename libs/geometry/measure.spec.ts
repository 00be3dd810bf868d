import type { z } from 'zod';
import { area, bounds, centroid, shapeSchema, shapesSchema, toPolygon, type EllipseShape, type RectShape, type Shape } from './index.js';
import { ellipseRing } from './measure.js';
import { isConvexRing, normalizeRing, ringArea } from './polygon.js';
import { ellipseSchema, polygonSchema, rectSchema, type PolygonShape } from './shapes.js';
import { sampleAreas } from './spec-helpers.js';

// The hand-written types and the schemas must describe the same JSON.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const typesMatch: [Same<z.infer<typeof rectSchema>, RectShape>, Same<z.infer<typeof ellipseSchema>, EllipseShape>, Same<z.infer<typeof polygonSchema>, PolygonShape>] = [true, true, true];

describe('shape schemas', () => {
  it('accept each shape kind', () => {
    expect(typesMatch).toEqual([true, true, true]);
    const ok: Shape[] = [
      { type: 'rect', x: 1, y: 2, width: 3, height: 4 },
      { type: 'rect', x: 1, y: 2, width: 3, height: 4, rotation: -30 },
      { type: 'ellipse', cx: 5, cy: 5, rx: 2, ry: 1 },
      { type: 'polygon', points: [[0, 0], [1, 0], [0, 1]] },
    ];
    expect(shapesSchema.parse(ok)).toEqual(ok);
  });

  it.each([
    ['unknown field', { type: 'rect', x: 1, y: 2, width: 3, height: 4, left: 1 }],
    ['unknown type', { type: 'circle', cx: 1, cy: 1, r: 2 }],
    ['missing field', { type: 'ellipse', cx: 1, cy: 1, rx: 2 }],
    ['string number', { type: 'rect', x: '1', y: 2, width: 3, height: 4 }],
    ['infinite', { type: 'rect', x: Infinity, y: 2, width: 3, height: 4 }],
    ['NaN', { type: 'ellipse', cx: NaN, cy: 1, rx: 2, ry: 2 }],
    ['negative size', { type: 'rect', x: 1, y: 2, width: -3, height: 4 }],
    ['point of three numbers', { type: 'polygon', points: [[0, 0, 0], [1, 0], [0, 1]] }],
    ['point object', { type: 'polygon', points: [{ x: 0, y: 0 }] }],
  ])('refuse %s', (_, body) => {
    expect(shapeSchema.safeParse(body).success).toBe(false);
  });
});

describe('area, bounds, centroid, toPolygon', () => {
  const rect: RectShape = { type: 'rect', x: 10, y: 20, width: 30, height: 40 };
  const ellipse: EllipseShape = { type: 'ellipse', cx: 50, cy: 60, rx: 20, ry: 10 };

  it('gives exact areas', () => {
    expect(area(rect)).toBe(1200);
    expect(area({ ...rect, rotation: 33 })).toBe(1200);
    expect(area(ellipse)).toBeCloseTo(Math.PI * 200, 12);
    // Trapezoid with parallel sides 4 and 2, height 3: (4 + 2) / 2 · 3 = 9, either orientation, closing point repeated.
    expect(area({ type: 'polygon', points: [[0, 0], [4, 0], [3, 3], [1, 3], [0, 0]] })).toBe(9);
    expect(area({ type: 'polygon', points: [[1, 3], [3, 3], [4, 0], [0, 0]] })).toBe(9);
    // An L of a 2×2 square missing a 1×1 corner.
    expect(area({ type: 'polygon', points: [[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2]] })).toBe(3);
  });

  it('bounds rotated boxes by their corners', () => {
    expect(bounds(rect)).toEqual({ minX: 10, minY: 20, maxX: 40, maxY: 60 });
    // Turned by 90° about its centre (25, 40): 40 wide, 30 high.
    expect(bounds({ ...rect, rotation: 90 })).toEqual({ minX: 5, minY: 25, maxX: 45, maxY: 55 });
    const b = bounds({ type: 'rect', x: 0, y: 0, width: 2, height: 2, rotation: 45 });
    expect(b.minX).toBeCloseTo(1 - Math.SQRT2, 12);
    expect(b.maxY).toBeCloseTo(1 + Math.SQRT2, 12);
  });

  it('bounds rotated ellipses tightly', () => {
    expect(bounds(ellipse)).toEqual({ minX: 30, minY: 50, maxX: 70, maxY: 70 });
    expect(bounds({ ...ellipse, rotation: 90 })).toEqual({ minX: 40, minY: 40, maxX: 60, maxY: 80 });
    // At 45° the half-extent is sqrt((rx² + ry²) / 2), and it must touch the sampled ellipse.
    const b = bounds({ ...ellipse, rotation: 45 });
    const half = Math.sqrt((400 + 100) / 2);
    expect(b.maxX - 50).toBeCloseTo(half, 12);
    const sampled = ellipseRing({ ...ellipse, rotation: 45 }, 100_000);
    expect(Math.max(...sampled.map((p) => p[0]))).toBeCloseTo(50 + half, 5);
  });

  it('finds centroids', () => {
    expect(centroid(rect)).toEqual([25, 40]);
    expect(centroid({ ...rect, rotation: 70 })).toEqual([25, 40]);
    expect(centroid(ellipse)).toEqual([50, 60]);
    // L shape: squares at (0.5,0.5), (1.5,0.5), (0.5,1.5) → (2.5/3, 2.5/3).
    const l = centroid({ type: 'polygon', points: [[100, 100], [102, 100], [102, 101], [101, 101], [101, 102], [100, 102]] });
    expect(l[0]).toBeCloseTo(100 + 2.5 / 3, 12);
    expect(l[1]).toBeCloseTo(100 + 2.5 / 3, 12);
    expect(centroid({ type: 'polygon', points: [[0, 0], [2, 0], [4, 0]] })).toEqual([2, 0]);
  });

  it('turns shapes into polygons with the same area and bounds', () => {
    const turned = toPolygon({ ...rect, rotation: 30 });
    expect(turned.points).toHaveLength(4);
    expect(ringArea(turned.points)).toBeCloseTo(1200, 9);
    const poly = toPolygon(ellipse, 256);
    expect(poly.points).toHaveLength(256);
    expect(isConvexRing(poly.points)).toBe(true);
    // An inscribed 256-gon has area (n/2)·sin(2π/n)·rx·ry, just under π·rx·ry.
    expect(ringArea(poly.points)).toBeCloseTo(128 * Math.sin((2 * Math.PI) / 256) * 200, 8);
    for (const [x, y] of poly.points) expect(((x - 50) / 20) ** 2 + ((y - 60) / 10) ** 2).toBeCloseTo(1, 12);
    expect(toPolygon({ type: 'polygon', points: [[0, 0], [0, 0], [1, 0], [1, 1], [0, 0]] }).points).toEqual([[0, 0], [1, 0], [1, 1]]);
  });

  it('keeps ellipse areas exact in the area-preserving polygon used for overlaps', () => {
    for (const n of [8, 32, 128]) expect(ringArea(ellipseRing(ellipse, n, true))).toBeCloseTo(Math.PI * 200, 9);
    expect(() => ellipseRing(ellipse, 2)).toThrow(RangeError);
  });

  it('agrees with point sampling for a rotated box and ellipse', () => {
    const r: RectShape = { type: 'rect', x: 10, y: 10, width: 50, height: 20, rotation: 25 };
    const e: EllipseShape = { type: 'ellipse', cx: 40, cy: 40, rx: 25, ry: 10, rotation: -40 };
    for (const s of [r, e]) {
      const b = bounds(s);
      // Sampling only within the bounds still finds the whole area, so no part sticks out of them.
      const { each } = sampleAreas([s], [b.minX, b.minY, b.maxX, b.maxY], 400);
      expect(each[0]! / area(s)).toBeCloseTo(1, 2);
    }
  });

  it('normalises rings: consecutive duplicates and the closing point go, original indices stay', () => {
    expect(normalizeRing([[0, 0], [0, 0], [5, 0], [5, 5], [5, 5], [0, 0]])).toEqual({ points: [[0, 0], [5, 0], [5, 5]], indices: [0, 2, 3] });
  });
});
