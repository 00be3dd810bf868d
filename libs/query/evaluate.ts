import type { CompareOp, QueryNode } from './ast.js';
import { sameName } from './fold.js';

/** One of the image's confirmed labels (unconfirmed ones are left out by the caller). */
export interface LabelFacts {
  name: string;
  /** `has` sublabels, e.g. `ear` on `dog`. */
  sublabels?: readonly string[];
  /** Other attributes; a key may appear more than once with different values. */
  attributes?: readonly { key: string; value: string }[];
}

/** What a query can ask about one image. */
export interface ImageFacts {
  labels: readonly LabelFacts[];
  width: number;
  height: number;
  /** Confirmed labels, as the application counts them. */
  numLabels: number;
  numAnnotations: number;
  /** Percentage 0–100 of the image area covered by annotations. */
  coverage: number;
  collection: string | null;
  /** No label of any state has been proposed for the image yet. */
  unlabeled: boolean;
}

export function compare(actual: number, op: CompareOp, expected: number): boolean {
  switch (op) {
    case '=':
      return actual === expected;
    case '!=':
      return actual !== expected;
    case '<':
      return actual < expected;
    case '<=':
      return actual <= expected;
    case '>':
      return actual > expected;
    case '>=':
      return actual >= expected;
  }
}

/**
 * The reference semantics: does this image match? Every test is about the image as a whole, so
 * `dog & ~cat` is "a confirmed dog and no confirmed cat", never a per-annotation row match.
 */
export function evaluate(node: QueryNode, facts: ImageFacts): boolean {
  switch (node.kind) {
    case 'and':
      return evaluate(node.left, facts) && evaluate(node.right, facts);
    case 'or':
      return evaluate(node.left, facts) || evaluate(node.right, facts);
    case 'not':
      return !evaluate(node.operand, facts);
    case 'label':
      return facts.labels.some((l) => sameName(l.name, node.name));
    case 'labelHas':
      return facts.labels.some((l) => sameName(l.name, node.label) && (l.sublabels ?? []).some((s) => sameName(s, node.sublabel)));
    case 'labelAttribute':
      return facts.labels.some(
        (l) =>
          sameName(l.name, node.label) &&
          (l.attributes ?? []).some((a) => sameName(a.key, node.key) && sameName(a.value, node.value)),
      );
    case 'imageNumber': {
      const actual = { width: facts.width, height: facts.height, num_labels: facts.numLabels, num_annotations: facts.numAnnotations };
      return compare(actual[node.field], node.op, node.value);
    }
    case 'coverage':
      return compare(facts.coverage, node.op, node.value);
    case 'collection': {
      const same = facts.collection !== null && sameName(facts.collection, node.name);
      return node.op === '=' ? same : !same;
    }
    case 'unlabeled':
      return facts.unlabeled === node.value;
  }
}
