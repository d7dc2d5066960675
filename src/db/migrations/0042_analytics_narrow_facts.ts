import { type Kysely, sql } from 'kysely';

// A year of a large shop's facts is 230,000 return lines and 800,000 sales days, rows of 200–700
// bytes whose ids are 30-character text: reading and grouping them took 0.5–1.3 s per dashboard.
// The dashboards read narrow copies instead, kept by triggers on the wide fact tables so that no
// writer (refresh, rebuild, a test's own rows) can forget them:
// - ids (channel, SKU, variant, product, category, warehouse, reason, return, customer) become
//   integers from one dictionary, analytics_keys (short codes such as currency, country, segment,
//   resolution, grade, disposition stay text);
// - only counted return lines are copied, with the columns the reports read (of a comment, whether
//   there is one and its words; the words only where there are some; of the processing moments,
//   each stage's seconds);
// - sales days are copied per day and summed per month, so a long period reads its whole months
//   from the monthly rows and only its edges from the daily ones.
// The wide tables stay the source of truth and what the drill-down lists read.

const SALES_KEYS = ['sku', 'channel_id', 'variant_id', 'product_id', 'category_id'] as const;
const LINE_KEYS = [
  'return_id',
  'customer_id',
  'channel_id',
  'sku',
  'variant_id',
  'product_id',
  'category_id',
  'warehouse_id',
  'reason_id',
] as const;

/** The dictionary's insert of every id in `rows` under `columns` it does not hold yet. */
function keysInsert(rows: string, columns: readonly string[]): string {
  return `insert into analytics_keys (value)
      select distinct v from ${rows} n, unnest(array[${columns.map((c) => `n.${c}`).join(', ')}]) as v
      where v is not null and not exists (select 1 from analytics_keys k where k.value = v)
      order by v
      on conflict (value) do nothing;`;
}

/**
 * keysInsert inside a trigger: when some id is new, the transaction first takes the dictionary's
 * lock (held to its commit, as factTransaction's are), so two transactions never insert keys at
 * once. Sorting alone would not do: an upsert's insert and update triggers insert in two sorted
 * batches, and two writers could each wait on a key the other inserted.
 */
function keysInsertLocked(rows: string, columns: readonly string[], planning: CopyPlanning): string {
  const ids = `select v from ${rows} n, unnest(array[${columns.map((c) => `n.${c}`).join(', ')}]) as v`;
  const anyNew = `exists (select 1 from (${ids}) x where x.v is not null
          and not exists (select 1 from analytics_keys k where k.value = x.v))`;
  if (planning === 'cached')
    return `if ${anyNew} then
        perform pg_advisory_xact_lock(hashtext('analytics_keys'));
        ${keysInsert(rows, columns)}
      end if;`;
  return `execute $q$select ${anyNew}$q$ into fresh_keys;
      if fresh_keys then
        perform pg_advisory_xact_lock(hashtext('analytics_keys'));
        ${run(keysInsert(rows, columns).replace(/;$/, ''), planning)}
      end if;`;
}

/**
 * How the copy functions' statements are planned. 'cached' (this migration) is PL/pgSQL's way: a
 * session plans each statement at its first firing and keeps that plan. A worker's session that
 * first fired on empty fact tables kept seq-scan nested loops over them, and a refresh of a few
 * hundred customers came to take seconds as the tables grew. 'per-call' (0057) runs each statement
 * through EXECUTE, planned at every firing with the tables' sizes and the transition tables' real
 * row counts (a fraction of a millisecond per statement; the triggers fire once per statement).
 */
export type CopyPlanning = 'cached' | 'per-call';

/** One statement of a copy function, as `planning` has it run. */
function run(statement: string, planning: CopyPlanning): string {
  return planning === 'cached' ? `${statement};` : `execute $q$${statement}$q$;`;
}

/** `n.column`'s key, from `here`: null for a null id. */
const keyOf = (column: string) => `(here.keys ->> n.${column})::int`;

/**
 * The dictionary's entries of the ids in `rows` under `columns`, looked up by its index, as one
 * jsonb object from id to key. Joining the dictionary (hundreds of thousands of returns and
 * customers) once per id column would hash all of it for every statement; and joining a set of
 * the entries looked up would be planned on a guess of a few rows, as nested loops over
 * thousands. A lookup in the object costs the same for any number of rows.
 */
function keysHere(rows: string, columns: readonly string[]): string {
  return `with here as materialized (
      select jsonb_object_agg(k.value, k.id) as keys from analytics_keys k
      where k.value in (select v from ${rows} n, unnest(array[${columns.map((c) => `n.${c}`).join(', ')}]) as v)
    )`;
}

const SALES_CELL_COLUMNS =
  'day, currency, sku_key, channel_key, country, segment, variant_key, product_key, category_key, units, value_amount, lines';

/** The sales cells of the wide rows in `rows`, with their ids as keys. */
function salesCells(rows: string): string {
  return `${keysHere(rows, SALES_KEYS)}
    select n.day, n.currency, ${keyOf('sku')}, ${keyOf('channel_id')}, n.country, n.segment, ${keyOf('variant_id')},
      ${keyOf('product_id')}, ${keyOf('category_id')}, n.units, n.value_amount, n.lines
    from ${rows} n cross join here`;
}

const MONTH_KEY = 'currency, month, sku_key, channel_key, country, segment, variant_key, product_key, category_key';

/** Adds (sign 1) or takes away (sign -1) the sales cells of `cells` (a table or a query's name)
 * to or from their months. */
function monthsChange(cells: string, sign: 1 | -1): string {
  return `insert into analytics_sales_months (${MONTH_KEY}, units, value_amount, lines)
      select currency, date_trunc('month', day::timestamp)::date, sku_key, channel_key, country, segment, variant_key,
        product_key, category_key, ${sign} * sum(units), ${sign} * sum(value_amount), ${sign} * sum(lines)
      from ${cells} group by 1, 2, 3, 4, 5, 6, 7, 8, 9
      on conflict (${MONTH_KEY}) do update set units = analytics_sales_months.units + excluded.units,
        value_amount = analytics_sales_months.value_amount + excluded.value_amount,
        lines = analytics_sales_months.lines + excluded.lines`;
}

const LINE_COLUMNS = `return_line_id, return_key, customer_key, currency, channel_key, country, segment, sku_key, variant_key,
  product_key, category_key, warehouse_key, reason_key, reason_code, controllable, ordered_day, requested_day,
  requested_at, withdrawal_at, refunded_at, repurchased_at, stage_approval, stage_first_scan, stage_receipt,
  stage_inspection, stage_refund, stage_request_to_refund,
  quantity, value_amount, requested_resolution, granted_resolution, keep_item, grade, disposition, recovered_amount,
  refund_amount, credit_amount, credit_spent_amount, exchange_amount, bonus_amount, label_cost_amount, fee_amount,
  inspection_seconds, commented, comment_words`;

/** A processing stage's seconds on a line, from one moment to the next: null unless both are known
 * and the end is not before the start (a refund paid on the first scan says nothing of how long
 * inspection-to-refund takes). Worked out once here, not per line each time the report runs. */
const stageSeconds = (from: string, to: string) =>
  `case when n.${to} >= n.${from} then date_part('epoch', n.${to} - n.${from}) end`;

/** The counted lines among the wide rows in `rows`, with their ids as keys. */
function countedLines(rows: string): string {
  return `${keysHere(rows, LINE_KEYS)}
    select n.return_line_id, ${keyOf('return_id')}, ${keyOf('customer_id')}, n.currency, ${keyOf('channel_id')}, n.country,
      n.segment, ${keyOf('sku')}, ${keyOf('variant_id')}, ${keyOf('product_id')}, ${keyOf('category_id')},
      ${keyOf('warehouse_id')}, ${keyOf('reason_id')}, n.reason_code, n.controllable, n.ordered_day, n.requested_day,
      n.requested_at, n.withdrawal_at, n.refunded_at, n.repurchased_at, ${stageSeconds('requested_at', 'approved_at')},
      ${stageSeconds('approved_at', 'first_scan_at')}, ${stageSeconds('first_scan_at', 'received_at')},
      ${stageSeconds('received_at', 'inspected_at')}, ${stageSeconds('inspected_at', 'refunded_at')},
      ${stageSeconds('requested_at', 'refunded_at')}, n.quantity, n.value_amount, n.requested_resolution, n.granted_resolution, n.keep_item, n.grade,
      n.disposition, n.recovered_amount, n.refund_amount, n.credit_amount, n.credit_spent_amount, n.exchange_amount,
      n.bonus_amount, n.label_cost_amount, n.fee_amount, n.inspection_seconds,
      coalesce(btrim(n.comment) <> '', false), nullif(n.comment_words, '{}')
    from ${rows} n cross join here
    where n.counted`;
}

const CUSTOMER_FIGURE_COLUMNS =
  'customer_key, currency, orders, units, gross_amount, returned_amount, first_order_at, last_order_at';

/** The customer figures of the wide rows in `rows`, with the customer's id as its key. */
function customerFigures(rows: string): string {
  return `${keysHere(rows, ['customer_id'])}
    select ${keyOf('customer_id')}, n.currency, n.orders, n.units, n.gross_amount, n.returned_amount, n.first_order_at,
      n.last_order_at
    from ${rows} n cross join here`;
}

/**
 * The trigger functions that copy the wide facts into the narrow ones (created by this migration
 * with cached plans, replaced by 0057 with plans made per call).
 */
export async function createCopyFunctions(
  db: Kysely<unknown>,
  planning: CopyPlanning,
  { replace = planning === 'per-call' }: { replace?: boolean } = {},
): Promise<void> {
  const create = sql.raw(replace ? 'create or replace function' : 'create function');
  const declare = sql.raw(planning === 'cached' ? '' : 'declare fresh_keys boolean;\n    ');
  const stmt = (statement: string) => sql.raw(run(statement, planning));
  // Sales days → cells and months. Rows are deleted per day and inserted, never updated in place,
  // but an update is followed all the same (as a delete of the old rows and an insert of the new).
  await sql`${create} analytics_sales_days_copied() returns trigger language plpgsql as $fn$
    ${declare}begin
      if tg_op in ('DELETE', 'UPDATE') then
        ${stmt(`with gone as (
          delete from analytics_sales_cells c
          using (select o.currency, o.day, k.id as sku_key, ch.id as channel_key, o.country, o.segment
              from old_rows o join analytics_keys k on k.value = o.sku join analytics_keys ch on ch.value = o.channel_id) o
          where c.currency = o.currency and c.day = o.day and c.sku_key = o.sku_key and c.channel_key = o.channel_key
            and c.country = o.country and c.segment = o.segment
          returning c.*
        )
        ${monthsChange('gone', -1)}`)}
        ${stmt(`delete from analytics_sales_months m where m.lines = 0 and m.units = 0 and m.value_amount = 0
          and (m.currency, m.month) in (select distinct o.currency, date_trunc('month', o.day::timestamp)::date from old_rows o)`)}
      end if;
      if tg_op in ('INSERT', 'UPDATE') then
        ${sql.raw(keysInsertLocked('new_rows', SALES_KEYS, planning))}
        ${stmt(`with added as (
          insert into analytics_sales_cells (${SALES_CELL_COLUMNS}) ${salesCells('new_rows')}
          returning *
        )
        ${monthsChange('added', 1)}`)}
      end if;
      return null;
    end
  $fn$`.execute(db);

  await sql`${create} analytics_return_lines_copied() returns trigger language plpgsql as $fn$
    ${declare}begin
      if tg_op in ('DELETE', 'UPDATE') then
        ${stmt('delete from analytics_counted_lines c using old_rows o where c.return_line_id = o.return_line_id')}
      end if;
      if tg_op in ('INSERT', 'UPDATE') then
        ${sql.raw(keysInsertLocked('new_rows', LINE_KEYS, planning))}
        ${stmt(`insert into analytics_counted_lines (${LINE_COLUMNS}) ${countedLines('new_rows')}`)}
      end if;
      return null;
    end
  $fn$`.execute(db);

  await sql`${create} analytics_customers_copied() returns trigger language plpgsql as $fn$
    ${declare}begin
      if tg_op in ('DELETE', 'UPDATE') then
        ${stmt(`delete from analytics_customer_figures c
        using old_rows o join analytics_keys k on k.value = o.customer_id
        where c.customer_key = k.id and c.currency = o.currency`)}
      end if;
      if tg_op in ('INSERT', 'UPDATE') then
        ${sql.raw(keysInsertLocked('new_rows', ['customer_id'], planning))}
        ${stmt(`insert into analytics_customer_figures (${CUSTOMER_FIGURE_COLUMNS}) ${customerFigures('new_rows')}`)}
      end if;
      return null;
    end
  $fn$`.execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table analytics_keys (
    id integer generated always as identity primary key,
    value text not null unique
  )`.execute(db);

  // Fixed-width columns first, text last: a row's later columns are then found at a known offset
  // (a report reads a few columns of 200,000 rows, and walking variable-width ones costs).
  await sql`create table analytics_sales_cells (
    units bigint not null,
    value_amount bigint not null,
    day date not null,
    sku_key integer not null,
    channel_key integer not null,
    variant_key integer,
    product_key integer,
    category_key integer,
    lines integer not null,
    currency text not null,
    country text not null,
    segment text not null,
    primary key (currency, day, sku_key, channel_key, country, segment)
  )`.execute(db);

  await sql`create table analytics_sales_months (
    units bigint not null,
    value_amount bigint not null,
    lines bigint not null,
    month date not null,
    sku_key integer not null,
    channel_key integer not null,
    variant_key integer,
    product_key integer,
    category_key integer,
    currency text not null,
    country text not null,
    segment text not null
  )`.execute(db);
  // A SKU's variant, product and category are part of the key (a SKU moved to another product in
  // the month keeps both rows apart); a missing product is one key, not a new row each time.
  await sql`create unique index analytics_sales_months_key on analytics_sales_months (${sql.raw(MONTH_KEY)}) nulls not distinct`.execute(
    db,
  );

  await sql`create table analytics_counted_lines (
    requested_at timestamptz not null,
    withdrawal_at timestamptz,
    refunded_at timestamptz,
    repurchased_at timestamptz,
    stage_approval float8,
    stage_first_scan float8,
    stage_receipt float8,
    stage_inspection float8,
    stage_refund float8,
    stage_request_to_refund float8,
    value_amount bigint not null,
    recovered_amount bigint not null,
    refund_amount bigint not null,
    credit_amount bigint not null,
    credit_spent_amount bigint not null,
    exchange_amount bigint not null,
    bonus_amount bigint not null,
    label_cost_amount bigint not null,
    fee_amount bigint not null,
    ordered_day date not null,
    requested_day date not null,
    return_key integer not null,
    customer_key integer not null,
    channel_key integer not null,
    sku_key integer not null,
    variant_key integer,
    product_key integer,
    category_key integer,
    warehouse_key integer,
    reason_key integer,
    quantity integer not null,
    inspection_seconds integer,
    controllable boolean,
    keep_item boolean not null,
    commented boolean not null,
    currency text not null,
    country text not null,
    segment text not null,
    reason_code text,
    requested_resolution text not null,
    granted_resolution text,
    grade text,
    disposition text,
    comment_words text[],
    return_line_id text primary key
  )`.execute(db);
  await sql`create index analytics_counted_lines_requested on analytics_counted_lines (currency, requested_day)`.execute(db);
  await sql`create index analytics_counted_lines_ordered on analytics_counted_lines (currency, ordered_day)`.execute(db);
  // Columns that follow one another (a reason's code and whether it is the shop's fault; a SKU's
  // variant, product and category): without these the planner multiplies their distinct counts,
  // expects tens of thousands of groups where there are a few thousand, and skips parallel
  // aggregation or sorts to group.
  await sql`create statistics analytics_counted_lines_reason (ndistinct, dependencies)
    on reason_key, reason_code, controllable from analytics_counted_lines`.execute(db);
  await sql`create statistics analytics_counted_lines_product (ndistinct, dependencies)
    on sku_key, variant_key, product_key, category_key from analytics_counted_lines`.execute(db);
  await sql`create statistics analytics_sales_cells_product (ndistinct, dependencies)
    on sku_key, variant_key, product_key, category_key from analytics_sales_cells`.execute(db);
  await sql`create statistics analytics_sales_months_product (ndistinct, dependencies)
    on sku_key, variant_key, product_key, category_key from analytics_sales_months`.execute(db);

  // A customer's orders and amounts per currency, by the customer's key (the returners of a period
  // are grouped on it in the counted lines).
  await sql`create table analytics_customer_figures (
    gross_amount bigint not null,
    returned_amount bigint not null,
    units bigint not null,
    first_order_at timestamptz,
    last_order_at timestamptz,
    customer_key integer not null,
    orders integer not null,
    currency text not null,
    primary key (customer_key, currency)
  )`.execute(db);
  // How a line was resolved (granted, else asked): a refund's lines are most of them, not the
  // fraction the planner guesses for a condition on an expression it knows nothing of.
  await sql`create statistics analytics_counted_lines_resolution
    on (coalesce(granted_resolution, requested_resolution)) from analytics_counted_lines`.execute(db);

  await createCopyFunctions(db, 'cached');

  await sql`create function analytics_narrow_facts_emptied() returns trigger language plpgsql as $fn$
    begin
      if tg_table_name = 'analytics_sales_days' then
        truncate analytics_sales_cells, analytics_sales_months;
      elsif tg_table_name = 'analytics_customers' then
        truncate analytics_customer_figures;
      else
        truncate analytics_counted_lines;
      end if;
      return null;
    end
  $fn$`.execute(db);

  for (const [table, fn] of [
    ['analytics_sales_days', 'analytics_sales_days_copied'],
    ['analytics_return_lines', 'analytics_return_lines_copied'],
    ['analytics_customers', 'analytics_customers_copied'],
  ] as const) {
    await sql`create trigger ${sql.raw(`${table}_inserted`)} after insert on ${sql.table(table)}
      referencing new table as new_rows for each statement execute function ${sql.raw(fn)}()`.execute(db);
    await sql`create trigger ${sql.raw(`${table}_updated`)} after update on ${sql.table(table)}
      referencing old table as old_rows new table as new_rows for each statement execute function ${sql.raw(fn)}()`.execute(db);
    await sql`create trigger ${sql.raw(`${table}_deleted`)} after delete on ${sql.table(table)}
      referencing old table as old_rows for each statement execute function ${sql.raw(fn)}()`.execute(db);
    await sql`create trigger ${sql.raw(`${table}_emptied`)} after truncate on ${sql.table(table)}
      for each statement execute function analytics_narrow_facts_emptied()`.execute(db);
  }

  // The facts there are now, copied once (the triggers keep them from here on).
  await sql`${sql.raw(keysInsert('analytics_sales_days', SALES_KEYS))}`.execute(db);
  await sql`insert into analytics_sales_cells (${sql.raw(SALES_CELL_COLUMNS)}) ${sql.raw(salesCells('analytics_sales_days'))}`.execute(
    db,
  );
  await sql`${sql.raw(monthsChange('analytics_sales_cells', 1))}`.execute(db);
  await sql`${sql.raw(keysInsert('analytics_return_lines', LINE_KEYS))}`.execute(db);
  await sql`insert into analytics_counted_lines (${sql.raw(LINE_COLUMNS)}) ${sql.raw(countedLines('analytics_return_lines'))}`.execute(
    db,
  );
  await sql`${sql.raw(keysInsert('analytics_customers', ['customer_id']))}`.execute(db);
  await sql`insert into analytics_customer_figures (${sql.raw(CUSTOMER_FIGURE_COLUMNS)}) ${sql.raw(customerFigures('analytics_customers'))}`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['analytics_sales_days', 'analytics_return_lines', 'analytics_customers'])
    for (const event of ['inserted', 'updated', 'deleted', 'emptied'])
      await sql`drop trigger if exists ${sql.raw(`${table}_${event}`)} on ${sql.table(table)}`.execute(db);
  for (const fn of [
    'analytics_sales_days_copied',
    'analytics_return_lines_copied',
    'analytics_customers_copied',
    'analytics_narrow_facts_emptied',
  ])
    await sql`drop function if exists ${sql.raw(fn)}()`.execute(db);
  for (const table of [
    'analytics_customer_figures',
    'analytics_counted_lines',
    'analytics_sales_months',
    'analytics_sales_cells',
    'analytics_keys',
  ])
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
}
