import { shapeSchema, type Shape, validateShapes, type Violation } from '../../libs/geometry/index.js';

export interface ShapeLimits {
  maxShapes: number;
  maxPolygonPoints: number;
}

/**
 * Every problem with a drawing as sent: the geometry rules of libs/geometry (finite, inside the image, enough
 * distinct points, simple, non-zero area, not too many) and, for shapes that pass them, the exact JSON
 * structure (no unknown fields). Each violation names the 0-based shape index and the rule. Empty: valid.
 */
export function checkShapes(raw: readonly unknown[], width: number, height: number, limits: ShapeLimits): Violation[] {
  const violations = validateShapes(raw as Shape[], width, height, { maxShapes: limits.maxShapes, maxPoints: limits.maxPolygonPoints });
  const flagged = new Set(violations.map((v) => v.shapeIndex));
  const checked = Math.min(raw.length, limits.maxShapes);
  for (let i = 0; i < checked; i++) {
    if (flagged.has(i)) continue;
    const parsed = shapeSchema.safeParse(raw[i]);
    if (parsed.success) continue;
    const issue = parsed.error.issues[0]!;
    const what =
      issue.code === 'unrecognized_keys'
        ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}; a ${String((raw[i] as { type?: unknown }).type)} has only its documented fields`
        : `${issue.path.join('.') || 'shape'}: ${issue.message}`;
    violations.push({ shapeIndex: i, rule: 'invalid_shape', message: `shape ${i}: ${what}` });
  }
  return violations.sort((a, b) => a.shapeIndex - b.shapeIndex);
}

/** The shapes as stored: only the documented fields, in a fixed order (the input passed checkShapes). */
export function normalizeShapes(raw: readonly unknown[]): Shape[] {
  return raw.map((s) => shapeSchema.parse(s));
}
