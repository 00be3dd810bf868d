import type { Span } from './ast.js';
import { QuerySyntaxError } from './errors.js';
import { nextToken, nextValue, type Token } from './lexer.js';

export interface QueryLimits {
  /** Characters; longer queries are refused before lexing. */
  maxLength: number;
  /** Nesting of `(` and `~`. */
  maxDepth: number;
  /** Leaves (labels and attribute tests); each becomes a sub-query in SQL. */
  maxTerms: number;
}

export const DEFAULT_LIMITS: QueryLimits = { maxLength: 2000, maxDepth: 50, maxTerms: 250 };

/** How a token reads in a message. */
export function describe(token: Token): string {
  if (token.kind === 'eof') return 'the end of the query';
  return token.kind === 'quoted' ? token.text : `'${token.text}'`;
}

/** The parser's position: the current token and the one before it, lexed on demand. */
export class Cursor {
  tok: Token;
  prev: Token | undefined;

  constructor(readonly src: string) {
    this.tok = nextToken(src, 0);
  }

  private get end(): number {
    return this.tok.position + this.tok.length;
  }

  advance(): Token {
    const consumed = this.tok;
    this.prev = consumed;
    this.tok = nextToken(this.src, this.end);
    return consumed;
  }

  /** Consume the current token and lex what follows as a value (after a comparison operator). */
  advanceToValue(): void {
    this.prev = this.tok;
    this.tok = nextValue(this.src, this.end);
  }

  /** From the start of `first` to the end of the last consumed token. */
  spanFrom(first: Span): Span {
    const last = this.prev ?? first;
    return { position: first.position, length: last.position + last.length - first.position };
  }

  fail(message: string, at: Span): never {
    throw new QuerySyntaxError(message, this.src, at.position, at.length);
  }

  /** `message`, plus what was found instead when there is something. */
  failFound(message: string, at: Token = this.tok): never {
    this.fail(at.kind === 'eof' ? message : `${message}, found ${describe(at)}`, at);
  }
}
