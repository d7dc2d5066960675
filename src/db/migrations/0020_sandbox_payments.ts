import { type Kysely, sql } from 'kysely';

// The sandbox provider (refunds succeed at once, no money moves) can be set up like Mollie and
// Stripe: the demo pays its webshop orders through it, so "refund now" works without keys.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table payment_providers drop constraint if exists payment_providers_provider_check`.execute(db);
  await sql`alter table payment_providers add constraint payment_providers_provider_check
    check (provider in ('mollie', 'stripe', 'sandbox'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from payment_providers where provider = 'sandbox'`.execute(db);
  await sql`alter table payment_providers drop constraint if exists payment_providers_provider_check`.execute(db);
  await sql`alter table payment_providers add constraint payment_providers_provider_check
    check (provider in ('mollie', 'stripe'))`.execute(db);
}
