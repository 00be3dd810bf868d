/** The languages the web app has locale files for (web/locales/<lang>.json); the first is the fallback. */
export const LANGUAGES = ['en', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Set by the app's language menu; not a secret, so script-readable on purpose. */
export const LANGUAGE_COOKIE = 'imagehive_lang';

const isLanguage = (value: string): value is Language => (LANGUAGES as readonly string[]).includes(value);

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/** Accept-Language tags, best first (ties keep their order): "de-CH;q=0.8, en" → ["en", "de-ch"]. */
export function acceptedLanguages(header: string | undefined): string[] {
  return (header ?? '')
    .split(',')
    .map((entry, index) => {
      const [tag, ...params] = entry.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/i.exec(p)).find(Boolean);
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q[1]) : 1, index };
    })
    .filter((e) => e.tag && e.tag !== '*' && Number.isFinite(e.q) && e.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((e) => e.tag);
}

/** The user's own choice (the cookie) wins; then the browser's Accept-Language; then English. */
export function pickLanguage(cookieHeader: string | undefined, acceptLanguage: string | undefined): Language {
  const chosen = cookieValue(cookieHeader, LANGUAGE_COOKIE);
  if (chosen && isLanguage(chosen)) return chosen;
  for (const tag of acceptedLanguages(acceptLanguage)) {
    const primary = tag.split('-')[0];
    if (isLanguage(primary)) return primary;
  }
  return LANGUAGES[0];
}
