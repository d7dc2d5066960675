import type { AppContext } from '../app/kernel/context.js';
import { startKeyHeartbeat } from '../app/kernel/keyHolders.js';
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
    // Which keys this process holds, for `retour rotate-key` to see (the key file is one machine's
    // and read again by every process on it, so only RETOUR_ENCRYPTION_KEY needs telling).
    if (config.encryptionKey) closers.push(await startKeyHeartbeat(opened.db, () => ctx.credentialBox.keyIds));
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

/** Connections each process keeps for the dashboards: they are read by few staff. */
const ANALYTICS_POOL_SIZE = 3;

/**
 * How the dashboards' sessions run. Their statements aggregate hundreds of thousands of fact rows
 * once: PostgreSQL's JIT compiler spent 50 ms to over a second compiling each of them for no gain,
 * and the default 4 MB of sort memory sends a year's percentiles and groupings to disk. Statements
 * are prepared, and from a statement's sixth run PostgreSQL would reuse a plan made without its
 * period (guessing a few thousand rows for a year's 230,000: index scans, no parallel workers); a
 * report is planned for its own period instead, which costs about a millisecond.
 */
export const ANALYTICS_SESSION_SETTINGS: Readonly<Record<string, string>> = {
  jit: 'off',
  work_mem: '64MB',
  plan_cache_mode: 'force_custom_plan',
};

/**
 * Where the dashboards read: the read replica (RETOUR_ANALYTICS_DATABASE_URL) when one is set, else,
 * on PostgreSQL, a small pool of their own on the main database, so a long report never holds a
 * connection a shopper's request waits for. Nothing is written through it. The embedded database
 * has one session: the dashboards share it.
 */
async function openAnalyticsDb(config: RetourConfig): Promise<DbHandle | null> {
  const databaseUrl = config.analyticsDatabaseUrl ?? config.databaseUrl;
  if (!databaseUrl) return null;
  return openDb({
    databaseUrl,
    poolSize: ANALYTICS_POOL_SIZE,
    prepareStatements: config.dbPreparedStatements,
    sessionSettings: ANALYTICS_SESSION_SETTINGS,
    onIdleError: (err) => processLog(config).warn({ err }, 'an idle connection of the analytics pool ended'),
  });
}
