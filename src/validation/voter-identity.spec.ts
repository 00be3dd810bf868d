import { issueVoterCookie, readCookie, voterKeyFromCookie } from './voter-identity.js';

describe('anonymous voter cookies', () => {
  it('round-trips to a stable key and refuses forgeries', () => {
    const cookie = issueVoterCookie('s3cret');
    const key = voterKeyFromCookie(cookie, 's3cret');
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(voterKeyFromCookie(cookie, 's3cret')).toBe(key);
    expect(voterKeyFromCookie(cookie, 'other-secret')).toBeNull();
    const [id] = cookie.split('.');
    expect(voterKeyFromCookie(`${id}.AAAA`, 's3cret')).toBeNull();
    expect(voterKeyFromCookie(`${id}x.${cookie.split('.')[1]}`, 's3cret')).toBeNull();
    expect(voterKeyFromCookie(undefined, 's3cret')).toBeNull();
    expect(issueVoterCookie('s3cret')).not.toBe(cookie);
  });

  it('reads one cookie out of a header', () => {
    expect(readCookie('a=1; ih_voter=abc.def; b=2', 'ih_voter')).toBe('abc.def');
    expect(readCookie(undefined, 'ih_voter')).toBeUndefined();
    // Not one this server set (a lone %): no cookie, so the voter gets a fresh one, not a 500.
    expect(readCookie('ih_voter=%; b=2', 'ih_voter')).toBeUndefined();
  });
});
