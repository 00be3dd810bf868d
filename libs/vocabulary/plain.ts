import { nameKey, validateLabelName } from './names.js';
import type { Definition, ProblemSink } from './definition.js';

/**
 * Legacy ImageMonkey word list: one object label per line. `#` starts a comment (whole line or after a word;
 * `#` cannot be part of a name), blank lines are skipped.
 */
export function parsePlainFile(path: string, language: string, content: string, report: ProblemSink): Definition[] {
  const definitions: Definition[] = [];
  const lines = content.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.forEach((text, index) => {
    const line = index + 1;
    const word = text.replace(/#.*$/, '').trim();
    if (word === '') return;
    const check = validateLabelName(word);
    if (!check.ok) {
      report({ code: 'invalid-name', path, line, message: `'${word}' ${check.reason}` });
      return;
    }
    definitions.push({
      name: check.name,
      key: nameKey(check.name),
      kind: 'object',
      language,
      origin: 'plain',
      parts: [],
      synonyms: [],
      translations: {},
      path,
      line,
      lines: {},
    });
  });
  return definitions;
}
