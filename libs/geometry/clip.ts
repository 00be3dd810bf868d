import type { Ring } from './polygon.js';
import type { Point } from './shapes.js';

/**
 * Sutherland–Hodgman: the part of `subject` inside the convex ring `clip`. `clip` must have positive signed
 * area (see orientPositive); points on a clip edge count as inside, so identical rings clip to themselves.
 * For a convex subject the result is their exact intersection (possibly with repeated or collinear vertices,
 * which do not change its area); it is empty when they do not overlap.
 */
export function clipConvex(subject: Ring, clip: Ring): Point[] {
  let output: Point[] = subject.map(([x, y]): Point => [x, y]);
  for (let i = 0, n = clip.length; i < n && output.length > 0; i++) {
    const [ax, ay] = clip[i]!;
    const [bx, by] = clip[(i + 1) % n]!;
    const ex = bx - ax;
    const ey = by - ay;
    const side = (p: Point) => ex * (p[1] - ay) - ey * (p[0] - ax);
    const input = output;
    output = [];
    for (let j = 0, m = input.length; j < m; j++) {
      const p = input[j]!;
      const q = input[(j + 1) % m]!;
      const sp = side(p);
      const sq = side(q);
      if (sp >= 0) output.push(p);
      // Only a strict change of side adds a crossing point, so touching the edge adds no duplicates.
      if ((sp > 0 && sq < 0) || (sp < 0 && sq > 0)) {
        const t = sp / (sp - sq);
        output.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
      }
    }
  }
  return output;
}
