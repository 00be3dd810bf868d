// Strings come from web/locales/<lang>.json. The server picked the language (the user's choice in a cookie,
// else Accept-Language) and wrote it into <html lang>; the menu changes it.
const LANGUAGE_COOKIE = 'imagehive_lang';
export const LANGUAGES = { en: 'English', de: 'Deutsch' };

let strings = {};
export let lang = 'en';
let plurals = new Intl.PluralRules('en');
let numbers = new Intl.NumberFormat('en');

export async function loadLocale() {
  lang = document.documentElement.lang in LANGUAGES ? document.documentElement.lang : 'en';
  const res = await fetch(`/app/locales/${lang}.json`, { credentials: 'same-origin' });
  strings = await res.json();
  plurals = new Intl.PluralRules(lang);
  numbers = new Intl.NumberFormat(lang);
}

/** The string for a key, with {name} placeholders filled; a value {one, other} is chosen by params.count. */
export function t(key, params = {}) {
  let value = strings[key];
  if (value && typeof value === 'object') value = value[plurals.select(params.count ?? 0)] ?? value.other;
  if (typeof value !== 'string') return key;
  return value.replace(/\{(\w+)\}/g, (whole, name) => {
    if (!(name in params)) return whole;
    const param = params[name];
    return typeof param === 'number' ? numbers.format(param) : String(param);
  });
}

export function setLanguage(code) {
  document.cookie = `${LANGUAGE_COOKIE}=${code}; path=/; max-age=${365 * 24 * 3600}; SameSite=Lax`;
  location.reload();
}

export function formatBytes(bytes) {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${new Intl.NumberFormat(lang, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
}

export function formatDate(iso) {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function formatPercent(value) {
  return new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }).format(value);
}

const details = new Map();

/** A label's details (terms per language, parts, children), fetched once; null when it is not in the vocabulary. */
export function labelDetail(name) {
  if (!details.has(name)) {
    details.set(
      name,
      fetch(`/api/labels/${encodeURIComponent(name)}`, { headers: { Accept: 'application/json' } })
        .then((res) => (res.ok ? res.json() : null))
        .catch(() => null),
    );
  }
  return details.get(name);
}

/** A label's name in the user's language; the name itself when it has no translation (or is a suggestion). */
export async function labelName(name) {
  const label = await labelDetail(name);
  return label?.terms?.find((term) => term.language === lang && term.role === 'name')?.term ?? name;
}

/** A task with its label (and the label's whole, for a part) named in the user's language: display, parentDisplay. */
export async function withLabelNames(task) {
  return { ...task, display: await labelName(task.label), parentDisplay: task.parent ? await labelName(task.parent) : null };
}
