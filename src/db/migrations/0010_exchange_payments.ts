import { type Kysely, sql } from 'kysely';

// How an exchange's price difference came in (through the link's provider, or confirmed by staff),
// so the journal books it to the right account and a refund of it goes back the same way; and the
// settlement that pays a difference back when an exchange that was paid for does not ship; and
// when its payment link ends.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('exchange_orders')
    .addColumn('payment_via', 'text')
    .addColumn('difference_refund_settlement_id', 'text')
    // When the price-difference link stops taking payments (it is closed then if the provider
    // does not close it by itself).
    .addColumn('payment_link_expires_at', 'timestamptz')
    .execute();
  await sql`update exchange_orders set payment_via = case
    when payment_link_id is not null and payment_provider is not null then payment_provider else 'manual' end
    where payment_status = 'paid' and price_difference > 0`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('exchange_orders')
    .dropColumn('payment_via')
    .dropColumn('difference_refund_settlement_id')
    .dropColumn('payment_link_expires_at')
    .execute();
}
