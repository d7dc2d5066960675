import { type Kysely, sql } from 'kysely';

// Analytics read facts, not the live tables: a million orders cannot be joined and grouped within
// a dashboard's time. One row per return line carries every dimension and moment a dashboard
// filters or groups on; order lines are rolled up per day (orders placed) and per delivery day
// (the forecast's input). Days are the shop's time zone. Rows are kept current from events.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table analytics_return_lines (
    return_line_id text primary key,
    return_id text not null,
    return_number text not null,
    order_id text not null,
    order_line_id text not null,
    customer_id text not null,
    channel_id text not null,
    country text not null,
    segment text not null,
    currency text not null,
    sku text not null,
    variant_id text,
    product_id text,
    category_id text,
    warehouse_id text,
    ordered_at timestamptz not null,
    ordered_day date not null,
    delivered_at timestamptz,
    requested_at timestamptz not null,
    requested_day date not null,
    withdrawal_at timestamptz,
    approved_at timestamptz,
    first_scan_at timestamptz,
    received_at timestamptz,
    inspected_at timestamptz,
    refunded_at timestamptz,
    status text not null,
    acceptance text not null,
    counted boolean not null,
    quantity integer not null,
    value_amount bigint not null,
    reason_id text,
    reason_code text,
    controllable boolean,
    comment text,
    comment_words text[] not null default '{}',
    requested_resolution text not null,
    granted_resolution text,
    keep_item boolean not null default false,
    grade text,
    disposition text,
    recovered_amount bigint not null default 0,
    refund_amount bigint not null default 0,
    credit_amount bigint not null default 0,
    credit_spent_amount bigint not null default 0,
    exchange_amount bigint not null default 0,
    bonus_amount bigint not null default 0,
    label_cost_amount bigint not null default 0,
    fee_amount bigint not null default 0,
    inspection_seconds integer,
    repurchased_at timestamptz,
    updated_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index analytics_return_lines_requested on analytics_return_lines (currency, requested_day)`.execute(db);
  await sql`create index analytics_return_lines_ordered on analytics_return_lines (currency, ordered_day)`.execute(db);
  await sql`create index analytics_return_lines_return on analytics_return_lines (return_id)`.execute(db);
  await sql`create index analytics_return_lines_customer on analytics_return_lines (customer_id)`.execute(db);

  await sql`create table analytics_sales_days (
    day date not null,
    currency text not null,
    sku text not null,
    channel_id text not null,
    country text not null,
    segment text not null,
    variant_id text,
    product_id text,
    category_id text,
    units bigint not null,
    value_amount bigint not null,
    lines integer not null,
    primary key (currency, day, sku, channel_id, country, segment)
  )`.execute(db);

  await sql`create table analytics_delivery_days (
    day date not null,
    category_id text not null default '',
    channel_id text not null,
    country text not null,
    units bigint not null,
    lines integer not null,
    primary key (day, category_id, channel_id, country)
  )`.execute(db);

  await sql`create table analytics_customers (
    customer_id text not null,
    currency text not null,
    orders integer not null,
    units bigint not null,
    gross_amount bigint not null,
    returned_amount bigint not null,
    first_order_at timestamptz,
    last_order_at timestamptz,
    primary key (customer_id, currency)
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['analytics_customers', 'analytics_delivery_days', 'analytics_sales_days', 'analytics_return_lines']) {
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
  }
}
