/**
 * A URL safe to log or show: no user info, no query string, and the last path segment hidden when it looks
 * like a credential (long and random), as in many "secret URL" webhook receivers.
 */
export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    url.username = '';
    url.password = '';
    url.search = url.search ? '?***' : '';
    url.hash = '';
    url.pathname = url.pathname
      .split('/')
      .map((segment) => (segment.length >= 20 && /[0-9]/.test(segment) && /[A-Za-z]/.test(segment) ? '***' : segment))
      .join('/');
    return url.toString().replace('?%2A%2A%2A', '?***');
  } catch {
    return '***';
  }
}
