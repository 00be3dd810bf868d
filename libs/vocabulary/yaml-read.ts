import { isAlias, isMap, isScalar, isSeq, type LineCounter } from 'yaml';
import type { ProblemSink } from './definition.js';
import type { ProblemCode } from './types.js';

export interface MapItem {
  key: string;
  value: unknown;
  line?: number;
}

export interface ListItem {
  text: string;
  line?: number;
}

/**
 * Reads the YAML syntax tree rather than `toJS()` output so every problem can name its line, and so keys that
 * YAML would read as numbers (`1984:`) keep the text the author wrote.
 */
export class YamlReader {
  constructor(
    readonly path: string,
    private readonly counter: LineCounter,
    private readonly report: ProblemSink,
  ) {}

  line(node: unknown): number | undefined {
    const range = (node as { range?: [number, number, number] | null } | null)?.range;
    return range ? this.counter.linePos(range[0]).line : undefined;
  }

  problem(code: ProblemCode, key: string, line: number | undefined, message: string): void {
    // The empty key stands for the document itself, which has no key to show.
    this.report({ code, path: this.path, ...(line !== undefined ? { line } : {}), ...(key ? { key } : {}), message });
  }

  /** Items of a mapping, or undefined (with a problem) when `node` is something else. */
  map(node: unknown, key: string, what: string): MapItem[] | undefined {
    if (!this.plain(node, key)) return undefined;
    if (!isMap(node)) {
      this.problem('format', key, this.line(node), `must be a mapping (${what})`);
      return undefined;
    }
    const items: MapItem[] = [];
    const seen = new Map<string, number | undefined>();
    for (const pair of node.items) {
      const line = this.line(pair.key);
      const text = isScalar(pair.key) ? scalarText(pair.key) : undefined;
      if (text === undefined) {
        this.problem('format', key, line ?? this.line(node), 'has a key that is not plain text');
        continue;
      }
      // Checked here rather than by the YAML parser, whose position for a repeated key is off when the first
      // one has an empty value; the second occurrence is ignored.
      if (seen.has(text)) {
        const first = seen.get(text);
        const path = key ? `${key}.${text}` : text;
        this.problem('yaml', path, line, `repeats the key '${text}'${first !== undefined ? ` of line ${first}` : ''}`);
        continue;
      }
      seen.set(text, line);
      items.push({ key: text, value: pair.value, ...(line !== undefined ? { line } : {}) });
    }
    return items;
  }

  text(node: unknown, key: string): string | undefined {
    if (!this.plain(node, key)) return undefined;
    const text = isScalar(node) ? scalarText(node) : undefined;
    if (text === undefined) {
      const empty = isScalar(node) && node.value === null;
      this.problem('format', key, this.line(node), empty ? 'is empty' : 'must be text');
    }
    return text;
  }

  list(node: unknown, key: string): ListItem[] | undefined {
    if (!this.plain(node, key)) return undefined;
    if (!isSeq(node)) {
      this.problem('format', key, this.line(node), 'must be a list, e.g. [ear, tail]');
      return undefined;
    }
    const items: ListItem[] = [];
    node.items.forEach((item, index) => {
      const text = this.text(item, `${key}[${index}]`);
      const line = this.line(item);
      if (text !== undefined) items.push({ text, ...(line !== undefined ? { line } : {}) });
    });
    return items;
  }

  // Aliases would let one entry silently share another's lists; the files are small enough to spell out.
  private plain(node: unknown, key: string): boolean {
    if (isAlias(node)) {
      this.problem('format', key, this.line(node), 'YAML aliases (*name) are not supported; write the value out');
      return false;
    }
    return true;
  }
}

/** Text of a scalar; numbers and booleans written plainly count as the text written (`1984`, `true`). */
function scalarText(node: { value: unknown; type?: string; source?: string }): string | undefined {
  if (typeof node.value === 'string') return node.value;
  if ((typeof node.value === 'number' || typeof node.value === 'boolean') && node.type === 'PLAIN') return node.source;
  return undefined;
}
