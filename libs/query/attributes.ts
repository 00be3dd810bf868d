import type { CompareOp, ImageNumberField, LeafNode } from './ast.js';
import { Cursor, describe } from './cursor.js';
import { BARE_WORD, type Token } from './lexer.js';

export const IMAGE_ATTRIBUTES = ['width', 'height', 'num_labels', 'num_annotations', 'collection', 'unlabeled'] as const;
export const ANNOTATION_ATTRIBUTES = ['coverage'] as const;
/** Integer columns in PostgreSQL stop here; a larger parameter would fail the query instead of matching nothing. */
const MAX_INT = 2_147_483_647;
const ALL_OPS: readonly CompareOp[] = ['>', '>=', '<', '<=', '=', '!='];
const EQUALITY: readonly CompareOp[] = ['=', '!='];

function expectOp(c: Cursor, path: string, allowed: readonly CompareOp[]): CompareOp {
  const t = c.tok;
  if (t.kind !== 'compare') c.failFound(`Expected a comparison (${allowed.join(', ')}) after '${path}'`);
  const op = t.value as CompareOp;
  if (!allowed.includes(op)) c.fail(`'${path}' compares only with ${allowed.map((o) => `'${o}'`).join(' or ')}`, t);
  c.advanceToValue();
  return op;
}

/** The value token after `op`, consumed. */
function takeValue(c: Cursor, expected: string): Token {
  const t = c.tok;
  if (t.kind !== 'word' && t.kind !== 'quoted') c.failFound(`Expected ${expected} after '${c.prev?.text}'`);
  c.advance();
  return t;
}

function integer(c: Cursor, pixels: boolean): number {
  const expected = pixels ? 'a whole number of pixels (e.g. 640 or 640px)' : 'a whole number';
  const op = c.prev?.text;
  const t = takeValue(c, expected);
  const match = (pixels ? /^([0-9]+)\s*(?:px)?$/i : /^([0-9]+)$/).exec(t.text);
  if (!match) c.fail(`Expected ${expected} after '${op}', found ${describe(t)}`, t);
  const value = Number(match[1]);
  if (value > MAX_INT) c.fail(`Number too large: at most ${MAX_INT}`, t);
  return value;
}

function percent(c: Cursor): number {
  const expected = 'a percentage from 0 to 100 (e.g. 50%)';
  const op = c.prev?.text;
  const t = takeValue(c, expected);
  const match = /^([0-9]+(?:\.[0-9]+)?)\s*%?$/.exec(t.text);
  const value = match ? Number(match[1]) : NaN;
  if (!(value >= 0 && value <= 100)) c.fail(`Expected ${expected} after '${op}', found ${describe(t)}`, t);
  return value;
}

/** A label, sublabel, attribute or collection name: quoted, or bare when it is a plain word. */
function name(c: Cursor, what: string): string {
  const t = takeValue(c, what);
  if (t.kind === 'quoted') {
    if (t.value === '') c.fail(`Empty ${what}`, t);
    return t.value;
  }
  if (!BARE_WORD.test(t.text)) c.fail(`Quote ${what}s that contain anything but letters, digits, '_', '-' or '/': '${t.text}'`, t);
  return t.text;
}

function boolean(c: Cursor): boolean {
  const op = c.prev?.text;
  const t = takeValue(c, 'true or false');
  const v = t.value.toLowerCase();
  if (v !== 'true' && v !== 'false') c.fail(`Expected true or false after '${op}', found ${describe(t)}`, t);
  return v === 'true';
}

/** `image.<attribute> …` or `annotation.<attribute> …`; the cursor is on the dot after the namespace. */
export function parseNamespaced(c: Cursor, ns: Token): LeafNode {
  const namespace = ns.value.toLowerCase();
  const known: readonly string[] = namespace === 'image' ? IMAGE_ATTRIBUTES : ANNOTATION_ATTRIBUTES;
  const list = known.join(', ');
  c.advance();
  const attr = c.tok;
  if (attr.kind !== 'word') c.failFound(`Expected an attribute name after '${ns.text}.' (${list})`);
  const field = attr.value.toLowerCase();
  if (!known.includes(field)) c.fail(`Unknown ${namespace} attribute '${attr.text}'; known: ${list}`, attr);
  c.advance();
  const path = `${namespace}.${field}`;

  switch (field) {
    case 'unlabeled': {
      if (c.tok.kind !== 'compare') return { kind: 'unlabeled', value: true };
      const op = expectOp(c, path, EQUALITY);
      const value = boolean(c);
      return { kind: 'unlabeled', value: op === '=' ? value : !value };
    }
    case 'collection': {
      const op = expectOp(c, path, EQUALITY) as '=' | '!=';
      return { kind: 'collection', op, name: name(c, 'collection name') };
    }
    case 'coverage': {
      const op = expectOp(c, path, ALL_OPS);
      return { kind: 'coverage', op, value: percent(c) };
    }
    default: {
      const op = expectOp(c, path, ALL_OPS);
      const value = integer(c, field === 'width' || field === 'height');
      return { kind: 'imageNumber', field: field as ImageNumberField, op, value };
    }
  }
}

/** `label.has='sublabel'` or `label.key='value'`; the cursor is on the dot after the label. */
export function parseLabelAttribute(c: Cursor, labelToken: Token, label: string): LeafNode {
  c.advance();
  const keyToken = c.tok;
  if (keyToken.kind !== 'word' && keyToken.kind !== 'quoted') {
    c.failFound(`Expected an attribute name after '${labelToken.text}.', such as has or breed`);
  }
  if (keyToken.value === '') c.fail('Empty attribute name', keyToken);
  c.advance();
  const path = `${labelToken.text}.${keyToken.text}`;
  const op = c.tok;
  if (op.kind !== 'compare') c.failFound(`Expected '=' and a value after '${path}'`);
  if (op.value !== '=') c.fail(`Label attributes compare only with '='; to exclude a value write ~${path}=…`, op);
  c.advanceToValue();
  if (keyToken.value.toLowerCase() === 'has') {
    return { kind: 'labelHas', label, sublabel: name(c, 'sublabel name') };
  }
  return { kind: 'labelAttribute', label, key: keyToken.value, value: name(c, 'value') };
}
