export {
  ellipseSchema,
  pointSchema,
  polygonSchema,
  rectSchema,
  shapeSchema,
  shapesSchema,
  type Bounds,
  type EllipseShape,
  type Point,
  type PolygonShape,
  type RectShape,
  type Shape,
} from './shapes.js';
export { validateShapes, type ValidateOptions, type Violation, type ViolationRule } from './validate.js';
export { area, bounds, centroid, ellipseRing, rectCorners, toPolygon, ELLIPSE_SEGMENTS } from './measure.js';
export { ringArea, ringBounds, type Ring } from './polygon.js';
export { iou, intersectionArea, overlap, type Overlap, type OverlapOptions } from './iou.js';
export {
  buildConsensus,
  type Agreement,
  type AnnotatorShapes,
  type ClusterMember,
  type ConsensusCluster,
  type ConsensusOptions,
  type ConsensusResult,
} from './consensus.js';
export { coverage, coverageDetails, type CoverageOptions, type CoverageResult } from './coverage.js';
export type { SweepOptions } from './sweep.js';
