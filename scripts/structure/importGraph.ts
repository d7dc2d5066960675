import { existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import { type AstNode, type SourceFile, walkAst } from './sourceTree.js';

/** One import of a module by another: runtime and type-only ones alike, re-exports and import() too. */
export type ImportEdge = { from: string; to: string; typeOnly: boolean };

function literalSource(node: unknown): string | undefined {
  const source = node as { type?: string; value?: unknown } | null | undefined;
  return source?.type === 'Literal' && typeof source.value === 'string' ? source.value : undefined;
}

/** The module specifiers one file names, each with whether it only brings in types. */
export function specifiersOf(file: SourceFile): { specifier: string; typeOnly: boolean }[] {
  const found: { specifier: string; typeOnly: boolean }[] = [];
  walkAst(file.program, (node: AstNode) => {
    let specifier: string | undefined;
    let typeOnly = false;
    if (node.type === 'ImportDeclaration') {
      specifier = literalSource(node.source);
      typeOnly = node.importKind === 'type';
    } else if (node.type === 'ExportNamedDeclaration' || node.type === 'ExportAllDeclaration') {
      specifier = literalSource(node.source);
      typeOnly = node.exportKind === 'type';
    } else if (node.type === 'ImportExpression') {
      specifier = literalSource(node.source);
    } else if (node.type === 'TSImportType') {
      specifier = literalSource(node.source) ?? literalSource((node.argument as AstNode | undefined)?.literal);
      typeOnly = true;
    } else if (node.type === 'TSModuleDeclaration') {
      // `declare module './x.js' { … }` adds to that module's types: a type-only dependency on it.
      specifier = literalSource(node.id);
      typeOnly = true;
    }
    if (specifier !== undefined) found.push({ specifier, typeOnly });
  });
  return found;
}

/** The checked file a relative specifier names (`./x.js` is `./x.ts` or `./x.tsx`), or undefined for packages. */
export function resolveSpecifier(root: string, from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = posix.join(posix.dirname(from), specifier);
  const stem = base.replace(/\.(m?js|jsx|tsx?)$/, '');
  const candidates = [base, `${stem}.ts`, `${stem}.tsx`, `${stem}/index.ts`, `${stem}/index.tsx`];
  return candidates.find((candidate) => /\.tsx?$/.test(candidate) && existsSync(join(root, candidate)));
}

/** Every import between the given files (imports of packages and of other files left out). */
export function importEdges(root: string, files: SourceFile[]): ImportEdge[] {
  const known = new Set(files.map((file) => file.path));
  const edges: ImportEdge[] = [];
  for (const file of files) {
    for (const { specifier, typeOnly } of specifiersOf(file)) {
      const to = resolveSpecifier(root, file.path, specifier);
      if (to !== undefined && known.has(to)) edges.push({ from: file.path, to, typeOnly });
    }
  }
  return edges;
}
