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
  /** Deliveries that failed this time (tried again later, or given up after their last try). */
  failed: number;
}

/** Deliveries one job claims at a time. */
const BATCH = 500;
/** Orders asked of the platform at once, for deliveries that only name the order. */
const FETCH_SIDE_BY_SIDE = 4;
/** How long a claim holds: longer than fetching and applying a batch takes. */
const CLAIM_MS = 5 * 60_000;
/** Tries of a delivery before it is given up, and the first wait before the next (doubling). */
export const SHOP_WEBHOOK_ATTEMPTS = 5;
const RETRY_BASE_MS = 60_000;
/** Applied deliveries are kept this long (a repeat within it is still known), then deleted. */
export const KEEP_APPLIED_MS = 7 * 24 * 3600_000;

type Claimed = { id: string; event: ShopWebhookEvent; attempts: number };
type Failure = { delivery: Claimed; message: string };

/**
 * The job of the shop webhook queue: applies a connection's stored deliveries. A batch is claimed
 * first (skip locked, until a moment), so two workers never fetch from the platform or apply the
 * same delivery. An order sent whole is upserted as it is; one only named is asked of the platform;
 * a trigger without data (ChannelEngine's) queues a catch-up; a return announced goes to the
 * marketplace returns. The batch is applied in one unit; when that fails, delivery by delivery, so
 * one bad delivery never holds the others back: it keeps its error and is tried again later, and
 * after its last try it is given up with a sync error staff see. Old applied deliveries are deleted.
 */
export async function applyShopWebhooks(
  ctx: AppContext,
  connectionId: string,
  options: { onReturns?: ReturnsAnnounced } = {},
): Promise<ApplyReport> {
  const report: ApplyReport = { deliveries: 0, orders: 0, catchUps: 0, returns: 0, failed: 0 };
  const handle = await ctx.shops.connection(connectionId);
  const connection = await loadSyncConnection(ctx.db, connectionId);
  // A connection switched off keeps its deliveries until it is on again.
  if (!handle || !connection) return report;
  for (;;) {
    const claimed = await claimDeliveries(ctx, connectionId);
    if (claimed.length === 0) break;
    const failures: Failure[] = [];
    const fetched = await fetchNamedOrders(handle.adapter, claimed, failures);
    const returns = claimed.filter((c) => c.event.resource === 'return');
    if (returns.length > 0 && options.onReturns) {
      try {
        await options.onReturns(connectionId, earliest(returns.map((r) => r.event.changedSince)));
        report.returns += returns.length;
      } catch (err) {
        for (const delivery of returns) failures.push({ delivery, message: messageOf(err) });
      }
    }
    const ready = claimed.filter((c) => !failures.some((f) => f.delivery.id === c.id));
    await applyReady(ctx, connection, ready, fetched, report, failures);
    await recordFailures(ctx, connection, failures);
    report.failed += failures.length;
    if (claimed.length < BATCH) break;
  }
  await pruneApplied(ctx, connectionId);
  return report;
}

/** Claims the next deliveries no one holds (and whose wait after a failure is over), counting a try. */
async function claimDeliveries(ctx: AppContext, connectionId: string): Promise<Claimed[]> {
  const now = ctx.now();
  const rows = await sql<{ id: string; event: ShopWebhookEvent; attempts: number; received_at: Date }>`
    update shop_webhooks set claimed_until = ${new Date(now.getTime() + CLAIM_MS)}, attempts = attempts + 1
    where id in (
      select id from shop_webhooks
      where connection_id = ${connectionId} and applied_at is null
        and (claimed_until is null or claimed_until <= ${now})
      order by received_at
      limit ${BATCH}
      for update skip locked)
    returning id, event, attempts, received_at`.execute(ctx.db);
  return rows.rows
    .sort((a, b) => new Date(a.received_at).getTime() - new Date(b.received_at).getTime())
    .map((r) => ({ id: r.id, event: r.event, attempts: Number(r.attempts) }));
}

/** The batch in one unit; when that fails, each delivery in its own, its failure kept. */
async function applyReady(
  ctx: AppContext,
  connection: SyncConnection,
  ready: Claimed[],
  fetched: Map<string, ShopOrder>,
  report: ApplyReport,
  failures: Failure[],
): Promise<void> {
  if (ready.length === 0) return;
  const add = (done: Omit<ApplyReport, 'returns' | 'failed'>) => {
    report.deliveries += done.deliveries;
    report.orders += done.orders;
    report.catchUps += done.catchUps;
  };
  try {
    add(await applyBatch(ctx, connection, ready, fetched));
    return;
  } catch {
    // One of them is at fault: found below, the others applied.
  }
  for (const delivery of ready) {
    try {
      add(await applyBatch(ctx, connection, [delivery], fetched));
    } catch (err) {
      failures.push({ delivery, message: messageOf(err) });
    }
  }
}

/** Deliveries applied in one unit and marked applied in it. */
async function applyBatch(
  ctx: AppContext,
  connection: SyncConnection,
  deliveries: Claimed[],
  fetched: Map<string, ShopOrder>,
): Promise<Omit<ApplyReport, 'returns' | 'failed'>> {
  const connectionId = connection.id;
  return inUnit(ctx, { actor: systemActor }, async (unit) => {
    const orders = deliveries.flatMap((e) => {
      const order = e.event.order ?? (e.event.externalId ? fetched.get(e.event.externalId) : undefined);
      return order && e.event.resource === 'order' ? [order] : [];
    });
    const result = await upsertShopOrdersIn(unit, connection, orders, { events: 'each' });
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
      deliveries.map((e) => e.event),
    );
    if (catchUp.length > 0) {
      await queueSync(unit.tx, ctx, { connectionId, kind: 'reconcile', resources: catchUp, startedBy: 'webhook' });
    }
    await unit.tx
      .updateTable('shop_webhooks')
      .set({ applied_at: unit.now, error: null, claimed_until: null })
      .where(
        'id',
        'in',
        deliveries.map((d) => d.id),
      )
      .execute();
    await unit.tx
      .updateTable('shop_connections')
      .set({ webhooks_received: sql`webhooks_received + ${deliveries.length}` })
      .where('id', '=', connectionId)
      .execute();
    return { deliveries: deliveries.length, orders: result.imported + result.updated, catchUps: catchUp.length > 0 ? 1 : 0 };
  });
}

/** Failed deliveries keep their error and wait before their next try; after their last try they
 * are given up (no longer waiting) with a sync error on the connection saying why. */
async function recordFailures(ctx: AppContext, connection: SyncConnection, failures: Failure[]): Promise<void> {
  if (failures.length === 0) return;
  await inUnit(ctx, { actor: systemActor }, async ({ tx, now }) => {
    const givenUp = failures.filter((f) => f.delivery.attempts >= SHOP_WEBHOOK_ATTEMPTS);
    for (const { delivery, message } of failures) {
      const last = delivery.attempts >= SHOP_WEBHOOK_ATTEMPTS;
      const retryAt = new Date(now.getTime() + RETRY_BASE_MS * 2 ** (delivery.attempts - 1));
      await tx
        .updateTable('shop_webhooks')
        .set({ error: message.slice(0, 2000), claimed_until: last ? null : retryAt, applied_at: last ? now : null })
        .where('id', '=', delivery.id)
        .execute();
    }
    await recordSyncErrors(
      tx,
      connection.id,
      null,
      givenUp.map(({ delivery, message }) => ({
        subject: 'webhook',
        externalId: delivery.event.externalId,
        code: 'WEBHOOK_GIVEN_UP',
        message: `${delivery.event.topic}, given up after ${delivery.attempts} tries: ${message}`,
      })),
      now,
    );
  });
}

/** Deletes the connection's deliveries applied long ago, a bounded number at a time. */
async function pruneApplied(ctx: AppContext, connectionId: string): Promise<void> {
  const before = new Date(ctx.now().getTime() - KEEP_APPLIED_MS);
  await sql`
    delete from shop_webhooks where id in (
      select id from shop_webhooks
      where connection_id = ${connectionId} and applied_at is not null and applied_at < ${before}
      limit 5000)`.execute(ctx.db);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Orders the deliveries only name (no whole order in the payload), asked of the platform. One
 * deleted at the source, or gone, is left as Retour has it; one the platform fails to give fails
 * the deliveries naming it. */
async function fetchNamedOrders(adapter: ShopPlatformAdapter, deliveries: Claimed[], failures: Failure[]) {
  const wanted = (d: Claimed) =>
    d.event.resource === 'order' && !d.event.order && d.event.externalId && d.event.action !== 'deleted';
  const named = [...new Set(deliveries.filter(wanted).map((d) => d.event.externalId as string))];
  const found = new Map<string, ShopOrder>();
  for (let i = 0; i < named.length; i += FETCH_SIDE_BY_SIDE) {
    await Promise.all(
      named.slice(i, i + FETCH_SIDE_BY_SIDE).map(async (id) => {
        try {
          const order = await adapter.getOrder(id);
          if (order) found.set(order.externalId, order);
        } catch (err) {
          for (const delivery of deliveries.filter((d) => wanted(d) && d.event.externalId === id))
            failures.push({ delivery, message: messageOf(err) });
        }
      }),
    );
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
