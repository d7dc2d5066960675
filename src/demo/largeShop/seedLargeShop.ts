import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import { RetourError } from '../../domain/errors.js';
import { bulkInsert } from '../bulkInsert.js';
import { PRODUCT_COLUMNS, VARIANT_COLUMNS } from '../columns.js';
import { addReasonsAndCategories } from '../demoReferenceData.js';
import { catalogueRows, placeInCategories } from '../demoRows.js';
import { addChannels, addWarehouses, configureShop, publishDemoPolicy, TIME_ZONE } from '../demoShop.js';
import {
  eventsSql,
  exchangesSql,
  feedbackSql,
  firstScansSql,
  settlementsSql,
  shipmentsSql,
  storeCreditSql,
} from './followUpsSql.js';
import { type IndexesBack, putIndexesBack, takeIndexesOff } from './indexesAfterLoad.js';
import {
  dailyOrders,
  type LargeShopOptions,
  type PlannedVariant,
  PROBLEM_PRODUCTS,
  TICKETS,
  variantReturnRate,
  variantTickets,
} from './largeShopPlan.js';
import { returnLinesStageSql, returnsSql, returnsStageSql } from './returnsSql.js';
import { customersSql, linesStageSql, ordersSql, ordersStageSql, type ShopSql } from './salesSql.js';

export type { LargeShopOptions } from './largeShopPlan.js';

/** The tables the large shop fills in bulk, with their indexes off while it does. */
const LOADED_TABLES = [
  'order_lines',
  'events',
  'orders',
  'return_lines',
  'returns',
  'settlements',
  'shipments',
  'shipment_parcels',
  'tracking_events',
  'customers',
  'store_credit_entries',
  'exchange_order_lines',
  'exchange_orders',
  'return_feedback',
  'store_credit_accounts',
  'counter_returns',
];

export interface LargeShopResult {
  /** Rows written per table. */
  rows: Record<string, number>;
  /** Seconds per step, in order. */
  steps: { step: string; seconds: number }[];
  seconds: number;
}

/** Customers per order: a shopper orders about five times in two years. */
const ORDERS_PER_CUSTOMER = 5;

/** The demo shop's settings, policy, channels, warehouses, reasons, categories and catalogue, as
 * the small demo seed makes them; the variants come back as the generator reads them. */
async function referenceData(db: Kysely<Database>, asOf: Date) {
  return db.transaction().execute(async (tx) => {
    if (await tx.selectFrom('orders').select('id').limit(1).executeTakeFirst()) {
      throw new RetourError(
        'conflict',
        'DEMO_ALREADY_SEEDED',
        'The database already holds orders; the demo shop is seeded only into an empty one',
      );
    }
    const nowMs = asOf.getTime();
    const { policyVersionId } = await publishDemoPolicy(tx, asOf);
    await configureShop(tx, asOf, policyVersionId);
    const channelIds = await addChannels(tx, nowMs);
    await addWarehouses(tx, nowMs);
    const warehouseIds = new Map((await tx.selectFrom('warehouses').select(['code', 'id']).execute()).map((w) => [w.code, w.id]));
    const { reasonIds, categoryIds } = await addReasonsAndCategories(tx, nowMs);
    // The catalogue was there a year before the first order of a two-year history.
    const catalogue = catalogueRows(800, nowMs);
    placeInCategories(catalogue.products, catalogue.categoryOf, categoryIds);
    await bulkInsert(tx, 'products', PRODUCT_COLUMNS, catalogue.products);
    await bulkInsert(tx, 'variants', VARIANT_COLUMNS, catalogue.variants);
    const titles = new Map(catalogue.products.map((p) => [p.id, p.title]));
    const finalSale = new Map(catalogue.products.map((p) => [p.id, p.final_sale]));
    const variants: PlannedVariant[] = catalogue.seedVariants.map((v) => ({
      id: v.id,
      productId: v.productId,
      sku: v.sku,
      title: v.title,
      price: v.price,
      kind: v.kind,
      category: v.category,
      categoryId: categoryIds.get(v.category) ?? null,
      productTitle: titles.get(v.productId) ?? '',
      finalSale: finalSale.get(v.productId) ?? false,
      tags: v.tags,
    }));
    return { channelIds, warehouseIds, reasonIds, variants };
  });
}

/** The generator's inputs as temp tables: the variants with their return rates, the lottery that
 * picks them, and each day's order numbers. */
async function stageInputs(conn: Kysely<Database>, variants: PlannedVariant[], days: ReturnType<typeof dailyOrders>) {
  const firstOfProduct = new Map<string, number>();
  const countOfProduct = new Map<string, number>();
  const position: number[] = [];
  for (const [i, v] of variants.entries()) {
    if (!firstOfProduct.has(v.productId)) firstOfProduct.set(v.productId, i);
    position.push(i - (firstOfProduct.get(v.productId) ?? i));
    countOfProduct.set(v.productId, (countOfProduct.get(v.productId) ?? 0) + 1);
  }
  const problem = variants.map((v) => PROBLEM_PRODUCTS[v.productTitle] ?? null);
  await sql`create temp table shop_variants as
    select * from unnest(
      ${variants.map((_, i) => i)}::int[], ${variants.map((v) => v.id)}::text[], ${variants.map((v) => v.productId)}::text[],
      ${variants.map((v) => v.sku)}::text[], ${variants.map((v) => v.title)}::text[], ${variants.map((v) => v.price)}::int8[],
      ${variants.map((v) => v.kind)}::text[], ${variants.map((v) => v.category)}::text[],
      ${variants.map(variantReturnRate)}::float8[], ${problem.map((p) => p?.reason ?? null)}::text[],
      ${problem.map((p) => p?.comments.join('|') ?? null)}::text[], ${position}::int[],
      ${variants.map((v) => countOfProduct.get(v.productId) ?? 1)}::int[],
      ${variants.map((v) => firstOfProduct.get(v.productId) ?? 0)}::int[]
    ) as v(vidx, id, product_id, sku, title, price, kind, category, rate, problem_reason, comments, position, variants, first_vidx)`.execute(
    conn,
  );
  await sql`alter table shop_variants add column problem_comments text[]`.execute(conn);
  await sql`update shop_variants set problem_comments = string_to_array(comments, '|') where comments is not null`.execute(conn);
  await sql`alter table shop_variants add primary key (vidx)`.execute(conn);
  const tickets = variantTickets(variants);
  await sql`create temp table shop_tickets as
    select * from unnest(${tickets.map((_, i) => i)}::int[], ${tickets}::int[]) as t(slot, vidx)`.execute(conn);
  await sql`alter table shop_tickets add primary key (slot)`.execute(conn);
  await sql`create temp table shop_days as
    select * from unnest(${days.map((d) => d.day)}::date[], ${days.map((d) => d.first)}::int8[], ${days.map((d) => d.last)}::int8[])
      as d(day, first, last)`.execute(conn);
}

const TEMP_TABLES = [
  'shop_variants',
  'shop_tickets',
  'shop_days',
  'shop_customers',
  'shop_orders',
  'shop_lines',
  'shop_returns',
  'shop_return_lines',
  'shop_settlement_lines',
  'shop_settlements',
  'shop_return_json',
  'shop_credit',
];

/** Runs the statements of a step, counting the rows they write to `table`, the one table the step
 * fills (no later step writes to it). */
type RunStep = (statements: string[], step: string, table?: string) => Promise<void>;

/** The shop's rows, table by table, parents first. */
async function loadShop(s: ShopSql, run: RunStep) {
  await run(customersSql(s), 'customers', 'customers');
  await run(ordersStageSql(s), 'orders drawn');
  await run(linesStageSql(s, TICKETS), 'order lines', 'order_lines');
  await run([ordersSql(s)], 'orders', 'orders');
  await run(returnsStageSql(s), 'returns drawn');
  await run(returnLinesStageSql(s), 'return lines drawn');
  const [returns, lines] = returnsSql(s);
  await run([returns ?? ''], 'returns', 'returns');
  await run([lines ?? ''], 'return lines', 'return_lines');
  // Before the settlements, so that the events' indexes are built while the rest loads.
  await run(eventsSql(), 'events', 'events');
  await run(settlementsSql(), 'settlements', 'settlements');
  await run([shipmentsSql(s)], 'shipments', 'shipments');
  const [parcels, tracking, counters] = firstScansSql(s);
  await run([parcels ?? ''], 'shipment parcels', 'shipment_parcels');
  await run([tracking ?? ''], 'tracking events', 'tracking_events');
  await run([counters ?? ''], 'counter returns', 'counter_returns');
  const [credit, accounts, entries] = storeCreditSql(s);
  await run([credit ?? '', accounts ?? ''], 'store credit accounts', 'store_credit_accounts');
  await run([entries ?? ''], 'store credit entries', 'store_credit_entries');
  const [exchangeOrders, exchangeLines] = exchangesSql(s);
  await run([exchangeOrders ?? ''], 'exchange orders', 'exchange_orders');
  await run([exchangeLines ?? ''], 'exchange order lines', 'exchange_order_lines');
  await run([feedbackSql(s)], 'feedback', 'return_feedback');
}

/**
 * Fills an empty database with a large demo shop by set-based SQL: `options.orders` orders (about
 * three lines each) over `options.days` days with November and December peaks, returns at each
 * category's rate (fashion about 30 %, electronics about 8 %) asked 5–20 days after delivery,
 * reasons per kind of product with a few problem products far above their category, comments from
 * a small vocabulary, and each return's timeline, money, labels, credit, exchanges and ratings.
 * Every draw is a hash of a row's number and the seed, so a seed makes the same shop. On
 * PostgreSQL a million orders take about a minute; the small demo seed (`seedDemo`) plays every
 * return through the app's own lifecycle instead, and is for shops of thousands.
 */
export async function seedLargeShop(
  db: Kysely<Database>,
  options: LargeShopOptions,
  onStep: (step: string, seconds: number) => void = () => {},
): Promise<LargeShopResult> {
  const started = performance.now();
  const steps: LargeShopResult['steps'] = [];
  const rows: Record<string, number> = {};
  let stepStarted = performance.now();
  const done = (step: string) => {
    const seconds = (performance.now() - stepStarted) / 1000;
    steps.push({ step, seconds });
    onStep(step, seconds);
    stepStarted = performance.now();
  };
  const ref = await referenceData(db, options.asOf);
  done('reference data');
  const s: ShopSql = {
    seed: options.seed,
    asOf: `'${options.asOf.toISOString()}'`,
    timeZone: TIME_ZONE,
    customers: Math.max(1, Math.ceil(options.orders / ORDERS_PER_CUSTOMER)),
    channelIds: ref.channelIds,
    warehouseIds: ref.warehouseIds,
    reasonIds: ref.reasonIds,
  };
  let indexes: IndexesBack | undefined;
  const connections = options.connections ?? 1;
  await db.connection().execute(async (conn) => {
    const run: RunStep = async (statements, step, table) => {
      let written = 0;
      const staged: string[] = [];
      for (const text of statements) {
        const result = await sql.raw(text).execute(conn);
        if (text.trimStart().startsWith('insert')) written += Number(result.numAffectedRows ?? 0);
        const created = /^\s*create temp table (\w+)/.exec(text)?.[1];
        if (created) staged.push(created);
      }
      // Temp tables are never analysed by autovacuum: without their sizes the planner joins
      // millions of rows as if they were a handful.
      if (staged.length > 0) await sql.raw(`analyze ${staged.join(', ')}`).execute(conn);
      if (table) rows[table] = (rows[table] ?? 0) + written;
      done(step);
      if (table) indexes?.loaded(table);
    };
    // A load that can be redone from scratch: no need to wait for each commit to reach the disk.
    await sql`set synchronous_commit = off`.execute(conn);
    await sql`set work_mem = '256MB'`.execute(conn);
    // Compiling the generator's long expressions takes seconds where running them takes less.
    await sql`set jit = off`.execute(conn);
    try {
      await stageInputs(conn, ref.variants, dailyOrders(options, TIME_ZONE));
      await sql`analyze shop_variants, shop_tickets, shop_days`.execute(conn);
      indexes = putIndexesBack(db, await takeIndexesOff(conn, LOADED_TABLES), LOADED_TABLES, {
        connections,
        onStatement: (what, seconds) => {
          if (seconds >= 1) onStep(`  ${what}`, seconds);
        },
      });
      done('inputs and indexes off');
      await loadShop(s, run);
      // Numbers the app gives later returns follow the shop's own.
      await sql`select setval('return_number_seq', 100000 + (select count(*) from shop_returns) + 1)`.execute(conn);
    } catch (err) {
      await indexes?.abandon();
      throw err;
    } finally {
      for (const t of TEMP_TABLES) await sql`drop table if exists ${sql.table(t)}`.execute(conn);
      await sql`reset synchronous_commit`.execute(conn);
      await sql`reset work_mem`.execute(conn);
      await sql`reset jit`.execute(conn);
    }
  });
  await indexes?.finish();
  done('indexes, keys and statistics back (the rest)');
  return { rows, steps, seconds: (performance.now() - started) / 1000 };
}
