/**
 * Case folding for name comparisons, matching PostgreSQL `lower()` under a UTF-8 ctype: each code point is
 * lowered on its own (Unicode simple mapping). JavaScript's `toLowerCase()` alone differs: it lowers a
 * final 'Σ' to 'ς' and 'İ' to two code points, so 'ΣΑΣ' and 'σασ' would compare unequal.
 */
export function foldCase(text: string): string {
  let out = '';
  for (const ch of text) {
    const lower = ch.toLowerCase();
    out += lower.length === ch.length ? lower : String.fromCodePoint(lower.codePointAt(0)!);
  }
  return out;
}

export function sameName(a: string, b: string): boolean {
  return a === b || foldCase(a) === foldCase(b);
}
