import type { Measure } from './scanline.js';
import type { Ring } from './polygon.js';

export interface SweepOptions {
  /**
   * Edge evaluations (an edge's x at one height) allowed: the exact sweep runs if its slabs need at most
   * this many, and cutting slabs at crossings may spend as much again. Default 4,000,000.
   */
  maxWork?: number;
  /** Rows of the bounded fallback grid (fewer if the work budget needs it). Default 2048. */
  rows?: number;
  /** Use the bounded grid even when the exact sweep fits the budget: a predictable cost. */
  grid?: boolean;
  /** Only this band of y is integrated (coverage clips to the image). */
  clipY?: readonly [number, number];
  /** Crossings are clamped into this band of x before being measured. */
  clipX?: readonly [number, number];
}

export interface SweepResult {
  /** The integrals, one per value `measure` writes. */
  sums: number[];
  /**
   * 'exact': every slab cut at its crossings. 'partial': the cutting budget ran out, later slabs holding
   * crossings were measured at their midpoint. 'grid': evenly spaced rows, each measured at its midpoint.
   */
  mode: 'exact' | 'partial' | 'grid';
}


interface Edge {
  ring: number;
  y0: number;
  y1: number;
  x0: number;
  slope: number;
  x: number;
  top: number;
  bot: number;
}

const xAt = (e: Edge, y: number) => e.x0 + (y - e.y0) * e.slope;
const byX = (p: Edge, q: Edge) => p.x - q.x;
const byTop = (p: Edge, q: Edge) => p.top - q.top || p.bot - q.bot;

/**
 * Sorts the active list, which is nearly sorted already: from one height to the next only crossing edges
 * and newly joined ones (appended at the end) are out of place. Insertion sort is linear then; many
 * newcomers at once go to the built-in sort instead.
 */
function resort(a: Edge[], cmp: (p: Edge, q: Edge) => number, newcomers: number): void {
  if (newcomers > 16) {
    a.sort(cmp);
    return;
  }
  for (let i = 1; i < a.length; i++) {
    const e = a[i]!;
    let j = i - 1;
    while (j >= 0 && cmp(e, a[j]!) < 0) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = e;
  }
}

/**
 * Integrates scanline lengths over y. Slab borders are every vertex height; inside a slab every active
 * edge is one straight line, so ordering the edges by x at its top and then at its bottom tells exactly
 * which pairs cross in it (each swap of the insertion sort is one crossing), and the slab is cut there
 * too. Within the pieces the left-to-right order is fixed, every measured length is linear in y, and the
 * midpoint gives the integral exactly. Cost: edges × slabs they span, plus active edges × crossings;
 * past `maxWork` it uses evenly spaced rows instead (midpoint rule, error confined to rows holding a
 * vertex or crossing), and once cutting has spent as much again, remaining slabs are not cut.
 */
export function sweep(rings: readonly Ring[], outputs: number, measure: Measure, options: SweepOptions = {}): SweepResult {
  const { maxWork = 4_000_000, rows = 2048, grid = false, clipY, clipX } = options;
  const edges: Edge[] = [];
  const borders: number[] = [];
  rings.forEach((ring, r) => {
    for (let i = 0, n = ring.length; i < n; i++) {
      const a = ring[i]!;
      const b = ring[(i + 1) % n]!;
      borders.push(a[1]);
      if (a[1] === b[1]) continue;
      const [lo, hi] = a[1] < b[1] ? [a, b] : [b, a];
      edges.push({ ring: r, y0: lo[1], y1: hi[1], x0: lo[0], slope: (hi[0] - lo[0]) / (hi[1] - lo[1]), x: 0, top: 0, bot: 0 });
    }
  });
  const sums = new Float64Array(outputs);
  if (edges.length === 0) return { sums: [...sums], mode: 'exact' };
  if (clipY) borders.push(...clipY);
  // Clamping bends a length where an edge passes a clip line, so those heights are borders too.
  if (clipX) {
    for (const e of edges) {
      if (e.slope === 0) continue;
      for (const x of clipX) {
        const y = e.y0 + (x - e.x0) / e.slope;
        if (y > e.y0 && y < e.y1) borders.push(y);
      }
    }
  }
  const ys = unique(Float64Array.from(borders).sort());
  edges.sort((a, b) => a.y0 - b.y0);

  const xs = new Float64Array(edges.length);
  const ids = new Int32Array(edges.length);
  const out = new Float64Array(outputs);
  const lo = clipY ? clipY[0] : -Infinity;
  const hi = clipY ? clipY[1] : Infinity;
  const active: Edge[] = [];
  let next = 0;
  let newcomers = 0;
  let spent = 0;
  // Measures the band [ya, yb] at its middle, with the active edges in x order there.
  const band = (ya: number, yb: number) => {
    const ym = (ya + yb) / 2;
    for (const e of active) e.x = xAt(e, ym);
    resort(active, byX, newcomers);
    newcomers = 0;
    spent += active.length;
    for (let k = 0; k < active.length; k++) {
      const x = active[k]!.x;
      xs[k] = clipX ? Math.min(clipX[1], Math.max(clipX[0], x)) : x;
      ids[k] = active[k]!.ring;
    }
    out.fill(0);
    measure(xs, ids, active.length, out);
    for (let i = 0; i < outputs; i++) sums[i]! += out[i]! * (yb - ya);
  };
  // Edges with y0 <= y join, edges with y1 <= y leave: half-open, so a vertex is passed once.
  const advance = (y: number) => {
    while (next < edges.length && edges[next]!.y0 <= y) {
      active.push(edges[next++]!);
      newcomers++;
    }
    let kept = 0;
    for (const e of active) if (e.y1 > y) active[kept++] = e;
    active.length = kept;
  };

  if (grid || work(edges, ys) > maxWork) {
    // Bounded grid: as many even rows as the budget allows for edges of this total height.
    const y0 = Math.max(lo, ys[0]!);
    const y1 = Math.min(hi, ys[ys.length - 1]!);
    const height = edges.reduce((sum, e) => sum + e.y1 - e.y0, 0);
    const n = Math.max(16, Math.min(rows, Math.floor((maxWork * (y1 - y0)) / Math.max(height, 1e-300))));
    for (let k = 0; k < n && y1 > y0; k++) {
      const ya = y0 + ((y1 - y0) * k) / n;
      const yb = y0 + ((y1 - y0) * (k + 1)) / n;
      advance((ya + yb) / 2);
      // Rows lie far apart, so edges may have swapped a lot in between: not a job for insertion sort.
      newcomers = Infinity;
      if (active.length > 0) band(ya, yb);
    }
    return { sums: [...sums], mode: 'grid' };
  }

  let exact = true;
  for (let k = 0; k + 1 < ys.length; k++) {
    const ya = ys[k]!;
    const yb = ys[k + 1]!;
    advance(ya);
    if (active.length === 0 || yb <= lo || ya >= hi) continue;
    for (const e of active) {
      e.top = xAt(e, ya);
      e.bot = xAt(e, yb);
    }
    resort(active, byTop, newcomers);
    newcomers = 0;
    const cuts = exact ? crossings(active, ya, yb, Math.floor((2 * maxWork - spent) / active.length)) : null;
    if (!cuts) exact = false;
    if (!cuts || cuts.length === 0) {
      band(ya, yb);
      continue;
    }
    cuts.sort((a, b) => a - b);
    let from = ya;
    for (const y of cuts) {
      if (y <= from) continue;
      band(from, y);
      from = y;
    }
    band(from, yb);
  }
  return { sums: [...sums], mode: exact ? 'exact' : 'partial' };
}

/**
 * Heights inside (ya, yb) where edges ordered by x at ya swap places by yb: an insertion sort on the
 * bottom positions, one swap per crossing pair. Null once more than `limit` crossings turn up.
 */
function crossings(byTopOrder: readonly Edge[], ya: number, yb: number, limit: number): number[] | null {
  const a = byTopOrder.slice();
  const cuts: number[] = [];
  for (let i = 1; i < a.length; i++) {
    const e = a[i]!;
    let j = i - 1;
    while (j >= 0 && (e.bot < a[j]!.bot || (e.bot === a[j]!.bot && e.top < a[j]!.top))) {
      const left = a[j]!;
      if (cuts.length >= limit) return null;
      // left starts left of e and ends right of it: they meet at t in (0, 1) of the slab.
      const t = (e.top - left.top) / (e.top - left.top + (left.bot - e.bot));
      const y = ya + t * (yb - ya);
      if (y > ya && y < yb) cuts.push(y);
      a[j + 1] = left;
      j--;
    }
    a[j + 1] = e;
  }
  return cuts;
}

function unique(sorted: Float64Array): Float64Array {
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i]! > sorted[n - 1]!) sorted[n++] = sorted[i]!;
  return sorted.subarray(0, n);
}

/** Edge evaluations the exact sweep would make: for each edge, the borders strictly inside its span. */
function work(edges: readonly Edge[], ys: Float64Array): number {
  const below = (y: number) => {
    let a = 0;
    let b = ys.length;
    while (a < b) {
      const m = (a + b) >> 1;
      if (ys[m]! < y) a = m + 1;
      else b = m;
    }
    return a;
  };
  let total = 0;
  for (const e of edges) total += below(e.y1) - below(e.y0);
  return total;
}
