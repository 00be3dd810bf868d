import { ApiExtraModels, ApiProperty } from '@nestjs/swagger';
import type { Shape } from '../../libs/geometry/index.js';
import { ValidateQueryBoolean } from '../common/validation.js';
import { AnnotationDto } from './annotations.dto.js';
import { EllipseShapeDto, PolygonShapeDto, RectShapeDto, SHAPES_SCHEMA } from './shape.dto.js';

export class ImageAnnotationsQueryDto {
  @ValidateQueryBoolean({ optional: true, description: 'Also merge the drawings of each label into consensus shapes' })
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
