import { sql } from 'kysely';
import { unnestRows } from '../../../db/unnestRows.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { systemActor } from '../../kernel/context.js';
import { newId } from '../../kernel/ids.js';
import { inUnit, type Tx, type Unit } from '../../kernel/transaction.js';
import type { ShopOrder } from '../connections/port.js';
import { upsertCustomers } from '../upsertCustomers.js';
import {
  LINE_ROW_COLUMNS,
  lineRowsOf,
  ORDER_ROW_COLUMNS,
  orderRowOf,
  type ShopOrderRejection,
  type SyncConnection,
  shopOrderProblem,
} from './shopOrderRows.js';

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
}

type Existing = { id: string; orderNumber: string; sourceUpdatedAt: Date | null; cancelledAt: Date | null };

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
  const written = await writeOrders(unit, connection, writable, existing, numbers.chosen, customerIds);
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

function isNewer(order: ShopOrder, known: Existing | undefined): boolean {
  if (!known) return true;
  return known.sourceUpdatedAt === null || Date.parse(order.updatedAt) > known.sourceUpdatedAt.getTime();
}

/** The orders Retour has of these platform ids: one probe of the (connection, platform id) index
 * per id. Written as a lateral subquery kept apart (`offset 0`) because the planner, left to
 * choose, read every order of the connection and filtered them whenever the table's statistics
 * lagged behind its size (a table a backfill is filling): a page's cost grew with the shop's
 * history, 190 ms for a page of 1,000 against 80,000 orders instead of 2 ms. */
async function readExisting(tx: Tx, connectionId: string, orders: ShopOrder[]): Promise<Map<string, Existing>> {
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
 */
async function numbersFor(tx: Tx, connection: SyncConnection, orders: ShopOrder[], existing: Map<string, Existing>) {
  const chosen = new Map<string, string>();
  const refused = new Map<string, { code: string; message: string }>();
  const candidates = new Map<string, string[]>();
  for (const order of orders) {
    const known = existing.get(order.externalId);
    if (known) chosen.set(order.externalId, known.orderNumber);
    else {
      const n = order.number.trim().slice(0, 64);
      candidates.set(order.externalId, [n, `${n}-${connection.channelCode}`, `${n}-${connection.id}`]);
    }
  }
  if (candidates.size === 0) return { chosen, refused };
  const all = [...new Set([...candidates.values()].flat())];
  // An index probe per candidate whatever the statistics say (see readExisting).
  const found = await sql<{ order_number: string }>`select o.order_number from unnest(${all}::text[]) as n(number)
    cross join lateral (select order_number from orders where order_number = n.number offset 0) o`.execute(tx);
  const taken = new Set(found.rows.map((r) => r.order_number));
  for (const [externalId, options] of candidates) {
    const free = options.find((n) => !taken.has(n));
    if (free === undefined) {
      refused.set(externalId, { code: 'ORDER_NUMBER_TAKEN', message: `Order number ${options[0]} is taken` });
      continue;
    }
    taken.add(free);
    chosen.set(externalId, free);
  }
  return { chosen, refused };
}

interface Written {
  inserted: { id: string; order: ShopOrder; number: string }[];
  updated: { id: string; order: ShopOrder; number: string }[];
}

/** The orders and their lines: one statement each, guarded so a newer copy committed meanwhile
 * (a webhook beside a backfill) is never overwritten. */
async function writeOrders(
  unit: Unit,
  connection: SyncConnection,
  orders: ShopOrder[],
  existing: Map<string, Existing>,
  numbers: Map<string, string>,
  customerIds: Map<string, string>,
): Promise<Written> {
  const { tx } = unit;
  const priced = new Map<string, ReturnType<typeof orderRowOf>['priced']>();
  const orderRows = orders.map((o) => {
    const built = orderRowOf(connection, o, {
      orderId: existing.get(o.externalId)?.id ?? newId('ord'),
      orderNumber: numbers.get(o.externalId) as string,
      customerId: customerIds.get(o.customer.email.trim().toLowerCase()) as string,
    });
    priced.set(o.externalId, built.priced);
    return built.row;
  });
  // An order that came in before it was paid (WooCommerce's order.created, Shopify's pending
  // orders) is refunded by hand; once paid on the platform, it is refunded through it. Only while
  // nothing was refunded yet: a settlement made keeps the way it went.
  const paymentUnsettled = sql`orders.payment_provider = 'manual' and not exists (
      select 1 from settlements s join returns r on r.id = s.return_id where r.order_id = orders.id)`;
  const written = await sql<{ id: string; external_id: string; inserted: boolean }>`
    insert into orders (id, order_number, channel_id, customer_id, email, currency, placed_at, shipping_country,
      shipping_postcode, shipping_address, subtotal_amount, discount_amount, shipping_amount,
      shipping_premium_amount, tax_amount, total_amount, payment_method, payment_provider, payment_reference,
      external_id, connection_id, source_updated_at, cancelled_at, marketplace, discount_codes, shipping_lines)
    select id, order_number, channel_id, customer_id, email, currency, placed_at, shipping_country,
      shipping_postcode, shipping_address, subtotal_amount, discount_amount, shipping_amount,
      shipping_premium_amount, tax_amount, total_amount, payment_method, payment_provider, payment_reference,
      external_id, connection_id, source_updated_at, cancelled_at, marketplace, discount_codes, shipping_lines
    from ${unnestRows('o', ORDER_ROW_COLUMNS, orderRows)}
    on conflict (connection_id, external_id) where connection_id is not null do update set
      customer_id = excluded.customer_id, email = excluded.email, currency = excluded.currency,
      placed_at = excluded.placed_at, shipping_country = excluded.shipping_country,
      shipping_postcode = excluded.shipping_postcode, shipping_address = excluded.shipping_address,
      subtotal_amount = excluded.subtotal_amount, discount_amount = excluded.discount_amount,
      shipping_amount = excluded.shipping_amount, tax_amount = excluded.tax_amount,
      total_amount = excluded.total_amount, payment_method = excluded.payment_method,
      payment_provider = case when ${paymentUnsettled} then excluded.payment_provider else orders.payment_provider end,
      payment_reference = case when ${paymentUnsettled} then excluded.payment_reference else orders.payment_reference end,
      source_updated_at = excluded.source_updated_at, cancelled_at = excluded.cancelled_at,
      marketplace = excluded.marketplace, discount_codes = excluded.discount_codes,
      shipping_lines = excluded.shipping_lines
    where orders.source_updated_at is null or orders.source_updated_at < excluded.source_updated_at
    returning id, external_id, (xmax = 0) as inserted`.execute(tx);
  const byExternal = new Map(orders.map((o) => [o.externalId, o]));
  const result: Written = { inserted: [], updated: [] };
  for (const row of written.rows) {
    const entry = { id: row.id, order: byExternal.get(row.external_id) as ShopOrder, number: '' };
    entry.number = numbers.get(row.external_id) as string;
    (row.inserted ? result.inserted : result.updated).push(entry);
  }
  await writeLines(unit, result.inserted, result.updated, priced);
  return result;
}

/** Lines of the orders written: removed lines of updated orders go (unless a return refers to
 * them), the others are inserted or updated in place by their platform id. */
async function writeLines(
  unit: Unit,
  inserted: Written['inserted'],
  updated: Written['updated'],
  priced: Map<string, ReturnType<typeof orderRowOf>['priced']>,
) {
  const { tx } = unit;
  const known = new Map<string, Map<string, { id: string; lineNumber: number }>>();
  if (updated.length > 0) {
    const ids = updated.map((u) => u.id);
    const rows = await tx
      .selectFrom('order_lines')
      .select(['id', 'order_id', 'external_id', 'line_number'])
      .where(sql<boolean>`order_id = any(${ids}::text[])`)
      .execute();
    for (const r of rows) {
      const lines = known.get(r.order_id) ?? new Map<string, { id: string; lineNumber: number }>();
      lines.set(r.external_id ?? r.id, { id: r.id, lineNumber: r.line_number });
      known.set(r.order_id, lines);
    }
    const keep = updated.flatMap((u) => u.order.lines.map((l) => ({ o: u.id, e: l.externalId })));
    await sql`
      delete from order_lines
      where order_id = any(${ids}::text[])
        and not exists (select 1 from unnest(${keep.map((k) => k.o)}::text[], ${keep.map((k) => k.e)}::text[]) as k(o, e)
                        where k.o = order_lines.order_id and k.e = order_lines.external_id)
        and not exists (select 1 from return_lines where return_lines.order_line_id = order_lines.id)`.execute(tx);
  }
  const rowsOf = (orders: Written['inserted']) =>
    orders.flatMap((o) =>
      lineRowsOf(o.order, o.id, priced.get(o.order.externalId) ?? [], known.get(o.id) ?? new Map(), unit.now, () => newId('ol')),
    );
  // Lines of an order this unit inserted cannot exist yet (the order's row is new and its id too):
  // they go in without the conflict check, the bulk of a backfill's work.
  await insertLines(tx, rowsOf(inserted), false);
  await insertLines(tx, rowsOf(updated), true);
}

async function insertLines(tx: Tx, rows: ReturnType<typeof lineRowsOf>, upsert: boolean): Promise<void> {
  if (rows.length === 0) return;
  const onConflict = upsert
    ? sql`on conflict (order_id, external_id) where external_id is not null do update set
      variant_id = excluded.variant_id, sku = excluded.sku, title = excluded.title, quantity = excluded.quantity,
      unit_price_amount = excluded.unit_price_amount, discount_amount = excluded.discount_amount,
      tax_amount = excluded.tax_amount, tax_rate_bp = excluded.tax_rate_bp, paid_amount = excluded.paid_amount,
      delivered_at = coalesce(excluded.delivered_at, order_lines.delivered_at), external_ref = excluded.external_ref,
      refunded_quantity = excluded.refunded_quantity, refunded_amount = excluded.refunded_amount`
    : sql``;
  await sql`
    insert into order_lines (id, order_id, line_number, variant_id, sku, title, quantity, unit_price_amount,
      discount_amount, tax_amount, tax_rate_bp, paid_amount, delivered_at, external_id, external_ref, refunded_quantity,
      refunded_amount)
    select l.id, l.order_id, l.line_number, v.id, l.sku, l.title, l.quantity, l.unit_price_amount,
      l.discount_amount, l.tax_amount, l.tax_rate_bp, l.paid_amount, l.delivered_at, l.external_id, l.external_ref,
      coalesce(l.refunded_quantity, ${upsert ? sql`e.refunded_quantity, ` : sql``}0),
      coalesce(l.refunded_amount, ${upsert ? sql`e.refunded_amount, ` : sql``}0)
    from ${unnestRows('l', LINE_ROW_COLUMNS, rows)}
    left join variants v on v.sku = l.sku
    ${upsert ? sql`left join order_lines e on e.order_id = l.order_id and e.external_id = l.external_id` : sql``}
    ${onConflict}`.execute(tx);
}

/** What happened to the orders, as events (see UpsertOrdersOptions.events). */
function recordEvents(
  unit: Unit,
  connection: SyncConnection,
  written: Written,
  existing: Map<string, Existing>,
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
      data: { imported: written.inserted.length, updated: written.updated.length, cancelled: cancelled.length },
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
