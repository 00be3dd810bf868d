import { locate, type ProblemSink } from './definition.js';
import type { Label, Merged } from './merge.js';
import { nameKey } from './names.js';

/** Parent and parts of a label: the labels they name, and the names to publish (canonical where resolved). */
export interface Links {
  parent?: Label;
  parts: Label[];
  parentName?: string;
  partNames: string[];
}

/**
 * A reference names a label by its canonical name or, so a German file can say `parent: Tier`, by a name the
 * label has in the referring file's language.
 */
export function resolveLinks({ labels, index }: Merged, report: ProblemSink): Map<Label, Links> {
  const links = new Map<Label, Links>();
  for (const label of labels.values()) {
    const { def } = label;
    const find = (name: string) => labels.get(nameKey(name)) ?? index.get(def.language)?.get(nameKey(name));
    const result: Links = { parts: [], partNames: [] };
    if (def.parent !== undefined) {
      const parent = find(def.parent);
      result.parentName = parent?.def.name ?? def.parent;
      if (!parent) report({ code: 'missing-reference', ...locate(def, 'parent'), message: `parent '${def.parent}' is not a label` });
      else if (parent.def.kind !== def.kind) {
        const message = `'${def.name}' is ${article(def.kind)} but its parent '${parent.def.name}' is ${article(parent.def.kind)}`;
        report({ code: 'wrong-kind', ...locate(def, 'parent'), message });
      } else result.parent = parent;
    }
    def.parts.forEach((name, i) => {
      const part = find(name);
      const partName = part?.def.name ?? name;
      if (!result.partNames.includes(partName)) result.partNames.push(partName);
      if (!part) report({ code: 'missing-reference', ...locate(def, `parts[${i}]`), message: `part '${name}' is not a label` });
      else if (part.def.kind !== 'object') {
        const message = `part '${part.def.name}' is a metalabel; only object labels can be annotated as parts`;
        report({ code: 'wrong-kind', ...locate(def, `parts[${i}]`), message });
      } else if (!result.parts.includes(part)) result.parts.push(part);
    });
    links.set(label, result);
  }
  return links;
}

/** Is-a must be a tree (the app walks up parents), and has-a must not loop (it expands parts recursively). */
export function checkCycles(labels: Label[], links: Map<Label, Links>, report: ProblemSink): void {
  const reported = new Set<string>();
  const onCycle = (cycle: Label[], relation: string, field: string) => {
    const start = cycle.indexOf(cycle.reduce((a, b) => (b.def.key < a.def.key ? b : a)));
    const ordered = [...cycle.slice(start), ...cycle.slice(0, start)];
    const id = `${relation}:${ordered.map((l) => l.def.key).join('\u0000')}`;
    if (reported.has(id)) return;
    reported.add(id);
    const names = [...ordered, ordered[0]!].map((l) => l.def.name).join(' → ');
    report({ code: 'cycle', ...locate(ordered[0]!.def, field), message: `${relation} cycle: ${names}` });
  };
  const state = new Map<Label, 'open' | 'done'>();
  const visit = (label: Label, stack: Label[], next: (l: Label) => Label[], relation: string, field: string) => {
    state.set(label, 'open');
    stack.push(label);
    for (const target of next(label)) {
      if (state.get(target) === 'open') onCycle(stack.slice(stack.indexOf(target)), relation, field);
      else if (!state.has(target)) visit(target, stack, next, relation, field);
    }
    stack.pop();
    state.set(label, 'done');
  };
  const relations: Array<[string, string, (l: Label) => Label[]]> = [
    ['is-a', 'parent', (l) => (links.get(l)?.parent ? [links.get(l)!.parent!] : [])],
    ['part-of', 'parts', (l) => links.get(l)?.parts ?? []],
  ];
  for (const [relation, field, next] of relations) {
    state.clear();
    for (const label of labels) if (!state.has(label)) visit(label, [], next, relation, field);
  }
}

/**
 * In each language a name or synonym must stand for one label, or typing it could not tell which label is meant.
 * Plurals are exempt: 'glasses' may be both a label and the plural of 'glass'.
 */
export function checkCollisions(labels: Label[], report: ProblemSink): void {
  type Term = { label: Label; language: string; text: string; role: 'name' | 'synonym'; field?: string };
  const terms: Term[] = [];
  for (const label of labels) {
    const { def } = label;
    terms.push({ label, language: def.language, text: def.name, role: 'name' });
    def.synonyms.forEach((text, i) => terms.push({ label, language: def.language, text, role: 'synonym', field: `synonyms[${i}]` }));
    for (const [language, t] of Object.entries(def.translations)) {
      terms.push({ label, language, text: t.name, role: 'name', field: `translations.${language}.name` });
      t.synonyms.forEach((text, i) => {
        terms.push({ label, language, text, role: 'synonym', field: `translations.${language}.synonyms[${i}]` });
      });
    }
  }
  // Names claim their words first, so a clash between a name and a synonym is reported at the synonym,
  // which is usually the line to change.
  const ordered = [...terms.filter((t) => t.role === 'name'), ...terms.filter((t) => t.role === 'synonym')];
  const claims = new Map<string, Term>();
  for (const term of ordered) {
    const id = `${term.language}:${nameKey(term.text)}`;
    const claim = claims.get(id);
    if (!claim) claims.set(id, term);
    else if (claim.label !== term.label) {
      const { language, role, text, label } = term;
      const other = claim.label.def.name;
      const message = `${language} ${role} '${text}' of '${label.def.name}' is also the ${language} ${claim.role} of '${other}'`;
      report({ code: 'collision', ...locate(label.def, term.field), message });
    }
  }
}

function article(kind: 'object' | 'meta'): string {
  return kind === 'object' ? 'an object label' : 'a metalabel';
}
