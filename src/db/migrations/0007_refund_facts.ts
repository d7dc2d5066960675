import { type Kysely, sql } from 'kysely';

// The return-shipping fee the policy charged when the return was requested, kept on the return
// so the refund can deduct it exactly once (it was only in the request event before).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('returns')
    .addColumn('return_shipping_fee', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update returns set return_shipping_fee = coalesce((
    select (e.data->'totals'->>'returnShippingFee')::bigint from events e
    where e.return_id = returns.id and e.type = 'return.requested' limit 1), 0)`.execute(db);
  // How long store credit from a return stays valid (null: it does not expire).
  await db.schema.alterTable('shop_settings').addColumn('store_credit_validity_days', 'integer').execute();
  // Ledger account codes for the finance journal export, by role (see src/domain/journal.ts).
  await db.schema
    .alterTable('shop_settings')
    .addColumn('finance_accounts', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.createIndex('settlements_return_idx').ifNotExists().on('settlements').column('return_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('settlements_return_idx').ifExists().execute();
  await db.schema.alterTable('shop_settings').dropColumn('store_credit_validity_days').dropColumn('finance_accounts').execute();
  await db.schema.alterTable('returns').dropColumn('return_shipping_fee').execute();
}
