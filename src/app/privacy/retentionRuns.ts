import { sql } from 'kysely';
import type { RetourDb } from '../../db/connection.js';
import type { RetentionCounts } from '../../domain/privacy/retention.js';
import type { AppContext } from '../kernel/context.js';
import { newId } from '../kernel/ids.js';

const KEEP_RUNS_MS = 90 * 86_400_000;

export interface RetentionRunRecord {
  id: string;
  startedAt: Date;
  finishedAt: Date | null;
  startedBy: string;
  counts: Partial<RetentionCounts>;
  error: string | null;
}

/** Starts a run unless one is under way: a run whose process's lease ended (the process died) is
 * closed first, so it never blocks the next. Answers the run's id, or null when another process's
 * run is going on. */
export async function claimRetentionRun(ctx: AppContext, leaseId: string, startedBy: string): Promise<string | null> {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (tx) => {
    await sql`update retention_runs set finished_at = ${now}, error = 'its process ended before it finished'
      where finished_at is null and not exists (
        select 1 from process_leases l where l.id = retention_runs.lease_id and l.expires_at > now())`.execute(tx);
    // A round runs hourly: three months of runs tell enough of what retention did.
    await sql`delete from retention_runs where finished_at < ${new Date(now.getTime() - KEEP_RUNS_MS)}`.execute(tx);
    const inserted = await tx
      .insertInto('retention_runs')
      .values({ id: newId('rtr', now.getTime()), started_at: now, dry_run: false, started_by: startedBy, lease_id: leaseId })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted?.id ?? null;
  });
}

/** Writes what the run did and ends it. */
export async function finishRetentionRun(
  ctx: AppContext,
  runId: string,
  counts: RetentionCounts,
  error: string | null,
): Promise<void> {
  await ctx.db
    .updateTable('retention_runs')
    .set({ finished_at: ctx.now(), counts: JSON.stringify(counts), error, lease_id: null })
    .where('id', '=', runId)
    .execute();
}

/** The latest runs, newest first, for the back office. */
export async function latestRetentionRuns(db: RetourDb, limit = 5): Promise<RetentionRunRecord[]> {
  const rows = await db
    .selectFrom('retention_runs')
    .selectAll()
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    startedBy: r.started_by,
    counts: r.counts,
    error: r.error,
  }));
}
