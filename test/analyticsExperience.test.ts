import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { experienceReport } from '../src/app/analytics/queries/experience.js';
import type { AppContext } from '../src/app/kernel/context.js';
import type { DbHandle } from '../src/db/connection.js';
import { createTestDb, DB_KINDS } from './support/databases.js';
import { insertFeedbackOfFacts } from './support/returnFeedbackFacts.js';
import { insertReturnLineFacts, returnLineFact } from './support/returnLineFacts.js';
import { testContext } from './support/testContext.js';

const JUNE = { from: '2026-06-01', to: '2026-06-30', currency: 'EUR' };

describe.each(DB_KINDS)('shopper experience report (%s)', (kind) => {
  let handle: DbHandle;
  let ctx: AppContext;
  beforeAll(async () => {
    handle = await createTestDb(kind);
    ctx = testContext(handle.db, { now: () => new Date('2026-08-15T10:00:00Z') });
    const line = (id: string, customer: string, requested: string, over = {}) =>
      returnLineFact({ return_id: id, return_number: `R-${id}`, customer_id: customer, requested_at: requested, ...over });
    await insertReturnLineFacts(handle.db, [
      line('ret_1', 'c1', '2026-06-02T10:00:00Z', { repurchased_at: new Date('2026-06-20T10:00:00Z') }),
      line('ret_1', 'c1', '2026-06-02T10:00:00Z', { repurchased_at: new Date('2026-06-20T10:00:00Z') }),
      // c1's second return: they count once, from their first.
      line('ret_2', 'c1', '2026-06-10T10:00:00Z'),
      // 57 days to the next order: within 90, not 30.
      line('ret_3', 'c2', '2026-06-05T10:00:00Z', { repurchased_at: new Date('2026-08-01T10:00:00Z') }),
      // Rejected: no returner, but its rating counts.
      line('ret_4', 'c3', '2026-06-07T10:00:00Z', { counted: false }),
      line('ret_5', 'c4', '2026-06-07T10:00:00Z', { currency: 'SEK' }),
      line('ret_6', 'c5', '2026-05-30T10:00:00Z'),
      line('ret_7', 'c6', '2026-05-20T10:00:00Z', { channel_id: 'ch_app' }),
    ]);
    await handle.db
      .insertInto('analytics_customers')
      .values([
        { customer_id: 'c1', currency: 'EUR', orders: 3, units: 5, gross_amount: 10_000, returned_amount: 3_000 },
        { customer_id: 'c1', currency: 'SEK', orders: 1, units: 1, gross_amount: 999, returned_amount: 0 },
        { customer_id: 'c2', currency: 'EUR', orders: 1, units: 2, gross_amount: 5_000, returned_amount: 5_000 },
        { customer_id: 'c3', currency: 'EUR', orders: 1, units: 1, gross_amount: 7_000, returned_amount: 0 },
      ])
      .execute();
    const rating = (id: string, value: number, comment: string | null, at: string) => ({
      return_id: id,
      customer_id: 'c',
      rating: value,
      comment,
      created_at: new Date(at),
    });
    await insertFeedbackOfFacts(handle.db, [
      rating('ret_1', 5, 'Quick refund', '2026-06-03T10:00:00Z'),
      rating('ret_2', 4, null, '2026-06-11T10:00:00Z'),
      // 00:30 on July 1st in Amsterdam: after the period.
      rating('ret_3', 2, 'Slow', '2026-06-30T22:30:00Z'),
      rating('ret_4', 1, 'rejected', '2026-06-08T10:00:00Z'),
      rating('ret_5', 1, 'other currency', '2026-06-08T10:00:00Z'),
      // Requested before the period, rated in it.
      rating('ret_6', 3, '   ', '2026-06-15T10:00:00Z'),
      // 00:30 on June 1st in Amsterdam: in the period.
      rating('ret_7', 4, 'fine', '2026-05-31T22:30:00Z'),
    ]);
  });
  afterAll(() => handle?.close());

  it('counts ratings given in the period on returns in scope, the latest comments, re-purchase and net value', async () => {
    const report = await experienceReport(ctx, JUNE);
    expect(report.ratings).toEqual({
      count: 5,
      average: 17 / 5,
      distribution: [
        { rating: 1, count: 1 },
        { rating: 2, count: 0 },
        { rating: 3, count: 1 },
        { rating: 4, count: 2 },
        { rating: 5, count: 1 },
      ],
    });
    expect(report.comments).toEqual([
      { returnId: 'ret_4', number: 'R-ret_4', rating: 1, comment: 'rejected', createdAt: '2026-06-08T10:00:00.000Z' },
      { returnId: 'ret_1', number: 'R-ret_1', rating: 5, comment: 'Quick refund', createdAt: '2026-06-03T10:00:00.000Z' },
      { returnId: 'ret_7', number: 'R-ret_7', rating: 4, comment: 'fine', createdAt: '2026-05-31T22:30:00.000Z' },
    ]);
    expect(report.repurchase).toEqual({ customers: 2, within30: 1, within90: 2, share30: 0.5, share90: 1 });
    expect(report.customerValue).toEqual({
      customers: 2,
      grossAmount: 15_000,
      returnedAmount: 8_000,
      netAmount: 7_000,
      netPerCustomer: 3_500,
    });
    expect(report.interval).toBe('day');
    expect(report.currency).toBe('EUR');
    expect(report.trend).toHaveLength(30);
    expect(report.trend.filter((t) => t.ratings > 0)).toEqual([
      { period: '2026-06-01', ratings: 1, average: 4 },
      { period: '2026-06-03', ratings: 1, average: 5 },
      { period: '2026-06-08', ratings: 1, average: 1 },
      { period: '2026-06-11', ratings: 1, average: 4 },
      { period: '2026-06-15', ratings: 1, average: 3 },
    ]);
    expect(report.trend[1]).toEqual({ period: '2026-06-02', ratings: 0, average: null });
  });

  it('applies the dimensions to the returns rated and to the returners', async () => {
    const app = await experienceReport(ctx, { ...JUNE, channelId: 'ch_app' });
    expect(app.ratings.count).toBe(1);
    expect(app.comments.map((c) => c.returnId)).toEqual(['ret_7']);
    expect(app.repurchase.customers).toBe(0);
    expect(app.repurchase.share30).toBeNull();
    expect(app.customerValue.netPerCustomer).toBeNull();
    const sek = await experienceReport(ctx, { ...JUNE, currency: 'SEK' });
    expect(sek.ratings.count).toBe(1);
    expect(sek.customerValue).toMatchObject({ customers: 1, grossAmount: 0 });
  });
});
