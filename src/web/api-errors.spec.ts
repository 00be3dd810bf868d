import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WEB_ROOT } from './web-files.js';

// web/app/lib/errors.js maps the API's English errors to locale keys. Without a loaded locale t() answers with
// the key itself, which is what these tests compare. A computed specifier keeps TypeScript from typing the module.
const lib = (name: string) => `../../web/app/lib/${name}.js`;
const { ERROR_KEYS, localError } = await import(lib('errors'));

const error = (status: number, message: string, extra: Record<string, unknown> = {}) => ({ status, body: { statusCode: status, message, ...extra } });

describe('API errors in the user’s language', () => {
  it.each([
    [error(401, 'Invalid username or password'), 'error.credentials'],
    [error(401, 'Invalid, expired or revoked session token'), 'error.signIn'],
    [error(429, 'Too many votes; try again in 12 s'), 'error.tooManyWait'],
    [error(429, 'Too many failed authentication attempts; wait a minute'), 'error.tooMany'],
    [error(409, 'These exact bytes are already in the dataset as image 6f1c0a4e-2b9d-4c55-9a7e-0d3c2f1b8e11'), 'error.duplicate'],
    [error(409, 'That username is already taken'), 'error.taken'],
    [error(409, 'Not saved: revision 2 was saved after revision 1. Apply your change to the current revision and send revision 2.'), 'annotate.conflict'],
    [error(413, 'The file is larger than the 25 MB limit'), 'error.tooLarge'],
    [error(413, 'Storage quota exceeded: 10 MB of your 10 MB are used and this file is 1 MB'), 'error.quotaBytes'],
    [error(415, 'not a recognised image format'), 'error.unsupportedType'],
    [error(422, 'image could not be decoded (VipsJpeg: premature end)'), 'error.undecodable'],
    [error(400, "Query error: Expected a label, '(' or '~' after '&'", { position: 6 }), 'error.query'],
    [error(400, 'password must be longer than or equal to 8 characters'), 'error.tooShort'],
    [{ status: 0, body: { message: 'Failed to fetch' } }, 'error.network'],
  ])('%j → %s', (input, key) => {
    expect(localError(input)).toBe(key);
  });

  it('shows what no rule knows as the server wrote it', () => {
    expect(localError(error(400, 'Expires-At must be in the future'))).toBe('Expires-At must be in the future');
    expect(localError({ status: 500, body: {} })).toBe('error.unknown');
  });
});

it('every key the error rules use is in the English locale (the locale test keeps the others in step)', () => {
  const en = JSON.parse(readFileSync(join(WEB_ROOT, 'locales', 'en.json'), 'utf8'));
  expect(ERROR_KEYS.length).toBeGreaterThan(20);
  expect(ERROR_KEYS.filter((key: string) => !(key in en))).toEqual([]);
});
