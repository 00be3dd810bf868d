/** What the API hands back for a bad query; `position`/`length` are string indices into the query text. */
export interface QueryErrorInfo {
  message: string;
  position: number;
  length: number;
}

export class QuerySyntaxError extends Error implements QueryErrorInfo {
  override readonly name = 'QuerySyntaxError';

  constructor(
    message: string,
    readonly query: string,
    readonly position: number,
    readonly length: number,
  ) {
    super(message);
  }

  /** The message, the offending line and a caret line under the bad spot. */
  format(): string {
    return formatQueryError(this.query, this);
  }

  toJSON(): QueryErrorInfo {
    return { message: this.message, position: this.position, length: this.length };
  }
}

/** Long one-line queries are cut to this many characters around the error so the caret stays readable. */
const WINDOW = 72;

export function formatQueryError(query: string, { message, position, length }: QueryErrorInfo): string {
  const lineStart = query.lastIndexOf('\n', position - 1) + 1;
  const newline = query.indexOf('\n', position);
  const lineEnd = newline === -1 ? query.length : newline;
  let before = Array.from(query.slice(lineStart, position).replace(/\r$/, ''));
  let after = Array.from(query.slice(position, lineEnd).replace(/\r$/, ''));
  const marked = Math.max(1, Math.min(Array.from(query.slice(position, position + length)).length, after.length));

  let head = '';
  let tail = '';
  if (before.length > WINDOW / 2) {
    before = before.slice(before.length - WINDOW / 2);
    head = '…';
  }
  if (after.length > WINDOW / 2 + marked) {
    after = after.slice(0, WINDOW / 2 + marked);
    tail = '…';
  }
  // Tabs stay tabs in the caret line so the caret lines up however the terminal renders them.
  const pad = head.replace(/./u, ' ') + before.map((c) => (c === '\t' ? '\t' : ' ')).join('');
  return `${message} at position ${position}\n${head}${before.join('')}${after.join('')}${tail}\n${pad}${'^'.repeat(marked)}`;
}
