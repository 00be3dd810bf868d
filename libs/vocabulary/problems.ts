import type { VocabularyProblem } from './types.js';

/** One line per problem, the way compilers print them, so an admin can jump to `file:line`. */
export function formatProblem(problem: VocabularyProblem): string {
  const place = problem.line !== undefined ? `${problem.path}:${problem.line}` : problem.path;
  return problem.key !== undefined ? `${place}: ${problem.key}: ${problem.message}` : `${place}: ${problem.message}`;
}

export function sortProblems(problems: VocabularyProblem[]): VocabularyProblem[] {
  const text = (s: string | undefined) => s ?? '';
  return [...problems].sort(
    (a, b) =>
      cmp(a.path, b.path) || (a.line ?? 0) - (b.line ?? 0) || cmp(text(a.key), text(b.key)) || cmp(a.message, b.message),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
