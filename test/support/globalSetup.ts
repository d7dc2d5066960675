import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { wrapPglite } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrate.js';

/** Builds the shopper portal and the back office, and one migrated PGlite database and saves it, so each test file starts from a copy
 * instead of running initdb and every migration again. */
export default async function setup() {
  // The server serves the web apps from their builds; the browser tests drive them.
  const { build } = await import('vite');
  await build({ configFile: 'web/portal/vite.config.ts', logLevel: 'warn' });
  await build({ configFile: 'web/admin/vite.config.ts', logLevel: 'warn' });
  const dir = mkdtempSync(join(tmpdir(), 'retour-test-'));
  const pglite = await PGlite.create('memory://');
  const handle = wrapPglite(pglite);
  await migrateToLatest(handle.db);
  const dump = await pglite.dumpDataDir('none');
  await handle.close();
  const file = join(dir, 'migrated.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  process.env.RETOUR_TEST_PGLITE_TEMPLATE = file;
  return () => rmSync(dir, { recursive: true, force: true });
}
