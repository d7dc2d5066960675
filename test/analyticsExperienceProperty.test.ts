import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsFilters } from '../src/app/analytics/analyticsTypes.js';
import { experienceReport, LATEST_COMMENTS } from '../src/app/analytics/queries/experience.js';
import type { AppContext } from '../src/app/kernel/context.js';
import type { DbHandle } from '../src/db/connection.js';
import { bucketOf, bucketsOf, trendInterval } from '../src/domain/analytics/intervals.js';
import { addDays } from '../src/domain/calendar.js';
import { type Random, seeded } from './support/analyticsWorld.js';
import { createTestDb, DB_KINDS } from './support/databases.js';
import { type FeedbackRow, insertFeedbackOfFacts } from './support/returnFeedbackFacts.js';
import { amsterdamDay, insertReturnLineFacts, type ReturnLineFact, returnLineFact } from './support/returnLineFacts.js';
import { testContext } from './support/testContext.js';

const FIRST = Date.parse('2026-03-01T00:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CUSTOMERS = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8'];

interface World {
  lines: ReturnLineFact[];
  feedback: FeedbackRow[];
  customers: {
    customer_id: string;
    currency: string;
    orders: number;
    units: number;
    gross_amount: number;
    returned_amount: number;
  }[];
}

function randomWorld(r: Random): World {
  const lines: ReturnLineFact[] = [];
  const feedback: FeedbackRow[] = [];
  // Each customer's orders: a return's re-purchase is their first order placed after its request.
  const orders = new Map(
    CUSTOMERS.map((c) => [c, Array.from({ length: r.int(0, 4) }, () => FIRST + r.int(0, 220) * DAY + r.int(0, 23) * HOUR)]),
  );
  for (let n = 0, count = r.int(0, 40); n < count; n++) {
    const id = `ret_e${String(n).padStart(3, '0')}`;
    // Whole minutes apart, so no two returns share a moment and the order of "first" is clear.
    const requested = FIRST + r.int(0, 90) * DAY + r.int(0, 23) * HOUR + n * 60_000;
    const customer = r.pick(CUSTOMERS);
    const after = (orders.get(customer) ?? []).filter((at) => at > requested);
    const repurchased = after.length === 0 ? null : new Date(Math.min(...after));
    const base = {
      return_id: id,
      return_number: `R-${n}`,
      customer_id: customer,
      requested_at: new Date(requested),
      repurchased_at: repurchased,
    };
    for (let k = r.int(1, 3); k > 0; k--)
      lines.push(
        returnLineFact({
          ...base,
          counted: r.chance(0.8),
          currency: r.chance(0.9) ? 'EUR' : 'SEK',
          channel_id: r.pick(['ch_web', 'ch_app']),
          warehouse_id: r.pick([null, 'wh_a', 'wh_b']),
        }),
      );
    if (r.chance(0.6))
      feedback.push({
        return_id: id,
        customer_id: customer,
        rating: r.int(1, 5),
        comment: r.pick([null, '', ' ', 'ok', 'slow refund', 'great']),
        created_at: new Date(requested + r.int(1, 40 * 24) * HOUR + n * 1_000),
      });
  }
  const customers = CUSTOMERS.flatMap((c) =>
    ['EUR', 'SEK'].flatMap((currency) =>
      r.chance(0.7)
        ? [{ customer_id: c, currency, orders: 1, units: 1, gross_amount: r.int(0, 90_000), returned_amount: r.int(0, 30_000) }]
        : [],
    ),
  );
  return { lines, feedback, customers };
}

function randomFilters(r: Random): AnalyticsFilters {
  const from = amsterdamDay(new Date(FIRST + r.int(-5, 100) * DAY));
  const f: AnalyticsFilters = {
    from,
    to: addDays(from, r.pick([0, 10, 40, 120, 250])),
    currency: r.chance(0.85) ? 'EUR' : 'SEK',
  };
  if (r.chance(0.25)) f.channelId = r.pick(['ch_web', 'ch_app']);
  if (r.chance(0.25)) f.warehouseId = r.pick(['wh_a', 'wh_b']);
  return f;
}

/** The report worked out return by return and customer by customer. */
function bruteForce(w: World, f: AnalyticsFilters) {
  const dims = (l: ReturnLineFact) =>
    l.currency === f.currency &&
    (f.channelId === undefined || l.channel_id === f.channelId) &&
    (f.warehouseId === undefined || l.warehouse_id === f.warehouseId);
  const ratedDay = (fb: FeedbackRow) => amsterdamDay(fb.created_at);
  const rated = w.feedback.filter(
    (fb) => ratedDay(fb) >= f.from && ratedDay(fb) <= f.to && w.lines.some((l) => l.return_id === fb.return_id && dims(l)),
  );
  const interval = trendInterval(f.from, f.to);
  const average = (list: FeedbackRow[]) => (list.length === 0 ? null : list.reduce((s, fb) => s + fb.rating, 0) / list.length);
  const first = new Map<string, ReturnLineFact>();
  for (const l of w.lines)
    if (dims(l) && l.counted && l.requested_day >= f.from && l.requested_day <= f.to) {
      const had = first.get(l.customer_id);
      if (!had || new Date(l.requested_at) < new Date(had.requested_at)) first.set(l.customer_id, l);
    }
  const within = (days: number) =>
    [...first.values()].filter(
      (l) => l.repurchased_at && new Date(l.repurchased_at).getTime() - new Date(l.requested_at).getTime() <= days * DAY,
    ).length;
  const value = w.customers.filter((c) => c.currency === f.currency && first.has(c.customer_id));
  const gross = value.reduce((s, c) => s + c.gross_amount, 0);
  const returned = value.reduce((s, c) => s + c.returned_amount, 0);
  const customers = first.size;
  return {
    ratings: {
      count: rated.length,
      average: average(rated),
      distribution: [1, 2, 3, 4, 5].map((rating) => ({ rating, count: rated.filter((fb) => fb.rating === rating).length })),
    },
    comments: rated
      .filter((fb) => (fb.comment ?? '').trim() !== '')
      .sort((a, b) => b.created_at.getTime() - a.created_at.getTime())
      .slice(0, LATEST_COMMENTS)
      .map((fb) => ({
        returnId: fb.return_id,
        number: w.lines.find((l) => l.return_id === fb.return_id)?.return_number,
        rating: fb.rating,
        comment: fb.comment,
        createdAt: fb.created_at.toISOString(),
      })),
    repurchase: {
      customers,
      within30: within(30),
      within90: within(90),
      share30: customers === 0 ? null : within(30) / customers,
      share90: customers === 0 ? null : within(90) / customers,
    },
    customerValue: {
      customers,
      grossAmount: gross,
      returnedAmount: returned,
      netAmount: gross - returned,
      netPerCustomer: customers === 0 ? null : Math.round((gross - returned) / customers),
    },
    trend: bucketsOf(f.from, f.to, interval).map((period) => {
      const inBucket = rated.filter((fb) => bucketOf(ratedDay(fb), interval) === period);
      return { period, ratings: inBucket.length, average: average(inBucket) };
    }),
    currency: f.currency,
    interval,
  };
}

/** Averages computed by the database may differ from JavaScript's in the last bits. */
function roundAverages<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (key, v) =>
    key === 'average' && typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v,
  );
}

describe.each(DB_KINDS)('shopper experience against a brute-force count (%s)', (kind) => {
  let handle: DbHandle;
  let ctx: AppContext;
  beforeAll(async () => {
    handle = await createTestDb(kind);
    ctx = testContext(handle.db, { now: () => new Date('2026-09-01T10:00:00Z') });
  });
  afterAll(() => handle?.close());

  it('agrees on ratings, comments, trend, re-purchase and customer value for random facts and filters (property)', async () => {
    let rated = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const r = seeded(seed);
      const world = randomWorld(r);
      for (const table of ['analytics_return_lines', 'return_feedback', 'analytics_customers'] as const)
        await handle.db.deleteFrom(table).execute();
      await insertReturnLineFacts(handle.db, world.lines);
      await insertFeedbackOfFacts(handle.db, world.feedback);
      if (world.customers.length > 0) await handle.db.insertInto('analytics_customers').values(world.customers).execute();
      const f = randomFilters(r);
      const expected = bruteForce(world, f);
      rated += expected.ratings.count;
      expect(roundAverages(await experienceReport(ctx, f)), `seed ${seed}`).toEqual(roundAverages(expected));
    }
    expect(rated).toBeGreaterThan(20);
  });
});
