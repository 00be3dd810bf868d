/**
 * Label name → 0-based index. With a fixed list the indices follow it and other labels are rejected, so
 * two exports of the same list share ids; without one, indices follow first sight and never change, which
 * lets per-image files use them before the full list is known.
 */
export class CategoryIndex {
  private readonly indices = new Map<string, number>();
  private readonly list: string[] = [];

  constructor(private readonly fixed?: readonly string[]) {
    for (const name of fixed ?? []) this.add(name);
  }

  /** The index, or undefined when a fixed list leaves this label out. */
  indexOf(name: string): number | undefined {
    const known = this.indices.get(name);
    if (known !== undefined || this.fixed) return known;
    return this.add(name);
  }

  get names(): readonly string[] {
    return this.list;
  }

  private add(name: string): number {
    const index = this.list.length;
    this.indices.set(name, index);
    this.list.push(name);
    return index;
  }
}
