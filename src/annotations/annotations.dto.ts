import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMinSize, IsArray, IsBoolean, IsOptional } from 'class-validator';
import type { Shape } from '../../libs/geometry/index.js';
import { ValidateEnum, ValidateInt, ValidateString, ValidateUUID } from '../common/validation.js';
import type { AnnotationRow } from './annotations.repository.js';
import { ANNOTATION_ANSWERS, type AnnotationAnswer } from './annotation-vote.entity.js';
import { TASK_ANSWERS, type TaskAnswer } from './annotation-task-answer.entity.js';

const VERDICTS = ['unknown', 'likely_right', 'likely_wrong', 'uncertain'] as const;

// The shape classes document the JSON for OpenAPI; the body is checked by libs/geometry (422 per shape).
export class RectShapeDto {
  @ApiProperty({ enum: ['rect'] })
  type: 'rect';
  @ApiProperty({ description: 'Left edge before rotation, image pixels' })
  x: number;
  @ApiProperty({ description: 'Top edge before rotation (y grows downwards)' })
  y: number;
  @ApiProperty({ minimum: 0 })
  width: number;
  @ApiProperty({ minimum: 0 })
  height: number;
  @ApiProperty({ required: false, description: 'Degrees about the centre, clockwise on screen' })
  rotation?: number;
}

export class EllipseShapeDto {
  @ApiProperty({ enum: ['ellipse'] })
  type: 'ellipse';
  @ApiProperty()
  cx: number;
  @ApiProperty()
  cy: number;
  @ApiProperty({ minimum: 0, description: 'Semi-axis along x before rotation' })
  rx: number;
  @ApiProperty({ minimum: 0 })
  ry: number;
  @ApiProperty({ required: false })
  rotation?: number;
}

export class PolygonShapeDto {
  @ApiProperty({ enum: ['polygon'] })
  type: 'polygon';
  @ApiProperty({ type: 'array', items: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 }, example: [[0, 0], [40, 0], [20, 30]] })
  points: Array<[number, number]>;
}

const SHAPES_SCHEMA = {
  type: 'array' as const,
  items: { oneOf: [RectShapeDto, EllipseShapeDto, PolygonShapeDto].map((m) => ({ $ref: getSchemaPath(m) })) },
};

const SHAPES_DOC =
  'Shapes in image pixels: rect (optional rotation), ellipse, polygon (≥ 3 distinct points, simple). Every shape must lie inside the image; a broken rule is a 422 naming the shape index and the rule (see docs/geometry.md).';

@ApiExtraModels(RectShapeDto, EllipseShapeDto, PolygonShapeDto)
export class CreateAnnotationDto {
  @ValidateUUID({ description: 'The image–label pair (from GET /api/images/:id/labels or a task) the drawing outlines' })
  pairId: string;

  @IsArray()
  @ArrayMinSize(1, { message: 'shapes must hold at least one shape' })
  @ApiProperty({ ...SHAPES_SCHEMA, minItems: 1, description: SHAPES_DOC })
  shapes: unknown[];
}

@ApiExtraModels(RectShapeDto, EllipseShapeDto, PolygonShapeDto)
export class ReviseAnnotationDto {
  @ValidateInt({ min: 1, max: 1_000_000, description: 'The revision you edited; if it is no longer the current one the answer is 409 with the current revision' })
  revision: number;

  @IsArray()
  @ArrayMinSize(1, { message: 'shapes must hold at least one shape' })
  @ApiProperty({ ...SHAPES_SCHEMA, minItems: 1, description: SHAPES_DOC })
  shapes: unknown[];
}

export class RevisionValidationDto {
  @ApiProperty()
  yes: number;

  @ApiProperty()
  no: number;

  @ApiProperty({ type: Number, nullable: true, description: 'P(the drawing is right), weighted by voter reliability; null until a vote counts' })
  probability: number | null;

  @ApiProperty({ enum: VERDICTS })
  verdict: string;

  @ApiProperty({ description: 'probability ≥ validation.confirmedThreshold: exported and counted in coverage' })
  validated: boolean;
}

@ApiExtraModels(RectShapeDto, EllipseShapeDto, PolygonShapeDto)
export class AnnotationRevisionDto {
  @ApiProperty({ format: 'uuid' })
  annotationId: string;

  @ApiProperty({ description: 'This revision’s number (1 is the first drawing)' })
  revision: number;

  @ApiProperty({ description: 'It is the annotation’s current revision' })
  current: boolean;

  @ApiProperty(SHAPES_SCHEMA)
  shapes: Shape[];

  @ApiProperty({ type: String, nullable: true, description: 'Who saved this revision (null: anonymous)' })
  author: string | null;

  @ApiProperty()
  createdAt: string;

  @ApiProperty({ type: RevisionValidationDto, description: 'Votes on this revision only: votes never carry over to a new one' })
  validation: RevisionValidationDto;
}

@ApiExtraModels(RectShapeDto, EllipseShapeDto, PolygonShapeDto)
export class AnnotationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  imageId: string;

  @ApiProperty({ format: 'uuid' })
  pairId: string;

  @ApiProperty()
  label: string;

  @ApiProperty({ type: String, nullable: true, description: 'The whole, for a part label' })
  parent: string | null;

  @ApiProperty({ description: 'The current revision; send it back with PUT' })
  revision: number;

  @ApiProperty(SHAPES_SCHEMA)
  shapes: Shape[];

  @ApiProperty({ type: String, nullable: true, description: 'Who drew revision 1 (null: anonymous)' })
  annotator: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Who saved the current revision (null: anonymous)' })
  author: string | null;

  @ApiProperty()
  createdAt: string;

  @ApiProperty()
  updatedAt: string;

  @ApiProperty({ type: RevisionValidationDto })
  validation: RevisionValidationDto;
}

export class AnnotationVoteDto {
  @ValidateEnum(ANNOTATION_ANSWERS, { description: 'Does this revision outline every instance of the label, tightly?' })
  answer: AnnotationAnswer;
}

export class AnnotationVoteResultDto {
  @ApiProperty({ format: 'uuid' })
  annotationId: string;

  @ApiProperty()
  revision: number;

  @ApiProperty({ enum: ANNOTATION_ANSWERS })
  answer: AnnotationAnswer;

  @ApiProperty({ description: 'It replaced your earlier vote on this revision' })
  replaced: boolean;

  @ApiProperty({ description: 'Your vote moved the probability (false while you are in training or flagged)' })
  counted: boolean;

  @ApiProperty({ type: RevisionValidationDto })
  validation: RevisionValidationDto;
}

export class NextAnnotationQueryDto {
  @ValidateString({ max: 2000, optional: true, description: 'Only images matching this query (see docs/query-language.md)' })
  query?: string;

  @ValidateString({ max: 64, optional: true, description: 'Only pairs of this label' })
  label?: string;
}

export class AnnotationTaskDto {
  @ApiProperty({ format: 'uuid', description: 'Send it as pairId when posting the drawing' })
  pairId: string;

  @ApiProperty({ format: 'uuid' })
  imageId: string;

  @ApiProperty()
  label: string;

  @ApiProperty({ type: String, nullable: true })
  parent: string | null;

  @ApiProperty({ example: 'Draw every dog in this image.' })
  instruction: string;

  @ApiProperty()
  imageUrl: string;

  @ApiProperty()
  thumbnailUrl: string;

  @ApiProperty({ description: 'Image width in pixels: the coordinate space of the shapes' })
  width: number;

  @ApiProperty()
  height: number;

  @ApiProperty({ description: 'Drawings other people already made for this pair' })
  drawings: number;
}

export class TaskAnswerResultDto {
  @ApiProperty({ format: 'uuid' })
  pairId: string;

  @ApiProperty({ enum: TASK_ANSWERS })
  answer: TaskAnswer;

  @ApiProperty({ description: 'People who answered "not annotatable" for this pair' })
  notAnnotatable: number;
}

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value);

export class ImageAnnotationsQueryDto {
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'consensus must be true or false' })
  @ApiProperty({ type: Boolean, required: false, description: 'Also merge the drawings of each label into consensus shapes' })
  consensus?: boolean;
}

export class ConsensusMemberDto {
  @ApiProperty({ format: 'uuid' })
  annotationId: string;

  @ApiProperty({ description: 'Index of the shape in that annotation' })
  shapeIndex: number;
}

@ApiExtraModels(RectShapeDto, EllipseShapeDto, PolygonShapeDto)
export class ConsensusClusterDto {
  @ApiProperty({ type: ConsensusMemberDto, isArray: true, description: 'Matching shapes, at most one per drawing' })
  members: ConsensusMemberDto[];

  @ApiProperty({ description: 'Share of the drawings that have a shape in this cluster' })
  support: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Mean IoU of the members’ pairs' })
  meanIou: number | null;

  @ApiProperty({ oneOf: SHAPES_SCHEMA.items.oneOf, nullable: true, description: 'The merged shape when enough drawings agree (annotations.consensusQuorum)' })
  shape: Shape | null;
}

@ApiExtraModels(RectShapeDto, EllipseShapeDto, PolygonShapeDto)
export class ConsensusDto {
  @ApiProperty({ ...SHAPES_SCHEMA, description: 'The merged shapes: median of matching boxes, otherwise the medoid drawing' })
  shapes: Shape[];

  @ApiProperty({ description: 'Drawings compared (those the crowd has not rejected)' })
  drawings: number;

  @ApiProperty({ description: 'Pairs of shapes from different drawings that matched' })
  matchedPairs: number;

  @ApiProperty({ type: Number, nullable: true })
  meanIou: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Share of all shapes that matched another drawing’s shape' })
  matchedShare: number | null;

  @ApiProperty({ type: ConsensusClusterDto, isArray: true })
  clusters: ConsensusClusterDto[];
}

export class LabelAnnotationsDto {
  @ApiProperty({ format: 'uuid' })
  pairId: string;

  @ApiProperty()
  label: string;

  @ApiProperty({ type: String, nullable: true })
  parent: string | null;

  @ApiProperty({ type: AnnotationDto, isArray: true })
  annotations: AnnotationDto[];

  @ApiProperty({ type: ConsensusDto, required: false })
  consensus?: ConsensusDto;
}

export class ImageAnnotationsDto {
  @ApiProperty({ format: 'uuid' })
  imageId: string;

  @ApiProperty()
  width: number;

  @ApiProperty()
  height: number;

  @ApiProperty({ description: 'Share (0–1) of the image covered by validated drawings (annotation.coverage in queries, as a percentage there)' })
  coverage: number;

  @ApiProperty({ description: 'Annotations on the image (image.num_annotations in queries)' })
  numAnnotations: number;

  @ApiProperty({ type: LabelAnnotationsDto, isArray: true })
  labels: LabelAnnotationsDto[];
}

export function mapValidation(row: Pick<AnnotationRow, 'yes' | 'no' | 'probability' | 'verdict'>): RevisionValidationDto {
  return { yes: row.yes, no: row.no, probability: row.probability, verdict: row.verdict, validated: row.verdict === 'likely_right' };
}

export function mapAnnotation(row: AnnotationRow): AnnotationDto {
  return {
    id: row.id,
    imageId: row.imageId,
    pairId: row.pairId,
    label: row.label,
    parent: row.parent,
    revision: row.revision,
    shapes: row.shapes,
    annotator: row.annotator,
    author: row.author,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
    validation: mapValidation(row),
  };
}

export function mapRevision(row: AnnotationRow): AnnotationRevisionDto {
  return {
    annotationId: row.id,
    revision: row.revision,
    current: row.revision === row.currentRevision,
    shapes: row.shapes,
    author: row.author,
    createdAt: new Date(row.revisedAt).toISOString(),
    validation: mapValidation(row),
  };
}
