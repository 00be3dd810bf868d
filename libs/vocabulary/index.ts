/**
 * The label vocabulary: parses the word lists in `wordlists/<lang>/` (legacy plain `.txt` lists and rich `.yml`
 * files, see wordlists/README.md) into sorted entries plus a list of problems. Pure: the app reads the files
 * and passes `{ path, content }`; it should refuse to sync while there are problems.
 */
export type {
  LabelKind,
  ParsedVocabulary,
  ProblemCode,
  Translation,
  VocabularyEntry,
  VocabularyFile,
  VocabularyProblem,
} from './types.js';
export { normalizeLabelName, validateLabelName, nameKey, MAX_NAME_LENGTH, type NameCheck } from './names.js';
export { parseVocabulary } from './parse.js';
export { searchTerms, type SearchTerm } from './search.js';
export { formatProblem } from './problems.js';
export { classifyVocabularyPath, isVocabularyFile, type FileKind, type FileFormat } from './files.js';
export { isLanguageCode } from './languages.js';
export { FORMAT_VERSION } from './rich.js';
