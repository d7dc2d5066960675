import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { wrapPglite } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { chromiumExecutable } from './browser.js';
import { POSTGRES_ANSWERS, redactedAdminUrl } from './databases.js';
import { ensureJobQueue } from './followUps.js';

/** Builds the shopper portal and the back office, and one migrated PGlite database (with the job queue) and saves it, so each test file starts from a copy
 * instead of running initdb and every migration again. */
export default async function setup() {
  // The server serves the web apps from their builds; the browser tests drive them.
  if (!POSTGRES_ANSWERS) {
    process.stdout.write(
      `\nNo PostgreSQL answered at ${redactedAdminUrl()} (TEST_DATABASE_URL): every test runs on PGlite only, ` +
        'and the suites that need PostgreSQL are skipped and say so in their titles.\n\n',
    );
  }
  const { build } = await import('vite');
  await build({ configFile: 'web/portal/vite.config.ts', logLevel: 'warn' });
  await build({ configFile: 'web/admin/vite.config.ts', logLevel: 'warn' });
  const dir = mkdtempSync(join(tmpdir(), 'retour-test-'));
  const pglite = await PGlite.create('memory://');
  const handle = wrapPglite(pglite);
  await migrateToLatest(handle.db);
  // With the job queue's schema and queues, so a test's follow-ups run without starting pg-boss.
  await ensureJobQueue(handle);
  const dump = await pglite.dumpDataDir('none');
  await handle.close();
  const file = join(dir, 'migrated.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  process.env.RETOUR_TEST_PGLITE_TEMPLATE = file;
  // Unpacked here, once, so browser test files running side by side never unpack it together.
  process.env.RETOUR_TEST_CHROMIUM = await chromiumExecutable();
  return () => rmSync(dir, { recursive: true, force: true });
}
