import { mulberry32 } from '../../prng/index.js';

export { mulberry32 };

export class Rng {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  float(): number {
    return this.next();
  }

  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Up to `max` distinct items. */
  some<T>(items: readonly T[], max: number): T[] {
    const pool = [...items];
    const out: T[] = [];
    for (let n = this.int(max + 1); n > 0 && pool.length > 0; n--) out.push(pool.splice(this.int(pool.length), 1)[0]);
    return out;
  }
}
