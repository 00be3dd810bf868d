import type { CompareOp, ImageNumberField, QueryNode } from '../ast.js';
import { ATTRIBUTE_KEYS, ATTRIBUTE_VALUES, COLLECTIONS, COVERAGES, HOSTILE_NAMES, LABELS, SUBLABELS, UNICODE_LABELS, WIDTHS } from './fixture.js';
import { Rng } from './prng.js';

const OPS: CompareOp[] = ['=', '!=', '<', '<=', '>', '>='];
const FIELDS: ImageNumberField[] = ['width', 'height', 'num_labels', 'num_annotations'];
/** Names the fixture does not hold, and case variants the database must fold like the evaluator does. */
const OTHER_NAMES = ['unknown-label', 'σασ', 'σας', 'istanbul', 'STRASSE', "O'BRIEN", 'Dog', '🐶 DOG'];

function name(rng: Rng, pool: readonly string[]): string {
  const n = rng.pick(pool);
  const variant = rng.int(4);
  return variant === 0 ? n.toUpperCase() : variant === 1 ? n.toLowerCase() : n;
}

function leaf(rng: Rng): QueryNode {
  const labels = [...LABELS, ...UNICODE_LABELS, ...HOSTILE_NAMES, ...OTHER_NAMES];
  const r = rng.float();
  if (r < 0.45) return { kind: 'label', name: name(rng, labels) };
  if (r < 0.55) return { kind: 'labelHas', label: name(rng, labels), sublabel: name(rng, SUBLABELS) };
  if (r < 0.62) return { kind: 'labelAttribute', label: name(rng, labels), key: name(rng, ATTRIBUTE_KEYS), value: name(rng, ATTRIBUTE_VALUES) };
  if (r < 0.77) {
    const field = rng.pick(FIELDS);
    const value = field === 'width' || field === 'height' ? rng.pick(WIDTHS) : rng.int(5);
    return { kind: 'imageNumber', field, op: rng.pick(OPS), value };
  }
  if (r < 0.85) return { kind: 'coverage', op: rng.pick(OPS), value: rng.pick(COVERAGES) };
  if (r < 0.93) return { kind: 'collection', op: rng.chance(0.5) ? '=' : '!=', name: name(rng, COLLECTIONS) };
  return { kind: 'unlabeled', value: rng.chance(0.5) };
}

/** A random query tree over the fixture's vocabulary, at most `depth` operators deep. */
export function randomQuery(rng: Rng, depth = 4): QueryNode {
  if (depth === 0 || rng.chance(0.3)) return leaf(rng);
  const r = rng.float();
  if (r < 0.2) return { kind: 'not', operand: randomQuery(rng, depth - 1) };
  return { kind: r < 0.6 ? 'and' : 'or', left: randomQuery(rng, depth - 1), right: randomQuery(rng, depth - 1) };
}
