import type { AppContext } from '../app/kernel/context.js';
import type { RetourConfig } from '../config/env.js';
import { type DbHandle, openDb } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';
import { createAppContext } from './appContext.js';

export interface Runtime {
  handle: DbHandle;
  ctx: AppContext;
  migrationsApplied: string[];
}

/** Opens the configured database (PostgreSQL or embedded PGlite), applies pending migrations and
 * builds the process's context. `command` names this process to another one the embedded
 * database's directory refuses. */
export async function boot(config: RetourConfig, command = 'retour'): Promise<Runtime> {
  const handle = await openDb({
    command,
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.dbPoolSize,
    prepareStatements: config.dbPreparedStatements,
  });
  try {
    const migrationsApplied = await migrateToLatest(handle.db);
    return { handle, ctx: await createAppContext(config, handle.db), migrationsApplied };
  } catch (err) {
    await handle.close();
    throw err;
  }
}
