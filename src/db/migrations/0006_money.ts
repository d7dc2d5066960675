import { type Kysely, sql } from 'kysely';

// Money: where an order was paid (to refund it the same way), settlements that go through a
// payment provider with an idempotency key, encrypted provider credentials, and store credit as a
// ledger per customer and currency with holds for checkouts.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('orders').addColumn('payment_provider', 'text').addColumn('payment_reference', 'text').execute();

  await db.schema
    .alterTable('settlements')
    // Sent with every provider call for this settlement: a retry or a second process asking
    // again gets the same refund, never a second one.
    .addColumn('idempotency_key', 'text', (c) => c.unique())
    .addColumn('payment_reference', 'text')
    .addColumn('provider_refund_id', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('breakdown', 'jsonb')
    .addColumn('trigger', 'text', (c) => c.notNull().defaultTo('staff'))
    .addColumn('updated_at', 'timestamptz')
    .addColumn('succeeded_at', 'timestamptz')
    .execute();
  await sql`update settlements set updated_at = created_at, succeeded_at = case when status = 'succeeded' then created_at end`.execute(
    db,
  );
  await sql`create index settlements_open_idx on settlements (created_at) where status = 'pending'`.execute(db);

  await db.schema
    .createTable('payment_providers')
    .addColumn('provider', 'text', (c) => c.primaryKey().check(sql`provider in ('mollie', 'stripe')`))
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    // AES-256-GCM of the provider's settings (API key, base URL): never stored or logged in clear.
    .addColumn('credentials', 'text', (c) => c.notNull())
    .addColumn('key_hint', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('store_credit_accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('currency', 'char(3)', (c) => c.notNull())
    // What the shopper types at the shop's checkout.
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('store_credit_accounts_customer_currency', ['customer_id', 'currency'])
    .execute();

  await db.schema
    .createTable('store_credit_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('store_credit_accounts.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('issue', 'bonus', 'redeem', 'expire', 'adjust', 'reverse')`))
    // Signed: credit in, debit out. The balance is the sum.
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz')
    .addColumn('return_id', 'text')
    .addColumn('settlement_id', 'text')
    .addColumn('hold_id', 'text')
    // The entry this one undoes (reverse) or uses up (expire).
    .addColumn('reverses_id', 'text')
    .addColumn('reference', 'text')
    .addColumn('note', 'text')
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('store_credit_entries_account_idx')
    .on('store_credit_entries')
    .columns(['account_id', 'id'])
    .execute();
  // One reversal per entry, one expiry per lot.
  await sql`create unique index store_credit_entries_reverse_once on store_credit_entries (reverses_id, kind) where reverses_id is not null`.execute(
    db,
  );

  await db.schema
    .createTable('store_credit_holds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('store_credit_accounts.id'))
    .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('held', 'captured', 'released')`))
    .addColumn('reference', 'text')
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('closed_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('store_credit_holds_account_idx')
    .on('store_credit_holds')
    .columns(['account_id', 'status'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['store_credit_holds', 'store_credit_entries', 'store_credit_accounts', 'payment_providers'])
    await db.schema.dropTable(table).execute();
  await sql`drop index settlements_open_idx`.execute(db);
  await db.schema
    .alterTable('settlements')
    .dropColumn('idempotency_key')
    .dropColumn('payment_reference')
    .dropColumn('provider_refund_id')
    .dropColumn('attempts')
    .dropColumn('last_error')
    .dropColumn('breakdown')
    .dropColumn('trigger')
    .dropColumn('updated_at')
    .dropColumn('succeeded_at')
    .execute();
  await db.schema.alterTable('orders').dropColumn('payment_provider').dropColumn('payment_reference').execute();
}
