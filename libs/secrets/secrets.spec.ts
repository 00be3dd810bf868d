import { generateToken, hashPassword, hashToken, looksLikeToken, needsRehash, randomString, verifyPassword } from './index.js';

describe('tokens', () => {
  it('makes 256-bit tokens with a recognisable prefix, all different', () => {
    const tokens = new Set(Array.from({ length: 200 }, () => generateToken('api')));
    expect(tokens.size).toBe(200);
    for (const t of tokens) {
      expect(t).toMatch(/^ih_api_[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(t.slice(7), 'base64url')).toHaveLength(32);
      expect(looksLikeToken(t, 'api')).toBe(true);
      expect(looksLikeToken(t, 'inv')).toBe(false);
    }
  });

  it('rejects look-alikes: numbers, truncated and padded tokens', () => {
    const t = generateToken('api');
    for (const bad of ['0', '1', 'ih_api_', t.slice(0, -1), `${t}x`, ` ${t}`, t.replace('ih_', 'ix_')]) {
      expect(looksLikeToken(bad, 'api')).toBe(false);
    }
  });

  it('hashes deterministically to hex sha256', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('draws random strings from the whole alphabet only', () => {
    const s = randomString(4000, 'ab');
    expect(s).toMatch(/^[ab]+$/);
    const as = s.split('').filter((c) => c === 'a').length;
    expect(as).toBeGreaterThan(1700);
    expect(as).toBeLessThan(2300);
  });
});

describe('passwords', () => {
  const fast = { N: 1024, r: 8, p: 1 };

  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse', fast);
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$/);
    await expect(verifyPassword('correct horse', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct hors', stored)).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('x', fast)).not.toBe(await hashPassword('x', fast));
  });

  it('treats a malformed or plaintext stored value as a mismatch, never a match', async () => {
    await expect(verifyPassword('secret', 'secret')).resolves.toBe(false);
    await expect(verifyPassword('x', 'scrypt$a$b$c$d$e')).resolves.toBe(false);
  });

  it('asks for a rehash when the stored parameters are weaker than the default', async () => {
    expect(needsRehash(await hashPassword('x', fast))).toBe(true);
    expect(needsRehash(await hashPassword('x'))).toBe(false);
  });
});
