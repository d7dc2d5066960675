import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { type DbHandle, openDb, wrapPglite } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrate.js';

export type DbKind = 'pglite' | 'postgres';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Whether the PostgreSQL server the tests use answered; the global setup says so when it did not. */
export const POSTGRES_ANSWERS = await postgresAnswers();

/** Every integration test runs on PGlite, and on PostgreSQL when one answers. */
export const DB_KINDS: DbKind[] = POSTGRES_ANSWERS ? ['pglite', 'postgres'] : ['pglite'];

/** The title of a suite that runs on PostgreSQL only, saying why it was skipped when none answered. */
export function postgresOnly(title: string): string {
  return POSTGRES_ANSWERS ? title : `${title} (skipped: no PostgreSQL answered at ${redactedAdminUrl()})`;
}

export function redactedAdminUrl(): string {
  const url = new URL(ADMIN_URL);
  if (url.password) url.password = '***';
  return url.toString();
}

/** A fresh, migrated, empty database of the given kind; `close` drops it again. */
export async function createTestDb(kind: DbKind): Promise<DbHandle & { url?: string }> {
  if (kind === 'pglite') {
    const template = process.env.RETOUR_TEST_PGLITE_TEMPLATE;
    if (!template) {
      const handle = await openDb({ dataDir: 'memory://' });
      await migrateToLatest(handle.db);
      return handle;
    }
    return wrapPglite(await PGlite.create({ loadDataDir: new Blob([readFileSync(template)]) }));
  }
  const name = `retour_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const handle = await openDb({ databaseUrl: url.toString(), poolSize: 5 });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    url: url.toString(),
    close: async () => {
      await handle.close();
      const drop = new pg.Client({ connectionString: ADMIN_URL });
      await drop.connect();
      await drop.query(`drop database if exists ${name} with (force)`);
      await drop.end();
    },
  };
}
