// The session JWT lives in this tab's sessionStorage: sent only in the Authorization header (never a cookie,
// so no request can carry it cross-site), gone when the tab closes. The CSP keeps foreign script out.
const KEY = 'imagehive.session';

export function getSession() {
  try {
    const session = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
    if (session && typeof session.token === 'string' && session.expiresAt > Date.now()) return session;
  } catch {
    // unreadable: treat as signed out
  }
  sessionStorage.removeItem(KEY);
  return null;
}

export function setSession(session) {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession() {
  sessionStorage.removeItem(KEY);
}

/** A path on this site to return to after signing in; anything else becomes the dashboard. */
export function safeNext(value) {
  // Browsers drop tabs and newlines from URLs, so "/\t/evil.example" would become "//evil.example": none allowed.
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) && !/[\u0000-\u001f\u007f]/.test(value) ? value : '/dashboard';
}

export function goToLogin() {
  location.assign(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
}
