import { newLinkId, slugFromName } from './link-ids.js';

const words = { adjectives: ['red', 'blue'], nouns: ['fox'] };

describe('newLinkId', () => {
  it('makes random base62 ids of the configured length, different every time', () => {
    const ids = new Set(Array.from({ length: 500 }, () => newLinkId('random', { length: 8, words, attempt: 0 })));
    expect(ids.size).toBe(500);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9]{8}$/);
  });

  it('grows the id after a clash', () => {
    expect(newLinkId('random', { length: 8, words, attempt: 2 })).toHaveLength(10);
    expect(newLinkId('words', { length: 8, words, attempt: 1 })).toMatch(/^(red|blue)-(red|blue)-fox-[A-Za-z0-9]{5}$/);
  });

  it('makes uuids and word ids', () => {
    expect(newLinkId('uuid', { length: 8, words, attempt: 0 })).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newLinkId('words', { length: 8, words, attempt: 0 })).toMatch(/^(red|blue)-(red|blue)-fox$/);
  });

  it('keeps a safe form of the original name, plus a random part', () => {
    expect(newLinkId('original', { length: 8, originalName: 'Screenshot 2026-01-01 at 10.00.png', words, attempt: 0 })).toMatch(
      /^Screenshot-2026-01-01-at-10-00-[A-Za-z0-9]{6}$/,
    );
  });
});

describe('slugFromName', () => {
  it('strips paths, markup and accents', () => {
    expect(slugFromName('../../etc/passwd')).toBe('passwd');
    expect(slugFromName('C:\\Users\\me\\shot.png')).toBe('shot');
    expect(slugFromName('<b>alert(1)<b>.png')).toBe('b-alert-1-b');
    expect(slugFromName('Café Noël.jpg')).toBe('Cafe-Noel');
    expect(slugFromName('')).toBe('image');
    expect(slugFromName('x'.repeat(100) + '.png')).toHaveLength(48);
  });
});
