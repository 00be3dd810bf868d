import { IMAGE_NUMBER_FIELDS, type CompareOp, type ImageNumberField, type QueryNode } from './ast.js';

/** A placeholder such as `$3`; the value behind it travels in `params`. */
export type Param = string;

export type SqlComparison = '=' | '<>' | '<' | '<=' | '>' | '>=';

/** The only operator text that ever reaches the SQL; the AST's operator is a key into it. */
const SQL_OPERATORS: Readonly<Record<CompareOp, SqlComparison>> = {
  '=': '=',
  '!=': '<>',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};

/**
 * Maps each leaf of a query to a boolean SQL expression over the application's schema. The compiler hands
 * it placeholders, never values, and joins the fragments with AND / OR / NOT.
 *
 * Contract: every fragment is TRUE or FALSE for every image, never NULL. `NOT` over a NULL stays NULL and
 * would silently drop images from `~x`, so fragments over nullable columns must guard against NULL.
 */
export interface SqlAdapter {
  /** The image has a confirmed label named `name` (case-insensitive). */
  label(name: Param): string;
  /** The image has a confirmed `label` with the `has` sublabel `sublabel`. */
  labelHas(label: Param, sublabel: Param): string;
  /** The image has a confirmed `label` whose attribute `key` has the value `value`. */
  labelAttribute(label: Param, key: Param, value: Param): string;
  imageNumber(field: ImageNumberField, op: SqlComparison, value: Param): string;
  /** `value` is a percentage 0–100. */
  coverage(op: SqlComparison, value: Param): string;
  /** The image is in the collection named `name`; `!=` is compiled as NOT of this. */
  collection(name: Param): string;
  /** No label of any state has been proposed for the image; `= false` is compiled as NOT of this. */
  unlabeled(): string;
}

export interface CompiledSql {
  /** A boolean expression for a WHERE clause. */
  sql: string;
  params: unknown[];
}

export interface CompileOptions {
  /** Number of the first placeholder, to append the query to a statement that already has parameters. */
  firstParam?: number;
}

function operator(op: CompareOp): SqlComparison {
  if (!Object.hasOwn(SQL_OPERATORS, op)) throw new Error(`Unknown comparison operator ${JSON.stringify(op)}`);
  return SQL_OPERATORS[op];
}

function text(value: unknown): string {
  if (typeof value !== 'string') throw new Error(`Expected a string in the query, got ${typeof value}`);
  return value;
}

function finite(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`Expected a finite number in the query, got ${String(value)}`);
  return value;
}

/** Consecutive operands of one associative operator, so `a & b & c` becomes one flat `(a AND b AND c)`. */
function chain(node: QueryNode, kind: 'and' | 'or'): QueryNode[] {
  return node.kind === kind ? [...chain(node.left, kind), ...chain(node.right, kind)] : [node];
}

export function compileToSql(ast: QueryNode, adapter: SqlAdapter, { firstParam = 1 }: CompileOptions = {}): CompiledSql {
  if (!Number.isInteger(firstParam) || firstParam < 1) throw new Error(`firstParam must be a positive integer, got ${firstParam}`);
  const params: unknown[] = [];
  const param = (value: unknown): Param => {
    params.push(value);
    return `$${firstParam + params.length - 1}`;
  };

  const compile = (node: QueryNode): string => {
    switch (node.kind) {
      case 'and':
      case 'or':
        return `(${chain(node, node.kind).map(compile).join(node.kind === 'and' ? ' AND ' : ' OR ')})`;
      case 'not':
        return `(NOT ${compile(node.operand)})`;
      case 'label':
        return `(${adapter.label(param(text(node.name)))})`;
      case 'labelHas':
        return `(${adapter.labelHas(param(text(node.label)), param(text(node.sublabel)))})`;
      case 'labelAttribute':
        return `(${adapter.labelAttribute(param(text(node.label)), param(text(node.key)), param(text(node.value)))})`;
      case 'imageNumber': {
        if (!IMAGE_NUMBER_FIELDS.includes(node.field)) throw new Error(`Unknown image field ${JSON.stringify(node.field)}`);
        const op = operator(node.op);
        return `(${adapter.imageNumber(node.field, op, param(finite(node.value)))})`;
      }
      case 'coverage': {
        const op = operator(node.op);
        return `(${adapter.coverage(op, param(finite(node.value)))})`;
      }
      case 'collection': {
        if (node.op !== '=' && node.op !== '!=') throw new Error(`Unknown collection operator ${JSON.stringify(node.op)}`);
        const fragment = `(${adapter.collection(param(text(node.name)))})`;
        return node.op === '!=' ? `(NOT ${fragment})` : fragment;
      }
      case 'unlabeled':
        return node.value ? `(${adapter.unlabeled()})` : `(NOT (${adapter.unlabeled()}))`;
      default:
        throw new Error(`Unknown query node ${JSON.stringify((node as { kind: unknown }).kind)}`);
    }
  };

  return { sql: compile(ast), params };
}
