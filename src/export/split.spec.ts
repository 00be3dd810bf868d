import { duplicateGroups, parseSplit, splitOf } from './split.js';

describe('dataset splits', () => {
  it('parses shares and refuses splits that do not add up', () => {
    expect(parseSplit('train:0.8,val:0.1,test:0.1')).toEqual([
      { name: 'train', share: 0.8 },
      { name: 'val', share: 0.1 },
      { name: 'test', share: 0.1 },
    ]);
    expect(() => parseSplit('train:0.8,val:0.1')).toThrow(/add up to 1/);
    expect(() => parseSplit('train:0.5,train:0.5')).toThrow(/own name/);
    expect(() => parseSplit('train=0.5')).toThrow(/name:share/);
  });

  it('splits deterministically and in proportion', () => {
    const parts = parseSplit('train:0.8,val:0.1,test:0.1');
    const ids = Array.from({ length: 5000 }, (_, i) => `image-${i}`);
    const first = ids.map((id) => splitOf(id, parts, 7));
    expect(ids.map((id) => splitOf(id, parts, 7))).toEqual(first);
    const share = (name: string) => first.filter((s) => s === name).length / ids.length;
    expect(share('train')).toBeGreaterThan(0.77);
    expect(share('train')).toBeLessThan(0.83);
    expect(share('val')).toBeGreaterThan(0.08);
    expect(ids.map((id) => splitOf(id, parts, 8))).not.toEqual(first);
  });

  it('puts chains of near-duplicates in one group', () => {
    const group = duplicateGroups([
      { a: 'c', b: 'b' },
      { a: 'd', b: 'c' },
      { a: 'x', b: 'y' },
    ]);
    expect(['b', 'c', 'd'].map(group)).toEqual(['b', 'b', 'b']);
    expect(group('y')).toBe('x');
    expect(group('lonely')).toBe('lonely');
  });
});
