import { type Kysely, sql } from 'kysely';
import type { Database } from '../../../db/schema.js';
import { getShopSettings } from '../../admin/shopSettings.js';
import { rebuildAnalytics } from './rebuildAnalytics.js';
import { refreshReturnFacts } from './refreshReturnFacts.js';
import { refreshCustomers, refreshDeliveryDays, refreshSalesDays } from './rollups.js';
import { STALE_MARKS_LOCK } from './staleFacts.js';

type Db = Kysely<Database>;

/** Marks taken per round: a burst of events is refreshed in a few statements, and a round stays
 * short enough that marks coming in meanwhile wait little. */
const MARKS_PER_ROUND = 5_000;
/** Rounds one job runs before it leaves the rest to the next job (which the worker queues). */
const MAX_ROUNDS = 50;

interface Mark {
  kind: string;
  key: string;
  marked_at: string;
}

export interface StaleRefresh {
  marks: number;
  returns: number;
  days: number;
  customers: number;
  rebuilt: boolean;
  /** Marks were left after the last round this job may run: another job should go on. */
  more: boolean;
}

/** What the marks come to: the returns, days and customers to refresh. */
interface Affected {
  returns: string[];
  days: string[];
  customers: string[];
}

/**
 * Refreshes what events marked as stale (src/app/analytics/facts/staleFacts.ts), oldest marks
 * first, in rounds: each round works out the returns, days and customers the marks touch, refreshes
 * them set-based, and forgets the marks it read unless an event marked them again meanwhile. Rounds
 * follow one another while each finds a full batch (a backlog); marks made during the last are left
 * to the job their events queued. A
 * time-zone change rebuilds everything. Safe to run in several processes at once: two rounds that
 * read the same marks refresh the same rows to the same values.
 */
export async function refreshStaleFacts(db: Db): Promise<StaleRefresh> {
  const total: StaleRefresh = { marks: 0, returns: 0, days: 0, customers: 0, rebuilt: false, more: false };
  for (let round = 0; ; round++) {
    // First wait for the transactions marking now (they hold the lock shared): this job may be the
    // one their marks found waiting, so it must read them. A statement of its own, so the read
    // below takes its snapshot after they committed.
    await sql`select pg_advisory_xact_lock(${STALE_MARKS_LOCK})`.execute(db);
    const { rows: marks } = await sql<Mark>`select kind, key, marked_at::text as marked_at from analytics_stale
      order by marked_at limit ${MARKS_PER_ROUND}`.execute(db);
    if (marks.length === 0) break;
    if (round === MAX_ROUNDS) {
      total.more = true;
      break;
    }
    const { timezone } = await getShopSettings(db);
    if (marks.some((m) => m.kind === 'rebuild')) {
      // The rebuild forgets every mark made before it started.
      await rebuildAnalytics(db, { timeZone: timezone });
      total.rebuilt = true;
      total.marks += marks.length;
      continue;
    }
    const affected = await affectedBy(db, marks, timezone);
    await refreshReturnFacts(db, affected.returns, timezone);
    await refreshSalesDays(db, affected.days, timezone);
    await refreshDeliveryDays(db, affected.days, timezone);
    await refreshCustomers(db, affected.customers);
    await forget(db, marks);
    total.marks += marks.length;
    total.returns += affected.returns.length;
    total.days += affected.days.length;
    total.customers += affected.customers.length;
    // A round that took every mark there was is the job's last: a relay that marked after this job
    // started queued the next one (the queue keeps one waiting, and this one runs), and one marking
    // before held the lock taken above until its marks were readable. Going on at once would
    // refresh a stream of returns a few at a time, paying each round's fixed cost again and again.
    if (marks.length < MARKS_PER_ROUND) break;
  }
  return total;
}

/** Forgets the marks read, except those marked again since (their time moved on). */
async function forget(db: Db, marks: Mark[]): Promise<void> {
  await sql`delete from analytics_stale s
    using unnest(${marks.map((m) => m.kind)}::text[], ${marks.map((m) => m.key)}::text[], ${marks.map((m) => m.marked_at)}::timestamptz[])
      as m(kind, key, marked_at)
    where s.kind = m.kind and s.key = m.key and s.marked_at = m.marked_at`.execute(db);
}

const keysOf = (marks: Mark[], kind: string) => marks.filter((m) => m.kind === kind).map((m) => m.key);

/**
 * The returns, days and customers the marks touch, in one statement:
 * - an order: its placed day, its lines' delivery days, its customer and the customer's returns
 *   (the order may be the re-purchase after one of them; its country or channel is on its own);
 * - a shop connection's synced page from before pages named their orders: the same for every order
 *   of that connection (a page that names them marks those orders instead);
 * - a customer: the customer, their returns and their orders' placed days (the segment is on each
 *   fact and on each sales day);
 * - a store-credit account: the returns whose credit it holds (what was spent of it), and its customer;
 * - a return: the return, and its customer (what went back as money);
 * - a reason: the returns with a line of it (its code and controllability are on each fact);
 * - a product: the returns, sales days and delivery days that hold it (its category is on each).
 */
async function affectedBy(db: Db, marks: Mark[], timeZone: string): Promise<Affected> {
  const { rows } = await sql<{ what: 'return' | 'day' | 'customer'; id: string }>`
    with marked_orders as (
      select o.id, o.customer_id, o.placed_at, true as named from orders o where o.id = any(${keysOf(marks, 'order')}::text[])
      union
      select o.id, o.customer_id, o.placed_at, false from orders o
        where o.connection_id = any(${keysOf(marks, 'connection')}::text[])
    ),
    buyers as (
      select customer_id as id from marked_orders where named
      union select unnest(${keysOf(marks, 'customer')}::text[])
    ),
    segment_orders as (
      select o.placed_at from orders o where o.customer_id = any(${keysOf(marks, 'customer')}::text[])
    ),
    customers as (
      select customer_id as id from marked_orders
      union select a.customer_id from store_credit_accounts a where a.id = any(${keysOf(marks, 'account')}::text[])
      union select r.customer_id from returns r where r.id = any(${keysOf(marks, 'return')}::text[])
    )
    select 'day' as what, (placed_at at time zone ${timeZone})::date::text as id from marked_orders
    union
    select 'day', (placed_at at time zone ${timeZone})::date::text from segment_orders
    union
    select 'day', (ol.delivered_at at time zone ${timeZone})::date::text
      from marked_orders o join order_lines ol on ol.order_id = o.id where ol.delivered_at is not null
    union
    select 'customer', id from customers
    union
    select 'return', r.id from returns r where r.customer_id in (select id from buyers)
    union
    select 'return', e.return_id from store_credit_entries e
      where e.account_id = any(${keysOf(marks, 'account')}::text[]) and e.kind = 'issue' and e.return_id is not null
    union
    select 'return', unnest(${keysOf(marks, 'return')}::text[])
    union
    select 'return', a.return_id from analytics_return_lines a
      where a.reason_id = any(${keysOf(marks, 'reason')}::text[]) or a.product_id = any(${keysOf(marks, 'product')}::text[])
    union
    select 'return', l.return_id from return_lines l where l.reason_id = any(${keysOf(marks, 'reason')}::text[])
    union
    select 'day', sd.day::text from analytics_sales_days sd where sd.product_id = any(${keysOf(marks, 'product')}::text[])
    union
    select 'day', (ol.delivered_at at time zone ${timeZone})::date::text
      from order_lines ol join variants v on v.id = ol.variant_id
      where v.product_id = any(${keysOf(marks, 'product')}::text[]) and ol.delivered_at is not null`.execute(db);
  const of = (what: string) => rows.filter((r) => r.what === what).map((r) => r.id);
  return { returns: of('return'), days: of('day'), customers: of('customer') };
}
