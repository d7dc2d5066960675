import { type AstNode, type SourceFile, walkAst } from './sourceTree.js';

export const MAX_FILE_LINES = 400;
export const MAX_FUNCTION_LINES = 80;

/**
 * Files the size limits do not apply to, as the issue exempts them: text tables (translations,
 * labels, messages, e-mail texts) are long because there is much to say, and migrations are frozen
 * history. Generated code would go here too.
 */
export const SIZE_EXEMPT: { pattern: RegExp; why: string }[] = [
  { pattern: /^src\/db\/migrations\//, why: 'migrations are frozen history' },
  { pattern: /^src\/domain\/email\/emailTexts\.ts$/, why: 'text table: e-mail texts in every language' },
  { pattern: /^src\/domain\/policy\/messages\.ts$/, why: 'text table: verdict messages in every language' },
  { pattern: /^web\/(admin|portal)\/src\/i18n\.ts$/, why: 'text table: the translations of the web app' },
  { pattern: /^web\/admin\/src\/labels\.ts$/, why: 'text table: labels of codes and statuses' },
  { pattern: /^web\/portal\/src\/(defectTexts|withdrawalFormText)\.ts$/, why: 'text table: texts shown to shoppers' },
];

export type SizeProblem = { path: string; line: number; message: string };

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

/** The 1-based line holding a character offset (binary search over the line starts). */
function lineAt(starts: number[], offset: number): number {
  let [low, high] = [0, starts.length - 1];
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (starts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

/** What a reader calls a function: its own name, the variable, property or method it is assigned to. */
function nameOf(node: AstNode, parent: AstNode | undefined): string {
  const named = (value: unknown) => {
    const id = value as { type?: string; name?: unknown; value?: unknown } | null | undefined;
    if (id?.type === 'Identifier' && typeof id.name === 'string') return id.name;
    return typeof id?.value === 'string' ? id.value : undefined;
  };
  return named(node.id) ?? named(parent?.id) ?? named(parent?.key) ?? named(parent?.left) ?? '(anonymous)';
}

export function sizeProblems(file: SourceFile): SizeProblem[] {
  if (SIZE_EXEMPT.some(({ pattern }) => pattern.test(file.path))) return [];
  const starts = lineStarts(file.text);
  const problems: SizeProblem[] = [];
  const lines = file.text.endsWith('\n') ? starts.length - 1 : starts.length;
  if (lines > MAX_FILE_LINES) {
    problems.push({ path: file.path, line: 1, message: `file has ${lines} lines (at most ${MAX_FILE_LINES})` });
  }
  const long: { first: number; last: number; name: string }[] = [];
  walkAst(file.program, (node, parent) => {
    if (!FUNCTIONS.has(node.type)) return;
    const [first, last] = [lineAt(starts, node.start), lineAt(starts, node.end)];
    if (last - first + 1 > MAX_FUNCTION_LINES) long.push({ first, last, name: nameOf(node, parent) });
  });
  for (const { first, last, name } of long) {
    // A callback that is most of a long function (`inUnit(ctx, async (tx) => …)`) is that function.
    const within = long.some(
      (outer) => outer.first <= first && last <= outer.last && (outer.first !== first || outer.last !== last),
    );
    if (name === '(anonymous)' && within) continue;
    const message = `${name} has ${last - first + 1} lines (at most ${MAX_FUNCTION_LINES})`;
    problems.push({ path: file.path, line: first, message });
  }
  return problems;
}
