import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

/** Every package.json under node_modules, nested ones included (a dependency's own copy). */
function installedPackages(dir: string, found: { name: string; path: string; engines?: { node?: string } }[] = []) {
  if (!existsSync(dir)) return found;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() && !entry.isSymbolicLink()) continue;
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.name.startsWith('@')) {
      installedPackages(path, found);
      continue;
    }
    const manifest = join(path, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; engines?: { node?: string } };
      found.push({ name: pkg.name ?? entry.name, path, ...(pkg.engines ? { engines: pkg.engines } : {}) });
    }
    installedPackages(join(path, 'node_modules'), found);
  }
  return found;
}

describe('dependencies', () => {
  it('none asks for a newer Node than the README states (the engines field of package.json)', () => {
    const ours = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
    // The oldest Node the project promises to run on, e.g. ">=20.19" → 20.19.0.
    const oldest = semver.minVersion(ours.engines.node)?.version as string;
    expect(oldest).toBe('20.19.0');
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('Node.js ≥ 20.19 is required');

    const packages = installedPackages(join(ROOT, 'node_modules'));
    expect(packages.length).toBeGreaterThan(100);
    const refusing = packages
      .filter((p) => typeof p.engines?.node === 'string' && p.engines.node.trim() !== '')
      .filter((p) => {
        const range = p.engines?.node as string;
        // A range npm cannot read is reported too: it cannot be said to admit our Node.
        return semver.validRange(range) === null || !semver.satisfies(oldest, range, { includePrerelease: true });
      })
      .map((p) => `${p.name} (${p.path.slice(ROOT.length + 1)}): engines.node "${p.engines?.node}"`);
    expect(refusing, `installed packages that do not run on Node ${oldest}`).toEqual([]);
  });
});
