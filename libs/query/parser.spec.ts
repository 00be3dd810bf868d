import { parseQuery, QuerySyntaxError, toString, withoutSpans, type QueryNode } from './index.js';

/** A printer independent of `toString`, so shape tests do not lean on the code under test. */
function sx(node: QueryNode): string {
  switch (node.kind) {
    case 'and':
    case 'or':
      return `(${node.kind === 'and' ? '&' : '|'} ${sx(node.left)} ${sx(node.right)})`;
    case 'not':
      return `(~ ${sx(node.operand)})`;
    case 'label':
      return `[${node.name}]`;
    case 'labelHas':
      return `[${node.label}].has[${node.sublabel}]`;
    case 'labelAttribute':
      return `[${node.label}].{${node.key}}[${node.value}]`;
    case 'imageNumber':
      return `${node.field}${node.op}${node.value}`;
    case 'coverage':
      return `coverage${node.op}${node.value}`;
    case 'collection':
      return `collection${node.op}[${node.name}]`;
    case 'unlabeled':
      return `unlabeled=${node.value}`;
  }
}

const p = (q: string) => sx(parseQuery(q));

describe('precedence and associativity', () => {
  it.each([
    ['a | b & c', '(| [a] (& [b] [c]))'],
    ['a & b | c', '(| (& [a] [b]) [c])'],
    ['~a & b', '(& (~ [a]) [b])'],
    ['~a | ~b & c', '(| (~ [a]) (& (~ [b]) [c]))'],
    ['a & b & c', '(& (& [a] [b]) [c])'],
    ['a | b | c', '(| (| [a] [b]) [c])'],
    ['a & (b | c)', '(& [a] (| [b] [c]))'],
    ['(a | b) & c', '(& (| [a] [b]) [c])'],
    ['~(a | b)', '(~ (| [a] [b]))'],
    ['~~a', '(~ (~ [a]))'],
    ['((((a))))', '[a]'],
    ['a & ~b.has=c', '(& [a] (~ [b].has[c]))'],
  ])('%s', (query, tree) => expect(p(query)).toBe(tree));

  it('reads and/or/not as keywords in any case, with the same precedence as the symbols', () => {
    expect(p('a OR b and NOT c')).toBe('(| [a] (& [b] (~ [c])))');
    expect(p('A And b oR c')).toBe(p('A & b | c'));
    expect(p('not(a)')).toBe('(~ [a])');
  });

  it('keeps words that merely start with a keyword as labels', () => {
    expect(p('android & order | notebook')).toBe('(| (& [android] [order]) [notebook])');
  });

  it('ignores whitespace, tabs and newlines between tokens', () => {
    expect(p('dog&~cat|(bird)')).toBe(p('  dog \t&\n ~  cat |\r\n ( bird )  '));
    expect(p('dog.has = ear&image.width>=640px')).toBe(p("dog.has='ear' & image.width >= 640"));
  });
});

describe('label names', () => {
  it.each([
    ['dog', 'dog'],
    ['t-shirt', 't-shirt'],
    ['3d-printer', '3d-printer'],
    ['car/wheel', 'car/wheel'],
    ['blue_fish', 'blue_fish'],
    ['Straße', 'Straße'],
    ['猫', '猫'],
    ['café', 'café'],
    ['ไทย', 'ไทย'],
    ["'street light'", 'street light'],
    ['"street light"', 'street light'],
    [String.raw`"a \"quoted\" name"`, 'a "quoted" name'],
    [String.raw`'o\'brien'`, "o'brien"],
    [String.raw`'back\\slash'`, 'back\\slash'],
    ["'x; DROP TABLE labels; --'", 'x; DROP TABLE labels; --'],
    ["'and'", 'and'],
    ["'🐶 dog'", '🐶 dog'],
  ])('%s', (query, name) => {
    expect(withoutSpans(parseQuery(query))).toEqual({ kind: 'label', name });
  });

  it('treats a bare image or annotation without a dot as a label', () => {
    expect(p('image | annotation')).toBe('(| [image] [annotation])');
  });
});

describe('attribute tests', () => {
  it.each([
    ["dog.has='ear'", '[dog].has[ear]'],
    ['dog.HAS=ear', '[dog].has[ear]'],
    ["dog.breed='Labrador Retriever'", '[dog].{breed}[Labrador Retriever]'],
    ["'water bottle'.has='cap'", '[water bottle].has[cap]'],
    ["dog.'eye colour'=brown", '[dog].{eye colour}[brown]'],
    ["'image'.has='frame'", '[image].has[frame]'],
    ['image.width >= 640', 'width>=640'],
    ['image.width>=640px', 'width>=640'],
    ['image.height < 480 PX', 'height<480'],
    ['IMAGE.Width != 0', 'width!=0'],
    ['image.num_labels > 2', 'num_labels>2'],
    ['image.num_annotations = 0', 'num_annotations=0'],
    ['annotation.coverage > 50%', 'coverage>50'],
    ['annotation.coverage <= 12.5', 'coverage<=12.5'],
    ['annotation.coverage >= 50 %', 'coverage>=50'],
    ["image.collection='holiday 2024'", 'collection=[holiday 2024]'],
    ['image.collection != summer', 'collection!=[summer]'],
    ['image.unlabeled', 'unlabeled=true'],
    ['image.unlabeled = false', 'unlabeled=false'],
    ["image.unlabeled='true'", 'unlabeled=true'],
    ['image.unlabeled != TRUE', 'unlabeled=false'],
  ])('%s', (query, tree) => expect(p(query)).toBe(tree));

  it('ends a bare value at an operator or parenthesis', () => {
    expect(p('(image.width>=640&dog.has=ear)|cat')).toBe('(| (& width>=640 [dog].has[ear]) [cat])');
  });
});

describe('spans', () => {
  it('covers each leaf from its first to its last character', () => {
    const ast = parseQuery("  dog & ~'street light'.has='lamp' | image.width >= 640px");
    expect(ast.kind).toBe('or');
    if (ast.kind !== 'or' || ast.left.kind !== 'and' || ast.left.right.kind !== 'not') throw new Error('shape');
    expect(ast.left.left.span).toEqual({ position: 2, length: 3 });
    expect(ast.left.right.span).toEqual({ position: 8, length: 26 });
    expect(ast.left.right.operand.span).toEqual({ position: 9, length: 25 });
    expect(ast.right.span).toEqual({ position: 37, length: 20 });
    expect(ast.span).toEqual({ position: 2, length: 55 });
  });
});

function syntaxError(query: string, limits?: Parameters<typeof parseQuery>[1]): QuerySyntaxError {
  try {
    parseQuery(query, limits);
  } catch (error) {
    if (error instanceof QuerySyntaxError) return error;
    throw error;
  }
  throw new Error(`parsed without error: ${query}`);
}

describe('syntax errors', () => {
  const known = 'width, height, num_labels, num_annotations, collection, unlabeled';
  it.each<[string, string, number, number]>([
    ['', 'Empty query', 0, 0],
    ['  \n ', 'Empty query', 0, 4],
    ['dog & ', "Expected a label, '(' or '~' after '&'", 6, 0],
    ['& dog', "Expected a label, '(' or '~' at the start of the query, found '&'", 0, 1],
    ['dog | )', "Expected a label, '(' or '~' after '|', found ')'", 6, 1],
    ['dog and not', "Expected a label, '(' or '~' after 'not'", 11, 0],
    ['(dog & cat', "Unclosed '(': no ')' closes it", 0, 1],
    ['dog & (cat | (bird)', "Unclosed '(': no ')' closes it", 6, 1],
    ['dog)', "Unmatched ')': no '(' opens it", 3, 1],
    ['( )', 'Empty parentheses', 0, 3],
    ["'street light", "Unterminated quote: the ' here is never closed", 0, 13],
    [String.raw`dog | "a \"b`, 'Unterminated quote: the " here is never closed', 6, 6],
    [String.raw`'ends in backslash\'`, "Unterminated quote: the ' here is never closed", 0, 20],
    ["''", 'Empty label name', 0, 2],
    ["dog & o'brien", `Unterminated quote: the ' here is never closed; to use it inside a name, quote the whole name: "o'brien"`, 7, 6],
    ['street light', "Unexpected 'light' after 'street': join terms with '&' or '|', or quote a name that has spaces: 'street light'", 7, 5],
    ['(dog cat)', "Unexpected 'cat' after 'dog': join terms with '&' or '|', or quote a name that has spaces: 'dog cat'", 5, 3],
    ["dog.has='ear' 'x'", "Unexpected 'x' after 'ear': join terms with '&' or '|'", 14, 3],
    ['image.width >= 640 pt', "Unexpected 'pt' after '640': join terms with '&' or '|'", 19, 2],
    ['dog (cat)', "Expected '&', '|' or the end of the query after 'dog', found '('", 4, 1],
    ['(dog (cat))', "Expected '&', '|' or ')' after 'dog', found '('", 5, 1],
    ["image.colour = 'red'", `Unknown image attribute 'colour'; known: ${known}`, 6, 6],
    ['image.', `Expected an attribute name after 'image.' (${known})`, 6, 0],
    ['annotation.area > 5', "Unknown annotation attribute 'area'; known: coverage", 11, 4],
    ['image.width', "Expected a comparison (>, >=, <, <=, =, !=) after 'image.width'", 11, 0],
    ['image.width dog', "Expected a comparison (>, >=, <, <=, =, !=) after 'image.width', found 'dog'", 12, 3],
    ['image.width >=', "Expected a whole number of pixels (e.g. 640 or 640px) after '>='", 14, 0],
    ['image.width >= abc', "Expected a whole number of pixels (e.g. 640 or 640px) after '>=', found 'abc'", 15, 3],
    ['image.width >= 12.5', "Expected a whole number of pixels (e.g. 640 or 640px) after '>=', found '12.5'", 15, 4],
    ['image.width >= -5', "Expected a whole number of pixels (e.g. 640 or 640px) after '>=', found '-5'", 15, 2],
    ['image.width > 640%', "Expected a whole number of pixels (e.g. 640 or 640px) after '>', found '640%'", 14, 4],
    ["image.width > '640'", "Expected a whole number of pixels (e.g. 640 or 640px) after '>', found '640'", 14, 5],
    ['image.num_labels > 2px', "Expected a whole number after '>', found '2px'", 19, 3],
    ['image.height < 99999999999', 'Number too large: at most 2147483647', 15, 11],
    ['annotation.coverage > 150%', "Expected a percentage from 0 to 100 (e.g. 50%) after '>', found '150%'", 22, 4],
    ['annotation.coverage > 5px', "Expected a percentage from 0 to 100 (e.g. 50%) after '>', found '5px'", 22, 3],
    ["image.collection > 'x'", "'image.collection' compares only with '=' or '!='", 17, 1],
    ['image.unlabeled >= true', "'image.unlabeled' compares only with '=' or '!='", 16, 2],
    ['image.unlabeled = maybe', "Expected true or false after '=', found 'maybe'", 18, 5],
    ["dog.breed > 'x'", "Label attributes compare only with '='; to exclude a value write ~dog.breed=…", 10, 1],
    ["dog.breed != 'x'", "Label attributes compare only with '='; to exclude a value write ~dog.breed=…", 10, 2],
    ['dog.has', "Expected '=' and a value after 'dog.has'", 7, 0],
    ['dog.', "Expected an attribute name after 'dog.', such as has or breed", 4, 0],
    ["dog.''='x'", 'Empty attribute name', 4, 2],
    ['dog.has=', "Expected sublabel name after '='", 8, 0],
    ['dog.has= & cat', "Expected sublabel name after '=', found '&'", 9, 1],
    ["dog.has=''", 'Empty sublabel name', 8, 2],
    ["dog.has='ear", "Unterminated quote: the ' here is never closed", 8, 4],
    ['dog.has=ear.x', "Quote sublabel names that contain anything but letters, digits, '_', '-' or '/': 'ear.x'", 8, 5],
    ['image.collection = a=b', "Quote collection names that contain anything but letters, digits, '_', '-' or '/': 'a=b'", 19, 3],
    ['dog && cat', "Write a single '&' (or 'and'), not '&&'", 4, 2],
    ['dog || cat', "Write a single '|' (or 'or'), not '||'", 4, 2],
    ['image.width == 5', "Write '=' to compare, not '=='", 12, 2],
    ['image.width <> 5', "Write '!=' for 'not equal', not '<>'", 12, 2],
    ['!dog', "Write '~' or 'not' to negate; '!' is only part of '!='", 0, 1],
    ['dog ; DROP TABLE labels', "Unexpected character ';'; quote label names that contain it", 4, 1],
    ['dog & 🐶', "Unexpected character '🐶'; quote label names that contain it", 6, 2],
    ['.dog', "Expected a label, '(' or '~' at the start of the query, found '.'", 0, 1],
    ["dog | 'a\u0000b'", 'Control character U+0000 in a quoted name', 8, 1],
    ["'line\nbreak'", 'Control character U+000A in a quoted name', 5, 1],
    ["'escaped\\\u0007'", 'Control character U+0007 in a quoted name', 9, 1],
    ['dog & \ud83d', 'Broken text: an unpaired UTF-16 surrogate', 6, 1],
  ])('%j', (query, message, position, length) => {
    const error = syntaxError(query);
    expect(error.message).toBe(message);
    expect({ position: error.position, length: error.length }).toEqual({ position, length });
    expect(error.query).toBe(query);
  });
});

describe('limits', () => {
  it('refuses queries over the length limit, pointing at the excess', () => {
    expect(() => parseQuery('a'.repeat(2000))).not.toThrow();
    const error = syntaxError('a'.repeat(2001));
    expect(error.message).toBe('Query too long: 2001 characters, the limit is 2000');
    expect([error.position, error.length]).toEqual([2000, 1]);
    expect(syntaxError('a | b', { maxLength: 3 }).position).toBe(3);
  });

  it('refuses nesting deeper than the limit, counting parentheses and negations', () => {
    const nested = (n: number) => `${'('.repeat(n)}a${')'.repeat(n)}`;
    expect(p(nested(50))).toBe('[a]');
    expect(syntaxError(nested(51)).message).toBe("Query nests deeper than 50 levels of '(' and '~'");
    expect(syntaxError(nested(51)).position).toBe(50);
    expect(() => parseQuery(`${'~'.repeat(50)}a`)).not.toThrow();
    expect(syntaxError(`${'~('.repeat(26)}a${')'.repeat(26)}`).position).toBe(50);
    expect(() => parseQuery('(((a)))', { maxDepth: 2 })).toThrow(QuerySyntaxError);
  });

  it('refuses more terms than the limit, pointing at the first one too many', () => {
    const terms = (n: number) => Array.from({ length: n }, (_, k) => `l${k}`).join('|');
    expect(() => parseQuery(terms(250))).not.toThrow();
    const error = syntaxError(terms(251));
    expect(error.message).toBe('Query has more than 250 terms');
    expect(error.query.slice(error.position, error.position + error.length)).toBe('l250');
  });
});

describe('robustness', () => {
  const pieces = ['a', 'dog', ' ', '(', ')', '&', '|', '~', "'", '"', '\\', '.', '=', '>=', '<', '!=', '%', 'px', '5', '12.5', 'image.', 'annotation.', 'has', 'not ', 'or', '\n', 'é', '🐶'];

  it('answers any input with a tree or a QuerySyntaxError that points inside the query', () => {
    let seed = 99;
    const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) / 2 ** 24;
    let parsed = 0;
    for (let n = 0; n < 5000; n++) {
      const query = Array.from({ length: 1 + Math.floor(next() * 12) }, () => pieces[Math.floor(next() * pieces.length)]).join('');
      try {
        const ast = parseQuery(query);
        parsed++;
        expect(withoutSpans(parseQuery(toString(ast)))).toEqual(withoutSpans(ast));
      } catch (error) {
        if (!(error instanceof QuerySyntaxError)) throw new Error(`${JSON.stringify(query)}: ${String(error)}`);
        expect(error.position).toBeGreaterThanOrEqual(0);
        expect(error.position + error.length).toBeLessThanOrEqual(query.length);
        expect(error.format()).toContain('^');
      }
    }
    expect(parsed).toBeGreaterThan(100);
  });
});
