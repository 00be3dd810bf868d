import { shouldBypass } from './compression-bypass.js';

describe('shouldBypass', () => {
  const rules = { allowed: true, requireHeader: true };

  it('bypasses only for admins sending a true value', () => {
    for (const value of ['1', 'true', 'TRUE', 'yes', ' on ']) expect(shouldBypass('admin', value, rules)).toBe(true);
  });

  it('does not bypass for false, zero, empty or missing headers (Imago bypassed on any value)', () => {
    for (const value of ['0', 'false', 'no', '', 'maybe', undefined]) expect(shouldBypass('admin', value, rules)).toBe(false);
  });

  it('ignores the header of non-admins and anonymous callers', () => {
    for (const role of ['user', 'moderator', undefined]) expect(shouldBypass(role, 'true', rules)).toBe(false);
  });

  it('always bypasses for admins when no header is required, and never when bypass is not allowed', () => {
    expect(shouldBypass('admin', undefined, { allowed: true, requireHeader: false })).toBe(true);
    expect(shouldBypass('user', undefined, { allowed: true, requireHeader: false })).toBe(false);
    expect(shouldBypass('admin', 'true', { allowed: false, requireHeader: true })).toBe(false);
  });
});
