// Fails (exit 1) on an import cycle in src or in a web app, runtime or type-only alike, and on an
// import between parts of src against the declared direction (scripts/structure/directions.ts).
// Usage: node bin/run-ts.js scripts/checkImports.ts [root]   (root: the checkout, by default this one)
import { resolve } from 'node:path';
import { describeCycle, findCycles } from './structure/cycles.js';
import { directionProblems, withoutKnownExceptions } from './structure/directions.js';
import { importEdges } from './structure/importGraph.js';
import { listSourceFiles, readSourceFile, SOURCE_ROOTS } from './structure/sourceTree.js';

const root = resolve(process.argv[2] ?? resolve(import.meta.dirname, '..'));
let failed = false;

const allFiles = listSourceFiles(root).map((path) => readSourceFile(root, path));
for (const top of SOURCE_ROOTS) {
  // Each tree is its own graph: a web app may read src/domain, but a cycle is reported where it lies.
  const files = allFiles.filter((file) => file.path.startsWith(`${top}/`));
  for (const { cycle, groupSize } of findCycles(withoutKnownExceptions(importEdges(root, files)))) {
    failed = true;
    const more = groupSize > cycle.files.length ? ` (${groupSize} files reach each other; one cycle shown)` : '';
    console.error(`Import cycle in ${top}${more}:\n    ${describeCycle(cycle)}`);
  }
}

const edges = importEdges(root, allFiles);
for (const problem of directionProblems(
  edges,
  allFiles.map((file) => file.path),
)) {
  // An exception whose import is gone only asks to be dropped from the list.
  if (problem.stale) {
    console.warn(`Known exception gone: ${problem.message}`);
    continue;
  }
  failed = true;
  console.error(`Import against the direction: ${problem.message}`);
}

if (failed) {
  console.error('\nThe direction between the parts of src, and why: scripts/structure/directions.ts');
  process.exit(1);
}
console.log(`imports: ${allFiles.length} files, ${edges.length} imports, no cycle, every import in its direction`);
