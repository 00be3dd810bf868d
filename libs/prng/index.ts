// Aliased once: a global lookup per call is very slow inside Jest's vm sandbox, where the scale tests run.
const { imul } = Math;

/** mulberry32: small, seedable, the same sequence on every run for a given seed (test data, simulations). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
