import { locate, type Definition, type ProblemSink } from './definition.js';
import { nameKey } from './names.js';

/** A label after merging: the definition that speaks for it and every file that mentions it. */
export interface Label {
  def: Definition;
  sources: Set<string>;
}

/** Per language, the label each name (canonical names in that language, translation names) stands for. */
export type NameIndex = Map<string, Map<string, Label>>;

export interface Merged {
  labels: Map<string, Label>;
  index: NameIndex;
}

/**
 * Merges definitions, given in file order. Rich definitions first: the same label may appear in two rich files
 * only with identical data. Then plain words: a word that already names a label in its language (its canonical
 * name or a translation) only adds a source, so a legacy list can mention labels a rich file describes.
 */
export function mergeDefinitions(definitions: Definition[], report: ProblemSink): Merged {
  const labels = new Map<string, Label>();
  for (const def of definitions.filter((d) => d.origin === 'rich')) {
    const existing = labels.get(def.key);
    if (!existing) labels.set(def.key, { def, sources: new Set([def.path]) });
    else if (fingerprint(existing.def) === fingerprint(def)) existing.sources.add(def.path);
    else {
      const message = `'${def.name}' is also defined in ${where(existing.def)} with different data`;
      report({ code: 'conflict', ...locate(def), message });
    }
  }
  const index: NameIndex = new Map();
  for (const label of labels.values()) addNames(index, label);
  for (const def of definitions.filter((d) => d.origin === 'plain')) {
    const named = index.get(def.language)?.get(def.key);
    const existing = labels.get(def.key);
    if (named) named.sources.add(def.path);
    else if (existing) {
      // Canonical names are unique across languages (they are the label's identity), so 'Gift' (de) and 'gift'
      // (en) cannot both be labels.
      const other = existing.def;
      const message = `'${def.name}' (${def.language}) is already the ${other.language} label '${other.name}' in ${where(other)}`;
      report({ code: 'conflict', ...locate(def), message });
    } else {
      const label = { def, sources: new Set([def.path]) };
      labels.set(def.key, label);
      addNames(index, label);
    }
  }
  return { labels, index };
}

function addNames(index: NameIndex, label: Label): void {
  const { def } = label;
  const names: Array<[string, string]> = [[def.language, def.name]];
  for (const [language, translation] of Object.entries(def.translations)) names.push([language, translation.name]);
  for (const [language, name] of names) {
    const byName = index.get(language) ?? new Map<string, Label>();
    index.set(language, byName);
    // First claim wins here; two labels claiming one name are reported by the collision check.
    if (!byName.has(nameKey(name))) byName.set(nameKey(name), label);
  }
}

function fingerprint(def: Definition): string {
  const { name, kind, language, description, plural, parent, parts, synonyms, translations } = def;
  return JSON.stringify([name, kind, language, description, plural, parent, parts, synonyms, translations]);
}

export function where(def: Definition): string {
  return def.line !== undefined ? `${def.path}:${def.line}` : def.path;
}
