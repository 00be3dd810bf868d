import { ApiProperty, getSchemaPath } from '@nestjs/swagger';

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

export const SHAPES_SCHEMA = {
  type: 'array' as const,
  items: { oneOf: [RectShapeDto, EllipseShapeDto, PolygonShapeDto].map((m) => ({ $ref: getSchemaPath(m) })) },
};

export const SHAPES_DOC =
  'Shapes in image pixels: rect (optional rotation), ellipse, polygon (≥ 3 distinct points, simple). Every shape must lie inside the image; a broken rule is a 422 naming the shape index and the rule (see docs/geometry.md).';
