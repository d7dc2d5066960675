import { type Kysely, sql } from 'kysely';

// The dashboards read the narrow facts (0042), so the wide facts' covering indexes made for the
// problem products and the returners (0041) are read by nothing and only slow writes down. The
// ROI report credits routing with the returns sent to a store or by the cheapest carrier over the
// period's creation times: a year is 170,000 returns of which about 20,000 are such, and a partial
// index of only those lets it read them without the rest.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists analytics_sales_days_products`.execute(db);
  await sql`drop statistics if exists analytics_sales_days_product_category`.execute(db);
  await sql`drop index if exists analytics_return_lines_products`.execute(db);
  await sql`drop index if exists analytics_return_lines_returners`.execute(db);
  await sql`create index returns_routed_created_idx on returns (created_at)
    where method = 'store' or routing ->> 'serviceChoice' = 'cheapest'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists returns_routed_created_idx`.execute(db);
  await sql`create index analytics_sales_days_products on analytics_sales_days (currency, day)
    include (product_id, category_id, units, channel_id, country, segment)`.execute(db);
  await sql`create statistics analytics_sales_days_product_category (ndistinct) on product_id, category_id
    from analytics_sales_days`.execute(db);
  await sql`create index analytics_return_lines_products on analytics_return_lines (currency, product_id, ordered_day)
    include (counted, quantity, reason_code, reason_id, channel_id, country, category_id, segment, warehouse_id)`.execute(db);
  await sql`create index analytics_return_lines_returners on analytics_return_lines (currency, requested_day)
    include (counted, customer_id, requested_at, repurchased_at, channel_id, country, category_id, product_id, segment, warehouse_id)`.execute(
    db,
  );
}
