/**
 * A problem found in an inventory, and how it is printed: `file:line:column: field.path: message`.
 */

export interface Problem {
  file: string;
  /** 1-based; absent for problems with the file as a whole (cannot be read). */
  line?: number;
  column?: number;
  /** Field path such as `components[2].health.timeout`; empty for the whole document. */
  path: string;
  message: string;
}

/** `a.b[2].c` from path segments. */
export function formatFieldPath(segments: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of segments) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text;
}

export function formatProblem(problem: Problem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.column ?? 1}`;
  return problem.path === '' ? `${where}: ${problem.message}` : `${where}: ${problem.path}: ${problem.message}`;
}

/** Problems in reading order (file, line, column), without exact duplicates. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  const unique = problems.filter((problem) => {
    const key = formatProblem(problem);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort(
    (a, b) =>
      a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
  );
}

/** Thrown by the loaders that throw: carries every problem, and a message listing them all. */
export class InventoryError extends Error {
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`invalid inventory (${count}):\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'InventoryError';
    this.problems = problems;
  }
}
