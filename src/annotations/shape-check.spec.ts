import { checkShapes, normalizeShapes } from './shape-check.js';

const limits = { maxShapes: 5, maxPolygonPoints: 50 };
const rules = (raw: unknown[]) => checkShapes(raw, 100, 80, limits).map((v) => [v.shapeIndex, v.rule]);

describe('checkShapes', () => {
  it('accepts valid rects, turned rects, ellipses and polygons', () => {
    expect(
      checkShapes(
        [
          { type: 'rect', x: 10, y: 10, width: 20, height: 10 },
          { type: 'rect', x: 40, y: 30, width: 20, height: 10, rotation: 30 },
          { type: 'ellipse', cx: 50, cy: 40, rx: 10, ry: 5, rotation: 10 },
          { type: 'polygon', points: [[0, 0], [20, 0], [10, 15]] },
        ],
        100,
        80,
        limits,
      ),
    ).toEqual([]);
  });

  it('names the index and the rule of every broken shape, in index order', () => {
    expect(
      rules([
        { type: 'rect', x: 0, y: 0, width: 10, height: 10 },
        { type: 'circle', cx: 1 },
        { type: 'rect', x: 0, y: 0, width: -1, height: 10 },
        { type: 'polygon', points: [[0, 0], [10, 10]] },
        { type: 'ellipse', cx: 95, cy: 40, rx: 10, ry: 5 },
      ]),
    ).toEqual([
      [1, 'invalid_shape'],
      [2, 'negative_size'],
      [3, 'too_few_points'],
      [4, 'outside_image'],
    ]);
  });

  it('refuses unknown fields, which the geometry rules do not see', () => {
    const [v] = checkShapes([{ type: 'rect', x: 0, y: 0, width: 10, height: 10, color: 'red' }], 100, 80, limits);
    expect(v).toMatchObject({ shapeIndex: 0, rule: 'invalid_shape' });
    expect(v!.message).toMatch(/unknown field color/);
  });

  it('reports non-finite numbers, zero area, self-intersection and the caps', () => {
    expect(rules([{ type: 'rect', x: Infinity, y: 0, width: 1, height: 1 }])).toEqual([[0, 'not_finite']]);
    expect(rules([{ type: 'rect', x: 1, y: 1, width: 0, height: 5 }])).toEqual([[0, 'zero_area']]);
    expect(rules([{ type: 'polygon', points: [[0, 0], [10, 10], [10, 0], [0, 10]] }])).toEqual([[0, 'self_intersecting']]);
    const many = Array.from({ length: 51 }, (_, k) => [k, (k * k) % 7]);
    expect(rules([{ type: 'polygon', points: many }])).toEqual([[0, 'too_many_points']]);
    expect(rules(Array.from({ length: 6 }, () => ({ type: 'rect', x: 0, y: 0, width: 1, height: 1 })))).toEqual([[5, 'too_many_shapes']]);
  });

  it('handles values that are not shapes at all', () => {
    expect(rules([null, 7, 'rect', []])).toEqual([
      [0, 'invalid_shape'],
      [1, 'invalid_shape'],
      [2, 'invalid_shape'],
      [3, 'invalid_shape'],
    ]);
  });
});

describe('normalizeShapes', () => {
  it('keeps only the documented fields', () => {
    expect(normalizeShapes([{ rotation: 5, height: 2, width: 1, y: 0, x: 0, type: 'rect' }])).toEqual([{ type: 'rect', x: 0, y: 0, width: 1, height: 2, rotation: 5 }]);
  });
});
