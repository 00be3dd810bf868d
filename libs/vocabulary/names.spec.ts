import { nameKey, normalizeLabelName, validateLabelName } from './names.js';

describe('normalizeLabelName', () => {
  it('trims, collapses whitespace and composes to NFC', () => {
    expect(normalizeLabelName('  teddy \t  bear\n')).toBe('teddy bear');
    expect(normalizeLabelName('cafe\u0301')).toBe('café');
    expect(normalizeLabelName('cafe\u0301')).toBe(normalizeLabelName('caf\u00e9'));
  });

  it('keeps case and maps typographic apostrophes and hyphens to ASCII', () => {
    expect(normalizeLabelName('Children\u2019s Book')).toBe("Children's Book");
    expect(normalizeLabelName('T\u2010shirt')).toBe('T-shirt');
  });
});

describe('nameKey', () => {
  it('compares names case-insensitively, like PostgreSQL lower()', () => {
    expect(nameKey('TV')).toBe(nameKey(' tv '));
    expect(nameKey('ΣΑΣ')).toBe(nameKey('σασ'));
    expect(nameKey('Hund')).not.toBe(nameKey('Hunde'));
  });
});

describe('validateLabelName', () => {
  it.each(['dog', 't-shirt', '3d printer', 'teddy bear', "rock 'n' roll", 'salt & pepper', 'ac/dc', 'Küche', 'кошка', '狗', '7', 'हिन्दी'])(
    'accepts %s',
    (raw) => expect(validateLabelName(raw)).toEqual({ ok: true, name: raw }),
  );

  it('returns the normalized name', () => {
    expect(validateLabelName('  usb   stick ')).toEqual({ ok: true, name: 'usb stick' });
  });

  it.each([
    ['', 'is empty'],
    ['   ', 'is empty'],
    ['a'.repeat(65), 'longer than 64'],
    ['dog\u0000', 'invisible character U+0000'],
    ['do\u200Bg', 'invisible character U+200B'],
    ['dog.has', "contains '.'"],
    ['dog!', "contains '!'"],
    ['"dog"', `contains '"'`],
    ['dog_house', "contains '_'"],
    ['---', 'no letter or digit'],
    ['-dog', 'must start with a letter or digit'],
    ["'dog", 'must start with a letter or digit'],
    ['dog/', 'must end with a letter or digit'],
    ['dog--house', 'two punctuation characters in a row'],
  ])('rejects %j (%s)', (raw, reason) => {
    const result = validateLabelName(raw);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain(reason);
  });

  it('allows exactly 64 characters, counted as code points', () => {
    expect(validateLabelName('a'.repeat(64)).ok).toBe(true);
    expect(validateLabelName('😀'.repeat(1)).ok).toBe(false); // a symbol, not a letter
    expect(validateLabelName('狗'.repeat(64)).ok).toBe(true);
  });
});
