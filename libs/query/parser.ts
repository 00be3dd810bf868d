import type { QueryNode } from './ast.js';
import { parseLabelAttribute, parseNamespaced } from './attributes.js';
import { Cursor, DEFAULT_LIMITS, describe, type QueryLimits } from './cursor.js';
import { QuerySyntaxError } from './errors.js';
import type { Token } from './lexer.js';

/**
 * Grammar (whitespace between tokens is ignored):
 *   query   := or EOF
 *   or      := and (('|' | 'or') and)*
 *   and     := unary (('&' | 'and') unary)*
 *   unary   := ('~' | 'not') unary | '(' or ')' | term
 *   term    := ('image' | 'annotation') '.' attribute comparison?
 *            | name ('.' key '=' value)?
 *   name    := bare word | quoted string
 */
export function parseQuery(text: string, limits: Partial<QueryLimits> = {}): QueryNode {
  const max = { ...DEFAULT_LIMITS, ...limits };
  if (text.length > max.maxLength) {
    throw new QuerySyntaxError(
      `Query too long: ${text.length} characters, the limit is ${max.maxLength}`,
      text,
      max.maxLength,
      text.length - max.maxLength,
    );
  }
  const broken = /\p{Cs}/u.exec(text);
  if (broken) throw new QuerySyntaxError('Broken text: an unpaired UTF-16 surrogate', text, broken.index, 1);
  if (text.trim() === '') throw new QuerySyntaxError('Empty query', text, 0, text.length);
  return new Parser(text, max).parse();
}

class Parser {
  private readonly c: Cursor;
  private depth = 0;
  private terms = 0;
  private lastTerm: QueryNode | undefined;

  constructor(
    src: string,
    private readonly max: QueryLimits,
  ) {
    this.c = new Cursor(src);
  }

  parse(): QueryNode {
    const node = this.or();
    const t = this.c.tok;
    if (t.kind === 'eof') return node;
    if (t.kind === ')') this.c.fail("Unmatched ')': no '(' opens it", t);
    this.afterTerm("'&', '|' or the end of the query");
  }

  private or(): QueryNode {
    const start = this.c.tok;
    let left = this.and();
    while (this.c.tok.kind === 'or') {
      this.c.advance();
      const right = this.and();
      left = { kind: 'or', left, right, span: this.c.spanFrom(start) };
    }
    return left;
  }

  private and(): QueryNode {
    const start = this.c.tok;
    let left = this.unary();
    while (this.c.tok.kind === 'and') {
      this.c.advance();
      const right = this.unary();
      left = { kind: 'and', left, right, span: this.c.spanFrom(start) };
    }
    return left;
  }

  private unary(): QueryNode {
    const t = this.c.tok;
    if (t.kind === 'not') {
      this.enter(t);
      this.c.advance();
      const operand = this.unary();
      this.depth--;
      return { kind: 'not', operand, span: this.c.spanFrom(t) };
    }
    if (t.kind === '(') return this.group(t);
    return this.term();
  }

  private group(open: Token): QueryNode {
    this.enter(open);
    this.c.advance();
    if (this.c.tok.kind === ')') this.c.fail('Empty parentheses', { position: open.position, length: this.c.tok.position + 1 - open.position });
    const inner = this.or();
    const t = this.c.tok;
    if (t.kind === 'eof') this.c.fail("Unclosed '(': no ')' closes it", open);
    if (t.kind !== ')') this.afterTerm("'&', '|' or ')'");
    this.c.advance();
    this.depth--;
    return inner;
  }

  private enter(t: Token): void {
    if (++this.depth > this.max.maxDepth) this.c.fail(`Query nests deeper than ${this.max.maxDepth} levels of '(' and '~'`, t);
  }

  private term(): QueryNode {
    const c = this.c;
    const first = c.tok;
    if (first.kind !== 'word' && first.kind !== 'quoted') {
      const where = c.prev ? ` after ${describe(c.prev)}` : ' at the start of the query';
      c.failFound(`Expected a label, '(' or '~'${where}`);
    }
    if (first.kind === 'quoted' && first.value === '') c.fail('Empty label name', first);
    c.advance();
    const namespaced = first.kind === 'word' && /^(image|annotation)$/i.test(first.value);
    let node: QueryNode;
    if (c.tok.kind === '.') node = namespaced ? parseNamespaced(c, first) : parseLabelAttribute(c, first, first.value);
    else node = { kind: 'label', name: first.value };
    node.span = c.spanFrom(first);
    this.lastTerm = node;
    if (++this.terms > this.max.maxTerms) c.fail(`Query has more than ${this.max.maxTerms} terms`, node.span);
    return node;
  }

  /** Something other than an operator follows a complete term. */
  private afterTerm(expected: string): never {
    const { tok, prev } = this.c;
    if (prev && (tok.kind === 'word' || tok.kind === 'quoted')) {
      const bare = this.lastTerm?.kind === 'label' && prev.kind === 'word' && tok.kind === 'word';
      const hint = bare ? `, or quote a name that has spaces: '${prev.text} ${tok.text}'` : '';
      this.c.fail(`Unexpected ${describe(tok)} after ${describe(prev)}: join terms with '&' or '|'${hint}`, tok);
    }
    this.c.failFound(`Expected ${expected} after ${describe(prev!)}`);
  }
}
