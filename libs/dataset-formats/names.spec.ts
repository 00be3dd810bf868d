import { encodeId, fileExtension, ImageNamer, MAX_NAME_BYTES, sanitizeName, truncateUtf8, UniqueNames } from './names.js';
import { HOSTILE_LABELS, prng } from './testing/dataset.js';
import { isSafeSegment } from './testing/harness.js';

const HOSTILE = [
  ...HOSTILE_LABELS,
  '..',
  '.',
  '...',
  '',
  '   ',
  '/',
  'a\\b',
  'con',
  'CON.txt',
  'lpt¹',
  'nul .tar.gz',
  'COM9',
  '.bashrc',
  'trailing. ',
  'nul\u0000byte',
  'zero\u200Bwidth',
  'é'.repeat(200),
  '🐈'.repeat(100),
];

describe('sanitizeName', () => {
  it.each(HOSTILE)('makes %j a safe path segment', (raw) => {
    expect(isSafeSegment(sanitizeName(raw))).toBe(true);
  });

  it('leaves ordinary and non-Latin names readable', () => {
    expect(sanitizeName('golden retriever')).toBe('golden retriever');
    expect(sanitizeName('Straße 猫')).toBe('Straße 猫');
    expect(sanitizeName('a/b')).toBe('a_b');
    expect(sanitizeName('../x')).toBe('_x');
    expect(sanitizeName('CON.txt')).toBe('_CON.txt');
  });

  it('bounds the UTF-8 length without splitting a character', () => {
    const cut = sanitizeName('🐈'.repeat(100));
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(cut).toBe('🐈'.repeat(25));
    expect(truncateUtf8('aé', 2)).toBe('a');
  });

  it('unifies NFC and NFD spellings', () => {
    expect(sanitizeName('cafe\u0301')).toBe(sanitizeName('caf\u00e9'));
  });
});

describe('UniqueNames', () => {
  it('de-duplicates case-insensitively and deterministically', () => {
    const take = (names: string[]) => {
      const unique = new UniqueNames();
      return names.map((n) => unique.take(n));
    };
    const input = ['dog', 'Dog', 'DOG', 'dog-2', 'a/b', 'a_b', 'a:b'];
    const first = take(input);
    expect(first).toEqual(['dog', 'Dog-2', 'DOG-3', 'dog-2-2', 'a_b', 'a_b-2', 'a_b-3']);
    expect(take(input)).toEqual(first);
    expect(new Set(first.map((n) => n.toLowerCase())).size).toBe(first.length);
  });

  it('keeps suffixed names within the byte bound', () => {
    const unique = new UniqueNames(20);
    const names = Array.from({ length: 12 }, () => unique.take('x'.repeat(40)));
    expect(new Set(names).size).toBe(12);
    for (const n of names) expect(Buffer.byteLength(n)).toBeLessThanOrEqual(20);
  });
});

describe('encodeId', () => {
  it('passes UUIDs and lower-case ids through unchanged', () => {
    expect(encodeId('3f2a9c1e-7b4d-4e0a-9c3b-1d2e3f4a5b6c')).toBe('3f2a9c1e-7b4d-4e0a-9c3b-1d2e3f4a5b6c');
    expect(encodeId('12345')).toBe('12345');
  });

  it('is injective, even case-insensitively, on ids that try to collide', () => {
    const rand = prng(3);
    const alphabet = ['a', 'A', '_', '-', '.', '/', '5', 'f', ' ', 'é', '~', 'c', 'o', 'n'];
    const ids = new Set<string>(['con', 'CON', '_63on', 'abc', 'ABC', '_41', 'A', '-x', '_2dx', '']);
    for (let i = 0; i < 3000; i++) ids.add(Array.from({ length: 1 + Math.floor(rand() * 6) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join(''));
    const encoded = new Map<string, string>();
    for (const id of ids) {
      const name = encodeId(id);
      expect(isSafeSegment(name)).toBe(true);
      expect(encoded.get(name.toLowerCase())).toBeUndefined();
      encoded.set(name.toLowerCase(), id);
    }
  });

  it('bounds very long ids and keeps them apart', () => {
    const a = encodeId('x'.repeat(500));
    const b = encodeId(`${'x'.repeat(499)}y`);
    expect(a.length).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(a).not.toBe(b);
    expect(a).toContain('~');
  });
});

describe('file names of images', () => {
  it('takes a short alphanumeric extension, lower-cased', () => {
    expect(fileExtension('a.JPG')).toBe('.jpg');
    expect(fileExtension('a.tar.gz')).toBe('.gz');
    expect(fileExtension('no-extension')).toBe('');
    expect(fileExtension('weird.j p g')).toBe('');
  });

  it('in fileName mode, de-duplicates stems (a.jpg and a.png would share labels/a.txt) and repeats them per id', () => {
    const namer = new ImageNamer('fileName');
    const image = (id: string, fileName: string) => ({ id, fileName, width: 1, height: 1, labels: [] });
    expect(namer.name(image('1', 'a.jpg'))).toEqual({ stem: 'a', file: 'a.jpg' });
    expect(namer.name(image('2', 'A.png'))).toEqual({ stem: 'A-2', file: 'A-2.png' });
    expect(namer.name(image('3', '../a.jpg'))).toEqual({ stem: '_a', file: '_a.jpg' });
    expect(namer.name(image('1', 'a.jpg'))).toEqual({ stem: 'a', file: 'a.jpg' });
  });
});
