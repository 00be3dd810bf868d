import type { QueryNode, Span } from './ast.js';
import { foldCase } from './fold.js';
import { BARE_WORD } from './lexer.js';

/** Words that read as something else when bare: the keywords and the attribute namespaces. */
const RESERVED = new Set(['and', 'or', 'not', 'image', 'annotation']);

function quote(text: string): string {
  return `'${text.replace(/[\\']/g, '\\$&')}'`;
}

function nameText(name: string): string {
  return BARE_WORD.test(name) && !RESERVED.has(name.toLowerCase()) ? name : quote(name);
}

function precedence(node: QueryNode): number {
  return node.kind === 'or' ? 1 : node.kind === 'and' ? 2 : node.kind === 'not' ? 3 : 4;
}

function wrap(node: QueryNode, parens: boolean): string {
  return parens ? `(${toString(node)})` : toString(node);
}

/**
 * The canonical spelling: symbols for operators, the fewest parentheses that keep the tree's shape, names
 * bare where they can be, values always quoted. `parseQuery(toString(ast))` gives back `ast` (spans aside).
 */
export function toString(node: QueryNode): string {
  switch (node.kind) {
    case 'or':
      return `${wrap(node.left, precedence(node.left) < 1)} | ${wrap(node.right, precedence(node.right) <= 1)}`;
    case 'and':
      return `${wrap(node.left, precedence(node.left) < 2)} & ${wrap(node.right, precedence(node.right) <= 2)}`;
    case 'not':
      return `~${wrap(node.operand, precedence(node.operand) < 3)}`;
    case 'label':
      return nameText(node.name);
    case 'labelHas':
      return `${nameText(node.label)}.has=${quote(node.sublabel)}`;
    case 'labelAttribute':
      return `${nameText(node.label)}.${nameText(node.key)}=${quote(node.value)}`;
    case 'imageNumber':
      return `image.${node.field} ${node.op} ${numberText(node.value)}`;
    case 'coverage':
      return `annotation.coverage ${node.op} ${numberText(node.value)}%`;
    case 'collection':
      return `image.collection${node.op}${quote(node.name)}`;
    case 'unlabeled':
      return node.value ? 'image.unlabeled' : 'image.unlabeled=false';
  }
}

/** Plain decimals, as the parser reads numbers (it has no exponents): 1e-7 prints as 0.0000001. */
function numberText(value: number): string {
  const text = String(value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign, lead, rest = '', exponent] = match;
  const digits = lead + rest;
  const point = 1 + Number(exponent);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

export interface LabelReference {
  name: string;
  /** The test that mentions it, for pointing at an unknown label. */
  span?: Span;
}

/** Every mention of a label name, sublabels included, in query order. */
export function labelReferences(node: QueryNode): LabelReference[] {
  switch (node.kind) {
    case 'or':
    case 'and':
      return [...labelReferences(node.left), ...labelReferences(node.right)];
    case 'not':
      return labelReferences(node.operand);
    case 'label':
    case 'labelAttribute':
      return [{ name: node.kind === 'label' ? node.name : node.label, span: node.span }];
    case 'labelHas':
      return [
        { name: node.label, span: node.span },
        { name: node.sublabel, span: node.span },
      ];
    default:
      return [];
  }
}

/** The distinct label names a query mentions (compared case-insensitively, first spelling kept). */
export function labelNames(node: QueryNode): string[] {
  const seen = new Map<string, string>();
  for (const { name } of labelReferences(node)) {
    const key = foldCase(name);
    if (!seen.has(key)) seen.set(key, name);
  }
  return [...seen.values()];
}
