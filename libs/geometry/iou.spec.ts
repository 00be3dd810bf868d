import { area, bounds, intersectionArea, iou, overlap, type Shape } from './index.js';
import { shapeRing } from './measure.js';
import { prng, randomConvex, randomStar, rotateShape, sampleAreas } from './spec-helpers.js';
import { measureOverlap } from './scanline.js';
import { sweep } from './sweep.js';

const rect = (x: number, y: number, width: number, height: number, rotation?: number): Shape => ({ type: 'rect', x, y, width, height, ...(rotation === undefined ? {} : { rotation }) });
const poly = (...points: [number, number][]): Shape => ({ type: 'polygon', points });
// A 2×2 square missing its top-right (in y-down terms: bottom-right of [1,2]²) quarter: area 3.
const L = poly([0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2]);
const Lmirrored = poly([0, 0], [2, 0], [2, 2], [1, 2], [1, 1], [0, 1]);

describe('iou', () => {
  it('is 1 for identical shapes of every kind', () => {
    const rand = prng(1);
    const shapes: Shape[] = [rect(10, 20, 30, 40), rect(10, 20, 30, 40, 33), { type: 'ellipse', cx: 5, cy: 5, rx: 4, ry: 2, rotation: 10 }, L, randomStar(rand, 50, 50, 30, 25)];
    for (const s of shapes) expect(iou(s, structuredClone(s))).toBeCloseTo(1, 12);
  });

  it('is 0 for disjoint and for edge-touching shapes', () => {
    expect(iou(rect(0, 0, 10, 10), rect(20, 0, 10, 10))).toBe(0);
    expect(iou(rect(0, 0, 10, 10), rect(10, 0, 10, 10))).toBe(0);
    // Boxes overlap, shapes do not: two triangles either side of the diagonal.
    expect(iou(poly([0, 0], [10, 0], [0, 10]), poly([10, 0], [10, 10], [0, 10]))).toBeCloseTo(0, 12);
    // Concave: a square sitting in the L's missing quarter.
    expect(iou(L, rect(1, 1, 1, 1))).toBeCloseTo(0, 12);
  });

  it('gives 1/3 for boxes overlapping by half', () => {
    expect(iou(rect(0, 0, 10, 10), rect(5, 0, 10, 10))).toBeCloseTo(1 / 3, 14);
    expect(iou(rect(0, 0, 10, 10, 30), rect(0, 0, 10, 10, 30 + 180))).toBeCloseTo(1, 12);
  });

  it('gives 1/√2 for a square against itself turned by 45°', () => {
    // Their intersection is a regular octagon of area 8√2 − 8 (square 4 minus four corners (2 − √2)²/2).
    const o = overlap(rect(-1, -1, 2, 2), rect(-1, -1, 2, 2, 45));
    expect(o.method).toBe('convex');
    expect(o.intersection).toBeCloseTo(8 * Math.SQRT2 - 8, 12);
    expect(o.iou).toBeCloseTo(Math.SQRT1_2, 12);
  });

  it('is exact for concave polygons', () => {
    // L against a unit square straddling its notch: 0.75 shared, union 3.25.
    const a = overlap(L, rect(0.5, 0.5, 1, 1));
    expect(a.method).toBe('sweep');
    expect(a.exact).toBe(true);
    expect(a.iou).toBeCloseTo(3 / 13, 12);
    // Two Ls with notches in different corners share the bottom 2×1 strip: 2 / (3 + 3 − 2).
    expect(iou(L, Lmirrored)).toBeCloseTo(0.5, 12);
    // Two combs with interleaved teeth: each 3 teeth of 1×4 on a 7×1 spine, the second shifted by 1.
    const comb = (dx: number) => poly([dx, 0], [dx + 5, 0], [dx + 5, 5], [dx + 4, 5], [dx + 4, 1], [dx + 3, 1], [dx + 3, 5], [dx + 2, 5], [dx + 2, 1], [dx + 1, 1], [dx + 1, 5], [dx, 5]);
    expect(area(comb(0))).toBe(17);
    // Teeth at x∈[0,1],[2,3],[4,5] against [1,2],[3,4],[5,6]: none shared, only the spine over x∈[1,5].
    expect(intersectionArea(comb(0), comb(1))).toBeCloseTo(4, 12);
    expect(iou(comb(0), comb(1))).toBeCloseTo(4 / 30, 12);
  });

  it('matches point sampling on random concave pairs', () => {
    const rand = prng(42);
    for (let k = 0; k < 8; k++) {
      const a = randomStar(rand, 100, 100, 60, 6 + Math.floor(rand() * 20));
      const b = randomStar(rand, 100 + 40 * rand(), 100 + 40 * rand(), 60, 6 + Math.floor(rand() * 20));
      const o = overlap(a, b);
      const s = sampleAreas([a, b], [30, 30, 210, 210], 300);
      expect(o.iou).toBeCloseTo(s.all / s.any, 2);
      expect(o.intersection).toBeCloseTo(s.all, -1);
    }
  });

  it('agrees between convex clipping and the sweep', () => {
    const rand = prng(3);
    for (let k = 0; k < 40; k++) {
      const a: Shape = k % 2 === 0 ? randomConvex(rand, 50, 50, 30, 3 + Math.floor(rand() * 10)) : rect(20 + 30 * rand(), 20 + 30 * rand(), 10 + 40 * rand(), 10 + 40 * rand(), 360 * rand());
      const b: Shape = k % 3 === 0 ? { type: 'ellipse', cx: 40 + 20 * rand(), cy: 40 + 20 * rand(), rx: 5 + 30 * rand(), ry: 5 + 30 * rand(), rotation: 90 * rand() } : randomConvex(rand, 40 + 20 * rand(), 40 + 20 * rand(), 30, 3 + Math.floor(rand() * 10));
      const clipped = overlap(a, b);
      const { sums } = sweep([shapeRing(a), shapeRing(b)], 3, measureOverlap);
      expect(clipped.method).not.toBe('sweep');
      expect(sums[0]).toBeCloseTo(area(a), 6);
      expect(sums[2]).toBeCloseTo(clipped.intersection, 6);
    }
  });

  it('is symmetric', () => {
    const rand = prng(9);
    for (let k = 0; k < 30; k++) {
      const a = randomStar(rand, 50, 50, 40, 12);
      const b: Shape = k % 2 ? randomStar(rand, 60, 55, 40, 9) : rect(30, 30, 40, 20, 360 * rand());
      expect(iou(a, b)).toBeCloseTo(iou(b, a), 12);
    }
  });

  it('does not change when both shapes turn by the same angle', () => {
    const rand = prng(5);
    const pairs: [Shape, Shape][] = [
      [rect(10, 10, 40, 20), rect(25, 15, 30, 30, 20)],
      [{ type: 'ellipse', cx: 30, cy: 30, rx: 20, ry: 8 }, rect(20, 20, 30, 10)],
      [L, rect(0.5, 0.5, 1, 1)],
      [randomStar(rand, 50, 50, 40, 15), randomStar(rand, 60, 45, 40, 15)],
    ];
    for (const [a, b] of pairs) {
      const before = iou(a, b);
      expect(before).toBeGreaterThan(0.05);
      for (const deg of [17, 90, 143.5, -61]) expect(iou(rotateShape(a, deg, 7, -3), rotateShape(b, deg, 7, -3))).toBeCloseTo(before, 9);
    }
  });

  it('is within 0.1 % for ellipses, checked against the circle–circle lens formula', () => {
    const r = 10;
    for (const d of [2, 7, 10, 15, 19]) {
      const lens = 2 * r * r * Math.acos(d / (2 * r)) - (d / 2) * Math.sqrt(4 * r * r - d * d);
      const exact = lens / (2 * Math.PI * r * r - lens);
      const got = iou({ type: 'ellipse', cx: 0, cy: 0, rx: r, ry: r }, { type: 'ellipse', cx: d, cy: 0, rx: r, ry: r });
      expect(Math.abs(got - exact)).toBeLessThan(1e-3 * Math.max(exact, 0.1));
    }
    // Nested ellipses of the same shape: IoU is the ratio of areas, 1/4.
    expect(iou({ type: 'ellipse', cx: 0, cy: 0, rx: 20, ry: 10, rotation: 30 }, { type: 'ellipse', cx: 0, cy: 0, rx: 10, ry: 5, rotation: 30 })).toBeCloseTo(0.25, 4);
    // A circle cut in half by a box: πr²/2 shared.
    const half = overlap({ type: 'ellipse', cx: 0, cy: 0, rx: r, ry: r }, rect(0, -20, 20, 40));
    expect(half.intersection).toBeCloseTo((Math.PI * r * r) / 2, 9);
  });

  it('stays close on the bounded fallback grid and says it is not exact', () => {
    const rand = prng(11);
    for (let k = 0; k < 6; k++) {
      const a = randomStar(rand, 100, 100, 80, 40);
      const b = randomStar(rand, 120, 110, 80, 40);
      const exact = overlap(a, b);
      const grid = overlap(a, b, { sweep: { grid: true, rows: 512 } });
      expect(exact.exact).toBe(true);
      expect(grid.exact).toBe(false);
      expect(Math.abs(grid.iou - exact.iou)).toBeLessThan(1e-3);
    }
  });

  it('gives 0 when neither shape has area', () => {
    expect(iou(rect(0, 0, 0, 10), rect(0, 0, 0, 10))).toBe(0);
    expect(iou(poly([0, 0], [1, 1], [2, 2]), rect(0, 0, 5, 5))).toBe(0);
    expect(bounds(rect(0, 0, 0, 10)).maxY).toBe(10);
  });
});
