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
  // What closing the handle closes besides the database, last opened first.
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close();
    await opened.close();
  };
  try {
    const migrationsApplied = await migrateToLatest(opened.db);
    const analytics = await openAnalyticsDb(config);
    if (analytics) closers.push(analytics.close);
    const ctx = await createAppContext(config, opened.db, analytics ? { analyticsDb: analytics.db } : {});
    if (config.databaseUrl) {
      closers.push(await shareCacheChanges(ctx.caches, config.databaseUrl, processLog(config)));
    }
    const handle: DbHandle = closers.length ? { ...opened, close: closeAll } : opened;
    return { handle, ctx, migrationsApplied };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

/** Connections each process keeps to the analytics replica: dashboards are read by few staff. */
const ANALYTICS_POOL_SIZE = 3;

/** The read replica the dashboards read (RETOUR_ANALYTICS_DATABASE_URL), when one is configured.
 * Nothing is written there: the facts are kept on the main database and replicated. */
async function openAnalyticsDb(config: RetourConfig): Promise<DbHandle | null> {
  if (!config.analyticsDatabaseUrl) return null;
  return openDb({
    databaseUrl: config.analyticsDatabaseUrl,
    poolSize: ANALYTICS_POOL_SIZE,
    prepareStatements: config.dbPreparedStatements,
    onIdleError: (err) => processLog(config).warn({ err }, 'an idle connection to the analytics database ended'),
  });
}
