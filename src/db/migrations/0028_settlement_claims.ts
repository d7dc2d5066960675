import type { Kysely } from 'kysely';

// A refund through a platform without idempotency keys (WooCommerce) is looked up, then made: one
// run at a time per settlement claims it until a moment, so two runs cannot both make it, and a
// run that died lets go when the moment passes.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('settlements')
    .addColumn('provider_claim', 'text')
    .addColumn('provider_claimed_until', 'timestamptz')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('settlements').dropColumn('provider_claim').dropColumn('provider_claimed_until').execute();
}
