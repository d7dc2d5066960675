import type { SyncResource } from '../../../db/schema/connections.js';
import type { SyncKind } from '../../../domain/shopPlatforms.js';
import type { AppContext } from '../../kernel/context.js';
import { systemActor } from '../../kernel/context.js';
import { newId } from '../../kernel/ids.js';
import { inUnit, type Tx } from '../../kernel/transaction.js';

/** A run that wrote no page for this long lost its process (a crash, a kill): another may take it
 * over and go on from its cursor. Longer than the longest wait between tries of a page. */
export const STALE_RUN_MS = 3 * 60_000;

/** The catch-up reads again what changed this long before the last one finished: changes a
 * platform stamped late, or made while the last catch-up read, are not missed. */
export const RECONCILE_OVERLAP_MS = 10 * 60_000;

export interface ClaimedRun {
  id: string;
  kind: SyncKind;
  resource: SyncResource;
  cursor: string | null;
  updatedSince: Date | null;
  startedAt: Date;
  processed: number;
  /** The fence: each page writes only while the run still shows the stamp this process last wrote. */
  stamp: Date;
  resumed: boolean;
}

export type Claim = { run: ClaimedRun } | { busy: { id: string; kind: SyncKind; resource: SyncResource } };

const RUN_COLUMNS = [
  'id',
  'kind',
  'resource',
  'status',
  'cursor',
  'updated_since',
  'processed',
  'started_at',
  'updated_at',
] as const;

/**
 * Takes the connection's run: one at a time per connection, whatever the process. The connection's
 * row is locked while deciding, so two claims never both start. A running run of the same resource
 * that went quiet is taken over where it stopped; a backfill that failed is resumed from its cursor; otherwise a new
 * run starts: a backfill reads everything, a catch-up what changed since the last one finished
 * (less an overlap), or everything when there was none.
 */
export async function claimRun(
  ctx: AppContext,
  connectionId: string,
  request: { kind: SyncKind; resource: SyncResource; startedBy: string | null },
): Promise<Claim> {
  return inUnit(ctx, { actor: systemActor }, async ({ tx, now }) => {
    const connection = await tx
      .selectFrom('shop_connections')
      .select(['id', 'synced_until'])
      .where('id', '=', connectionId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const runs = await tx
      .selectFrom('shop_sync_runs')
      .select(RUN_COLUMNS)
      .where('connection_id', '=', connectionId)
      .where('status', '=', 'running')
      .orderBy('started_at', 'desc')
      .execute();
    const alive = runs.find((r) => now.getTime() - r.updated_at.getTime() < STALE_RUN_MS);
    if (alive) return { busy: { id: alive.id, kind: alive.kind, resource: alive.resource } };
    // Only a run of the same resource is taken over (its cursor means nothing to another one). A
    // stale run of another resource lost its process: it is marked failed, so its own next
    // backfill goes on from its cursor.
    const running = runs.find((r) => r.resource === request.resource);
    const orphaned = runs.filter((r) => r !== running).map((r) => r.id);
    if (orphaned.length > 0) {
      await tx
        .updateTable('shop_sync_runs')
        .set({ status: 'failed', last_error: 'Its process stopped before the run ended', finished_at: now, updated_at: now })
        .where('id', 'in', orphaned)
        .execute();
    }
    const resumable = running ?? (request.kind === 'backfill' ? await failedBackfill(tx, connectionId, request.resource) : null);
    if (resumable) {
      await tx
        .updateTable('shop_sync_runs')
        .set({ status: 'running', updated_at: now, finished_at: null })
        .where('id', '=', resumable.id)
        .execute();
      return { run: claimed(resumable, now, true) };
    }
    const updatedSince =
      request.kind !== 'backfill' && connection.synced_until
        ? new Date(connection.synced_until.getTime() - RECONCILE_OVERLAP_MS)
        : null;
    const row = {
      id: newId('ssr'),
      connection_id: connectionId,
      kind: request.kind,
      resource: request.resource,
      status: 'running' as const,
      cursor: null,
      updated_since: updatedSince,
      started_by: request.startedBy,
      started_at: now,
      updated_at: now,
    };
    await tx.insertInto('shop_sync_runs').values(row).execute();
    return { run: claimed({ ...row, processed: 0 }, now, false) };
  });
}

/** The last backfill of the resource, when it failed and none succeeded after it. */
async function failedBackfill(tx: Tx, connectionId: string, resource: SyncResource) {
  const last = await tx
    .selectFrom('shop_sync_runs')
    .select(RUN_COLUMNS)
    .where('connection_id', '=', connectionId)
    .where('kind', '=', 'backfill')
    .where('resource', '=', resource)
    .orderBy('started_at', 'desc')
    .executeTakeFirst();
  return last?.status === 'failed' ? last : null;
}

function claimed(
  row: {
    id: string;
    kind: SyncKind;
    resource: SyncResource;
    cursor: string | null;
    updated_since: Date | null;
    processed: number;
    started_at: Date;
  },
  now: Date,
  resumed: boolean,
): ClaimedRun {
  return {
    id: row.id,
    kind: row.kind,
    resource: row.resource,
    cursor: row.cursor,
    updatedSince: row.updated_since,
    startedAt: row.started_at,
    processed: row.processed,
    stamp: now,
    resumed,
  };
}

/** Thrown when another process took the run over: this one stops without writing. */
export class RunTakenOver extends Error {
  constructor(runId: string) {
    super(`Sync run ${runId} was taken over by another process`);
    this.name = 'RunTakenOver';
  }
}

/** Moves the run on after a page, in the page's transaction: its cursor, counts and stamp. */
export async function advanceRun(
  tx: Tx,
  run: ClaimedRun,
  page: { next: string | null; total: number | null; processed: number; errors: number },
  now: Date,
): Promise<void> {
  const moved = await tx
    .updateTable('shop_sync_runs')
    .set((eb) => ({
      cursor: page.next,
      processed: eb('processed', '+', page.processed),
      errors: eb('errors', '+', page.errors),
      total: page.total ?? eb.ref('total'),
      updated_at: now,
    }))
    .where('id', '=', run.id)
    .where('status', '=', 'running')
    .where('updated_at', '=', run.stamp)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) throw new RunTakenOver(run.id);
  run.stamp = now;
  run.cursor = page.next;
  run.processed += page.processed;
}

/** Tells the run is alive while it waits to try a page again. */
export async function touchRun(tx: Tx, run: ClaimedRun, now: Date): Promise<void> {
  const moved = await tx
    .updateTable('shop_sync_runs')
    .set({ updated_at: now })
    .where('id', '=', run.id)
    .where('status', '=', 'running')
    .where('updated_at', '=', run.stamp)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) throw new RunTakenOver(run.id);
  run.stamp = now;
}

/** Records what failed on a connection (an order, a page, a webhook) with the source's message. */
export async function recordSyncErrors(
  tx: Tx,
  connectionId: string,
  runId: string | null,
  errors: { subject: string; externalId: string | null; code: string; message: string }[],
  now: Date,
): Promise<void> {
  if (errors.length === 0) return;
  await tx
    .insertInto('shop_sync_errors')
    .values(
      errors.map((e) => ({
        id: newId('sse'),
        connection_id: connectionId,
        run_id: runId,
        subject: e.subject,
        external_id: e.externalId,
        code: e.code.slice(0, 100),
        message: e.message.slice(0, 2000),
        created_at: now,
      })),
    )
    .execute();
}

/**
 * Records the orders or products a run's page refused, each once per run: a page committed ahead
 * of one that failed is read again when the run resumes, and refuses the same ones again. What
 * has no platform id cannot be told apart and is recorded each time.
 */
export async function recordSyncErrorsOnce(
  tx: Tx,
  connectionId: string,
  runId: string,
  errors: { subject: string; externalId: string | null; code: string; message: string }[],
  now: Date,
): Promise<void> {
  const ids = errors.flatMap((e) => (e.externalId === null ? [] : [e.externalId]));
  const known =
    ids.length === 0
      ? []
      : await tx
          .selectFrom('shop_sync_errors')
          .select(['subject', 'external_id'])
          .where('connection_id', '=', connectionId)
          .where('run_id', '=', runId)
          .where('external_id', 'in', ids)
          .execute();
  const seen = new Set(known.map((k) => `${k.subject}\u0000${k.external_id}`));
  const fresh = errors.filter((e) => e.externalId === null || !seen.has(`${e.subject}\u0000${e.externalId}`));
  await recordSyncErrors(tx, connectionId, runId, fresh, now);
}
