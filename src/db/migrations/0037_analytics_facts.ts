import { type Kysely, sql } from 'kysely';

// What keeps the analytics facts current. Events mark what they changed as stale (a return, an
// order, a customer, a shop connection's synced orders, or everything after a time-zone change);
// a job refreshes the marked rows in batches, so a request never pays for analytics in its own
// transaction and a burst of events is one refresh. The indexes let a refresh find a day's
// deliveries, a return's store credit and a customer's next order without reading whole tables.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table analytics_stale (
    kind text not null,
    key text not null,
    marked_at timestamptz not null default now(),
    primary key (kind, key)
  )`.execute(db);
  await sql`create index order_lines_delivered_idx on order_lines (delivered_at) where delivered_at is not null`.execute(db);
  await sql`create index store_credit_entries_return_idx on store_credit_entries (return_id) where return_id is not null`.execute(
    db,
  );
  await sql`create index orders_customer_placed_idx on orders (customer_id, placed_at)`.execute(db);
  // Minor units per hour of inspection: what the costs report prices inspection time at.
  await sql`alter table shop_settings add column analytics_handling_rate integer not null default 3000`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table shop_settings drop column if exists analytics_handling_rate`.execute(db);
  await sql`drop index if exists orders_customer_placed_idx`.execute(db);
  await sql`drop index if exists store_credit_entries_return_idx`.execute(db);
  await sql`drop index if exists order_lines_delivered_idx`.execute(db);
  await sql`drop table if exists analytics_stale`.execute(db);
}
