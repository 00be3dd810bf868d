import { rectCorners } from './measure.js';
import type { Ring } from './polygon.js';
import { prng, sampleAreas } from './spec-helpers.js';
import { measureOverlap, measureUnion } from './scanline.js';
import { sweep } from './sweep.js';

const bar = (rotation: number): Ring => rectCorners({ type: 'rect', x: 0, y: 45, width: 100, height: 10, rotation });

describe('sweep', () => {
  it('cuts slabs where edges cross: two bars in an X', () => {
    // Perpendicular bars 100×10 about (50, 50): they share a 10×10 square wherever they are turned to.
    for (const turn of [45, 30, 10]) {
      const { sums, mode } = sweep([bar(turn), bar(turn + 90)], 3, measureOverlap);
      expect(mode).toBe('exact');
      expect(sums[0]).toBeCloseTo(1000, 9);
      expect(sums[2]).toBeCloseTo(100, 9);
    }
    // Three bars through one centre, checked against point sampling of the rotated boxes themselves.
    const shapes = [45, -45, 0].map((rotation) => ({ type: 'rect' as const, x: 0, y: 45, width: 100, height: 10, rotation }));
    const union = sweep(shapes.map((r) => rectCorners(r)), 1, measureUnion(3)).sums[0]!;
    const sampled = sampleAreas(shapes, [-10, -10, 110, 110], 480).any;
    expect(Math.abs(union - sampled) / union).toBeLessThan(0.005);
  });

  it('counts a scanline through a vertex once (half-open edges)', () => {
    // 10×16 box with a notch to (5, 8.5) in its left side: area 160 − 16·5/2 = 120. On a 16-row grid the
    // row 8..9 is measured exactly through the notch vertex.
    const notched: Ring = [[0, 0], [10, 0], [10, 16], [0, 16], [5, 8.5]];
    expect(sweep([notched], 1, measureUnion(1)).sums[0]).toBeCloseTo(120, 12);
    const grid = sweep([notched], 1, measureUnion(1), { grid: true, rows: 16 });
    expect(grid.mode).toBe('grid');
    // Midpoint rule is exact in every row but the one with the notch tip, off by 5 − 4.84 there.
    expect(Math.abs(grid.sums[0]! - 120)).toBeLessThan(0.2);
  });

  it('degrades to partial cutting when crossings exceed the budget, and stays close', () => {
    const rand = prng(8);
    const rings = Array.from({ length: 60 }, () => rectCorners({ type: 'rect', x: 100 * rand(), y: 100 * rand(), width: 150, height: 120, rotation: 90 * rand() }));
    const exact = sweep(rings, 1, measureUnion(rings.length), { maxWork: 1e9 });
    const partial = sweep(rings, 1, measureUnion(rings.length), { maxWork: 20_000 });
    expect(exact.mode).toBe('exact');
    expect(partial.mode).toBe('partial');
    expect(Math.abs(partial.sums[0]! - exact.sums[0]!) / exact.sums[0]!).toBeLessThan(0.01);
  });

  it('measures nothing for rings without height', () => {
    expect(sweep([[[0, 0], [5, 0], [9, 0]]], 1, measureUnion(1))).toEqual({ sums: [0], mode: 'exact' });
  });
});
