import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gdprExportCommand } from '../src/cli/gdprCommand.js';
import { DB_KINDS } from './support/databases.js';
import { orderOf } from './support/erasureWorld.js';
import { seedCatalogue } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/testApp.js';

/* The access request's bundle holds everything kept about a person: the file is the runner's alone
 * and never replaces another. */
describe.each(DB_KINDS)('retour gdpr export writes its file (%s)', (kind) => {
  let t: TestApp;
  const dir = mkdtempSync(join(tmpdir(), 'retour-gdpr-file-'));

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('owner-only, and refuses a file that exists', async () => {
    const person = {
      firstName: 'Noor',
      lastName: `Hendriks${kind}`,
      email: `noor.${kind}@example.net`,
      phone: '+31 6 1234 5678',
      street: 'Herengracht 12',
      postcode: '1015 BN',
    };
    await orderOf(t, person);
    const out = join(dir, `export-${kind}.zip`);
    expect(await gdprExportCommand(t.ctx, { email: person.email, out }, { write: () => {} })).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);

    const taken = join(dir, `taken-${kind}.zip`);
    writeFileSync(taken, 'keep me');
    const said: string[] = [];
    expect(await gdprExportCommand(t.ctx, { email: person.email, out: taken }, { write: (s) => said.push(s) })).toBe(1);
    expect(said.at(-1)).toContain(`${taken} exists already`);
    expect(readFileSync(taken, 'utf8')).toBe('keep me');
  });
});
