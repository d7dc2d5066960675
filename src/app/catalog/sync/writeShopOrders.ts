import { type RawBuilder, sql } from 'kysely';
import { unnestRows } from '../../../db/unnestRows.js';
import { newId } from '../../kernel/ids.js';
import type { Tx, Unit } from '../../kernel/transaction.js';
import type { ShopOrder } from '../connections/port.js';
import { LINE_ROW_COLUMNS, lineRowsOf, ORDER_ROW_COLUMNS, orderRowOf, type SyncConnection } from './shopOrderRows.js';

/** An order Retour has, as the page's upsert found it. */
export type ExistingOrder = { id: string; orderNumber: string; sourceUpdatedAt: Date | null; cancelledAt: Date | null };

export interface WrittenOrder {
  id: string;
  order: ShopOrder;
  number: string;
}

export interface Written {
  inserted: WrittenOrder[];
  updated: WrittenOrder[];
}

type Priced = ReturnType<typeof orderRowOf>['priced'];

/**
 * The orders and their lines, guarded so a newer copy committed meanwhile (a webhook beside a
 * backfill) is never overwritten. With `newAsInserts`, orders the page did not find go in as plain
 * inserts: no conflict is checked for them before each row (a third of an order's write), and
 * one committed meanwhile by another transaction fails the statement on the unique index
 * (23505), as a number taken meanwhile does, so the caller must write the page again without it (a
 * backfill does). Without it (a webhook, a catch-up) every order goes through the upsert, which takes a
 * copy written meanwhile as an update.
 */
export async function writeOrders(
  unit: Unit,
  connection: SyncConnection,
  orders: ShopOrder[],
  existing: Map<string, ExistingOrder>,
  numbers: Map<string, string>,
  customerIds: Map<string, string>,
  newAsInserts: boolean,
): Promise<Written> {
  const { tx } = unit;
  const priced = new Map<string, Priced>();
  const inserts: ReturnType<typeof orderRowOf>['row'][] = [];
  const upserts: ReturnType<typeof orderRowOf>['row'][] = [];
  const result: Written = { inserted: [], updated: [] };
  for (const o of orders) {
    const known = existing.get(o.externalId);
    const built = orderRowOf(connection, o, {
      orderId: known?.id ?? newId('ord'),
      orderNumber: numbers.get(o.externalId) as string,
      customerId: customerIds.get(o.customer.email.trim().toLowerCase()) as string,
    });
    priced.set(o.externalId, built.priced);
    if (known || !newAsInserts) upserts.push(built.row);
    else {
      inserts.push(built.row);
      result.inserted.push({ id: built.row.id, order: o, number: built.row.order_number });
    }
  }
  // What every order of the page shares goes once, not in a column of equal values.
  const shared = { channelId: connection.channelId, connectionId: connection.id };
  if (inserts.length > 0) {
    await sql`insert into orders (${ORDER_COLUMNS}) select ${selectedColumns(shared)}
      from ${unnestRows('o', ORDER_ROW_COLUMNS, inserts)}`.execute(tx);
  }
  if (upserts.length > 0) {
    const byExternal = new Map(orders.map((o) => [o.externalId, o]));
    for (const row of await upsertOrders(tx, shared, upserts)) {
      const entry = { id: row.id, order: byExternal.get(row.external_id) as ShopOrder, number: '' };
      entry.number = numbers.get(row.external_id) as string;
      (row.inserted ? result.inserted : result.updated).push(entry);
    }
  }
  await writeLines(unit, result.inserted, result.updated, priced);
  return result;
}

const ORDER_COLUMNS = sql.raw(`id, order_number, channel_id, customer_id, email, currency, placed_at, shipping_country,
  shipping_postcode, shipping_address, subtotal_amount, discount_amount, shipping_amount, shipping_premium_amount,
  tax_amount, total_amount, payment_method, payment_provider, payment_reference, external_id, connection_id,
  source_updated_at, cancelled_at, marketplace, discount_codes, shipping_lines`);

/** The values of `ORDER_COLUMNS`, from the page's arrays (`o`) and what the page shares. */
function selectedColumns(shared: { channelId: string; connectionId: string }): RawBuilder<unknown> {
  return sql`o.id, o.order_number, ${shared.channelId}::text, o.customer_id, o.email, o.currency, o.placed_at,
    o.shipping_country, o.shipping_postcode, o.shipping_address, o.subtotal_amount, o.discount_amount,
    o.shipping_amount, 0, o.tax_amount, o.total_amount, o.payment_method, o.payment_provider, o.payment_reference,
    o.external_id, ${shared.connectionId}::text, o.source_updated_at, o.cancelled_at, o.marketplace, o.discount_codes,
    o.shipping_lines`;
}

async function upsertOrders(
  tx: Tx,
  shared: { channelId: string; connectionId: string },
  rows: ReturnType<typeof orderRowOf>['row'][],
) {
  // An order that came in before it was paid (WooCommerce's order.created, Shopify's pending
  // orders) is refunded by hand; once paid on the platform, it is refunded through it. Only while
  // nothing was refunded yet: a settlement made keeps the way it went.
  const paymentUnsettled = sql`orders.payment_provider = 'manual' and not exists (
      select 1 from settlements s join returns r on r.id = s.return_id where r.order_id = orders.id)`;
  const { rows: written } = await sql<{ id: string; external_id: string; inserted: boolean }>`
    insert into orders (${ORDER_COLUMNS}) select ${selectedColumns(shared)}
    from ${unnestRows('o', ORDER_ROW_COLUMNS, rows)}
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
  return written;
}

/** Lines of the orders written: removed lines of updated orders go (unless a return refers to
 * them), the others are inserted or updated in place by their platform id. */
async function writeLines(unit: Unit, inserted: WrittenOrder[], updated: WrittenOrder[], priced: Map<string, Priced>) {
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
  const rowsOf = (orders: WrittenOrder[]) =>
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
