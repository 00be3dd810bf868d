import { labelNames, labelReferences, parseQuery, toString, withoutSpans, type QueryNode } from './index.js';

describe('toString', () => {
  it.each([
    ['dog  AND NOT cat', 'dog & ~cat'],
    ['(a | b) & c', '(a | b) & c'],
    ['a | (b & c)', 'a | b & c'],
    ['a & (b & c)', 'a & (b & c)'],
    ['(a & b) & c', 'a & b & c'],
    ['a | (b | c)', 'a | (b | c)'],
    ['not (a and b)', '~(a & b)'],
    ['~ ~a', '~~a'],
    ['"street light" | lamp', "'street light' | lamp"],
    [String.raw`"o'brien"`, String.raw`'o\'brien'`],
    [String.raw`'a\\b'`, String.raw`'a\\b'`],
    ["'and' | 'Image' | 'x.y'", "'and' | 'Image' | 'x.y'"],
    ['dog.HAS=ear', "dog.has='ear'"],
    ["'water bottle'.Colour=Blue", "'water bottle'.Colour='Blue'"],
    ['image.width>=640px', 'image.width >= 640'],
    ['annotation.coverage>50.5', 'annotation.coverage > 50.5%'],
    ['annotation.coverage > 0.0000001%', 'annotation.coverage > 0.0000001%'],
    ['annotation.coverage > 0.00000015%', 'annotation.coverage > 0.00000015%'],
    ['image.collection = summer', "image.collection='summer'"],
    ['image.collection != summer', "image.collection!='summer'"],
    ['image.unlabeled=TRUE', 'image.unlabeled'],
    ['image.unlabeled != true', 'image.unlabeled=false'],
  ])('%s → %s', (query, canonical) => {
    expect(toString(parseQuery(query))).toBe(canonical);
  });

  it('gives back the same tree when parsed again', () => {
    const queries = [
      "a & ~(b | c.has='d') | image.width > 3 & (annotation.coverage != 0 | ~image.unlabeled)",
      "'x; DROP TABLE images; --' & '$1' | \"\\\\\" & 'not'.'or'='and'",
      '((a | b) & (c | d)) | ~~(e & f & g)',
      'annotation.coverage > 0.000000001% | image.width < 5',
    ];
    for (const query of queries) {
      const ast = withoutSpans(parseQuery(query));
      expect(withoutSpans(parseQuery(toString(ast)))).toEqual(ast);
    }
  });
});

describe('labelNames and labelReferences', () => {
  it('lists each label once, sublabels included, first spelling kept', () => {
    const ast = parseQuery("Dog & ~cat | dog.has='Ear' & 'street light'.colour='red' & image.collection='dog' & EAR");
    expect(labelNames(ast)).toEqual(['Dog', 'cat', 'Ear', 'street light']);
  });

  it('points each mention at the test that holds it', () => {
    const query = "dog | ~cat.has='ear'";
    const refs = labelReferences(parseQuery(query));
    expect(refs.map((r) => [r.name, query.slice(r.span!.position, r.span!.position + r.span!.length)])).toEqual([
      ['dog', 'dog'],
      ['cat', "cat.has='ear'"],
      ['ear', "cat.has='ear'"],
    ]);
  });

  it('is empty for a query about image attributes only', () => {
    const ast: QueryNode = parseQuery('image.width > 5 & image.unlabeled');
    expect(labelNames(ast)).toEqual([]);
  });
});
