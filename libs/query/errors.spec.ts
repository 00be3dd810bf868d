import { formatQueryError, parseQuery, QuerySyntaxError } from './index.js';

function errorOf(query: string): QuerySyntaxError {
  try {
    parseQuery(query);
  } catch (error) {
    if (error instanceof QuerySyntaxError) return error;
    throw error;
  }
  throw new Error(`parsed without error: ${query}`);
}

/** The character(s) of the shown line that sit above the carets. */
function underCaret(formatted: string): string {
  const [, line, carets] = formatted.split('\n');
  const shown = Array.from(line);
  const start = Array.from(carets).indexOf('^');
  return shown.slice(start, Array.from(carets).length).join('');
}

describe('QuerySyntaxError', () => {
  it('is an Error with a name and a JSON form for API answers', () => {
    const error = errorOf('dog & ');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('QuerySyntaxError');
    expect(JSON.parse(JSON.stringify(error))).toEqual({ message: "Expected a label, '(' or '~' after '&'", position: 6, length: 0 });
  });

  it('formats the message, the query and a caret under the bad spot', () => {
    expect(errorOf('dog & ').format()).toBe("Expected a label, '(' or '~' after '&' at position 6\ndog & \n      ^");
    expect(errorOf("image.colour = 'red'").format().split('\n').slice(1)).toEqual(["image.colour = 'red'", '      ^^^^^^']);
  });

  it('points at the opening parenthesis of an unbalanced group', () => {
    const text = errorOf('dog & (cat | (bird)').format();
    expect(text.split('\n')[2]).toBe('      ^');
  });

  it('shows only the line of a multi-line query that holds the error', () => {
    const text = errorOf('dog &\n  (cat |\r\n   bird').format();
    expect(text).toBe("Unclosed '(': no ')' closes it at position 8\n  (cat |\n  ^");
  });

  it('lines the caret up by characters, not UTF-16 units, and keeps tabs', () => {
    const emoji = errorOf("'🐶' & ");
    expect(emoji.position).toBe(7);
    expect(emoji.format().split('\n')[2]).toBe('      ^');
    const tabbed = errorOf('\tdog\t& ').format();
    expect(tabbed.split('\n')[2]).toBe('\t   \t  ^');
    expect(underCaret(errorOf("'🐶' & image.colour = 1").format())).toBe('colour');
  });

  it('cuts a long line to a window around the error and still points at it', () => {
    const query = `${'animal | '.repeat(40)}image.colour = 1${' | bird'.repeat(40)}`;
    const text = errorOf(query).format();
    const [, line, carets] = text.split('\n');
    expect(line.length).toBeLessThan(120);
    expect(line.startsWith('…')).toBe(true);
    expect(line.endsWith('…')).toBe(true);
    expect(carets.trim()).toBe('^^^^^^');
    expect(underCaret(text)).toBe('colour');
  });

  it('marks at most the rest of the line for a span that runs past it', () => {
    const text = formatQueryError('ab\ncd', { message: 'm', position: 1, length: 10 });
    expect(text).toBe('m at position 1\nab\n ^');
  });
});
