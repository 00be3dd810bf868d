import { ApiExtraModels, ApiProperty } from '@nestjs/swagger';
import { ArrayMinSize, IsArray } from 'class-validator';
import type { Shape } from '../../libs/geometry/index.js';
import { ValidateEnum, ValidateInt, ValidateString, ValidateUUID } from '../common/validation.js';
import type { AnnotationRow } from './annotations.repository.js';
import { ANNOTATION_ANSWERS, type AnnotationAnswer } from './annotation-vote.entity.js';
import { TASK_ANSWERS, type TaskAnswer } from './annotation-task-answer.entity.js';
import { EllipseShapeDto, PolygonShapeDto, RectShapeDto, SHAPES_DOC, SHAPES_SCHEMA } from './shape.dto.js';

const VERDICTS = ['unknown', 'likely_right', 'likely_wrong', 'uncertain'] as const;

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
