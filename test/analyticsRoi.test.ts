import { describe, expect, it } from 'vitest';
import type { AnalyticsFilters, RoiReport } from '../src/app/analytics/analyticsTypes.js';
import { DEFAULT_HANDLING_RATE_PER_HOUR } from '../src/app/analytics/queries/costs.js';
import { roiReport } from '../src/app/analytics/queries/roi.js';
import {
  inPeriod,
  matchesDimensions,
  overRandomWorlds,
  randomFilters,
  type World,
  worldDatabase,
  writeWorld,
} from './support/analyticsWorld.js';
import { DB_KINDS } from './support/databases.js';
import { orderFixture, seedCatalogue, seedOrders } from './support/fixtures.js';
import { type ReturnLineFact, returnLineFact } from './support/returnLineFacts.js';

const priced = (seconds: number) => Math.round((seconds * DEFAULT_HANDLING_RATE_PER_HOUR) / 3600);

/** The report computed from the rows one by one (no return of the world has routing or a store). */
function bruteForce(world: World, f: AnalyticsFilters): RoiReport {
  const lines = world.lines.filter((l) => l.counted && inPeriod(f, l.requested_day) && matchesDimensions(f, l, true));
  const total = (pick: (l: ReturnLineFact) => number | null | undefined, of = lines) =>
    of.reduce((n, l) => n + Number(pick(l) ?? 0), 0);
  const returns = [...new Set(lines.map((l) => l.return_id))].map((id) => lines.filter((l) => l.return_id === id));
  const kept = returns.filter((of) => of.every((l) => l.keep_item)).length;
  const sentLines = lines.filter((l) => !l.keep_item);
  const sent = returns.length - kept;
  const keepItem =
    sent === 0
      ? 0
      : Math.round(
          (kept * (total((l) => l.label_cost_amount, sentLines) + priced(total((l) => l.inspection_seconds, sentLines)))) / sent,
        );
  const exchanges = total((l) => l.exchange_amount);
  const creditSpent = total((l) => l.credit_spent_amount);
  const cost =
    total((l) => l.label_cost_amount) +
    priced(total((l) => l.inspection_seconds)) +
    total((l) => l.bonus_amount) -
    total((l) => l.fee_amount);
  return {
    currency: f.currency,
    revenueKept: { exchanges, creditSpent, total: exchanges + creditSpent },
    costsSaved: { keepItem, routing: 0, total: keepItem },
    costOfReturns: cost,
    roi: cost <= 0 ? null : (exchanges + creditSpent + keepItem) / cost,
  };
}

function candidate(service: string, amount: number | null, chosen: boolean, currency = 'EUR') {
  return { connectionId: 'cc_1', carrier: 'postnl', service, serviceName: service, amount, currency, note: null, chosen };
}

describe.each(DB_KINDS)('ROI report (%s)', (kind) => {
  const suite = worldDatabase(kind);

  it('sets revenue kept and costs saved by keep-the-item and routing against what returns cost', async () => {
    await seedCatalogue(suite.ctx);
    const [order] = await seedOrders(suite.ctx, [orderFixture('A-1', new Date('2026-03-25T10:00:00Z'))]);
    const { customer_id } = await suite.handle.db
      .selectFrom('orders')
      .select('customer_id')
      .where('id', '=', order?.id ?? '')
      .executeTakeFirstOrThrow();
    const routing = (candidates: ReturnType<typeof candidate>[], serviceChoice = 'cheapest') =>
      JSON.stringify({ serviceChoice, candidates });
    const made = new Date('2026-04-01T10:00:00Z');
    const ret = (id: string, method: 'label' | 'store', route: string | null) => ({
      id,
      number: `R-${id}`,
      order_id: order?.id ?? '',
      customer_id,
      status: 'resolved' as const,
      source: 'portal',
      hold_reasons: '[]',
      service_point: null,
      method,
      currency: 'EUR',
      routing: route,
      created_at: made,
      updated_at: made,
    });
    await suite.handle.db
      .insertInto('returns')
      .values([
        // Cheapest of two quotes booked: 6.95 − 4.95 saved.
        ret('ret_cheap', 'label', routing([candidate('standard', 695, false), candidate('budget', 495, true)])),
        // The first configured service booked anyway: nothing saved.
        ret('ret_same', 'label', routing([candidate('standard', 695, true), candidate('budget', 795, false)])),
        // Quoted in another currency: nothing to compare.
        ret('ret_sek', 'label', routing([candidate('standard', 9000, false, 'SEK'), candidate('budget', 100, true)])),
        // Configured, not compared: nothing saved.
        ret('ret_conf', 'label', routing([candidate('standard', 900, false), candidate('budget', 100, true)], 'configured')),
        // Brought to a store: the average label saved.
        ret('ret_store', 'store', null),
      ])
      .execute();
    const day = { requested_at: '2026-04-01T10:00:00Z' };
    await writeWorld(suite.handle.db, {
      sales: [],
      lines: [
        returnLineFact({
          ...day,
          return_id: 'ret_cheap',
          label_cost_amount: 495,
          inspection_seconds: 360,
          exchange_amount: 3_000,
        }),
        returnLineFact({
          ...day,
          return_id: 'ret_same',
          label_cost_amount: 695,
          inspection_seconds: 360,
          credit_spent_amount: 1_000,
        }),
        returnLineFact({ ...day, return_id: 'ret_sek', label_cost_amount: 400, fee_amount: 290, bonus_amount: 500 }),
        returnLineFact({ ...day, return_id: 'ret_conf', label_cost_amount: 410 }),
        returnLineFact({ ...day, return_id: 'ret_store', inspection_seconds: 120 }),
        // Kept by the shopper: two returns.
        returnLineFact({ ...day, return_id: 'ret_keep_1', keep_item: true }),
        returnLineFact({ ...day, return_id: 'ret_keep_2', keep_item: true }),
        returnLineFact({ ...day, return_id: 'ret_keep_2', keep_item: true }),
      ],
    });
    const report = await roiReport(suite.ctx, { from: '2026-04-01', to: '2026-04-30', currency: 'EUR' });
    expect(report.revenueKept).toEqual({ exchanges: 3_000, creditSpent: 1_000, total: 4_000 });
    // Returns sent back: 5, with 2,000 of labels and 840 s (7.00) of handling: 2 × 2,700 ÷ 5.
    const keepItem = Math.round((2 * (2_000 + 700)) / 5);
    // 200 by the cheaper quote; the store return saves 2,000 ÷ 4 labelled returns.
    expect(report.costsSaved).toEqual({ keepItem, routing: 200 + 500, total: keepItem + 700 });
    // 2,000 labels + 700 handling + 500 bonus − 290 fees.
    expect(report.costOfReturns).toBe(2_910);
    expect(report.roi).toBe((4_000 + keepItem + 700) / 2_910);
  });

  it('agrees with a computation over the rows one by one', async () => {
    await overRandomWorlds(
      () => suite.handle.db,
      async (world, r) => {
        for (let i = 0; i < 3; i++) {
          const f = randomFilters(r);
          expect(await roiReport(suite.ctx, f)).toEqual(bruteForce(world, f));
        }
      },
    );
  }, 120_000);
});
