// Reports source files over 400 lines and functions over 80 lines in src and the web apps, text
// tables and migrations excepted (scripts/structure/sizes.ts). With --report it lists them and
// exits 0; without, any one of them fails the check.
// Usage: node bin/run-ts.js scripts/checkSizes.ts [--report] [root]
import { resolve } from 'node:path';
import { sizeProblems } from './structure/sizes.js';
import { listSourceFiles, readSourceFile } from './structure/sourceTree.js';

const args = process.argv.slice(2);
const reportOnly = args.includes('--report');
const root = resolve(args.find((arg) => !arg.startsWith('--')) ?? resolve(import.meta.dirname, '..'));

const paths = listSourceFiles(root);
const problems = paths.flatMap((path) => sizeProblems(readSourceFile(root, path)));
for (const problem of problems) console.error(`${problem.path}:${problem.line}: ${problem.message}`);
if (problems.length > 0 && !reportOnly) {
  console.error(`\n${problems.length} pieces too large: split them along their real steps.`);
  process.exit(1);
}
console.log(`sizes: ${paths.length} files, ${problems.length} pieces over the limits${reportOnly ? ' (reported only)' : ''}`);
