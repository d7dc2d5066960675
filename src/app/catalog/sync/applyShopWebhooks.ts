import { sql } from 'kysely';
import type { AppContext } from '../../kernel/context.js';
import { systemActor } from '../../kernel/context.js';
import { inUnit } from '../../kernel/transaction.js';
import type { ShopOrder, ShopPlatformAdapter, ShopWebhookEvent } from '../connections/port.js';
import { loadSyncConnection, type SyncConnection } from './syncConnection.js';
import { importsProducts, queueSync } from './syncQueue.js';
import { recordSyncErrors } from './syncRuns.js';
import { upsertShopOrdersIn } from './upsertShopOrders.js';

/**
 * What takes returns a marketplace announced into Retour (src/app/platforms, a later context, so it
 * is handed in by the worker rather than imported): told of a connection whose platform said its
 * returns changed, with the moment from which, where the platform gave one.
 */
export type ReturnsAnnounced = (connectionId: string, since: Date | null) => Promise<unknown>;

export interface ApplyReport {
  deliveries: number;
  orders: number;
  catchUps: number;
  returns: number;
}

/** Deliveries one unit applies. */
const BATCH = 500;
/** Orders asked of the platform at once, for deliveries that only name the order. */
const FETCH_SIDE_BY_SIDE = 4;

/**
 * The job of the shop webhook queue: applies a connection's stored deliveries, a batch per unit,
 * marking them applied in the same unit. An order sent whole is upserted as it is; one only named
 * is asked of the platform first; a trigger without data (ChannelEngine's) queues a catch-up; a
 * return announced goes to the marketplace returns. The upsert keeps the newest copy, so deliveries
 * arriving out of order change nothing back. Rows are taken with `skip locked`: two workers share
 * the work and never apply a delivery twice; a failure rolls its batch back for the job's next try.
 */
export async function applyShopWebhooks(
  ctx: AppContext,
  connectionId: string,
  options: { onReturns?: ReturnsAnnounced } = {},
): Promise<ApplyReport> {
  const report: ApplyReport = { deliveries: 0, orders: 0, catchUps: 0, returns: 0 };
  const handle = await ctx.shops.connection(connectionId);
  const connection = await loadSyncConnection(ctx.db, connectionId);
  // A connection switched off keeps its deliveries until it is on again.
  if (!handle || !connection) return report;
  for (;;) {
    const waiting = await ctx.db
      .selectFrom('shop_webhooks')
      .select(['id', 'event'])
      .where('connection_id', '=', connectionId)
      .where('applied_at', 'is', null)
      .orderBy('received_at')
      .limit(BATCH)
      .execute();
    if (waiting.length === 0) return report;
    const events = waiting.map((w) => ({ id: w.id, event: w.event as unknown as ShopWebhookEvent }));
    const fetched = await fetchNamedOrders(handle.adapter, events);
    const returns = events.filter((e) => e.event.resource === 'return');
    if (returns.length > 0 && options.onReturns) {
      await options.onReturns(connectionId, earliest(returns.map((r) => r.event.changedSince)));
      report.returns += returns.length;
    }
    const taken = await applyBatch(ctx, connection, events, fetched, report);
    report.deliveries += taken;
    if (waiting.length < BATCH) return report;
  }
}

/** One batch in one unit: the deliveries no other worker holds are applied and marked applied. */
async function applyBatch(
  ctx: AppContext,
  connection: SyncConnection,
  events: { id: string; event: ShopWebhookEvent }[],
  fetched: Map<string, ShopOrder>,
  report: ApplyReport,
): Promise<number> {
  const connectionId = connection.id;
  return inUnit(ctx, { actor: systemActor }, async (unit) => {
    const locked = await unit.tx
      .selectFrom('shop_webhooks')
      .select('id')
      .where(
        'id',
        'in',
        events.map((e) => e.id),
      )
      .where('applied_at', 'is', null)
      .forUpdate()
      .skipLocked()
      .execute();
    const ids = new Set(locked.map((l) => l.id));
    const mine = events.filter((e) => ids.has(e.id));
    if (mine.length === 0) return 0;
    const orders = mine.flatMap((e) => {
      const order = e.event.order ?? (e.event.externalId ? fetched.get(e.event.externalId) : undefined);
      return order && e.event.resource === 'order' ? [order] : [];
    });
    const result = await upsertShopOrdersIn(unit, connection, orders, { events: 'each' });
    report.orders += result.imported + result.updated;
    await recordSyncErrors(
      unit.tx,
      connectionId,
      null,
      result.rejected.map((r) => ({ subject: 'webhook', externalId: r.externalId, code: r.code, message: r.message })),
      unit.now,
    );
    const catchUp = catchUpWanted(
      connection.platform,
      connection.settings,
      mine.map((e) => e.event),
    );
    if (catchUp.length > 0) {
      await queueSync(unit.tx, ctx, { connectionId, kind: 'reconcile', resources: catchUp, startedBy: 'webhook' });
      report.catchUps += 1;
    }
    await unit.tx
      .updateTable('shop_webhooks')
      .set({ applied_at: unit.now, error: null })
      .where('id', 'in', [...ids])
      .execute();
    await unit.tx
      .updateTable('shop_connections')
      .set({ webhooks_received: sql`webhooks_received + ${mine.length}` })
      .where('id', '=', connectionId)
      .execute();
    return mine.length;
  });
}

/** Orders the deliveries only name (no whole order in the payload), asked of the platform. One
 * deleted at the source, or gone, is left as Retour has it. */
async function fetchNamedOrders(
  adapter: ShopPlatformAdapter,
  events: { event: ShopWebhookEvent }[],
): Promise<Map<string, ShopOrder>> {
  const named = [
    ...new Set(
      events
        .filter((e) => e.event.resource === 'order' && !e.event.order && e.event.externalId && e.event.action !== 'deleted')
        .map((e) => e.event.externalId as string),
    ),
  ];
  const found = new Map<string, ShopOrder>();
  for (let i = 0; i < named.length; i += FETCH_SIDE_BY_SIDE) {
    const orders = await Promise.all(named.slice(i, i + FETCH_SIDE_BY_SIDE).map((id) => adapter.getOrder(id)));
    for (const o of orders) if (o) found.set(o.externalId, o);
  }
  return found;
}

/** Triggers that name nothing (ChannelEngine: "orders changed since"), and product changes, are
 * read by a catch-up of what they are about. */
function catchUpWanted(
  platform: Parameters<typeof importsProducts>[0],
  settings: Parameters<typeof importsProducts>[1],
  events: ShopWebhookEvent[],
): ('orders' | 'products')[] {
  const wanted: ('orders' | 'products')[] = [];
  if (events.some((e) => e.resource === 'product') && importsProducts(platform, settings)) wanted.push('products');
  if (events.some((e) => e.resource === 'order' && !e.order && !e.externalId)) wanted.push('orders');
  return wanted;
}

function earliest(moments: (string | null)[]): Date | null {
  const times = moments
    .filter((m): m is string => !!m)
    .map((m) => Date.parse(m))
    .filter((t) => !Number.isNaN(t));
  return times.length ? new Date(Math.min(...times)) : null;
}

/** Connections with deliveries stored but not applied for a while (their job gave up, or the
 * database was away): the sync round applies them. */
export async function connectionsWithStaleShopWebhooks(ctx: AppContext, olderThan: Date): Promise<string[]> {
  const rows = await ctx.db
    .selectFrom('shop_webhooks')
    .select('connection_id')
    .distinct()
    .where('applied_at', 'is', null)
    .where('received_at', '<', olderThan)
    .execute();
  return rows.map((r) => r.connection_id);
}
