import { compileToSql, parseQuery, referenceAdapter, type QueryNode, type SqlAdapter } from './index.js';

/** Shows exactly what the compiler hands the adapter. */
const probe: SqlAdapter = {
  label: (name) => `L(${name})`,
  labelHas: (label, sub) => `H(${label},${sub})`,
  labelAttribute: (label, key, value) => `A(${label},${key},${value})`,
  imageNumber: (field, op, value) => `N(${field} ${op} ${value})`,
  coverage: (op, value) => `C(${op} ${value})`,
  collection: (name) => `K(${name})`,
  unlabeled: () => 'U',
};

const compile = (query: string, firstParam?: number) => compileToSql(parseQuery(query), probe, { firstParam });

describe('compileToSql', () => {
  it('numbers placeholders in query order and keeps values out of the SQL', () => {
    expect(compile("dog & ~cat.has='ear' | image.width >= 640")).toEqual({
      sql: '(((L($1)) AND (NOT (H($2,$3)))) OR (N(width >= $4)))',
      params: ['dog', 'cat', 'ear', 640],
    });
  });

  it('starts at firstParam', () => {
    expect(compile("a | b.colour='red'", 4)).toEqual({ sql: '((L($4)) OR (A($5,$6,$7)))', params: ['a', 'b', 'colour', 'red'] });
  });

  it('flattens chains of one operator and keeps the grouping of mixed ones', () => {
    expect(compile('a & b & c & d').sql).toBe('((L($1)) AND (L($2)) AND (L($3)) AND (L($4)))');
    expect(compile('a | b | (c | d)').sql).toBe('((L($1)) OR (L($2)) OR (L($3)) OR (L($4)))');
    expect(compile('(a | b) & (c | d)').sql).toBe('(((L($1)) OR (L($2))) AND ((L($3)) OR (L($4))))');
  });

  it('turns != into <> from its own table, and negates collection != and unlabeled = false', () => {
    expect(compile('image.height != 5 & annotation.coverage <= 12.5%').sql).toBe('((N(height <> $1)) AND (C(<= $2)))');
    expect(compile("image.collection != 'x'")).toEqual({ sql: '(NOT (K($1)))', params: ['x'] });
    expect(compile('image.unlabeled = false').sql).toBe('(NOT (U))');
    expect(compile('image.unlabeled').sql).toBe('(U)');
  });

  it('produces the same SQL text for hostile names as for plain ones', () => {
    const plain = compile("a & ~b.has='c' | d.e='f' | image.collection='g'");
    const hostile = compile(
      String.raw`'x\'; DROP TABLE images; --' & ~'$1'.has='") OR 1=1 --' | '/* */'.'$2'='\\' | image.collection='; DELETE FROM labels'`,
    );
    expect(hostile.sql).toBe(plain.sql);
    expect(hostile.params).toEqual(["x'; DROP TABLE images; --", '$1', '") OR 1=1 --', '/* */', '$2', '\\', '; DELETE FROM labels']);
  });

  it('refuses hand-built ASTs whose operator, field or value is not one it knows', () => {
    const bad: unknown[] = [
      { kind: 'imageNumber', field: 'width', op: '; DROP TABLE images', value: 1 },
      { kind: 'imageNumber', field: 'width', op: 'toString', value: 1 },
      { kind: 'imageNumber', field: 'id; --', op: '=', value: 1 },
      { kind: 'imageNumber', field: 'width', op: '=', value: Number.NaN },
      { kind: 'coverage', op: '>', value: '1 OR 1=1' },
      { kind: 'label', name: 42 },
      { kind: 'collection', op: 'LIKE', name: 'x' },
      { kind: 'raw', sql: '1=1' },
    ];
    for (const ast of bad) expect(() => compileToSql(ast as QueryNode, probe)).toThrow();
    expect(() => compileToSql(parseQuery('a'), probe, { firstParam: 0 })).toThrow('firstParam');
  });
});

describe('referenceAdapter', () => {
  it('only accepts a plain identifier as the image alias', () => {
    expect(() => referenceAdapter({ imageAlias: 'img' })).not.toThrow();
    expect(() => referenceAdapter({ imageAlias: 'i; DROP TABLE images' })).toThrow('identifier');
    expect(compileToSql(parseQuery('image.width > 1'), referenceAdapter({ imageAlias: 'img' })).sql).toBe('(img.width > $1)');
  });
});
