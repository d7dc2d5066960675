import { type Dirent, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parseAst } from 'rolldown/parseAst';

/** The folders whose code the structure checks read, each its own import graph. */
export const SOURCE_ROOTS = ['src', 'web/portal/src', 'web/admin/src'] as const;

/** An AST node as the checks see it: a type, offsets, and children anywhere among its fields. */
export type AstNode = { type: string; start: number; end: number; [field: string]: unknown };

export type SourceFile = {
  /** Path from the checked tree's root, with forward slashes (src/app/kernel/context.ts). */
  path: string;
  text: string;
  program: AstNode;
};

/** Every .ts and .tsx file under the roots, declaration files left out, in a stable order. */
export function listSourceFiles(root: string, roots: readonly string[] = SOURCE_ROOTS): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(path);
      } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        found.push(relative(root, path).split(sep).join('/'));
      }
    }
  };
  for (const top of roots) walk(join(root, top));
  return found.sort();
}

export function readSourceFile(root: string, path: string): SourceFile {
  const text = readFileSync(join(root, path), 'utf8');
  const program = parseAst(text, { lang: path.endsWith('.tsx') ? 'tsx' : 'ts' }, path) as unknown as AstNode;
  return { path, text, program };
}

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Calls visit on every node below (and including) node, each with the node that holds it. */
export function walkAst(node: AstNode, visit: (node: AstNode, parent: AstNode | undefined) => void, parent?: AstNode) {
  visit(node, parent);
  for (const [field, value] of Object.entries(node)) {
    if (field === 'type' || value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) walkAst(item, visit, node);
    } else if (isNode(value)) {
      walkAst(value, visit, node);
    }
  }
}
