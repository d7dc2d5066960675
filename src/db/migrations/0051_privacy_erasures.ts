import { type Kysely, sql } from 'kysely';

// A shopper's right to erasure (GDPR Art. 17): the shop must be able to show that it answered a
// request, without keeping what it erased. `privacy_erasures` records each erasure with the ids of
// the customer rows it covered (one person may have several, one per e-mail spelling), who asked,
// when, and how many of each kind of thing were erased or anonymised: no name, e-mail or address.
// `pending_files` holds the ids of photos whose rows went in the transaction but whose files could
// not be removed yet; the next run of the erasure removes them (ids, not personal data).
// `customers.erased_at` marks the rows that were erased, so a second request answers "already
// erased" and the back office can say so.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table privacy_erasures (
    id text primary key,
    customer_ids jsonb not null,
    requested_by_type text not null,
    requested_by_id text,
    erased_at timestamptz not null,
    counts jsonb not null,
    pending_files jsonb not null default '[]'::jsonb,
    files_removed_at timestamptz
  )`.execute(db);
  await sql`create index privacy_erasures_customers_idx on privacy_erasures using gin (customer_ids)`.execute(db);
  await sql`alter table customers add column erased_at timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table customers drop column if exists erased_at`.execute(db);
  await sql`drop table if exists privacy_erasures`.execute(db);
}
