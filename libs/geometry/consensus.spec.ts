import { buildConsensus, iou, type AnnotatorShapes, type RectShape, type Shape } from './index.js';
import { median, medianRect, medoidIndex } from './merge.js';
import { prng } from './spec-helpers.js';

const rect = (x: number, y: number, width: number, height: number, rotation?: number): RectShape => ({ type: 'rect', x, y, width, height, ...(rotation === undefined ? {} : { rotation }) });
const square = (x: number, y: number, s: number): Shape => ({ type: 'polygon', points: [[x, y], [x + s, y], [x + s, y + s], [x, y + s]] });

const expectRect = (got: Shape | null, want: RectShape) => {
  expect(got?.type).toBe('rect');
  const r = got as RectShape;
  for (const k of ['x', 'y', 'width', 'height'] as const) expect(r[k]).toBeCloseTo(want[k], 9);
  expect(r.rotation ?? 0).toBeCloseTo(want.rotation ?? 0, 9);
};

describe('buildConsensus', () => {
  const three: AnnotatorShapes[] = [
    { annotator: 'ann', shapes: [rect(10, 10, 100, 50), rect(300, 200, 80, 80)] },
    { annotator: 'bob', shapes: [rect(305, 195, 80, 90), rect(12, 8, 96, 54)] },
    { annotator: 'cyd', shapes: [rect(9, 11, 104, 49), rect(298, 202, 76, 78)] },
  ];

  it('matches boxes across annotators and merges each edge by its median', () => {
    const res = buildConsensus(three);
    expect(res.clusters).toHaveLength(2);
    expect(res.clusters.map((c) => c.members.map((m) => `${m.annotator}#${m.shapeIndex}`))).toEqual([
      ['ann#0', 'bob#1', 'cyd#0'],
      ['ann#1', 'bob#0', 'cyd#1'],
    ]);
    // Left {10, 12, 9}, right {110, 108, 113}, top {10, 8, 11}, bottom {60, 62, 60}.
    expectRect(res.consensus[0]!, rect(10, 10, 100, 50));
    // Left {300, 305, 298}, right {380, 385, 374}, top {200, 195, 202}, bottom {280, 285, 280}.
    expectRect(res.consensus[1]!, rect(300, 200, 80, 80));
    expect(res.clusters.every((c) => c.support === 1 && c.mergedBy === 'median')).toBe(true);
    const pairs = [
      [three[0]!.shapes[0]!, three[1]!.shapes[1]!], [three[0]!.shapes[0]!, three[2]!.shapes[0]!], [three[1]!.shapes[1]!, three[2]!.shapes[0]!],
      [three[0]!.shapes[1]!, three[1]!.shapes[0]!], [three[0]!.shapes[1]!, three[2]!.shapes[1]!], [three[1]!.shapes[0]!, three[2]!.shapes[1]!],
    ] as const;
    const mean = pairs.reduce((s, [a, b]) => s + iou(a, b), 0) / 6;
    expect(res.agreement).toEqual({ annotators: 3, shapes: 6, matchedPairs: 6, meanIou: expect.closeTo(mean, 12), matchedShare: 1 });
  });

  it('gives the same result whatever the order of annotators, ties included', () => {
    expect(buildConsensus([three[2]!, three[0]!, three[1]!])).toEqual(buildConsensus(three));
    // Two annotators, two polygons: both have the same mean IoU, the tie goes to the lower annotator id.
    const pair: AnnotatorShapes[] = [{ annotator: 'zoe', shapes: [square(1, 0, 10)] }, { annotator: 'amy', shapes: [square(0, 0, 10)] }];
    expect(buildConsensus(pair).consensus).toEqual([square(0, 0, 10)]);
    expect(buildConsensus([pair[1]!, pair[0]!]).consensus).toEqual([square(0, 0, 10)]);
  });

  it('needs the quorum, counting annotators who drew nothing', () => {
    const input: AnnotatorShapes[] = [
      { annotator: 'a', shapes: [rect(0, 0, 10, 10), rect(100, 100, 10, 10)] },
      { annotator: 'b', shapes: [rect(1, 0, 10, 10)] },
      { annotator: 'c', shapes: [] },
      { annotator: 'd', shapes: [] },
    ];
    const res = buildConsensus(input);
    expect(res.clusters.map((c) => c.support)).toEqual([0.5, 0.25]);
    expect(res.consensus).toHaveLength(1);
    expect(res.clusters[1]!.consensus).toBeNull();
    expect(res.agreement.matchedShare).toBeCloseTo(2 / 3, 12);
    expect(buildConsensus(input, { quorum: 0.51 }).consensus).toEqual([]);
  });

  it('never puts two shapes of one annotator in a cluster', () => {
    const res = buildConsensus([
      { annotator: 'a', shapes: [rect(0, 0, 10, 10), rect(1, 0, 10, 10)] },
      { annotator: 'b', shapes: [rect(0, 0, 10, 10)] },
    ]);
    expect(res.clusters.map((c) => c.members.map((m) => `${m.annotator}#${m.shapeIndex}`))).toEqual([['a#0', 'b#0'], ['a#1']]);
  });

  it('does not chain near-misses: every pair in a cluster reaches the threshold', () => {
    // A–B and B–C overlap by 75/125 = 0.6, A–C by only 50/150 = 1/3.
    const res = buildConsensus([
      { annotator: 'a', shapes: [rect(0, 0, 100, 10)] },
      { annotator: 'b', shapes: [rect(25, 0, 100, 10)] },
      { annotator: 'c', shapes: [rect(50, 0, 100, 10)] },
    ]);
    expect(res.clusters.map((c) => c.members.map((m) => m.annotator))).toEqual([['a', 'b'], ['c']]);
    expect(res.clusters[0]!.meanIou).toBeCloseTo(0.6, 12);
    expect(res.agreement.meanIou).toBeCloseTo(0.6, 12);
  });

  it('merges turned boxes drawn as 90° or 180° variants of one box', () => {
    // All centred on (50, 20): 100×40 at 8°, 40×100 at 100° (= 100×40 at 10°), 104×38 at 194° (= 14°).
    const res = buildConsensus([
      { annotator: 'a', shapes: [rect(0, 0, 100, 40, 8)] },
      { annotator: 'b', shapes: [rect(30, -30, 40, 100, 100)] },
      { annotator: 'c', shapes: [rect(-2, 1, 104, 38, 194)] },
    ]);
    expect(res.clusters).toHaveLength(1);
    // Written in the frame of the medoid (b): angles 98, 100, 104 → 100; sizes 40×100, 40×100, 38×104.
    expectRect(res.consensus[0]!, rect(30, -30, 40, 100, 100));
    expect(iou(res.consensus[0]!, rect(0, 0, 100, 40, 10))).toBeCloseTo(1, 9);
  });

  it('picks the medoid for polygons and mixed clusters', () => {
    // Shifts 0, 1, 2: the middle square overlaps both others by 90/110, the outer ones each other by 80/120.
    const res = buildConsensus([
      { annotator: 'a', shapes: [square(0, 0, 10)] },
      { annotator: 'b', shapes: [square(2, 0, 10)] },
      { annotator: 'c', shapes: [square(1, 0, 10)] },
    ]);
    expect(res.clusters[0]!.mergedBy).toBe('medoid');
    expect(res.consensus).toEqual([square(1, 0, 10)]);
    const mixed = buildConsensus([
      { annotator: 'a', shapes: [rect(0, 0, 10, 10)] },
      { annotator: 'b', shapes: [square(1, 0, 10)] },
      { annotator: 'c', shapes: [{ type: 'ellipse', cx: 6, cy: 5, rx: 5.5, ry: 5.5 }] },
    ]);
    expect(mixed.clusters[0]!.members).toHaveLength(3);
    expect(mixed.clusters[0]!.mergedBy).toBe('medoid');
  });

  it('recovers jittered boxes from seven annotators with one outlier each', () => {
    const rand = prng(99);
    const truth = [rect(50, 50, 200, 120), rect(400, 80, 90, 160), rect(120, 300, 150, 150)];
    const input: AnnotatorShapes[] = Array.from({ length: 7 }, (_, a) => ({
      annotator: `u${a}`,
      shapes: [
        ...truth.map((t) => rect(t.x + (rand() - 0.5) * 6, t.y + (rand() - 0.5) * 6, t.width + (rand() - 0.5) * 6, t.height + (rand() - 0.5) * 6)),
        rect(600 + 50 * a, 400, 30, 30),
      ],
    }));
    const res = buildConsensus(input);
    expect(res.consensus).toHaveLength(3);
    res.consensus.forEach((c, k) => expect(iou(c, truth[k]!)).toBeGreaterThan(0.95));
    expect(res.agreement.matchedShare).toBeCloseTo(21 / 28, 12);
    expect(res.agreement.meanIou).toBeGreaterThan(0.9);
  });

  it('honours the IoU threshold and handles no input', () => {
    expect(buildConsensus(three, { iouThreshold: 0.99 }).clusters).toHaveLength(6);
    expect(buildConsensus([])).toEqual({ clusters: [], consensus: [], agreement: { annotators: 0, shapes: 0, matchedPairs: 0, meanIou: null, matchedShare: null } });
    expect(() => buildConsensus([three[0]!, three[0]!])).toThrow(/only once/);
  });
});

describe('merge helpers', () => {
  it('takes medians and medoids', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(medoidIndex([[1, 0.2, 0.9], [0.2, 1, 0.3], [0.9, 0.3, 1]])).toBe(2);
    expect(medoidIndex([[1]])).toBe(0);
  });

  it('leaves a single box as it is', () => {
    const r = rect(3, 4, 50, 20, -30);
    expectRect(medianRect([r], r), r);
    expect(medianRect([rect(1, 2, 3, 4)], rect(1, 2, 3, 4))).toEqual(rect(1, 2, 3, 4));
  });
});
