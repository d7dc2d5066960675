import {
  emptyRetentionCounts,
  RETENTION_COUNT_KEYS,
  type RetentionCounts,
  type RetentionPeriods,
  retentionCutoff,
} from '../../domain/privacy/retention.js';
import { type AppContext, cliActor, systemActor } from '../kernel/context.js';
import { ProcessLease } from '../kernel/processLease.js';
import { inUnit } from '../kernel/transaction.js';
import { emailsStep, logSteps } from './retentionLogs.js';
import { personalDataStep } from './retentionPersonal.js';
import { returnPhotosStep, unattachedPhotosStep } from './retentionPhotos.js';
import { claimRetentionRun, finishRetentionRun } from './retentionRuns.js';
import { getRetentionPeriods } from './retentionSettings.js';
import type { RetentionStep } from './retentionStep.js';

/** Photos first: their returns' personal data may go in the same run, and neither waits for the other. */
export const RETENTION_STEPS: RetentionStep[] = [
  returnPhotosStep,
  unattachedPhotosStep,
  emailsStep,
  personalDataStep,
  ...logSteps,
];

export interface RetentionRunOptions {
  /** Counts what is due and changes nothing. */
  dryRun?: boolean;
  startedBy: 'round' | 'cli';
  /** Rows per transaction. */
  batchSize?: number;
  /** Transactions per kind in one run: a backlog (the first run on an old shop) is cleared over
   * several rounds rather than in one long one. */
  maxBatches?: number;
  /** Told after each batch (and each kind of a dry run), with the counts so far. */
  onProgress?: (step: keyof RetentionCounts, counts: RetentionCounts) => void;
}

export interface RetentionReport {
  runId: string | null;
  dryRun: boolean;
  /** Another process's run was under way: this one did nothing. */
  busy: boolean;
  periods: RetentionPeriods;
  counts: RetentionCounts;
}

const total = (counts: RetentionCounts) => RETENTION_COUNT_KEYS.reduce((n, k) => n + counts[k], 0);

/** Removes the files of photos whose rows went, this run's and any an earlier one left. */
async function removeQueuedFiles(ctx: AppContext, ids?: string[]): Promise<number> {
  let q = ctx.db.selectFrom('retention_file_removals').select('photo_id').orderBy('queued_at').limit(1000);
  if (ids) q = q.where('photo_id', 'in', ids.length > 0 ? ids : ['']);
  const queued = (await q.execute()).map((r) => r.photo_id);
  for (const id of queued) await ctx.photos.remove(id);
  if (queued.length > 0) await ctx.db.deleteFrom('retention_file_removals').where('photo_id', 'in', queued).execute();
  return queued.length;
}

async function dryRun(ctx: AppContext, periods: RetentionPeriods, opts: RetentionRunOptions): Promise<RetentionCounts> {
  const counts = emptyRetentionCounts();
  const now = ctx.now();
  for (const step of RETENTION_STEPS) {
    const days = periods[step.period];
    if (days === null) continue;
    counts[step.count] += await step.due(ctx.db, retentionCutoff(now, days));
    opts.onProgress?.(step.count, counts);
  }
  const queued = await ctx.db
    .selectFrom('retention_file_removals')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  counts.photoFiles = counts.photos + Number(queued.n);
  return counts;
}

async function applyStep(ctx: AppContext, step: RetentionStep, days: number, counts: RetentionCounts, opts: RetentionRunOptions) {
  const limit = opts.batchSize ?? 200;
  for (let batch = 0; batch < (opts.maxBatches ?? 50); batch++) {
    const now = ctx.now();
    const result = await ctx.db.transaction().execute((tx) => step.clear(tx, retentionCutoff(now, days), limit, now));
    counts[step.count] += result.cleared;
    // The rows are gone with the commit: now their files.
    if (result.files && result.files.length > 0) counts.photoFiles += await removeQueuedFiles(ctx, result.files);
    opts.onProgress?.(step.count, counts);
    if (result.taken < limit) return;
  }
}

/**
 * Enforces the shop's retention periods (src/domain/privacy/retention.ts): what each covers and
 * whose period passed is removed or blanked, in batches, each its own transaction, so a crash
 * leaves every batch done or not. One run at a time across processes (a run names the lease of
 * its process; see claimRetentionRun). The run is recorded with its counts for the back office,
 * and when it removed anything, a `privacy.retention_applied` event says how much.
 */
export async function runRetention(ctx: AppContext, opts: RetentionRunOptions): Promise<RetentionReport> {
  const periods = await getRetentionPeriods(ctx.db);
  if (opts.dryRun) {
    return { runId: null, dryRun: true, busy: false, periods, counts: await dryRun(ctx, periods, opts) };
  }
  const lease = await ProcessLease.start(ctx.db);
  try {
    const runId = await claimRetentionRun(ctx, lease.id, opts.startedBy);
    const counts = emptyRetentionCounts();
    if (!runId) return { runId: null, dryRun: false, busy: true, periods, counts };
    try {
      counts.photoFiles += await removeQueuedFiles(ctx);
      for (const step of RETENTION_STEPS) {
        const days = periods[step.period];
        if (days !== null) await applyStep(ctx, step, days, counts, opts);
      }
    } catch (err) {
      await finishRetentionRun(ctx, runId, counts, err instanceof Error ? err.message : String(err));
      throw err;
    }
    await finishRetentionRun(ctx, runId, counts, null);
    if (total(counts) > 0) await recordApplied(ctx, runId, opts, counts);
    return { runId, dryRun: false, busy: false, periods, counts };
  } finally {
    await lease.stop();
  }
}

async function recordApplied(ctx: AppContext, runId: string, opts: RetentionRunOptions, counts: RetentionCounts) {
  await inUnit(ctx, { actor: opts.startedBy === 'cli' ? cliActor : systemActor }, async ({ record }) => {
    record({ type: 'privacy.retention_applied', subjectType: 'retention_run', subjectId: runId, data: { ...counts } });
  });
}
