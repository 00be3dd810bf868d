import { QuerySyntaxError } from './errors.js';

export type TokenKind = 'word' | 'quoted' | 'and' | 'or' | 'not' | '(' | ')' | '.' | 'compare' | 'eof';

export interface Token {
  kind: TokenKind;
  /** The source text of the token, for messages. */
  text: string;
  /** Unescaped content for quoted tokens, the operator for `compare`, otherwise the text. */
  value: string;
  position: number;
  length: number;
}

/** Characters of a bare label name: letters in any script (with their combining marks), digits, `_`, `-`, `/`. */
export const WORD_CHAR = /[\p{L}\p{M}\p{N}_\-/]/u;
export const BARE_WORD = /^[\p{L}\p{M}\p{N}_\-/]+$/u;
const KEYWORDS: Record<string, TokenKind> = { and: 'and', or: 'or', not: 'not' };
/** Where a bare value (after `=` or `>=`) ends. */
const VALUE_STOP = /[\s()&|~'"]/u;

function token(src: string, kind: TokenKind, position: number, end: number, value?: string): Token {
  const text = src.slice(position, end);
  return { kind, text, value: value ?? text, position, length: end - position };
}

function skipSpace(src: string, pos: number): number {
  while (pos < src.length && /\s/u.test(src[pos])) pos++;
  return pos;
}

/** A code point, not a lone surrogate, so messages never show half an emoji. */
function charAt(src: string, pos: number): string {
  return String.fromCodePoint(src.codePointAt(pos) ?? 0);
}

function fail(src: string, message: string, position: number, length: number): never {
  throw new QuerySyntaxError(message, src, position, length);
}

function lexQuoted(src: string, start: number): Token {
  const quote = src[start];
  let value = '';
  let pos = start + 1;
  while (pos < src.length) {
    if (src[pos] === quote) return token(src, 'quoted', start, pos + 1, value);
    // Any escaped character stands for itself: \' \" \\ and also \x = x.
    const at = src[pos] === '\\' && pos + 1 < src.length ? pos + 1 : pos;
    const ch = charAt(src, at);
    // PostgreSQL refuses NUL in text and nobody means a newline in a label, so control characters stop here.
    if (/\p{Cc}/u.test(ch)) fail(src, `Control character U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} in a quoted name`, at, 1);
    value += ch;
    pos = at + ch.length;
  }
  return fail(src, `Unterminated quote: the ${quote} here is never closed${apostropheHint(src, start)}`, start, src.length - start);
}

/** `o'brien` typed bare: the quote sits inside a word, so suggest quoting the whole name with the other quote. */
function apostropheHint(src: string, at: number): string {
  let from = at;
  while (from > 0 && WORD_CHAR.test(src[from - 1])) from--;
  if (from === at) return '';
  let to = at + 1;
  while (to < src.length && WORD_CHAR.test(src[to])) to++;
  const other = src[at] === "'" ? '"' : "'";
  return `; to use it inside a name, quote the whole name: ${other}${src.slice(from, to)}${other}`;
}

function lexOperator(src: string, pos: number): Token | undefined {
  const two = src.slice(pos, pos + 2);
  if (two === '&&' || two === '||') fail(src, `Write a single '${two[0]}' (or '${two[0] === '&' ? 'and' : 'or'}'), not '${two}'`, pos, 2);
  if (two === '==') fail(src, "Write '=' to compare, not '=='", pos, 2);
  if (two === '<>') fail(src, "Write '!=' for 'not equal', not '<>'", pos, 2);
  if (two === '>=' || two === '<=' || two === '!=') return token(src, 'compare', pos, pos + 2);
  const c = src[pos];
  if (c === '>' || c === '<' || c === '=') return token(src, 'compare', pos, pos + 1);
  if (c === '!') fail(src, "Write '~' or 'not' to negate; '!' is only part of '!='", pos, 1);
  if (c === '&') return token(src, 'and', pos, pos + 1);
  if (c === '|') return token(src, 'or', pos, pos + 1);
  if (c === '~') return token(src, 'not', pos, pos + 1);
  if (c === '(' || c === ')' || c === '.') return token(src, c, pos, pos + 1);
  return undefined;
}

/** The token starting at or after `pos`. */
export function nextToken(src: string, pos: number): Token {
  const start = skipSpace(src, pos);
  if (start >= src.length) return token(src, 'eof', src.length, src.length);
  const c = src[start];
  if (c === "'" || c === '"') return lexQuoted(src, start);
  const op = lexOperator(src, start);
  if (op) return op;
  if (!WORD_CHAR.test(charAt(src, start))) {
    const ch = charAt(src, start);
    return fail(src, `Unexpected character '${ch}'; quote label names that contain it`, start, ch.length);
  }
  let end = start;
  while (end < src.length && WORD_CHAR.test(charAt(src, end))) end += charAt(src, end).length;
  const keyword = KEYWORDS[src.slice(start, end).toLowerCase()];
  return token(src, keyword ?? 'word', start, end);
}

/**
 * The value after a comparison: a quoted string, or a bare run up to whitespace or an operator.
 * Values have their own rule because `640px`, `50.5%` and `50 %` are one value, not words and dots.
 */
export function nextValue(src: string, pos: number): Token {
  const start = skipSpace(src, pos);
  if (start >= src.length) return token(src, 'eof', src.length, src.length);
  const c = src[start];
  if (c === "'" || c === '"') return lexQuoted(src, start);
  let end = start;
  while (end < src.length && !VALUE_STOP.test(src[end])) end++;
  if (end === start) return nextToken(src, start);
  if (/^[0-9.]+$/.test(src.slice(start, end))) {
    const unit = /^\s*(px|%)(?![\p{L}\p{N}_])/iu.exec(src.slice(end));
    if (unit) end += unit[0].length;
  }
  return token(src, 'word', start, end);
}
