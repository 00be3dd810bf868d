import { coverage, coverageDetails, type Shape } from './index.js';
import { prng, randomStar, sampleAreas } from './spec-helpers.js';

const rect = (x: number, y: number, width: number, height: number, rotation?: number): Shape => ({ type: 'rect', x, y, width, height, ...(rotation === undefined ? {} : { rotation }) });
const circle = (cx: number, cy: number, r: number): Shape => ({ type: 'ellipse', cx, cy, rx: r, ry: r });

describe('coverage', () => {
  it('is 0 without shapes and 1 for the full image', () => {
    expect(coverage([], 100, 50)).toBe(0);
    expect(coverage([rect(0, 0, 100, 50)], 100, 50)).toBe(1);
    expect(coverage([rect(0, 0, 100, 50), rect(10, 10, 20, 20)], 100, 50)).toBe(1);
  });

  it('adds up disjoint shapes exactly', () => {
    const d = coverageDetails([rect(0, 0, 10, 10), rect(20, 0, 30, 10)], 100, 100);
    expect(d).toEqual({ coverage: 0.04, coveredArea: 400, method: 'separate', exact: true });
    const e = coverageDetails([circle(20, 20, 10), circle(60, 60, 20)], 100, 100);
    expect(e.method).toBe('separate');
    expect(e.coveredArea).toBeCloseTo(500 * Math.PI, 12);
    // Disjoint but with overlapping boxes: the sweep is exact too.
    const tri = coverageDetails([{ type: 'polygon', points: [[0, 0], [10, 0], [0, 10]] }, { type: 'polygon', points: [[10, 0], [10, 10], [0, 10]] }], 20, 20);
    expect(tri.method).toBe('sweep');
    expect(tri.coveredArea).toBeCloseTo(100, 12);
  });

  it('counts nested and overlapping shapes once', () => {
    expect(coverage([rect(10, 10, 50, 50), rect(20, 20, 10, 10)], 100, 100)).toBeCloseTo(0.25, 14);
    expect(coverage([rect(20, 20, 10, 10), rect(10, 10, 50, 50)], 100, 100)).toBeCloseTo(0.25, 14);
    // [0,10]² and [5,15]×[0,10]: 100 + 100 − 50.
    expect(coverageDetails([rect(0, 0, 10, 10), rect(5, 0, 10, 10)], 100, 100).coveredArea).toBeCloseTo(150, 12);
    // An L and the square filling its notch make the 2×2 square.
    const L: Shape = { type: 'polygon', points: [[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2]] };
    expect(coverageDetails([L, rect(1, 1, 1, 1), rect(0.5, 0.5, 1, 1)], 4, 4).coveredArea).toBeCloseTo(4, 12);
    // Three boxes over one spot: 3 · 100 − 3 · 50 + 25 by inclusion–exclusion ([0,10]², [5,15]×[0,10], [0,10]×[5,15]).
    expect(coverageDetails([rect(0, 0, 10, 10), rect(5, 0, 10, 10), rect(0, 5, 10, 10)], 100, 100).coveredArea).toBeCloseTo(300 - 50 - 50 - 25 + 25, 12);
  });

  it('ignores what lies outside the image', () => {
    expect(coverageDetails([rect(-10, -10, 20, 20)], 100, 100).coveredArea).toBeCloseTo(100, 12);
    expect(coverage([rect(-50, -50, 500, 500)], 100, 100)).toBe(1);
    // A 100×100 square turned 45° in a 100×100 image: its four tips poke out, each a right triangle of legs 50√2 − 50.
    const tip = 50 * Math.SQRT2 - 50;
    expect(coverageDetails([rect(0, 0, 100, 100, 45)], 100, 100).coveredArea).toBeCloseTo(10_000 - 4 * tip * tip, 9);
    // Moved right into a wider image: only the top and bottom tips are cut.
    expect(coverageDetails([rect(100, 0, 100, 100, 45)], 1000, 100).coveredArea).toBeCloseTo(10_000 - 2 * tip * tip, 9);
  });

  it('is within 0.1 % of the lens formula for overlapping circles', () => {
    const r = 10;
    const d = 12;
    const lens = 2 * r * r * Math.acos(d / (2 * r)) - (d / 2) * Math.sqrt(4 * r * r - d * d);
    const got = coverageDetails([circle(30, 30, r), circle(30 + d, 30, r)], 100, 100);
    expect(got.method).toBe('sweep');
    expect(Math.abs(got.coveredArea - (2 * Math.PI * r * r - lens))).toBeLessThan(1e-3 * Math.PI * r * r);
  });

  it('matches point sampling for random overlapping polygons, and the grid fallback stays close', () => {
    const rand = prng(21);
    const shapes = Array.from({ length: 6 }, () => randomStar(rand, 40 + 120 * rand(), 40 + 70 * rand(), 45, 8 + Math.floor(rand() * 20)));
    const exact = coverageDetails(shapes, 200, 150);
    const s = sampleAreas(shapes, [0, 0, 200, 150], 400);
    expect(exact.exact).toBe(true);
    expect(exact.coverage).toBeCloseTo(s.any / 30_000, 2);
    const grid = coverageDetails(shapes, 200, 150, { sweep: { grid: true, rows: 512 } });
    expect(grid.exact).toBe(false);
    expect(Math.abs(grid.coverage - exact.coverage)).toBeLessThan(1e-3);
  });

  it('refuses an impossible image size', () => {
    expect(() => coverage([], 0, 10)).toThrow(RangeError);
  });
});
