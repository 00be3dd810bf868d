/** Characters XML 1.0 cannot carry at all, not even escaped; they become U+FFFD. */
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// A raw CR would reach readers as LF (XML end-of-line handling), so it travels as a character reference.
const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' };

/** Safe in both element text and attribute values. */
export function escapeXml(value: string): string {
  return value.replace(XML_FORBIDDEN, '\uFFFD').replace(/[&<>"'\r]/g, (c) => XML_ENTITIES[c]);
}

/**
 * Spreadsheets run a cell that starts with one of these as a formula (OWASP "CSV injection"); a leading
 * apostrophe makes them show it as text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One RFC 4180 field from user data: formula-neutralised, quoted when it holds a comma, quote or line break. */
export function csvText(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A number we computed, so never a formula; blank when absent or not finite. */
export function csvNumber(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '' : String(value);
}

/** Rounds to 2 decimals (1/100 pixel): plenty for pixel coordinates and a third of the JSON size of full doubles. */
export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
