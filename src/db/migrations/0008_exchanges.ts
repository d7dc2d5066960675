import type { Kysely } from 'kysely';

// Exchanges: what the shop sends out instead of a refund. One exchange order per approval of
// exchanged lines; its lines reserve stock while it is open, and shipping it takes the units out.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('exchange_orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('return_id', 'text', (c) => c.notNull().references('returns.id'))
    .addColumn('number', 'text', (c) => c.notNull().unique())
    // awaiting_payment · reserved · ready · shipped · cancelled (see src/domain/exchange.ts)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('instant', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('currency', 'text', (c) => c.notNull())
    // New items minus what the returned units were worth: positive, the shopper pays; negative, gets back.
    .addColumn('price_difference', 'bigint', (c) => c.notNull())
    .addColumn('payment_provider', 'text')
    .addColumn('payment_link_id', 'text')
    .addColumn('payment_link_url', 'text')
    // none · open · paid · expired · failed
    .addColumn('payment_status', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('payment_reference', 'text')
    .addColumn('payment_error', 'text')
    .addColumn('paid_at', 'timestamptz')
    .addColumn('surplus_settlement_id', 'text')
    // Instant exchanges: the old item must be back by then.
    .addColumn('return_by', 'timestamptz')
    // What happened when it was not: charged (a payment link for its value) or sent to review.
    .addColumn('overdue_action', 'text')
    .addColumn('charge_link_id', 'text')
    .addColumn('charge_link_url', 'text')
    .addColumn('charge_amount', 'bigint')
    .addColumn('charge_status', 'text')
    .addColumn('charged_at', 'timestamptz')
    .addColumn('tracking_number', 'text')
    .addColumn('carrier', 'text')
    .addColumn('cancel_reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ready_at', 'timestamptz')
    .addColumn('shipped_at', 'timestamptz')
    .addColumn('cancelled_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('exchange_orders_return_idx').on('exchange_orders').column('return_id').execute();
  await db.schema.createIndex('exchange_orders_status_idx').on('exchange_orders').columns(['status', 'created_at']).execute();
  await db.schema
    .createTable('exchange_order_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('exchange_order_id', 'text', (c) => c.notNull().references('exchange_orders.id'))
    // One exchange per returned line, ever: a retry or a second approval cannot reserve twice.
    .addColumn('return_line_id', 'text', (c) => c.notNull().unique().references('return_lines.id'))
    .addColumn('variant_id', 'text', (c) => c.notNull().references('variants.id'))
    .addColumn('sku', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('unit_price', 'bigint', (c) => c.notNull())
    .addColumn('returned_value', 'bigint', (c) => c.notNull())
    .addColumn('difference', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('exchange_order_lines_variant_idx')
    .on('exchange_order_lines')
    .columns(['variant_id', 'exchange_order_id'])
    .execute();
  await db.schema.createIndex('exchange_order_lines_order_idx').on('exchange_order_lines').column('exchange_order_id').execute();
  // Where the surplus of an exchange for something cheaper goes, and what happens when an instant
  // exchange's old item does not come back in time.
  await db.schema
    .alterTable('shop_settings')
    .addColumn('exchange_surplus', 'text', (c) => c.notNull().defaultTo('refund'))
    .execute();
  await db.schema
    .alterTable('shop_settings')
    .addColumn('instant_exchange_unreturned', 'text', (c) => c.notNull().defaultTo('review'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('shop_settings').dropColumn('exchange_surplus').dropColumn('instant_exchange_unreturned').execute();
  await db.schema.dropTable('exchange_order_lines').execute();
  await db.schema.dropTable('exchange_orders').execute();
}
