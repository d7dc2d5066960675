import { type Kysely, sql } from 'kysely';

// The problem products and shopper experience reports read a year of facts (800,000 sales rows,
// 250,000 return lines) in a few narrow columns. These indexes carry exactly those columns (and the
// filters' dimensions), so the reports read them from the index alone instead of every wide row of
// the tables, and reach a product's or a return's lines without a scan.
export async function up(db: Kysely<unknown>): Promise<void> {
  // Units sold per product and category over a period.
  await sql`create index analytics_sales_days_products on analytics_sales_days (currency, day)
    include (product_id, category_id, units, channel_id, country, segment)`.execute(db);
  // A product sells in one category or very few: without this the planner multiplies the two
  // columns' distinct counts, expects thousands of groups and sorts the period's rows to group them.
  await sql`create statistics analytics_sales_days_product_category (ndistinct) on product_id, category_id
    from analytics_sales_days`.execute(db);
  // Units returned per product (and reason) over a period of order days.
  await sql`create index analytics_return_lines_products on analytics_return_lines (currency, product_id, ordered_day)
    include (counted, quantity, reason_code, reason_id, channel_id, country, category_id, segment, warehouse_id)`.execute(db);
  // The latest comments of a product's reason, newest first.
  await sql`create index analytics_return_lines_comments
    on analytics_return_lines (currency, product_id, reason_code, requested_at desc, return_line_id)
    where btrim(coalesce(comment, '')) <> ''`.execute(db);
  // The returners of a period of request days, with when they asked and ordered again.
  await sql`create index analytics_return_lines_returners on analytics_return_lines (currency, requested_day)
    include (counted, customer_id, requested_at, repurchased_at, channel_id, country, category_id, product_id, segment, warehouse_id)`.execute(
    db,
  );
  // Whether a rated return has a line in the filters' scope.
  await sql`create index analytics_return_lines_return_scope on analytics_return_lines (return_id)
    include (currency, requested_day, channel_id, country, category_id, product_id, segment, warehouse_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const index of [
    'analytics_return_lines_return_scope',
    'analytics_return_lines_returners',
    'analytics_return_lines_comments',
    'analytics_return_lines_products',
    'analytics_sales_days_products',
  ])
    await sql`drop index if exists ${sql.ref(index)}`.execute(db);
  await sql`drop statistics if exists analytics_sales_days_product_category`.execute(db);
}
