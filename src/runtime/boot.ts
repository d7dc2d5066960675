import type { AppContext } from '../app/kernel/context.js';
import type { RetourConfig } from '../config/env.js';
import { type DbHandle, openDb } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';
import { createAppContext } from './appContext.js';
import { shareCacheChanges } from './cacheChanges.js';
import { processLog } from './processLog.js';

export interface Runtime {
  handle: DbHandle;
  ctx: AppContext;
  migrationsApplied: string[];
}

/** Opens the configured database (PostgreSQL or embedded PGlite), applies pending migrations and
 * builds the process's context. `command` names this process to another one the embedded
 * database's directory refuses. On PostgreSQL the process's caches hear the changes other
 * processes make (closing the handle stops listening). */
export async function boot(config: RetourConfig, command = 'retour'): Promise<Runtime> {
  const opened = await openDb({
    command,
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.dbPoolSize,
    prepareStatements: config.dbPreparedStatements,
    // Nothing works without the database: stop as on SIGTERM (the handlers close the handle,
    // which gives up the data directory); where none is installed, SIGTERM ends the process.
    onDatabaseGone: (err) => {
      processLog(config).error({ err }, 'the embedded database stopped; shutting down');
      // A failure, not a requested stop: a supervisor that restarts on failure should restart it.
      process.exitCode = 1;
      process.kill(process.pid, 'SIGTERM');
    },
  });
  let handle = opened;
  try {
    const migrationsApplied = await migrateToLatest(opened.db);
    const ctx = await createAppContext(config, opened.db);
    if (config.databaseUrl) {
      const stopSharing = await shareCacheChanges(ctx.caches, config.databaseUrl, processLog(config));
      handle = {
        ...opened,
        close: async () => {
          await stopSharing();
          await opened.close();
        },
      };
    }
    return { handle, ctx, migrationsApplied };
  } catch (err) {
    await opened.close();
    throw err;
  }
}
