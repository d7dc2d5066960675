import { sql } from 'kysely';
import { invalidateReferenceData } from '../app/admin/referenceData.js';
import type { AppContext } from '../app/kernel/context.js';
import { newId } from '../app/kernel/ids.js';
import type { Tx } from '../app/kernel/transaction.js';
import { RetourError } from '../domain/errors.js';
import { batchesFor, PipelinedInserts } from './bulkInsert.js';
import {
  CUSTOMER_COLUMNS,
  EVENT_COLUMNS,
  ORDER_COLUMNS,
  ORDER_LINE_COLUMNS,
  PRODUCT_COLUMNS,
  RETURN_COLUMNS,
  RETURN_LINE_COLUMNS,
  SETTLEMENT_COLUMNS,
  STOCK_MOVEMENT_COLUMNS,
  VARIANT_COLUMNS,
} from './columns.js';
import { addReasonsAndCategories, policyReferenceData } from './demoReferenceData.js';
import { catalogueRows, customerRows, openingStock, orderLineRows, orderRows } from './demoRows.js';
import { addChannels, addWarehouses, configureShop, publishDemoPolicy, TIME_ZONE } from './demoShop.js';
import { withForeignKeysCheckedAfter } from './foreignKeysAfterLoad.js';
import { makeCustomers, makeOrders, settleCustomers } from './orders.js';
import { DemoRandom } from './random.js';
import { planReturns, type ReturnPlan, type ReturnRules } from './returnPlans.js';
import { type ReturnRows, type StoryContext, tellReturn } from './returnStory.js';

export interface SeedDemoOptions {
  customers?: number;
  orders?: number;
  /** Orders are spread over this many days before today. */
  days?: number;
  seed?: number;
  onProgress?: (done: number, total: number, stage: string) => void;
}

export interface SeedDemoResult {
  customers: number;
  products: number;
  variants: number;
  orders: number;
  orderLines: number;
  returns: number;
  returnLines: number;
  ms: number;
}

const DEFAULT_SEED = 20260101;

function count(name: string, value: number | undefined, fallback: number, min: number): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < min) {
    throw new RetourError('invalid', 'INVALID_DEMO_OPTION', `${name} must be a whole number of at least ${min}`, [
      { path: name, message: `must be an integer >= ${min}` },
    ]);
  }
  return n;
}

/** What the demo shop is made of before its history: settings, policy, channels, warehouses,
 * reasons and categories, as the history needs them. */
async function setUpShop(tx: Tx, now: Date) {
  const existing = await tx.selectFrom('orders').select('id').limit(1).executeTakeFirst();
  if (existing) {
    throw new RetourError(
      'conflict',
      'DEMO_ALREADY_SEEDED',
      'The database already holds orders; the demo shop is seeded only into an empty one',
    );
  }
  const nowMs = now.getTime();
  const { policy, policyVersionId } = await publishDemoPolicy(tx, now);
  const { shipByDays } = await configureShop(tx, now, policyVersionId);
  const channelIds = await addChannels(tx, nowMs);
  const stockWarehouseId = await addWarehouses(tx, nowMs);
  const { reasonIds, categoryIds } = await addReasonsAndCategories(tx, nowMs);
  // The history follows the shop's own rules, so it looks like the app made it: the policy sees
  // reasons and categories as they are in the database, as the app's checks do.
  const rules: ReturnRules = { shipByDays, policy, timeZone: TIME_ZONE, ...(await policyReferenceData(tx)) };
  return { policyVersionId, channelIds, stockWarehouseId, reasonIds, categoryIds, rules };
}

/** Return numbers from the app's own sequence, so returns made later never collide with these;
 * plans are in creation order, so numbers rise with time as they do in the app. */
async function reserveNumbers(tx: Tx, plans: ReturnPlan[]): Promise<number[]> {
  if (plans.length === 0) return [];
  const reserve = sql<{
    n: number;
  }>`select nextval('return_number_seq') as n from generate_series(1, ${plans.length}) order by n`;
  return (await reserve.execute(tx)).rows.map((row) => row.n);
}

/** Every row of the shop's history, made in memory first so the inserts are a known number of batches. */
async function makeHistory(tx: Tx, r: DemoRandom, now: Date, days: number, counts: { customers: number; orders: number }) {
  const nowMs = now.getTime();
  const shop = await setUpShop(tx, now);
  const { products, variants, seedVariants } = catalogueRows(days, nowMs, shop.categoryIds);
  const customers = makeCustomers(r, counts.customers, now, days);
  const orders = makeOrders(r, { count: counts.orders, days, now, customers, variants: seedVariants, newId });
  settleCustomers(r, customers, orders);
  for (const c of customers) c.id = newId('cus', c.createdAt.getTime());

  const plans = planReturns(r, orders, now, shop.rules);
  const numbers = await reserveNumbers(tx, plans);
  const storyContext: StoryContext = {
    rules: shop.rules,
    newId,
    reasonIds: shop.reasonIds,
    policyVersionId: shop.policyVersionId,
  };
  const stories: ReturnRows[] = plans.map((plan, i) => tellReturn(r, plan, `R-${numbers[i]}`, storyContext));
  const returnsPerCustomer = new Map<string, number>();
  for (const p of plans) returnsPerCustomer.set(p.order.customer.id, (returnsPerCustomer.get(p.order.customer.id) ?? 0) + 1);
  return {
    customers: customerRows(customers, returnsPerCustomer),
    products,
    variants,
    // After the stories: the random draws of the history stay in the order they always had.
    stock: openingStock(r, variants, shop.stockWarehouseId, nowMs, days),
    orders: orderRows(orders, shop.channelIds),
    lines: orderLineRows(orders),
    returns: stories.map((s) => s.ret),
    returnLines: stories.flatMap((s) => s.lines),
    settlements: stories.flatMap((s) => s.settlements),
    // Seeded history gets its timeline (events) but no outbox messages: the outbox feeds webhooks
    // and e-mails, and months-old history is not news to send to anyone.
    events: stories.flatMap((s) => s.events),
  };
}

type History = Awaited<ReturnType<typeof makeHistory>>;

/** Writes the history in large batches, reporting each batch done. */
async function insertHistory(tx: Tx, h: History, onProgress: SeedDemoOptions['onProgress']): Promise<void> {
  const tables = [
    h.customers,
    h.products,
    h.variants,
    h.stock,
    h.orders,
    h.lines,
    h.returns,
    h.returnLines,
    h.settlements,
    h.events,
  ];
  const total = 1 + tables.reduce((sum, rows) => sum + batchesFor(rows.length), 0);
  let done = 1;
  const progress = (stage: string) => () => onProgress?.(++done, total, stage);
  onProgress?.(done, total, 'settings');
  await withForeignKeysCheckedAfter(tx, HISTORY_TABLES, async () => {
    const inserts = new PipelinedInserts(tx);
    await inserts.insert('customers', CUSTOMER_COLUMNS, h.customers, progress('customers'));
    await inserts.insert('products', PRODUCT_COLUMNS, h.products, progress('catalogue'));
    await inserts.insert('variants', VARIANT_COLUMNS, h.variants, progress('catalogue'));
    await inserts.insert('stock_movements', STOCK_MOVEMENT_COLUMNS, h.stock, progress('catalogue'));
    await inserts.insert('orders', ORDER_COLUMNS, h.orders, progress('orders'));
    await inserts.insert('order_lines', ORDER_LINE_COLUMNS, h.lines, progress('orders'));
    await inserts.insert('returns', RETURN_COLUMNS, h.returns, progress('returns'));
    await inserts.insert('return_lines', RETURN_LINE_COLUMNS, h.returnLines, progress('returns'));
    await inserts.insert('settlements', SETTLEMENT_COLUMNS, h.settlements, progress('returns'));
    await inserts.insert('events', EVENT_COLUMNS, h.events, progress('timeline'));
    await inserts.done();
  });
}

/** The tables the history fills, whose foreign keys are checked once after it is in. */
const HISTORY_TABLES = [
  'customers',
  'products',
  'variants',
  'stock_movements',
  'orders',
  'order_lines',
  'returns',
  'return_lines',
  'settlements',
  'events',
];

/** Fills an empty database with a believable shop: settings, its published return policy,
 * channels, warehouses, reasons, a catalogue, customers in NL/BE/DE/FR, orders over the last
 * months and returns in every state with their timelines, each judged by that policy at the
 * moment it was requested. Deterministic for a seed (ids aside: they carry the real randomness of
 * `newId`). Everything is one transaction, so it is all-or-nothing; rows go in large batches,
 * so it is fast. */
export async function seedDemo(ctx: AppContext, options: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  const started = performance.now();
  const counts = { customers: count('customers', options.customers, 1000, 1), orders: count('orders', options.orders, 5000, 0) };
  const days = count('days', options.days, 120, 1);
  const r = new DemoRandom(options.seed ?? DEFAULT_SEED);
  const result = await ctx.db.transaction().execute(async (tx) => {
    const h = await makeHistory(tx, r, ctx.now(), days, counts);
    await insertHistory(tx, h, options.onProgress);
    return {
      customers: h.customers.length,
      products: h.products.length,
      variants: h.variants.length,
      orders: h.orders.length,
      orderLines: h.lines.length,
      returns: h.returns.length,
      returnLines: h.returnLines.length,
      ms: Math.round(performance.now() - started),
    };
  });
  // After commit: new reasons, categories and the active policy replace any cached copy.
  await invalidateReferenceData(ctx.caches);
  return result;
}
