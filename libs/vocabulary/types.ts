/** Object labels can be annotated (drawn around); metalabels describe a whole image (scene, theme) and cannot. */
export type LabelKind = 'object' | 'meta';

export interface Translation {
  name: string;
  plural?: string;
  synonyms: string[];
}

export interface VocabularyEntry {
  /** Canonical name, as written in the file (normalized); unique across the vocabulary, compared case-insensitively. */
  name: string;
  kind: LabelKind;
  /** ISO 639-1 code of the language `name`, `plural` and `synonyms` are in (the folder the entry came from). */
  language: string;
  description?: string;
  plural?: string;
  /** Canonical name of the label this one is a kind of (is-a). */
  parent?: string;
  /** Canonical names of the labels this one has (sublabels), in the order the file lists them. */
  parts: string[];
  synonyms: string[];
  /** Keyed by ISO 639-1 code, sorted; never contains `language` itself. */
  translations: Record<string, Translation>;
  /** Every file that defines the label, sorted. */
  sources: string[];
}

export type ProblemCode =
  | 'path' // a file the parser cannot place (no language folder, unknown extension)
  | 'yaml' // the YAML itself does not parse
  | 'format' // a value of the wrong shape, a missing or unsupported `version`
  | 'unknown-key'
  | 'invalid-name'
  | 'missing-reference' // a parent or part that is not a label
  | 'wrong-kind' // e.g. a metalabel as the parent of an object label
  | 'cycle'
  | 'conflict' // one name defined twice with different data
  | 'collision'; // one word in one language naming two different labels

export interface VocabularyProblem {
  code: ProblemCode;
  path: string;
  /** 1-based line in `path`, when the problem sits on one. */
  line?: number;
  /** Dotted key of the YAML value, e.g. `labels.dog.parts[1]`. */
  key?: string;
  message: string;
}

export interface VocabularyFile {
  path: string;
  content: string;
}

export interface ParsedVocabulary {
  entries: VocabularyEntry[];
  problems: VocabularyProblem[];
}
