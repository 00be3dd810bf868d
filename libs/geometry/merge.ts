import { cosSinDeg } from './measure.js';
import type { RectShape } from './shapes.js';

/** Middle value; the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Angle in (-180, 180]. */
export function normalizeDegrees(d: number): number {
  const r = ((d % 360) + 360) % 360;
  return r > 180 ? r - 360 : r;
}

/**
 * Index of the member with the highest mean IoU to the others (the first listed on ties), given the members'
 * pairwise IoU matrix. A lone member is its own medoid.
 */
export function medoidIndex(ious: readonly (readonly number[])[]): number {
  let best = 0;
  let bestMean = -1;
  for (let i = 0; i < ious.length; i++) {
    let sum = 0;
    for (let j = 0; j < ious.length; j++) if (j !== i) sum += ious[i]![j]!;
    const mean = ious.length > 1 ? sum / (ious.length - 1) : 1;
    if (mean > bestMean) [best, bestMean] = [i, mean];
  }
  return best;
}

/**
 * Coordinate-wise median of boxes that matched each other. A box turned by 90° with width and height
 * swapped is the same box, so each is first rewritten at the turn (θ + k·90°) nearest the reference's
 * angle; their angles then lie within 45° of it and have a plain median without wrap-around. Edges are
 * measured in the frame turned by that median angle and each edge takes its own median, which for
 * unrotated boxes is the usual median of left, top, right and bottom: one sloppy edge moves nothing.
 */
export function medianRect(rects: readonly RectShape[], reference: RectShape): RectShape {
  const ref = normalizeDegrees(reference.rotation ?? 0);
  const aligned = rects.map((r) => {
    const d = normalizeDegrees((r.rotation ?? 0) - ref);
    const k = Math.round(d / 90);
    const swap = k % 2 !== 0;
    return {
      cx: r.x + r.width / 2,
      cy: r.y + r.height / 2,
      w: swap ? r.height : r.width,
      h: swap ? r.width : r.height,
      angle: ref + d - 90 * k,
    };
  });
  const angle = normalizeDegrees(median(aligned.map((a) => a.angle)));
  const [c, s] = cosSinDeg(angle);
  // Centres in the consensus frame: rotate by -angle.
  const frame = aligned.map((a) => ({ u: a.cx * c + a.cy * s, v: -a.cx * s + a.cy * c, w: a.w, h: a.h }));
  const left = median(frame.map((f) => f.u - f.w / 2));
  const right = median(frame.map((f) => f.u + f.w / 2));
  const top = median(frame.map((f) => f.v - f.h / 2));
  const bottom = median(frame.map((f) => f.v + f.h / 2));
  const width = Math.max(0, right - left);
  const height = Math.max(0, bottom - top);
  const u = (left + right) / 2;
  const v = (top + bottom) / 2;
  const cx = u * c - v * s;
  const cy = u * s + v * c;
  const out: RectShape = { type: 'rect', x: cx - width / 2, y: cy - height / 2, width, height };
  if (angle !== 0) out.rotation = angle;
  return out;
}
