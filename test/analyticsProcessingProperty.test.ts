import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnalyticsFilters, PROCESSING_STAGES } from '../src/app/analytics/analyticsTypes.js';
import { LATE_LISTED, LEGAL_REFUND_DAYS, processingReport } from '../src/app/analytics/queries/processing.js';
import type { AppContext } from '../src/app/kernel/context.js';
import type { DbHandle } from '../src/db/connection.js';
import { percentileCont } from '../src/domain/analytics/percentiles.js';
import { createTestDb, DB_KINDS } from './support/databases.js';
import { insertReturnLineFacts, type ReturnLineFact, returnLineFact } from './support/returnLineFacts.js';
import { testContext } from './support/testContext.js';

const NOW = new Date('2026-07-01T10:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.parse('2026-05-01T00:00:00Z');
const MOMENTS = ['approved_at', 'first_scan_at', 'received_at', 'inspected_at', 'refunded_at'] as const;
const STAGE_ENDS: Record<string, [string, string]> = {
  approval: ['requested_at', 'approved_at'],
  first_scan: ['approved_at', 'first_scan_at'],
  receipt: ['first_scan_at', 'received_at'],
  inspection: ['received_at', 'inspected_at'],
  refund: ['inspected_at', 'refunded_at'],
  request_to_refund: ['requested_at', 'refunded_at'],
};

const line = fc.record({
  // Hours from the previous moment; null: not reached; a negative step makes a moment come early.
  steps: fc.array(fc.option(fc.integer({ min: -30, max: 400 }), { nil: null }), { minLength: 5, maxLength: 5 }),
  counted: fc.boolean(),
  currency: fc.constantFrom('EUR', 'EUR', 'EUR', 'SEK'),
  channel: fc.constantFrom('ch_web', 'ch_shop'),
  warehouse: fc.constantFrom(null, 'wh_a', 'wh_b'),
  requested: fc.constantFrom('refund', 'exchange', 'store_credit'),
  granted: fc.constantFrom(null, 'refund', 'exchange'),
});
const aReturn = fc.record({
  requestedHour: fc.integer({ min: 0, max: 60 * 24 }),
  withdrawalHours: fc.option(fc.integer({ min: 0, max: 72 }), { nil: null }),
  lines: fc.array(line, { minLength: 1, maxLength: 3 }),
});
const filters = fc.record({
  fromDay: fc.integer({ min: 0, max: 40 }),
  days: fc.integer({ min: 0, max: 40 }),
  channelId: fc.constantFrom(undefined, 'ch_web'),
  warehouseId: fc.constantFrom(undefined, 'wh_a'),
});

type GeneratedReturn = typeof aReturn extends fc.Arbitrary<infer R> ? R : never;

function factsOf(returns: GeneratedReturn[]): ReturnLineFact[] {
  return returns.flatMap((ret, r) => {
    const requestedAt = START + ret.requestedHour * HOUR;
    const id = `ret_p_${String(r).padStart(3, '0')}`;
    return ret.lines.map((l, i) => {
      let t = requestedAt;
      const moments: Record<string, Date | null> = {};
      for (const [k, name] of MOMENTS.entries()) {
        const step = l.steps[k];
        if (step === null || step === undefined) moments[name] = null;
        else {
          t += step * HOUR;
          moments[name] = new Date(t);
        }
      }
      return returnLineFact({
        return_line_id: `${id}_${i}`,
        return_id: id,
        return_number: `R-${r}`,
        requested_at: new Date(requestedAt),
        withdrawal_at: ret.withdrawalHours === null ? null : new Date(requestedAt - ret.withdrawalHours * HOUR),
        counted: l.counted,
        currency: l.currency,
        channel_id: l.channel,
        warehouse_id: l.warehouse,
        requested_resolution: l.requested,
        granted_resolution: l.granted,
        ...moments,
      });
    });
  });
}

const ms = (v: unknown) => (v === null || v === undefined ? null : new Date(v as Date).getTime());

/** The report worked out line by line, the plain way. */
function bruteForce(facts: ReturnLineFact[], f: AnalyticsFilters) {
  const inScope = facts.filter(
    (l) =>
      l.counted &&
      l.currency === f.currency &&
      l.requested_day >= f.from &&
      l.requested_day <= f.to &&
      (f.channelId === undefined || l.channel_id === f.channelId) &&
      (f.warehouseId === undefined || l.warehouse_id === f.warehouseId),
  );
  const stages = PROCESSING_STAGES.map((stage) => {
    const [start, end] = STAGE_ENDS[stage] as [string, string];
    const hours: number[] = [];
    for (const l of inScope) {
      const a = ms(l[start as keyof ReturnLineFact]);
      const b = ms(l[end as keyof ReturnLineFact]);
      if (a !== null && b !== null && b >= a) hours.push((b - a) / HOUR);
    }
    return { stage, count: hours.length, p50Hours: percentileCont(hours, 0.5), p90Hours: percentileCont(hours, 0.9) };
  });
  const due = new Map<string, ReturnLineFact[]>();
  for (const l of inScope)
    if ((l.granted_resolution ?? l.requested_resolution) === 'refund') due.set(l.return_id, [...(due.get(l.return_id) ?? []), l]);
  const judged = [...due.entries()].map(([returnId, lines]) => {
    const started = Math.min(...lines.map((l) => ms(l.withdrawal_at) ?? (ms(l.requested_at) as number)));
    const refunded = lines.every((l) => l.refunded_at) ? Math.max(...lines.map((l) => ms(l.refunded_at) as number)) : null;
    const deadline = LEGAL_REFUND_DAYS * DAY;
    const late = (refunded ?? NOW.getTime()) - started > deadline;
    return {
      returnId,
      number: lines[0]?.return_number,
      started,
      refunded,
      within: refunded !== null && refunded - started <= deadline,
      late,
    };
  });
  const late = judged.filter((j) => j.late).sort((a, b) => a.started - b.started || (a.returnId < b.returnId ? -1 : 1));
  const refunds = judged.filter((j) => j.refunded !== null || j.late).length;
  const withinDeadline = judged.filter((j) => j.within).length;
  return {
    stages,
    refunds,
    withinDeadline,
    share: refunds === 0 ? null : withinDeadline / refunds,
    late,
    lateTotal: late.length,
  };
}

describe.each(DB_KINDS)('processing time report against a brute-force count (%s)', (kind) => {
  let handle: DbHandle;
  let ctx: AppContext;
  beforeAll(async () => {
    handle = await createTestDb(kind);
    ctx = testContext(handle.db, { now: () => NOW });
  });
  afterAll(() => handle?.close());

  it('agrees on every stage and on the legal deadline, for random returns and filters (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(aReturn, { maxLength: 40 }), filters, async (returns, pick) => {
        await handle.db.deleteFrom('analytics_return_lines').execute();
        const facts = factsOf(returns);
        await insertReturnLineFacts(handle.db, facts);
        const from = new Date(START + pick.fromDay * DAY).toISOString().slice(0, 10);
        const to = new Date(START + (pick.fromDay + pick.days) * DAY).toISOString().slice(0, 10);
        const f: AnalyticsFilters = { from, to, currency: 'EUR', channelId: pick.channelId, warehouseId: pick.warehouseId };
        if (f.channelId === undefined) delete f.channelId;
        if (f.warehouseId === undefined) delete f.warehouseId;
        const report = await processingReport(ctx, f);
        const expected = bruteForce(facts, f);

        for (const [i, stage] of report.stages.entries()) {
          const want = expected.stages[i];
          expect(stage.stage).toBe(want?.stage);
          expect(stage.count).toBe(want?.count);
          for (const p of ['p50Hours', 'p90Hours'] as const) {
            if (want?.[p] === null) expect(stage[p]).toBeNull();
            else expect(stage[p]).toBeCloseTo(want?.[p] as number, 6);
          }
        }
        expect(report.legal.refunds).toBe(expected.refunds);
        expect(report.legal.withinDeadline).toBe(expected.withinDeadline);
        expect(report.legal.share).toBe(expected.share);
        expect(report.legal.lateTotal).toBe(expected.lateTotal);
        expect(
          report.legal.late.map((l) => [l.returnId, l.number, Date.parse(l.startedAt), l.refundedAt && Date.parse(l.refundedAt)]),
        ).toEqual(expected.late.slice(0, LATE_LISTED).map((l) => [l.returnId, l.number, l.started, l.refunded]));
        for (const l of report.legal.late) expect(l.days).toBeGreaterThan(LEGAL_REFUND_DAYS);
      }),
      { numRuns: 30 },
    );
  });
});
