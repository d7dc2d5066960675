import { type Kysely, sql } from 'kysely';

// The encryption key ids each running process holds (RETOUR_ENCRYPTION_KEY), renewed on a
// heartbeat: `retour rotate-key` re-seals nothing while a live process lacks the new key, which
// would then fail on every value re-sealed under it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table process_encryption_keys (
    id text primary key,
    holder text not null,
    key_ids jsonb not null,
    started_at timestamptz not null default now(),
    expires_at timestamptz not null
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table process_encryption_keys`.execute(db);
}
