import type { RetourDb } from '../../../db/connection.js';
import { notFound } from '../../../domain/errors.js';
import type { AppContext } from '../../kernel/context.js';
import type { ShopCredentials } from './port.js';
import { presentShopConnection, presentSyncRun, type ShopConnectionRow, type SyncRunRow } from './shopConnectionView.js';

const COLUMNS = [
  'id',
  'platform',
  'name',
  'channel_id',
  'enabled',
  'credentials',
  'key_hint',
  'webhook_token',
  'settings',
  'checked_at',
  'check_ok',
  'check_message',
  'synced_until',
  'last_sync_at',
  'last_error',
  'last_error_at',
  'orders_received',
  'webhooks_received',
  'webhooks_rejected',
  'created_at',
  'updated_at',
] as const;

const RUN_COLUMNS = [
  'id',
  'kind',
  'resource',
  'status',
  'processed',
  'total',
  'errors',
  'last_error',
  'started_by',
  'started_at',
  'updated_at',
  'finished_at',
] as const;

const DAY_MS = 86_400_000;

export interface ConnectionViewInput {
  /** This installation's public address; null hides the webhook URL (its token is for those who
   * manage connections). */
  webhookBase: string | null;
}

/** Every shop connection, oldest first, with how its sync goes; keys only as a hint. */
export async function listShopConnections(ctx: AppContext, input: ConnectionViewInput) {
  const rows = await ctx.db.selectFrom('shop_connections').select(COLUMNS).orderBy('created_at').orderBy('id').execute();
  return { items: await presentRows(ctx, ctx.db, rows, input.webhookBase) };
}

/** One shop connection with how its sync goes. */
export async function shopConnection(
  ctx: AppContext,
  input: ConnectionViewInput & { connectionId: string },
  db: RetourDb = ctx.db,
) {
  const row = await db.selectFrom('shop_connections').select(COLUMNS).where('id', '=', input.connectionId).executeTakeFirst();
  if (!row) throw notFound('Connection', input.connectionId);
  const [presented] = await presentRows(ctx, db, [row], input.webhookBase);
  return presented as NonNullable<typeof presented>;
}

/** The latest sync runs of a connection, newest first, with their progress. */
export async function listSyncRuns(ctx: AppContext, input: { connectionId: string; limit: number }) {
  await mustExist(ctx, input.connectionId);
  const runs = await ctx.db
    .selectFrom('shop_sync_runs')
    .select(RUN_COLUMNS)
    .where('connection_id', '=', input.connectionId)
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(input.limit)
    .execute();
  return { items: runs.map(presentSyncRun) };
}

/** The latest errors of a connection, newest first, each with the platform's own message. */
export async function listSyncErrors(ctx: AppContext, input: { connectionId: string; limit: number }) {
  await mustExist(ctx, input.connectionId);
  const errors = await ctx.db
    .selectFrom('shop_sync_errors')
    .select(['id', 'run_id', 'subject', 'external_id', 'code', 'message', 'created_at'])
    .where('connection_id', '=', input.connectionId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(input.limit)
    .execute();
  return {
    items: errors.map((e) => ({
      id: e.id,
      runId: e.run_id,
      subject: e.subject,
      externalId: e.external_id,
      code: e.code,
      message: e.message,
      createdAt: e.created_at,
    })),
  };
}

async function mustExist(ctx: AppContext, connectionId: string) {
  const row = await ctx.db.selectFrom('shop_connections').select('id').where('id', '=', connectionId).executeTakeFirst();
  if (!row) throw notFound('Connection', connectionId);
}

/** The rows with their channel, their errors of the last day and their newest run: three
 * queries for the whole list, whatever its length. */
async function presentRows(
  ctx: AppContext,
  db: RetourDb,
  rows: (ShopConnectionRow & { credentials: string })[],
  webhookBase: string | null,
) {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  // One after another: a transaction (the save's answer) runs one statement at a time.
  const channels = await db
    .selectFrom('channels')
    .select(['id', 'code', 'name'])
    .where(
      'id',
      'in',
      rows.map((r) => r.channel_id),
    )
    .execute();
  const errorCounts = await db
    .selectFrom('shop_sync_errors')
    .select(({ fn }) => ['connection_id', fn.countAll<string>().as('n')])
    .where('connection_id', 'in', ids)
    .where('created_at', '>', new Date(ctx.now().getTime() - DAY_MS))
    .groupBy('connection_id')
    .execute();
  const runs = await db
    .selectFrom('shop_sync_runs')
    .distinctOn('connection_id')
    .select(['connection_id', ...RUN_COLUMNS])
    .where('connection_id', 'in', ids)
    .orderBy('connection_id')
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const channelById = new Map(channels.map((c) => [c.id, c]));
  const errorsById = new Map(errorCounts.map((e) => [e.connection_id, Number(e.n)]));
  const runById = new Map<string, SyncRunRow>(runs.map((r) => [r.connection_id, r]));
  return rows.map((row) =>
    presentShopConnection(row, openCredentials(ctx, row.credentials), {
      channel: channelById.get(row.channel_id) ?? null,
      recentErrors: errorsById.get(row.id) ?? 0,
      latestRun: runById.get(row.id) ?? null,
      webhookBase,
    }),
  );
}

/** The stored credentials, or null when they were sealed with another installation key (shown,
 * marked unreadable, to be entered again). */
export function openCredentials(ctx: AppContext, sealed: string): ShopCredentials | null {
  try {
    return ctx.shops.box.open<ShopCredentials>(sealed);
  } catch {
    return null;
  }
}
