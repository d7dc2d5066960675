import { sql } from 'kysely';
import PgBoss from 'pg-boss';
import type { AppContext } from '../../src/app/kernel/context.js';
import type { DbHandle } from '../../src/db/connection.js';
import { runFollowUpsToQuiet } from '../../src/jobs/followUps.js';
import { QUEUES, startJobQueue } from '../../src/jobs/jobQueue.js';

/** Makes pg-boss's schema and Retour's queues on a database that has none yet (a PostgreSQL test
 * database; the PGlite template has them, see globalSetup.ts). */
export async function ensureJobQueue(handle: DbHandle): Promise<void> {
  const found = await sql<{ n: number }>`
    select count(*)::int as n from pg_catalog.pg_tables where schemaname = 'pgboss' and tablename = 'queue'`.execute(handle.db);
  if (found.rows[0]?.n) {
    const queue = await sql<{ n: number }>`select count(*)::int as n from pgboss.queue where name = ${QUEUES.followUp}`.execute(
      handle.db,
    );
    if (queue.rows[0]?.n) return;
  }
  const boss = await startJobQueue(handle);
  await boss.stop({ graceful: false, wait: true });
}

/**
 * What follows from the events written so far, run in this process until quiet: the outbox
 * relayed, and every follow-up it queued (a refund due on approval, an exchange's payment link) run
 * with its own follow-ups in turn. Deterministic: no worker, no polling; a follow-up that fails
 * makes it throw. The jobs of other queues (e-mails, webhooks, automation) stay for workers.
 */
export function followUpRunner(ctx: AppContext, handle: DbHandle): () => Promise<number> {
  // Never started: it only reads and writes job rows, on the test's database.
  const boss = new PgBoss({ db: { executeSql: () => Promise.reject(new Error('unused')) }, schema: 'pgboss' });
  let ready: Promise<void> | null = null;
  return async () => {
    ready ??= ensureJobQueue(handle);
    await ready;
    return runFollowUpsToQuiet(ctx, boss);
  };
}
