import { type Kysely, sql } from 'kysely';

// Each server and worker process holds a lease it renews every few seconds; an Idempotency-Key
// claim names the lease of the process running its request (and a token of its own), so the claim
// of a process that died is free as soon as its lease runs out, not after the claim's full lock.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('process_leases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // host:pid, for whoever looks at the table
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.alterTable('idempotency_keys').addColumn('owner_lease', 'text').addColumn('claim_token', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('idempotency_keys').dropColumn('claim_token').dropColumn('owner_lease').execute();
  await db.schema.dropTable('process_leases').execute();
}
