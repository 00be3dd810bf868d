import type { LabelKind, Translation, VocabularyProblem } from './types.js';

/** One file's statement about one label, before definitions from all files are merged. */
export interface Definition {
  name: string;
  /** `nameKey(name)`. */
  key: string;
  kind: LabelKind;
  language: string;
  origin: 'plain' | 'rich';
  description?: string;
  plural?: string;
  parent?: string;
  parts: string[];
  synonyms: string[];
  translations: Record<string, Translation>;
  path: string;
  line?: number;
  /** YAML key of the entry (`labels.dog`); absent for plain lists. */
  keyPath?: string;
  /** Line of each field, keyed by its path below the entry (`parent`, `parts[1]`, `translations.de.name`). */
  lines: Record<string, number>;
}

export type ProblemSink = (problem: VocabularyProblem) => void;

/**
 * Where to point a problem about `field` of a definition: the field's own line when known, else the nearest
 * enclosing field's (`translations.de.name` of the shorthand `de: Hund` sits on `translations.de`), else the entry's.
 */
export function locate(def: Definition, field?: string): Pick<VocabularyProblem, 'path' | 'line' | 'key'> {
  let line: number | undefined;
  for (let f = field; f !== undefined && line === undefined; f = parentField(f)) line = def.lines[f];
  line ??= def.line;
  const key = def.keyPath !== undefined ? (field !== undefined ? `${def.keyPath}.${field}` : def.keyPath) : undefined;
  return { path: def.path, ...(line !== undefined ? { line } : {}), ...(key !== undefined ? { key } : {}) };
}

function parentField(field: string): string | undefined {
  const cut = Math.max(field.lastIndexOf('.'), field.lastIndexOf('['));
  return cut > 0 ? field.slice(0, cut) : undefined;
}
