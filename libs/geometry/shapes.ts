import { z } from 'zod';

/** A point in image pixels: [x, y], x to the right, y downwards. */
export type Point = [number, number];

/**
 * An axis-aligned box before rotation: (x, y) is its top-left corner. `rotation` is in degrees about the
 * box centre; positive turns clockwise on screen because the y axis points down.
 */
export interface RectShape {
  type: 'rect';
  x: number;
  y: number;
  width: number;
  height: number;
  rotation?: number;
}

/** An ellipse with centre (cx, cy) and semi-axes rx (along x before rotation) and ry; rotation as for rects. */
export interface EllipseShape {
  type: 'ellipse';
  cx: number;
  cy: number;
  rx: number;
  ry: number;
  rotation?: number;
}

/** A simple polygon; the closing edge is implied, a repeated first point at the end is tolerated. */
export interface PolygonShape {
  type: 'polygon';
  points: Point[];
}

export type Shape = RectShape | EllipseShape | PolygonShape;

/** Axis-aligned bounding box in image pixels. */
export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

// zod 4's z.number() already refuses NaN and ±Infinity, so "finite numbers only" needs nothing more.
const coordinate = z.number();
const size = z.number().nonnegative();

export const rectSchema = z.strictObject({
  type: z.literal('rect'),
  x: coordinate,
  y: coordinate,
  width: size,
  height: size,
  rotation: coordinate.optional(),
});

export const ellipseSchema = z.strictObject({
  type: z.literal('ellipse'),
  cx: coordinate,
  cy: coordinate,
  rx: size,
  ry: size,
  rotation: coordinate.optional(),
});

export const pointSchema = z.tuple([coordinate, coordinate]);

export const polygonSchema = z.strictObject({
  type: z.literal('polygon'),
  points: z.array(pointSchema),
});

/**
 * Structural check of one shape from a JSON body. Geometry against the image (inside it, simple, enough
 * points, non-zero area) is `validateShapes`' job, so that its messages can name the shape and the rule.
 */
export const shapeSchema = z.discriminatedUnion('type', [rectSchema, ellipseSchema, polygonSchema]);

export const shapesSchema = z.array(shapeSchema);
