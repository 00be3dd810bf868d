import { buildConsensus, type Shape } from '../../libs/geometry/index.js';
import type { ConsensusDto } from './image-annotations.dto.js';

export interface Drawing {
  annotationId: string;
  shapes: readonly Shape[];
  verdict: string;
}

/**
 * Consensus of one pair's drawings: each annotation is one annotator (its current revision), drawings the
 * crowd rejected are left out, and shapes that agree by IoU are merged (libs/geometry buildConsensus).
 */
export function consensusOf(drawings: readonly Drawing[], options: { iouThreshold: number; quorum: number }): ConsensusDto {
  const kept = drawings.filter((d) => d.verdict !== 'likely_wrong');
  const result = buildConsensus(
    kept.map((d) => ({ annotator: d.annotationId, shapes: d.shapes })),
    { iouThreshold: options.iouThreshold, quorum: options.quorum },
  );
  return {
    shapes: result.consensus,
    drawings: kept.length,
    matchedPairs: result.agreement.matchedPairs,
    meanIou: result.agreement.meanIou,
    matchedShare: result.agreement.matchedShare,
    clusters: result.clusters.map((c) => ({
      members: c.members.map((m) => ({ annotationId: m.annotator, shapeIndex: m.shapeIndex })),
      support: c.support,
      meanIou: c.meanIou,
      shape: c.consensus,
    })),
  };
}
