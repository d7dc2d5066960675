import { sql } from 'kysely';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { systemActor } from '../../kernel/context.js';
import { inUnit, type Tx, type Unit } from '../../kernel/transaction.js';
import type { ShopOrder } from '../connections/port.js';
import { upsertCustomers } from '../upsertCustomers.js';
import { type ShopOrderRejection, type SyncConnection, shopOrderProblem } from './shopOrderRows.js';
import { type ExistingOrder, type Written, writeOrders } from './writeShopOrders.js';

export interface UpsertOrdersResult {
  /** Orders new to Retour. */
  imported: number;
  /** Orders that changed at the source and were updated. */
  updated: number;
  /** Orders Retour already had in this version or a newer one. */
  unchanged: number;
  rejected: ShopOrderRejection[];
}

export interface UpsertOrdersOptions {
  /**
   * `each`: an event per order that came in or changed (webhooks, the catch-up). `page`: a backfill
   * records one `connection.orders_synced` event per page instead, with the counts: a first read of
   * a shop's history is tens of thousands of orders nobody needs told of one by one, and writing an
   * event and its outbox message per order costs a backfill a third of its speed.
   */
  events?: 'each' | 'page';
  /**
   * The caller writes the page again, in a new transaction and without this, when it fails on a
   * value another transaction took meanwhile (a backfill does, see runSync): orders the page does
   * not find then go in as plain inserts, which cost less than the upsert's check of each row (see
   * writeOrders). Catch-ups and webhooks leave it off: every order is upserted.
   */
  writtenAgainOnConflict?: boolean;
}

/**
 * Brings a page of a connection's orders into Retour, idempotently and in a few statements
 * whatever the page's size: customers by e-mail, orders by (connection, platform id), their lines
 * by (order, platform line id). A copy older than the one Retour has never overwrites it; an order
 * edited at the source is updated, its lines in place, and a line removed at the source goes unless
 * a return refers to it. Orders that cannot come in are returned as rejections, not thrown.
 */
export async function upsertShopOrders(
  ctx: AppContext,
  connection: SyncConnection,
  orders: ShopOrder[],
  options: UpsertOrdersOptions = {},
  meta: CommandMeta = { actor: systemActor },
): Promise<UpsertOrdersResult> {
  return inUnit(ctx, meta, (unit) => upsertShopOrdersIn(unit, connection, orders, options));
}

/** The upsert inside a unit that also does other work (a sync page commits with its cursor). */
export async function upsertShopOrdersIn(
  unit: Unit,
  connection: SyncConnection,
  orders: ShopOrder[],
  options: UpsertOrdersOptions = {},
): Promise<UpsertOrdersResult> {
  const { tx } = unit;
  const { accepted, rejected } = latestValid(orders);
  const result: UpsertOrdersResult = { imported: 0, updated: 0, unchanged: 0, rejected };
  if (accepted.length === 0) return result;
  if (options.events === 'page') await commitWithoutWaitingForDisk(tx);

  const existing = await readExisting(tx, connection.id, accepted);
  const fresh = accepted.filter((o) => isNewer(o, existing.get(o.externalId)));
  result.unchanged = accepted.length - fresh.length;
  if (fresh.length === 0) return result;

  const numbers = await numbersFor(tx, connection, fresh, existing);
  for (const [externalId, problem] of numbers.refused) {
    const order = fresh.find((o) => o.externalId === externalId) as ShopOrder;
    rejected.push({ externalId, number: order.number, ...problem });
  }
  const writable = fresh.filter((o) => numbers.chosen.has(o.externalId));
  if (writable.length === 0) return result;

  const customerIds = await upsertCustomers(
    tx,
    writable.map((o) => ({
      email: o.customer.email.trim().toLowerCase(),
      firstName: o.customer.firstName,
      lastName: o.customer.lastName,
      phone: o.customer.phone,
      locale: o.customer.locale,
      country: o.shippingAddress.country,
      postcode: o.shippingAddress.postcode,
    })),
  );
  const newAsInserts = options.writtenAgainOnConflict === true;
  const written = await writeOrders(unit, connection, writable, existing, numbers.chosen, customerIds, newAsInserts);
  result.imported = written.inserted.length;
  result.updated = written.updated.length;
  result.unchanged += writable.length - written.inserted.length - written.updated.length;
  recordEvents(unit, connection, written, existing, options.events ?? 'each');
  if (result.imported > 0) {
    await tx
      .updateTable('shop_connections')
      .set((eb) => ({ orders_received: eb('orders_received', '+', result.imported) }))
      .where('id', '=', connection.id)
      .execute();
  }
  return result;
}

/**
 * A backfill's page commits without waiting for its write-ahead log to reach the disk (PostgreSQL's
 * `synchronous_commit = off`, for this transaction only): the wait is a good part of a page's time.
 * It is safe because a backfill can be done again. A crash may lose the last pages committed (never
 * a part of one: the database stays consistent), and the run's cursor, committed with each page,
 * is lost with them, so the run goes on from the page before and brings those orders in again,
 * idempotently. Webhooks and catch-ups keep the default: what they bring is told of one by one.
 */
async function commitWithoutWaitingForDisk(tx: Tx): Promise<void> {
  await sql`set local synchronous_commit = off`.execute(tx);
}

/** Valid orders, one per platform id (the latest copy when a page has two), in id order so two
 * pages sharing orders lock them in the same order. */
function latestValid(orders: ShopOrder[]) {
  const rejected: ShopOrderRejection[] = [];
  const byId = new Map<string, ShopOrder>();
  for (const order of orders) {
    const problem = shopOrderProblem(order);
    if (problem) {
      rejected.push({ externalId: order.externalId ?? '', number: order.number ?? null, ...problem });
      continue;
    }
    const seen = byId.get(order.externalId);
    if (!seen || Date.parse(order.updatedAt) > Date.parse(seen.updatedAt)) byId.set(order.externalId, order);
  }
  const accepted = [...byId.values()].sort((a, b) => (a.externalId < b.externalId ? -1 : 1));
  return { accepted, rejected };
}

function isNewer(order: ShopOrder, known: ExistingOrder | undefined): boolean {
  if (!known) return true;
  return known.sourceUpdatedAt === null || Date.parse(order.updatedAt) > known.sourceUpdatedAt.getTime();
}

/** The orders Retour has of these platform ids: one probe of the (connection, platform id) index
 * per id. Written as a lateral subquery kept apart (`offset 0`) because the planner, left to
 * choose, read every order of the connection and filtered them whenever the table's statistics
 * lagged behind its size (a table a backfill is filling): a page's cost grew with the shop's
 * history, 190 ms for a page of 1,000 against 80,000 orders instead of 2 ms. */
async function readExisting(tx: Tx, connectionId: string, orders: ShopOrder[]): Promise<Map<string, ExistingOrder>> {
  const { rows } = await sql<{
    id: string;
    external_id: string;
    order_number: string;
    source_updated_at: Date | null;
    cancelled_at: Date | null;
  }>`select o.id, o.external_id, o.order_number, o.source_updated_at, o.cancelled_at
    from unnest(${orders.map((o) => o.externalId)}::text[]) as e(external_id)
    cross join lateral (select * from orders where connection_id = ${connectionId} and external_id = e.external_id
      offset 0) o`.execute(tx);
  return new Map(
    rows.map((r) => [
      r.external_id,
      { id: r.id, orderNumber: r.order_number, sourceUpdatedAt: r.source_updated_at, cancelledAt: r.cancelled_at },
    ]),
  );
}

/**
 * Retour's number for each new order. Order numbers are unique across Retour, but two sources may
 * use the same one (Shopify's #1001 and WooCommerce's 1001, or an order imported by file): the
 * first to arrive keeps the number, a later one from another source becomes `<number>-<channel
 * code>`, and when that is taken too `<number>-<connection id>`. Orders Retour has keep theirs.
 * The platform's numbers are looked up first, and the other two only for the orders that may need
 * them (a number taken, or met twice), which is seldom any.
 */
async function numbersFor(tx: Tx, connection: SyncConnection, orders: ShopOrder[], existing: Map<string, ExistingOrder>) {
  const chosen = new Map<string, string>();
  const refused = new Map<string, { code: string; message: string }>();
  const own = new Map<string, string>();
  const seen = new Map<string, number>();
  for (const order of orders) {
    const known = existing.get(order.externalId);
    if (known) chosen.set(order.externalId, known.orderNumber);
    else {
      const n = order.number.trim().slice(0, 64);
      own.set(order.externalId, n);
      seen.set(n, (seen.get(n) ?? 0) + 1);
    }
  }
  if (own.size === 0) return { chosen, refused };
  const others = (n: string) => [`${n}-${connection.channelCode}`, `${n}-${connection.id}`];
  const taken = await takenNumbers(tx, [...seen.keys()]);
  const probed = new Set(seen.keys());
  const needOthers = new Set([...own].filter(([, n]) => taken.has(n) || (seen.get(n) ?? 0) > 1).map(([id]) => id));
  for (;;) {
    const asked = [...needOthers].flatMap((id) => others(own.get(id) as string)).filter((n) => !probed.has(n));
    if (asked.length === 0) break;
    for (const n of asked) probed.add(n);
    for (const n of await takenNumbers(tx, [...new Set(asked)])) taken.add(n);
    // An order whose own number is another's alternative may find it chosen, and need its own.
    const alternatives = new Set([...needOthers].flatMap((id) => others(own.get(id) as string)));
    for (const [id, n] of own) if (alternatives.has(n)) needOthers.add(id);
  }
  for (const [externalId, n] of own) {
    const options = needOthers.has(externalId) ? [n, ...others(n)] : [n];
    const free = options.find((c) => !taken.has(c));
    if (free === undefined) {
      refused.set(externalId, { code: 'ORDER_NUMBER_TAKEN', message: `Order number ${n} is taken` });
      continue;
    }
    taken.add(free);
    chosen.set(externalId, free);
  }
  return { chosen, refused };
}

/** Which of these order numbers Retour has: an index probe each, whatever the statistics say
 * (see readExisting). */
async function takenNumbers(tx: Tx, numbers: string[]): Promise<Set<string>> {
  const found = await sql<{ order_number: string }>`select o.order_number from unnest(${numbers}::text[]) as n(number)
    cross join lateral (select order_number from orders where order_number = n.number offset 0) o`.execute(tx);
  return new Set(found.rows.map((r) => r.order_number));
}

/** What happened to the orders, as events (see UpsertOrdersOptions.events). */
function recordEvents(
  unit: Unit,
  connection: SyncConnection,
  written: Written,
  existing: Map<string, ExistingOrder>,
  mode: 'each' | 'page',
) {
  const cancelled = [...written.inserted, ...written.updated].filter(
    (w) => w.order.cancelledAt && !existing.get(w.order.externalId)?.cancelledAt,
  );
  if (mode === 'page') {
    if (written.inserted.length + written.updated.length === 0) return;
    unit.record({
      type: 'connection.orders_synced',
      subjectType: 'shop_connection',
      subjectId: connection.id,
      data: {
        imported: written.inserted.length,
        updated: written.updated.length,
        cancelled: cancelled.length,
        // The orders written, so what follows the page (analytics) touches only those.
        orderIds: [...written.inserted, ...written.updated].map((w) => w.id),
      },
    });
    return;
  }
  const base = { channel: connection.channelCode, connectionId: connection.id, platform: connection.platform };
  for (const w of written.inserted) {
    unit.record({
      type: 'order.imported',
      subjectType: 'order',
      subjectId: w.id,
      data: { orderNumber: w.number, lines: w.order.lines.length, externalId: w.order.externalId, ...base },
    });
  }
  for (const w of written.updated) {
    unit.record({
      type: 'order.updated',
      subjectType: 'order',
      subjectId: w.id,
      data: { orderNumber: w.number, externalId: w.order.externalId, ...base },
    });
  }
  for (const w of cancelled) {
    unit.record({
      type: 'order.cancelled',
      subjectType: 'order',
      subjectId: w.id,
      data: { orderNumber: w.number, externalId: w.order.externalId, cancelledAt: w.order.cancelledAt, ...base },
    });
  }
}
