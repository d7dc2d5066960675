import { sql } from 'kysely';
import { rebuildAnalytics } from '../app/analytics/facts/rebuildAnalytics.js';
import type { AppContext } from '../app/kernel/context.js';
import { newId } from '../app/kernel/ids.js';
import type { Tx } from '../app/kernel/transaction.js';
import { RetourError } from '../domain/errors.js';
import { HISTORY_TABLES } from './columns.js';
import { addReasonsAndCategories, policyReferenceData } from './demoReferenceData.js';
import { catalogueRows, customerRows, openingStock, orderLineRows, orderRows, placeInCategories } from './demoRows.js';
import { addChannels, addWarehouses, configureShop, forgetSeededShop, publishDemoPolicy, TIME_ZONE } from './demoShop.js';
import { takeForeignKeysOff } from './foreignKeysAfterLoad.js';
import { HistoryWriter } from './historyWriter.js';
import { makeCustomers, makeOrders, settleCustomers } from './orders.js';
import { DemoRandom } from './random.js';
import { planReturns, type ReturnPlan, type ReturnRules } from './returnPlans.js';
import { type StoryContext, tellReturn } from './returnStory.js';
import { type SeedProgress, SeedProgressReport } from './seedProgress.js';

export interface SeedDemoOptions {
  customers?: number;
  orders?: number;
  /** Orders are spread over this many days before today. */
  days?: number;
  seed?: number;
  onProgress?: SeedProgress;
  /** Build the analytics facts after the seed (default true), so a fresh demo shows dashboards. */
  analytics?: boolean;
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
  /** How long building the analytics facts took (0 when left out). */
  analyticsMs: number;
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

type Shop = Awaited<ReturnType<typeof setUpShop>>;

/** Return numbers from the app's own sequence, so returns made later never collide with these;
 * plans are in creation order, so numbers rise with time as they do in the app. */
async function reserveNumbers(tx: Tx, plans: ReturnPlan[]): Promise<number[]> {
  if (plans.length === 0) return [];
  const reserve = sql<{
    n: number;
  }>`select nextval('return_number_seq') as n from generate_series(1, ${plans.length}) order by n`;
  return (await reserve.execute(tx)).rows.map((row) => row.n);
}

/** The catalogue, the customers and their orders: what the shop sold, made without the database,
 * pausing now and then so the database's round trips of the settings go on meanwhile. */
async function makeSales(
  r: DemoRandom,
  now: Date,
  days: number,
  counts: { customers: number; orders: number },
  progress: SeedProgressReport,
) {
  const catalogue = catalogueRows(days, now.getTime());
  const customers = makeCustomers(r, counts.customers, now, days);
  const plan = { count: counts.orders, days, now, customers, variants: catalogue.seedVariants, newId };
  const making = makeOrders(r, plan, ORDERS_BETWEEN_PAUSES);
  let made = 0;
  let step = making.next();
  for (; !step.done; step = making.next()) {
    await new Promise((resolve) => setImmediate(resolve));
    made += ORDERS_BETWEEN_PAUSES;
    progress.at('making orders', made / counts.orders, 'orders');
  }
  const orders = step.value;
  settleCustomers(r, customers, orders);
  for (const c of customers) c.id = newId('cus', c.createdAt.getTime());
  return { ...catalogue, customers, orders };
}

type Sales = Awaited<ReturnType<typeof makeSales>>;

/** Makes the rest of the shop's history and hands every row to `writer` as it is made, pausing now
 * and then so the writer can send them while the next are made. The random draws come in the
 * order they always had, so a seed makes the same shop. */
async function makeHistory(
  tx: Tx,
  writer: HistoryWriter,
  progress: SeedProgressReport,
  { shop, sales, r, now, days }: { shop: Shop; sales: Sales; r: DemoRandom; now: Date; days: number },
) {
  const nowMs = now.getTime();
  const { products, variants, categoryOf, customers, orders } = sales;
  placeInCategories(products, categoryOf, shop.categoryIds);
  writer.add('products', products);
  writer.add('variants', variants);
  const lines = orderLineRows(orders);
  writer.add('orders', orderRows(orders, shop.channelIds));
  writer.add('order_lines', lines);

  // Planning and the stories are most of Node's work: the orders go in meanwhile.
  // The orders planning looks at are about as many as there are orders: a few are looked at again
  // to give every status a return, so the share is a close guess.
  const planning = planReturns(r, orders, now, shop.rules, ORDERS_PLANNED_BETWEEN_PAUSES);
  let looked = 0;
  let step = planning.next();
  for (; !step.done; step = planning.next()) {
    await writer.breathe();
    looked += ORDERS_PLANNED_BETWEEN_PAUSES;
    progress.at('planning returns', looked / orders.length, 'returns');
  }
  const plans = step.value;
  const returnsPerCustomer = new Map<string, number>();
  for (const p of plans) returnsPerCustomer.set(p.order.customer.id, (returnsPerCustomer.get(p.order.customer.id) ?? 0) + 1);
  writer.add('customers', customerRows(customers, returnsPerCustomer));
  const numbers = await reserveNumbers(tx, plans);
  const storyContext: StoryContext = {
    rules: shop.rules,
    newId,
    reasonIds: shop.reasonIds,
    policyVersionId: shop.policyVersionId,
  };
  let returnLines = 0;
  for (const [i, plan] of plans.entries()) {
    const story = tellReturn(r, plan, `R-${numbers[i]}`, storyContext);
    writer.add('returns', [story.ret]);
    writer.add('return_lines', story.lines);
    writer.add('settlements', story.settlements);
    // Seeded history gets its timeline (events) but no outbox messages: the outbox feeds webhooks
    // and e-mails, and months-old history is not news to send to anyone.
    writer.add('events', story.events);
    returnLines += story.lines.length;
    if (i % STORIES_BETWEEN_PAUSES === STORIES_BETWEEN_PAUSES - 1) {
      await writer.breathe();
      progress.at('telling stories', (i + 1) / plans.length, 'returns');
    }
  }
  // After the stories: the random draws of the history stay in the order they always had.
  writer.add('stock_movements', openingStock(r, variants, shop.stockWarehouseId, nowMs, days));
  return {
    customers: customers.length,
    products: products.length,
    variants: variants.length,
    orders: orders.length,
    orderLines: lines.length,
    returns: plans.length,
    returnLines,
  };
}

/** Stories told between two pauses of the history for the writer: well under a millisecond of
 * work, because the database idles from the end of a statement until the next pause (the next
 * one goes out only when Node reads the answer), while a pause costs a few microseconds. */
const STORIES_BETWEEN_PAUSES = 5;
/** Orders made, and orders looked at while planning, between two pauses: the same reasoning. */
const ORDERS_BETWEEN_PAUSES = 100;
const ORDERS_PLANNED_BETWEEN_PAUSES = 50;

/** A statement refused because an earlier one failed in the same transaction. */
const isAborted = (error: unknown) => (error as { code?: unknown } | null)?.code === '25P02';

/** Fills an empty database with a believable shop: settings, its published return policy,
 * channels, warehouses, reasons, a catalogue, customers in NL/BE/DE/FR, orders over the last
 * months and returns in every state with their timelines, each judged by that policy at the
 * moment it was requested. Deterministic for a seed (ids aside: they carry the real randomness of
 * `newId`). Everything is one transaction, so it is all-or-nothing; rows go in large batches,
 * written while the next rows are made, so it is fast. */
export async function seedDemo(ctx: AppContext, options: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  const started = performance.now();
  const counts = { customers: count('customers', options.customers, 1000, 1), orders: count('orders', options.orders, 5000, 0) };
  const days = count('days', options.days, 120, 1);
  const r = new DemoRandom(options.seed ?? DEFAULT_SEED);
  const now = ctx.now();
  const progress = new SeedProgressReport(options.onProgress, counts.orders);
  const result = await ctx.db.transaction().execute(async (tx) => {
    // The settings and the keys' removal are round trips to the database, which the sales do not
    // need: they are made meanwhile. Both are awaited whatever happens, so no statement of the
    // settings is left to run after a rollback.
    const settingUp = setUpShop(tx, now).then(async (shop) => ({ shop, keys: await takeForeignKeysOff(tx, HISTORY_TABLES) }));
    const [ready, sold] = await Promise.allSettled([settingUp, makeSales(r, now, days, counts, progress)]);
    if (ready.status === 'rejected') throw ready.reason;
    if (sold.status === 'rejected') throw sold.reason;
    const { shop, keys } = ready.value;
    const writer = new HistoryWriter(tx, keys.off, progress);
    let made: Awaited<ReturnType<typeof makeHistory>>;
    try {
      made = await makeHistory(tx, writer, progress, { shop, sales: sold.value, r, now, days });
      await writer.done();
    } catch (error) {
      // A failed statement makes every later one in the transaction fail as aborted. When what
      // failed here is such a refusal, a batch's real failure came first and is the one to tell;
      // otherwise what failed here failed first, and batches refused after it say nothing more.
      const failed = await writer.abandon();
      throw failed && isAborted(error) && !isAborted(failed.reason) ? failed.reason : error;
    }
    await keys.putBack();
    return { ...made, ms: Math.round(performance.now() - started), analyticsMs: 0 };
  });
  await forgetSeededShop(ctx.caches);
  // The seeded history writes no outbox messages (no events to keep the facts current from):
  // the facts are built from it in one rebuild.
  if (options.analytics !== false) {
    result.analyticsMs = (await rebuildAnalytics(ctx.db, { timeZone: TIME_ZONE })).ms;
  }
  progress.finished();
  return result;
}
