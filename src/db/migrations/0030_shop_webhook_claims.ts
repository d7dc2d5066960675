import type { Kysely } from 'kysely';

// A stored shop webhook is claimed by the job applying it until a moment: two workers never fetch
// or apply the same delivery, one that failed waits until then before it is tried again, and a
// worker that died lets go when the moment passes.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('shop_webhooks').addColumn('claimed_until', 'timestamptz').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('shop_webhooks').dropColumn('claimed_until').execute();
}
