/**
 * Gets one scanline: the `count` places where it crosses a boundary, sorted by x, with the ring each
 * belongs to; adds the lengths it measures to `out`.
 */
export type Measure = (xs: Float64Array, rings: Int32Array, count: number, out: Float64Array) => void;

/** [inside a, inside b, inside both] for the rings numbered 0 and 1 (even-odd rule). */
export const measureOverlap: Measure = (xs, rings, count, out) => {
  let a = false;
  let b = false;
  for (let k = 0; k < count; k++) {
    if (k > 0) {
      const d = xs[k]! - xs[k - 1]!;
      if (a) out[0]! += d;
      if (b) out[1]! += d;
      if (a && b) out[2]! += d;
    }
    if (rings[k] === 0) a = !a;
    else b = !b;
  }
};

/** [inside any ring] for `ringCount` rings, each by the even-odd rule. */
export function measureUnion(ringCount: number): Measure {
  const parity = new Uint8Array(ringCount);
  return (xs, rings, count, out) => {
    let inside = 0;
    for (let k = 0; k < count; k++) {
      if (inside > 0) out[0]! += xs[k]! - xs[k - 1]!;
      const r = rings[k]!;
      parity[r] ^= 1;
      inside += parity[r] ? 1 : -1;
    }
  };
}
