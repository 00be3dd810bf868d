import { iou, type OverlapOptions } from './iou.js';
import { bounds } from './measure.js';
import { medianRect, medoidIndex } from './merge.js';
import { boundsOverlap } from './polygon.js';
import type { RectShape, Shape } from './shapes.js';

/** One annotator's shapes for one image–label pair; an empty list is a vote that there is nothing to draw. */
export interface AnnotatorShapes {
  annotator: string;
  shapes: readonly Shape[];
}

export interface ConsensusOptions {
  /** Two shapes match when their IoU is at least this. Default 0.5. */
  iouThreshold?: number;
  /** Share of annotators a cluster needs for a consensus shape. Default 0.5 (half or more). */
  quorum?: number;
  overlap?: OverlapOptions;
}

export interface ClusterMember {
  annotator: string;
  shapeIndex: number;
  shape: Shape;
}

export interface ConsensusCluster {
  /** At most one shape per annotator, ordered by annotator id. */
  members: ClusterMember[];
  /** members / annotators. */
  support: number;
  /** Mean IoU over the members' pairs; null for a lone shape. */
  meanIou: number | null;
  /** The merged shape when the cluster reaches the quorum, else null. */
  consensus: Shape | null;
  /** 'median' for boxes, 'medoid' for everything else (see docs/geometry.md). */
  mergedBy: 'median' | 'medoid' | null;
}

export interface Agreement {
  annotators: number;
  shapes: number;
  /** Member pairs inside clusters: each is two annotators agreeing on one object. */
  matchedPairs: number;
  /** Mean IoU of those pairs; null when there are none. */
  meanIou: number | null;
  /** Share of all shapes that matched a shape of another annotator; null when nobody drew anything. */
  matchedShare: number | null;
}

export interface ConsensusResult {
  clusters: ConsensusCluster[];
  /** The merged shapes of the clusters that reached the quorum, in cluster order (by first member). */
  consensus: Shape[];
  agreement: Agreement;
}

interface Item {
  annotator: number;
  shapeIndex: number;
  shape: Shape;
}

/**
 * Matches shapes across annotators and merges those enough of them agree on. Pairs of shapes from different
 * annotators with IoU ≥ threshold are taken best first (ties by annotator id, then shape index); a pair
 * joins their clusters if no annotator would then appear twice and every cross pair also reaches the
 * threshold (complete linkage, so a chain of near-misses never lumps distant shapes together).
 * Deterministic, and independent of the order in which annotators are listed.
 */
export function buildConsensus(unordered: readonly AnnotatorShapes[], options: ConsensusOptions = {}): ConsensusResult {
  const { iouThreshold = 0.5, quorum = 0.5 } = options;
  if (new Set(unordered.map((a) => a.annotator)).size !== unordered.length) throw new Error('each annotator may appear only once');
  // In id order, every tie below is broken the same way however the caller listed the annotators.
  const input = [...unordered].sort((a, b) => (a.annotator < b.annotator ? -1 : a.annotator > b.annotator ? 1 : 0));
  const items: Item[] = input.flatMap((a, annotator) => a.shapes.map((shape, shapeIndex) => ({ annotator, shapeIndex, shape })));
  const n = items.length;
  const boxes = items.map((it) => bounds(it.shape));
  const m = Array.from({ length: n }, () => new Float64Array(n));
  const pairs: [number, number, number][] = [];
  for (let i = 0; i < n; i++) {
    m[i]![i] = 1;
    for (let j = i + 1; j < n; j++) {
      if (items[i]!.annotator === items[j]!.annotator || !boundsOverlap(boxes[i]!, boxes[j]!)) continue;
      const v = iou(items[i]!.shape, items[j]!.shape, options.overlap);
      m[i]![j] = m[j]![i] = v;
      if (v >= iouThreshold) pairs.push([v, i, j]);
    }
  }
  pairs.sort((p, q) => q[0] - p[0] || p[1] - q[1] || p[2] - q[2]);

  const clusterOf = Array.from({ length: n }, (_, i) => i);
  const members: number[][] = Array.from({ length: n }, (_, i) => [i]);
  for (const [, i, j] of pairs) {
    const ci = clusterOf[i]!;
    const cj = clusterOf[j]!;
    if (ci === cj) continue;
    const a = members[ci]!;
    const b = members[cj]!;
    const annotators = new Set(a.map((k) => items[k]!.annotator));
    if (b.some((k) => annotators.has(items[k]!.annotator))) continue;
    if (a.some((x) => b.some((y) => m[x]![y]! < iouThreshold))) continue;
    const [keep, drop] = ci < cj ? [ci, cj] : [cj, ci];
    members[keep] = [...a, ...b].sort((x, y) => x - y);
    members[drop] = [];
    for (const k of members[keep]!) clusterOf[k] = keep;
  }

  const clusters: ConsensusCluster[] = [];
  let pairCount = 0;
  let pairSum = 0;
  let matched = 0;
  for (const group of members) {
    if (group.length === 0) continue;
    const local = group.map((x) => group.map((y) => m[x]![y]!));
    let sum = 0;
    for (let x = 0; x < group.length; x++) for (let y = x + 1; y < group.length; y++) sum += local[x]![y]!;
    const localPairs = (group.length * (group.length - 1)) / 2;
    pairCount += localPairs;
    pairSum += sum;
    if (group.length > 1) matched += group.length;
    const support = group.length / input.length;
    const shapes = group.map((k) => items[k]!.shape);
    const reaches = support >= quorum - 1e-12;
    const allRects = shapes.every((s) => s.type === 'rect');
    const medoid = shapes[medoidIndex(local)]!;
    clusters.push({
      members: group.map((k) => ({ annotator: input[items[k]!.annotator]!.annotator, shapeIndex: items[k]!.shapeIndex, shape: items[k]!.shape })),
      support,
      meanIou: localPairs > 0 ? sum / localPairs : null,
      consensus: !reaches ? null : allRects ? medianRect(shapes as RectShape[], medoid as RectShape) : medoid,
      mergedBy: !reaches ? null : allRects ? 'median' : 'medoid',
    });
  }
  return {
    clusters,
    consensus: clusters.flatMap((c) => (c.consensus ? [c.consensus] : [])),
    agreement: {
      annotators: input.length,
      shapes: n,
      matchedPairs: pairCount,
      meanIou: pairCount > 0 ? pairSum / pairCount : null,
      matchedShare: n > 0 ? matched / n : null,
    },
  };
}
