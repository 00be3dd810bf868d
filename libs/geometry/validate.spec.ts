import { validateShapes, type Shape, type Violation } from './index.js';
import { findSelfIntersection, segmentContact } from './segments.js';
import { prng, randomStar } from './spec-helpers.js';

const W = 800;
const H = 600;
const rules = (v: Violation[]) => v.map((x) => [x.shapeIndex, x.rule]);

describe('validateShapes', () => {
  it('accepts valid shapes of every kind, including ones flush with the image edge', () => {
    const shapes: Shape[] = [
      { type: 'rect', x: 0, y: 0, width: W, height: H },
      { type: 'rect', x: 100, y: 100, width: 50, height: 20, rotation: 45 },
      // Turned 90° about its centre (400, 300): 100 wide and 600 high, flush with the top and bottom.
      { type: 'rect', x: 100, y: 250, width: 600, height: 100, rotation: 90 },
      { type: 'ellipse', cx: 400, cy: 300, rx: 400, ry: 300 },
      { type: 'polygon', points: [[0, 0], [800, 0], [400, 600], [0, 0]] },
    ];
    expect(validateShapes(shapes, W, H)).toEqual([]);
  });

  it('reports non-finite and negative numbers once per shape', () => {
    const shapes = [
      { type: 'rect', x: NaN, y: 0, width: 10, height: 10 },
      { type: 'ellipse', cx: 10, cy: 10, rx: 5, ry: 5, rotation: Infinity },
      { type: 'polygon', points: [[0, 0], [10, Number.NaN], [0, 10]] },
      { type: 'rect', x: 10, y: 10, width: -5, height: 10 },
    ] as Shape[];
    const v = validateShapes(shapes, W, H);
    expect(rules(v)).toEqual([[0, 'not_finite'], [1, 'not_finite'], [2, 'not_finite'], [3, 'negative_size']]);
    expect(v[0]!.message).toBe('shape 0: rect x is not a finite number');
    expect(v[1]!.message).toContain('rotation');
    expect(v[2]!.message).toBe('shape 2: polygon point 1 has a coordinate that is not a finite number');
  });

  it('reports malformed shapes from untyped callers', () => {
    const v = validateShapes([{ type: 'circle' }, null, { type: 'polygon', points: [[1, 2, 3]] }] as unknown as Shape[], W, H);
    expect(rules(v)).toEqual([[0, 'invalid_shape'], [1, 'invalid_shape'], [2, 'invalid_shape']]);
  });

  describe('outside_image', () => {
    it('checks the corners of rotated boxes, not the unrotated box', () => {
      // 100×100 at the top-left corner fits; turned 45° its corners reach 50 − 70.7 < 0.
      const box: Shape = { type: 'rect', x: 0, y: 0, width: 100, height: 100 };
      expect(validateShapes([box], W, H)).toEqual([]);
      const v = validateShapes([{ ...box, rotation: 45 }], W, H);
      expect(rules(v)).toEqual([[0, 'outside_image']]);
      expect(v[0]!.message).toMatch(/^shape 0: rect corner \(50, -20\.71\) is outside the 800×600 image$/);
    });

    it('checks the extreme points of rotated ellipses', () => {
      // Unturned it spans x 0..200, y 10..110; turned 90° rx runs along y: 60 ± 100 leaves the image.
      const e: Shape = { type: 'ellipse', cx: 100, cy: 60, rx: 100, ry: 50 };
      expect(validateShapes([e], W, H)).toEqual([]);
      const v = validateShapes([{ ...e, rotation: 90 }], W, H);
      expect(v).toEqual([{ shapeIndex: 0, rule: 'outside_image', message: 'shape 0: ellipse reaches y = -40, outside the 800×600 image' }]);
      expect(validateShapes([{ ...e, cy: 100, rotation: 90 }], W, H)).toEqual([]);
      // At 45° the half-height is sqrt((100² + 50²) / 2) ≈ 79.06 > 60.
      expect(rules(validateShapes([{ ...e, rotation: 45 }], W, H))).toEqual([[0, 'outside_image']]);
    });

    it('allows the tolerance and no more', () => {
      const poly = (x: number): Shape => ({ type: 'polygon', points: [[x, 0], [10, 0], [10, 10]] });
      expect(validateShapes([poly(-0.5)], W, H)).toEqual([]);
      expect(rules(validateShapes([poly(-0.51)], W, H))).toEqual([[0, 'outside_image']]);
      expect(rules(validateShapes([poly(-0.5)], W, H, { tolerance: 0 }))).toEqual([[0, 'outside_image']]);
      const v = validateShapes([{ type: 'polygon', points: [[0, 0], [900, 0], [900, 700], [0, 10]] }], W, H);
      expect(v[0]!.message).toBe('shape 0: polygon point 1 (900, 0) is outside the 800×600 image (2 points are)');
    });
  });

  describe('polygons', () => {
    it('needs three distinct points, ignoring repeats and the closing point', () => {
      const v = validateShapes(
        [
          { type: 'polygon', points: [[0, 0], [5, 5], [5, 5], [0, 0]] },
          { type: 'polygon', points: [[0, 0], [5, 5], [0, 0], [5, 5]] },
          { type: 'polygon', points: [] },
          { type: 'polygon', points: [[0, 0], [5, 0], [5, 0], [0, 5], [0, 0]] },
        ],
        W,
        H,
      );
      expect(rules(v)).toEqual([[0, 'too_few_points'], [1, 'too_few_points'], [2, 'too_few_points']]);
      expect(v[0]!.message).toBe('shape 0: polygon has 2 distinct points; at least 3 are needed');
    });

    it('names the crossing edges by the submitted point numbers', () => {
      // Bow tie: edge 0→1 runs (0,0)–(10,10), edge 2→3 runs (10,0)–(0,10); they cross at (5,5).
      const v = validateShapes([{ type: 'polygon', points: [[0, 0], [10, 10], [10, 0], [0, 10]] }], W, H);
      expect(v).toEqual([{ shapeIndex: 0, rule: 'self_intersecting', message: 'shape 0: polygon edges 0→1 and 2→3 cross; an outline must not meet itself' }]);
      // The same with a duplicated point: numbers still refer to the list that was sent.
      const w = validateShapes([{ type: 'polygon', points: [[0, 0], [0, 0], [10, 10], [10, 0], [0, 10]] }], W, H);
      expect(w[0]!.message).toContain('edges 0→2 and 3→4 cross');
    });

    it('catches touching vertices and collinear overlaps, not only crossings', () => {
      // Vertex (5,0) of the second lobe lies on edge (0,0)–(10,0).
      const touch = validateShapes([{ type: 'polygon', points: [[0, 0], [10, 0], [10, 10], [5, 0], [0, 10]] }], W, H);
      expect(touch[0]!.message).toMatch(/touch/);
      // A spike doubling back along its own edge.
      const spike = validateShapes([{ type: 'polygon', points: [[0, 0], [10, 0], [10, 10], [10, 5], [10, 20], [0, 20]] }], W, H);
      expect(rules(spike)).toEqual([[0, 'self_intersecting']]);
      expect(spike[0]!.message).toMatch(/overlap/);
      // Edge 3→4 runs back over edge 0→1; the first contact by edge number is edge 2→3 ending on 0→1.
      const flat = validateShapes([{ type: 'polygon', points: [[0, 0], [10, 0], [10, 5], [8, 0], [2, 0], [0, 5]] }], W, H);
      expect(flat[0]!.message).toMatch(/edges 0→1 and 2→3 touch/);
      expect(findSelfIntersection([[0, 0], [10, 0], [10, 5], [8, 0], [2, 0], [0, 5]])).toEqual({ edgeA: 0, edgeB: 2, contact: 'touch' });
    });

    it('calls collinear and tiny polygons zero-area, and caps the point count', () => {
      const v = validateShapes(
        [
          { type: 'polygon', points: [[0, 0], [5, 5], [10, 10], [3, 3]] },
          { type: 'polygon', points: [[0, 0], [1e-4, 0], [0, 1e-4]] },
          { type: 'polygon', points: Array.from({ length: 21 }, (_, i): [number, number] => [100 + 50 * Math.cos(i / 3), 100 + 50 * Math.sin(i / 3)]) },
        ],
        W,
        H,
        { maxPoints: 20 },
      );
      expect(rules(v)).toEqual([[0, 'zero_area'], [1, 'zero_area'], [2, 'too_many_points']]);
      expect(v[0]!.message).toBe('shape 0: polygon has zero area: all its points lie on one line');
    });

    it('accepts random star-shaped polygons and refuses them with two points swapped', () => {
      const rand = prng(7);
      for (let k = 0; k < 50; k++) {
        const star = randomStar(rand, 300, 300, 200, 5 + Math.floor(rand() * 40));
        expect(validateShapes([star], W, H)).toEqual([]);
      }
      // Swapping two non-neighbouring points of a convex 12-gon always makes its outline cross.
      const ring = Array.from({ length: 12 }, (_, i): [number, number] => [300 + 100 * Math.cos((i * Math.PI) / 6), 300 + 100 * Math.sin((i * Math.PI) / 6)]);
      [ring[2], ring[7]] = [ring[7]!, ring[2]!];
      expect(rules(validateShapes([{ type: 'polygon', points: ring }], W, H))).toEqual([[0, 'self_intersecting']]);
    });
  });

  it('reports zero-size boxes and ellipses', () => {
    const v = validateShapes([{ type: 'rect', x: 1, y: 1, width: 0, height: 5 }, { type: 'ellipse', cx: 10, cy: 10, rx: 3, ry: 0 }], W, H);
    expect(rules(v)).toEqual([[0, 'zero_area'], [1, 'zero_area']]);
    expect(v[0]!.message).toBe('shape 0: rect has zero area (width 0, height 5)');
  });

  it('caps the number of shapes and checks only those within the cap', () => {
    const shapes: Shape[] = Array.from({ length: 5 }, () => ({ type: 'rect', x: -10, y: 0, width: 5, height: 5 }));
    const v = validateShapes(shapes, W, H, { maxShapes: 3 });
    expect(rules(v)).toEqual([[0, 'outside_image'], [1, 'outside_image'], [2, 'outside_image'], [3, 'too_many_shapes']]);
    expect(v[3]!.message).toContain('5 shapes sent; at most 3');
  });

  it('treats options left undefined as defaults', () => {
    const shape: Shape = { type: 'polygon', points: [[-0.4, 0], [10, 0], [10, 10]] };
    expect(validateShapes([shape], W, H, { tolerance: undefined, maxShapes: undefined, maxPoints: undefined, minArea: undefined })).toEqual([]);
    expect(validateShapes([{ type: 'rect', x: 0, y: 0, width: 1, height: 1 }], W, H, { minArea: 2 })[0]!.rule).toBe('zero_area');
  });

  it('refuses an impossible image size', () => {
    expect(() => validateShapes([], 0, 100)).toThrow(RangeError);
    expect(() => validateShapes([], NaN, 100)).toThrow(RangeError);
  });
});

describe('segment contacts', () => {
  it.each([
    [[0, 0], [4, 4], [0, 4], [4, 0], 'cross'],
    [[0, 0], [4, 0], [2, 0], [2, 3], 'touch'],
    [[0, 0], [4, 0], [4, 0], [6, 2], 'touch'],
    [[0, 0], [4, 0], [4, 0], [6, 0], 'touch'],
    [[0, 0], [4, 0], [3, 0], [6, 0], 'overlap'],
    [[0, 0], [0, 4], [0, 1], [0, 2], 'overlap'],
    [[0, 0], [4, 0], [5, 0], [6, 0], 'none'],
    [[0, 0], [4, 0], [0, 1], [4, 1], 'none'],
    [[0, 0], [4, 4], [3, 0], [5, 1], 'none'],
  ] as const)('%j–%j vs %j–%j: %s', (a0, a1, b0, b1, expected) => {
    expect(segmentContact(a0, a1, b0, b1)).toBe(expected);
    expect(segmentContact(b1, b0, a1, a0)).toBe(expected);
  });

  it('finds nothing in a simple concave ring', () => {
    expect(findSelfIntersection([[0, 0], [4, 0], [4, 4], [2, 1], [0, 4]])).toBeNull();
  });
});
