import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const trees: string[] = [];

/** A checkout of a few files, each path from its root with its text. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'retour-structure-'));
  trees.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function run(script: string, ...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/run-ts.js', `scripts/${script}`, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: result.status, output: result.stdout + result.stderr };
}

afterEach(() => {
  for (const root of trees.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('the import check of npm run lint', () => {
  it('passes a tree whose imports point one way', () => {
    const root = tree({
      'src/domain/money.ts': 'export const cents = 100;\n',
      'src/app/kernel/ids.ts': "import { cents } from '../../domain/money.js';\nexport const id = () => cents;\n",
      'src/app/returns/requestReturn.ts': "import { id } from '../kernel/ids.js';\nexport const request = () => id();\n",
    });
    const { status, output } = run('checkImports.ts', root);
    expect(output).toContain('no cycle');
    expect(status).toBe(0);
  });

  it('fails on a cycle of type-only imports and prints its path', () => {
    const root = tree({
      'src/app/kernel/transaction.ts': "import type { Claim } from './idempotency.js';\nexport type Unit = { claim: Claim };\n",
      'src/app/kernel/idempotency.ts': "import type { Unit } from './transaction.js';\nexport type Claim = { unit?: Unit };\n",
    });
    const { status, output } = run('checkImports.ts', root);
    expect(status).toBe(1);
    expect(output).toContain('Import cycle in src');
    expect(output).toMatch(/src\/app\/kernel\/idempotency\.ts ─\(type\)→\s+src\/app\/kernel\/transaction\.ts ─\(type\)→/);
  });

  it('fails on a cycle in a web app through a re-export and a dynamic import', () => {
    const root = tree({
      'web/portal/src/App.tsx': "export { Step } from './Step.js';\nexport const App = () => null;\n",
      'web/portal/src/Step.tsx': "export const Step = () => import('./App.js');\n",
    });
    const { status, output } = run('checkImports.ts', root);
    expect(status).toBe(1);
    expect(output).toContain('Import cycle in web/portal/src');
  });

  it('fails on an import between contexts against the declared direction', () => {
    const root = tree({
      'src/app/returns/returnStore.ts': 'export const store = 1;\n',
      'src/app/kernel/context.ts': "import { store } from '../returns/returnStore.js';\nexport const context = store;\n",
    });
    const { status, output } = run('checkImports.ts', root);
    expect(status).toBe(1);
    expect(output).toContain('app/kernel may not use app/returns');
  });

  it('fails on a web app that imports server code rather than the domain or the API schemas', () => {
    const root = tree({
      'src/domain/access.ts': "export const ROLES = ['admin'];\n",
      'src/http/routes/admin/staff/schema.ts':
        "import { ROLES } from '../../../../domain/access.js';\nexport const roles = ROLES;\n",
      'src/app/kernel/context.ts': 'export const context = 1;\n',
      'web/admin/src/roles.ts':
        "import { roles } from '../../../src/http/routes/admin/staff/schema.js';\nimport { context } from '../../../src/app/kernel/context.js';\nexport const all = [roles, context];\n",
    });
    const { status, output } = run('checkImports.ts', root);
    expect(status).toBe(1);
    expect(output).toContain('web/admin may not use app/kernel');
    expect(output).not.toContain('schema.ts:');
  });
});

describe('the size check', () => {
  const long = `export function long() {\n${'  void 0;\n'.repeat(90)}}\n`;

  it('names a function over 80 lines, and fails unless it only reports', () => {
    const root = tree({ 'src/domain/long.ts': long, 'src/db/migrations/0001_long.ts': long });
    const failing = run('checkSizes.ts', root);
    expect(failing.status).toBe(1);
    expect(failing.output).toContain('src/domain/long.ts:1: long has 92 lines');
    // Migrations are frozen history: never reported.
    expect(failing.output).not.toContain('0001_long');
    expect(run('checkSizes.ts', '--report', root).status).toBe(0);
  });
});
