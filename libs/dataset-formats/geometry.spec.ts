import {
  clampBox,
  clipPolygonToRect,
  ellipseToPolygon,
  ellipseVertexCount,
  polygonArea,
  polygonBounds,
  projectShape,
  rectToPolygon,
  shapeArea,
  shapeToPolygon,
  type Point,
} from './geometry.js';
import { prng } from './testing/dataset.js';

const close = (a: Point, b: Point) => {
  expect(a[0]).toBeCloseTo(b[0], 9);
  expect(a[1]).toBeCloseTo(b[1], 9);
};

describe('rectToPolygon', () => {
  it('gives the corners clockwise from the top-left when unrotated', () => {
    const corners = rectToPolygon({ type: 'rect', x: 10, y: 20, width: 30, height: 40 });
    [[10, 20], [40, 20], [40, 60], [10, 60]].forEach((p, i) => close(corners[i], p as Point));
  });

  it('rotates about the centre, clockwise on screen (y down)', () => {
    // A 4×2 box centred on (5,5), turned 90°: its top-left corner (3,4) swings to the top-right (6,3).
    const corners = rectToPolygon({ type: 'rect', x: 3, y: 4, width: 4, height: 2, rotation: 90 });
    close(corners[0], [6, 3]);
    close(corners[2], [4, 7]);
    expect(polygonBounds(corners)).toEqual({ x0: expect.closeTo(4, 9), y0: expect.closeTo(3, 9), x1: expect.closeTo(6, 9), y1: expect.closeTo(7, 9) });
  });

  it('keeps area and centre under any rotation', () => {
    const rand = prng(7);
    for (let i = 0; i < 100; i++) {
      const rect = { type: 'rect' as const, x: rand() * 100, y: rand() * 100, width: 1 + rand() * 50, height: 1 + rand() * 50, rotation: rand() * 720 - 360 };
      const corners = rectToPolygon(rect);
      expect(polygonArea(corners)).toBeCloseTo(rect.width * rect.height, 6);
      const cx = corners.reduce((s, p) => s + p[0], 0) / 4;
      expect(cx).toBeCloseTo(rect.x + rect.width / 2, 9);
    }
  });

  it("keeps an unrotated or fully turned box's own coordinates to the last bit", () => {
    // Going through the centre used to give y = 22.139999999999997 here, which COCO's outward rounding wrote as 22.13.
    const rect = { type: 'rect' as const, x: 22.37, y: 22.14, width: 31.3, height: 43.01 };
    const [right, bottom] = [rect.x + rect.width, rect.y + rect.height];
    expect(rectToPolygon(rect)).toEqual([[rect.x, rect.y], [right, rect.y], [right, bottom], [rect.x, bottom]]);
    expect(rectToPolygon({ ...rect, rotation: 360 })).toEqual(rectToPolygon(rect));
  });
});

describe('ellipses', () => {
  it('uses more vertices for bigger ellipses, at least 8 and a multiple of 4', () => {
    const counts = [0.1, 2, 10, 100, 1000, 1e6].map((r) => ellipseVertexCount(r, r));
    expect(counts[0]).toBe(8);
    for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeGreaterThanOrEqual(counts[i - 1]);
    expect(counts.every((n) => n % 4 === 0 && n <= 256)).toBe(true);
  });

  it('stays within half a pixel of the true curve (area within the sagitta band)', () => {
    for (const [rx, ry] of [[5, 3], [50, 20], [400, 400], [900, 30]]) {
      const polygon = ellipseToPolygon({ type: 'ellipse', cx: 0, cy: 0, rx, ry, rotation: 33 });
      const exact = Math.PI * rx * ry;
      expect(polygonArea(polygon)).toBeLessThan(exact);
      // The band between the curve and its inscribed polygon is under perimeter × 0.5 px.
      const perimeter = Math.PI * (3 * (rx + ry) - Math.sqrt((3 * rx + ry) * (rx + 3 * ry)));
      expect(exact - polygonArea(polygon)).toBeLessThan(perimeter * 0.5);
      for (const [x, y] of polygon) {
        const t = (33 * Math.PI) / 180;
        const u = x * Math.cos(t) + y * Math.sin(t);
        const v = -x * Math.sin(t) + y * Math.cos(t);
        expect((u / rx) ** 2 + (v / ry) ** 2).toBeCloseTo(1, 9);
      }
    }
  });

  it('keeps the exact extremes when unrotated', () => {
    const b = polygonBounds(ellipseToPolygon({ type: 'ellipse', cx: 50, cy: 40, rx: 20, ry: 10 }));
    expect([b.x0, b.y0, b.x1, b.y1].map((v) => Math.round(v * 1e9) / 1e9)).toEqual([30, 30, 70, 50]);
  });
});

describe('shapeToPolygon', () => {
  it('gives a polygon its points as drawn, repeats included, in a copy', () => {
    const points: Point[] = [[0, 0], [0, 0], [4, 0], [4, 4], [0, 0]];
    const polygon = shapeToPolygon({ type: 'polygon', points });
    expect(polygon).toEqual(points);
    polygon[0][0] = 9;
    expect(points[0]).toEqual([0, 0]);
  });
});

describe('polygonArea and shapeArea', () => {
  it('is the shoelace area whatever the winding', () => {
    const square: Point[] = [[0, 0], [4, 0], [4, 4], [0, 4]];
    expect(polygonArea(square)).toBe(16);
    expect(polygonArea([...square].reverse())).toBe(16);
    expect(polygonArea([[0, 0], [4, 0], [4, 4], [2, 1], [0, 4]])).toBe(10); // concave
  });

  it('is exact for ellipses, not the polygon approximation', () => {
    expect(shapeArea({ type: 'ellipse', cx: 0, cy: 0, rx: 2, ry: 3 })).toBeCloseTo(6 * Math.PI, 12);
  });

  it('is never negative, even for sizes validation would refuse', () => {
    expect(shapeArea({ type: 'rect', x: 0, y: 0, width: -2, height: 3 })).toBe(6);
    expect(shapeArea({ type: 'ellipse', cx: 0, cy: 0, rx: 2, ry: -3 })).toBeCloseTo(6 * Math.PI, 12);
  });
});

describe('clipping and clamping', () => {
  it('clamps boxes to the image', () => {
    expect(clampBox({ x0: -5, y0: 3, x1: 120, y1: 90 }, 100, 80)).toEqual({ x0: 0, y0: 3, x1: 100, y1: 80 });
  });

  it('clips a polygon to the part inside the image', () => {
    const clipped = clipPolygonToRect([[-10, -10], [10, -10], [10, 10], [-10, 10]], 100, 100);
    expect(polygonArea(clipped)).toBeCloseTo(100, 9);
    expect(polygonBounds(clipped)).toEqual({ x0: 0, y0: 0, x1: 10, y1: 10 });
  });

  it('gives the intersection area for random polygons (checked by sampling)', () => {
    const rand = prng(11);
    for (let i = 0; i < 20; i++) {
      const rect = { type: 'rect' as const, x: rand() * 120 - 40, y: rand() * 120 - 40, width: 10 + rand() * 60, height: 10 + rand() * 60, rotation: rand() * 90 };
      const clipped = clipPolygonToRect(rectToPolygon(rect), 100, 100);
      let inside = 0;
      const grid = 200;
      const corners = rectToPolygon(rect);
      for (let gx = 0; gx < grid; gx++) {
        for (let gy = 0; gy < grid; gy++) if (pointInPolygon([(gx + 0.5) / 2, (gy + 0.5) / 2], corners)) inside++;
      }
      expect(Math.abs(polygonArea(clipped) - inside / 4)).toBeLessThan(3);
    }
  });
});

describe('projectShape', () => {
  it('marks and clips shapes over the edge, keeping the exact area of shapes inside', () => {
    const inside = projectShape({ type: 'ellipse', cx: 50, cy: 50, rx: 10, ry: 5 }, 100, 100)!;
    expect(inside.truncated).toBe(false);
    expect(inside.area).toBeCloseTo(50 * Math.PI, 9);
    const over = projectShape({ type: 'rect', x: 90, y: 90, width: 20, height: 20 }, 100, 100)!;
    expect(over.truncated).toBe(true);
    expect(over.area).toBeCloseTo(100, 9);
    expect(over.box).toEqual({ x0: 90, y0: 90, x1: 100, y1: 100 });
  });

  it('drops what nothing can train on', () => {
    expect(projectShape({ type: 'rect', x: 10, y: 10, width: 0, height: 5 }, 100, 100)).toBeNull();
    expect(projectShape({ type: 'rect', x: 200, y: 200, width: 5, height: 5 }, 100, 100)).toBeNull();
    expect(projectShape({ type: 'polygon', points: [[0, 0], [5, 5]] }, 100, 100)).toBeNull();
    expect(projectShape({ type: 'polygon', points: [[0, 0], [5, 5], [10, 10]] }, 100, 100)).toBeNull();
    expect(projectShape({ type: 'rect', x: Number.NaN, y: 1, width: 5, height: 5 }, 100, 100)).toBeNull();
  });
});

function pointInPolygon([x, y]: Point, polygon: Point[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i];
    const [xj, yj] = polygon[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
