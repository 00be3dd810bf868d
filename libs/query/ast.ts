/** Offsets are JavaScript string indices (UTF-16 code units) into the query text. */
export interface Span {
  position: number;
  length: number;
}

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
export const COMPARE_OPS: readonly CompareOp[] = ['=', '!=', '<', '<=', '>', '>='];

export type ImageNumberField = 'width' | 'height' | 'num_labels' | 'num_annotations';
export const IMAGE_NUMBER_FIELDS: readonly ImageNumberField[] = ['width', 'height', 'num_labels', 'num_annotations'];

/** The image has a confirmed label of this name. */
export interface LabelNode {
  kind: 'label';
  name: string;
  span?: Span;
}

/** The image has a confirmed `label` that carries the sublabel (`dog.has='ear'`). */
export interface LabelHasNode {
  kind: 'labelHas';
  label: string;
  sublabel: string;
  span?: Span;
}

/** The image has a confirmed `label` whose attribute `key` has this value (`dog.breed='Labrador Retriever'`). */
export interface LabelAttributeNode {
  kind: 'labelAttribute';
  label: string;
  key: string;
  value: string;
  span?: Span;
}

export interface ImageNumberNode {
  kind: 'imageNumber';
  field: ImageNumberField;
  op: CompareOp;
  value: number;
  span?: Span;
}

/** Percentage 0–100 of the image area covered by annotations. */
export interface CoverageNode {
  kind: 'coverage';
  op: CompareOp;
  value: number;
  span?: Span;
}

export interface CollectionNode {
  kind: 'collection';
  op: '=' | '!=';
  name: string;
  span?: Span;
}

export interface UnlabeledNode {
  kind: 'unlabeled';
  value: boolean;
  span?: Span;
}

export interface NotNode {
  kind: 'not';
  operand: QueryNode;
  span?: Span;
}

export interface AndNode {
  kind: 'and';
  left: QueryNode;
  right: QueryNode;
  span?: Span;
}

export interface OrNode {
  kind: 'or';
  left: QueryNode;
  right: QueryNode;
  span?: Span;
}

export type LeafNode =
  | LabelNode
  | LabelHasNode
  | LabelAttributeNode
  | ImageNumberNode
  | CoverageNode
  | CollectionNode
  | UnlabeledNode;

export type QueryNode = LeafNode | NotNode | AndNode | OrNode;

export function isLeaf(node: QueryNode): node is LeafNode {
  return node.kind !== 'not' && node.kind !== 'and' && node.kind !== 'or';
}

/** Spans make ASTs from different spellings of the same query unequal; drop them to compare structure. */
export function withoutSpans(node: QueryNode): QueryNode {
  switch (node.kind) {
    case 'not':
      return { kind: 'not', operand: withoutSpans(node.operand) };
    case 'and':
    case 'or':
      return { kind: node.kind, left: withoutSpans(node.left), right: withoutSpans(node.right) };
    default: {
      const { span: _span, ...rest } = node;
      return rest as QueryNode;
    }
  }
}
