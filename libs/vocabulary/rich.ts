import { isScalar, LineCounter, parseDocument } from 'yaml';
import { isLanguageCode } from './languages.js';
import { nameKey, validateLabelName } from './names.js';
import type { Definition, ProblemSink } from './definition.js';
import type { LabelKind, Translation } from './types.js';
import { YamlReader, type ListItem, type MapItem } from './yaml-read.js';

export const FORMAT_VERSION = 1;
export const MAX_DESCRIPTION_LENGTH = 500;

const TOP_KEYS = ['version', 'labels', 'metalabels'];
const SECTIONS: Record<string, LabelKind> = { labels: 'object', metalabels: 'meta' };
const FIELDS: Record<LabelKind, string[]> = {
  object: ['description', 'plural', 'parent', 'parts', 'synonyms', 'translations'],
  // Parts are what gets annotated inside an object; a scene has none.
  meta: ['description', 'plural', 'parent', 'synonyms', 'translations'],
};
const TRANSLATION_FIELDS = ['name', 'plural', 'synonyms'];

/** A rich `.yml` file (format version 1); see wordlists/README.md. */
export function parseRichFile(path: string, language: string, content: string, report: ProblemSink): Definition[] {
  const counter = new LineCounter();
  const doc = parseDocument(content, { lineCounter: counter, prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length > 0) {
    // A file that does not parse is skipped whole: guessing at half of it would only add misleading problems.
    for (const error of doc.errors) {
      const line = counter.linePos(error.pos[0]).line;
      report({ code: 'yaml', path, line, message: error.message.split('\n')[0]!.replace(/ at line \d+.*$/, '') });
    }
    return [];
  }
  const r = new YamlReader(path, counter, report);
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    r.problem('format', '', 1, `is empty; a rich file starts with 'version: ${FORMAT_VERSION}'`);
    return [];
  }
  const top = r.map(doc.contents, '', 'version, labels, metalabels');
  if (!top) return [];
  if (!checkVersion(r, top)) return [];
  const definitions: Definition[] = [];
  for (const item of top) {
    const kind = SECTIONS[item.key];
    if (item.key === 'version') continue;
    if (kind === undefined) {
      r.problem('unknown-key', item.key, item.line, `unknown key; expected one of ${TOP_KEYS.join(', ')}`);
      continue;
    }
    if (isScalar(item.value) && item.value.value === null) continue; // `labels:` with nothing under it yet
    for (const entry of r.map(item.value, item.key, 'label names to their fields') ?? []) {
      const def = parseEntry(r, language, kind, `${item.key}.${entry.key}`, entry);
      if (def) definitions.push(def);
    }
  }
  return definitions;
}

function checkVersion(r: YamlReader, top: MapItem[]): boolean {
  const item = top.find((i) => i.key === 'version');
  if (!item) {
    r.problem('format', 'version', 1, `is missing; a rich file starts with 'version: ${FORMAT_VERSION}'`);
    return false;
  }
  const version = r.text(item.value, 'version');
  if (version === undefined) return false;
  if (version !== String(FORMAT_VERSION)) {
    r.problem('format', 'version', item.line, `${version} is not supported; this server reads version ${FORMAT_VERSION}`);
    return false;
  }
  return true;
}

function parseEntry(r: YamlReader, language: string, kind: LabelKind, keyPath: string, item: MapItem) {
  const check = validateLabelName(item.key);
  if (!check.ok) {
    r.problem('invalid-name', keyPath, item.line, `label name '${item.key}' ${check.reason}`);
    return undefined;
  }
  const def: Definition = {
    name: check.name,
    key: nameKey(check.name),
    kind,
    language,
    origin: 'rich',
    parts: [],
    synonyms: [],
    translations: {},
    path: r.path,
    ...(item.line !== undefined ? { line: item.line } : {}),
    keyPath,
    lines: {},
  };
  if (isScalar(item.value) && item.value.value === null) return def; // `ball:` alone: a label with no details
  // An entry whose fields are malformed is still returned, so labels naming it as parent do not also fail.
  for (const field of r.map(item.value, keyPath, 'fields such as description, plural, parent') ?? []) {
    const at = `${keyPath}.${field.key}`;
    if (field.line !== undefined) def.lines[field.key] = field.line;
    switch (FIELDS[kind].includes(field.key) ? field.key : '') {
      case 'description': {
        const text = r.text(field.value, at);
        if (text !== undefined) def.description = description(r, at, field.line, text);
        break;
      }
      case 'plural':
      case 'parent': {
        const name = nameValue(r, at, field.line, r.text(field.value, at));
        if (name !== undefined) def[field.key as 'plural' | 'parent'] = name;
        break;
      }
      case 'parts':
      case 'synonyms':
        def[field.key as 'parts' | 'synonyms'] = nameList(r, at, r.list(field.value, at), def, field.key, def.name);
        break;
      case 'translations':
        def.translations = translations(r, language, at, field.value, def);
        break;
      default: {
        const hint = kind === 'meta' && field.key === 'parts' ? 'metalabels cannot be annotated, so have no parts' : '';
        r.problem('unknown-key', at, field.line, hint || `unknown key; expected one of ${FIELDS[kind].join(', ')}`);
      }
    }
  }
  return def;
}

function description(r: YamlReader, at: string, line: number | undefined, text: string): string | undefined {
  const clean = text.replace(/\s+/gu, ' ').trim();
  if (clean === '') r.problem('format', at, line, 'is empty');
  else if (clean.length > MAX_DESCRIPTION_LENGTH) {
    r.problem('format', at, line, `is longer than ${MAX_DESCRIPTION_LENGTH} characters`);
  } else return clean;
  return undefined;
}

function nameValue(r: YamlReader, at: string, line: number | undefined, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const check = validateLabelName(text);
  if (check.ok) return check.name;
  r.problem('invalid-name', at, line, `'${text}' ${check.reason}`);
  return undefined;
}

/** Names of a list field; repeats (and, for synonyms, the label's own name) are mistakes worth pointing out. */
function nameList(
  r: YamlReader,
  at: string,
  items: ListItem[] | undefined,
  def: Definition,
  field: string,
  ownName: string,
): string[] {
  const names: string[] = [];
  const seen = new Set([nameKey(ownName)]);
  (items ?? []).forEach((item, index) => {
    const where = `${at}[${index}]`;
    if (item.line !== undefined) def.lines[`${field}[${index}]`] = item.line;
    const name = nameValue(r, where, item.line, item.text);
    if (name === undefined) return;
    if (seen.has(nameKey(name))) {
      const what = nameKey(name) === nameKey(ownName) ? `is the label's own name` : 'is listed twice';
      r.problem('format', where, item.line, `'${name}' ${what}`);
      return;
    }
    seen.add(nameKey(name));
    names.push(name);
  });
  return names;
}

function translations(r: YamlReader, language: string, at: string, node: unknown, def: Definition) {
  const result: Record<string, Translation> = {};
  for (const item of r.map(node, at, 'language codes to translations') ?? []) {
    const where = `${at}.${item.key}`;
    const prefix = `translations.${item.key}`;
    if (item.line !== undefined) def.lines[prefix] = item.line;
    if (!isLanguageCode(item.key)) {
      r.problem('format', where, item.line, `'${item.key}' is not an ISO 639-1 language code (en, de, fr, ...)`);
      continue;
    }
    if (item.key === language) {
      r.problem('format', where, item.line, `the label is already in '${language}'; put other names in synonyms`);
      continue;
    }
    // Shorthand `de: Hund` for a translation that is only a name.
    if (isScalar(item.value) && item.value.value !== null) {
      const name = nameValue(r, where, item.line, r.text(item.value, where));
      if (name !== undefined) result[item.key] = { name, synonyms: [] };
      continue;
    }
    const fields = r.map(item.value, where, 'name, plural, synonyms');
    if (!fields) continue;
    const translation: { name?: string; plural?: string } = {};
    let synonymItems: ListItem[] = [];
    for (const field of fields) {
      const fieldAt = `${where}.${field.key}`;
      if (field.line !== undefined) def.lines[`${prefix}.${field.key}`] = field.line;
      if (field.key === 'name' || field.key === 'plural') {
        const name = nameValue(r, fieldAt, field.line, r.text(field.value, fieldAt));
        if (name !== undefined) translation[field.key] = name;
      } else if (field.key === 'synonyms') {
        synonymItems = r.list(field.value, fieldAt) ?? [];
      } else {
        r.problem('unknown-key', fieldAt, field.line, `unknown key; expected one of ${TRANSLATION_FIELDS.join(', ')}`);
      }
    }
    if (translation.name === undefined) {
      if (!fields.some((f) => f.key === 'name')) r.problem('format', where, item.line, `has no 'name'`);
      continue;
    }
    const synonyms = nameList(r, `${where}.synonyms`, synonymItems, def, `${prefix}.synonyms`, translation.name);
    const { name, plural } = translation;
    result[item.key] = { name, ...(plural !== undefined ? { plural } : {}), synonyms };
  }
  return sortKeys(result);
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

