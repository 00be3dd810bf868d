import { consensusOf } from './consensus-view.js';

const box = (x: number, y: number, width = 40, height = 30) => ({ type: 'rect' as const, x, y, width, height });

describe('consensusOf', () => {
  it('merges three annotators’ matching boxes into their median and keeps an outlier out', () => {
    const result = consensusOf(
      [
        { annotationId: 'a', shapes: [box(10, 10), box(200, 200)], verdict: 'unknown' },
        { annotationId: 'b', shapes: [box(12, 8)], verdict: 'likely_right' },
        { annotationId: 'c', shapes: [box(11, 12)], verdict: 'uncertain' },
      ],
      { iouThreshold: 0.5, quorum: 0.5 },
    );
    expect(result.drawings).toBe(3);
    expect(result.shapes).toEqual([box(11, 10)]);
    const merged = result.clusters.find((c) => c.members.length === 3)!;
    expect(merged.members.map((m) => m.annotationId)).toEqual(['a', 'b', 'c']);
    expect(merged.support).toBe(1);
    const lone = result.clusters.find((c) => c.members.length === 1)!;
    expect(lone.shape).toBeNull(); // one of three drawings is below the quorum
    expect(result.matchedShare).toBeCloseTo(3 / 4, 12);
  });

  it('leaves out drawings the crowd rejected', () => {
    const result = consensusOf(
      [
        { annotationId: 'a', shapes: [box(10, 10)], verdict: 'likely_wrong' },
        { annotationId: 'b', shapes: [box(100, 100)], verdict: 'unknown' },
      ],
      { iouThreshold: 0.5, quorum: 0.5 },
    );
    expect(result.drawings).toBe(1);
    expect(result.shapes).toEqual([box(100, 100)]);
  });
});
