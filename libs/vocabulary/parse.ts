import { checkCollisions, checkCycles, resolveLinks } from './check.js';
import type { Definition } from './definition.js';
import { classifyVocabularyPath } from './files.js';
import { mergeDefinitions, type Label } from './merge.js';
import { parsePlainFile } from './plain.js';
import { sortProblems } from './problems.js';
import { parseRichFile } from './rich.js';
import type { ParsedVocabulary, VocabularyEntry, VocabularyFile, VocabularyProblem } from './types.js';

/**
 * Reads the whole vocabulary. Pure: the caller reads the files. Entries are sorted by name and problems by place,
 * and neither depends on the order of `files`, so two syncs of the same files give identical results.
 * With any problem the vocabulary is not fit to sync; entries are still returned to help show the context.
 */
export function parseVocabulary(files: VocabularyFile[]): ParsedVocabulary {
  const problems: VocabularyProblem[] = [];
  const report = (problem: VocabularyProblem) => problems.push(problem);
  const definitions: Definition[] = [];
  const sorted = [...files].sort((a, b) => compare(a.path, b.path));
  sorted.forEach((file, i) => {
    if (i > 0 && sorted[i - 1]!.path === file.path) {
      report({ code: 'path', path: file.path, message: 'is given twice' });
      return;
    }
    const kind = classifyVocabularyPath(file.path);
    if (!kind.ok) report({ code: 'path', path: file.path, message: kind.reason });
    else if (kind.format === 'plain') definitions.push(...parsePlainFile(file.path, kind.language, file.content, report));
    else definitions.push(...parseRichFile(file.path, kind.language, file.content, report));
  });

  const merged = mergeDefinitions(definitions, report);
  const labels = [...merged.labels.values()].sort((a, b) => compareLabels(a, b));
  const links = resolveLinks(merged, report);
  checkCycles(labels, links, report);
  checkCollisions(labels, report);

  const entries = labels.map((label): VocabularyEntry => {
    const { def } = label;
    const link = links.get(label)!;
    const parent = link.parentName;
    return {
      name: def.name,
      kind: def.kind,
      language: def.language,
      ...(def.description !== undefined ? { description: def.description } : {}),
      ...(def.plural !== undefined ? { plural: def.plural } : {}),
      ...(parent !== undefined ? { parent } : {}),
      parts: link.partNames,
      synonyms: [...def.synonyms],
      translations: structuredClone(def.translations),
      sources: [...label.sources].sort(compare),
    };
  });
  return { entries, problems: sortProblems(problems) };
}

/** Code-unit order, not localeCompare: the result must not depend on the server's locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareLabels(a: Label, b: Label): number {
  return compare(a.def.key, b.def.key) || compare(a.def.name, b.def.name);
}
