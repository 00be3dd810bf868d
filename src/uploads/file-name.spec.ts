import { safeFileName } from './file-name.js';

describe('safeFileName', () => {
  it.each([
    ['shot.png', 'shot.png'],
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\windows\\evil.png', 'evil.png'],
    ['a\r\nb\u001b[31m.jpg', 'ab[31m.jpg'],
    ['\u0000', ''],
    ['Ünïcödé 😀.webp', 'Ünïcödé 😀.webp'],
  ])('%j is kept as %j', (name, kept) => expect(safeFileName(name)).toBe(kept));
});
