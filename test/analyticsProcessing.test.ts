import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PROCESSING_STAGES } from '../src/app/analytics/analyticsTypes.js';
import { processingReport } from '../src/app/analytics/queries/processing.js';
import type { AppContext } from '../src/app/kernel/context.js';
import type { DbHandle } from '../src/db/connection.js';
import { percentileCont } from '../src/domain/analytics/percentiles.js';
import { createTestDb, DB_KINDS } from './support/databases.js';
import { insertReturnLineFacts, type ReturnLineFact, returnLineFact } from './support/returnLineFacts.js';
import { testContext } from './support/testContext.js';

const NOW = new Date('2026-06-15T10:00:00Z');
const HOUR = 3_600_000;
const at = (base: string | Date, hours: number) => new Date(new Date(base).getTime() + hours * HOUR);
const PERIOD = { from: '2026-05-25', to: '2026-06-30', currency: 'EUR' };

/** Moments of a line `hours` after its request, in stage order (null: not reached). */
function journey(requested: string, hours: (number | null)[], over: Partial<ReturnLineFact> = {}): ReturnLineFact {
  const [approved, scanned, received, inspected, refunded] = hours;
  const moment = (h: number | null | undefined) => (h === null || h === undefined ? null : at(requested, h));
  return returnLineFact({
    requested_at: requested,
    approved_at: moment(approved),
    first_scan_at: moment(scanned),
    received_at: moment(received),
    inspected_at: moment(inspected),
    refunded_at: moment(refunded),
    ...over,
  });
}

describe.each(DB_KINDS)('processing time report (%s)', (kind) => {
  let handle: DbHandle;
  let ctx: AppContext;
  beforeAll(async () => {
    handle = await createTestDb(kind);
    ctx = testContext(handle.db, { now: () => NOW });
  });
  afterAll(() => handle?.close());
  beforeEach(async () => {
    await handle.db.deleteFrom('analytics_return_lines').execute();
  });

  it('times each stage per line with p50/p90, and judges each refund against the 14 days', async () => {
    const r = '2026-06-01T08:00:00Z';
    await insertReturnLineFacts(handle.db, [
      // One return, two lines received and refunded at moments of their own.
      journey(r, [2, 26, 50, 54, 60], { return_id: 'ret_a', return_number: 'R-1' }),
      journey(r, [2, 26, 74, 80, 100], { return_id: 'ret_a', return_number: 'R-1' }),
      // Refunded on the first scan: its refund stage (before inspection) is left out, the whole journey is not.
      journey(r, [4, 30, 60, 62, 28], { return_id: 'ret_b', return_number: 'R-2' }),
      // Withdrawal declared a day before the request; refunded 15 days after it: late.
      journey(r, [1, 10, 20, 30, 14 * 24 - 1], { return_id: 'ret_c', return_number: 'R-3', withdrawal_at: at(r, -24) }),
      // Approved only, requested 20 days before now: unpaid past the deadline.
      journey('2026-05-26T09:00:00Z', [3, null, null, null, null], { return_id: 'ret_d', return_number: 'R-4' }),
      // Requested yesterday, unpaid: not due yet.
      journey('2026-06-14T09:00:00Z', [null, null, null, null, null], { return_id: 'ret_e', return_number: 'R-5' }),
      // Exchanged: no refund is due, but its stages count.
      journey(r, [5, 29, 53, 57, null], { return_id: 'ret_f', return_number: 'R-6', requested_resolution: 'exchange' }),
      // A line refunded, its sister not yet, 14 days and an hour on: the return is unpaid and late.
      journey('2026-06-01T09:00:00Z', [1, 2, 3, 4, 5], { return_id: 'ret_g', return_number: 'R-7' }),
      journey('2026-06-01T09:00:00Z', [1, 2, 3, null, null], { return_id: 'ret_g', return_number: 'R-7' }),
      // Left out: rejected line, another currency, another period.
      journey(r, [1, 1, 1, 1, 1], { return_id: 'ret_x', counted: false }),
      journey(r, [1, 1, 1, 1, 1000], { return_id: 'ret_y', currency: 'SEK' }),
      journey('2026-05-20T10:00:00Z', [1, 1, 1, 1, 1000], { return_id: 'ret_z' }),
    ]);

    const report = await processingReport(ctx, PERIOD);
    const stage = (name: string) => report.stages.find((s) => s.stage === name);
    // Approval over the 8 lines approved: 2, 2, 4, 1, 3, 5, 1, 1 → p50 at position 3.5 of 1,1,1,2,2,3,4,5, p90 at 6.3.
    expect(stage('approval')).toEqual({ stage: 'approval', count: 8, p50Hours: 2, p90Hours: 4.3 });
    // Refund stage: 60−54, 100−80, 14·24−1−30, 5−4 (ret_b refunded before inspection is left out).
    const refund = [6, 20, 14 * 24 - 31, 1];
    expect(stage('refund')?.count).toBe(4);
    expect(stage('refund')?.p50Hours).toBeCloseTo(percentileCont(refund, 0.5) as number, 9);
    expect(stage('refund')?.p90Hours).toBeCloseTo(percentileCont(refund, 0.9) as number, 9);
    expect(stage('request_to_refund')?.count).toBe(5);
    expect(stage('request_to_refund')?.p50Hours).toBeCloseTo(60, 9);

    expect(report.legal).toMatchObject({ refunds: 5, withinDeadline: 2, lateTotal: 3 });
    expect(report.legal.share).toBeCloseTo(2 / 5, 12);
    expect(report.legal.late.map((l) => l.number)).toEqual(['R-4', 'R-3', 'R-7']);
    const [d, c] = report.legal.late;
    expect(d).toEqual({ returnId: 'ret_d', number: 'R-4', startedAt: '2026-05-26T09:00:00.000Z', refundedAt: null, days: 20.1 });
    expect(c?.refundedAt).toBe(at(r, 14 * 24 - 1).toISOString());
    // 15 days less an hour from the withdrawal, rounded up to the tenth.
    expect(c?.days).toBe(15);
  });

  it('answers with empty figures when nothing is in scope', async () => {
    const report = await processingReport(ctx, PERIOD);
    expect(report.stages).toHaveLength(PROCESSING_STAGES.length);
    expect(report.stages.every((s) => s.count === 0 && s.p50Hours === null && s.p90Hours === null)).toBe(true);
    expect(report.legal).toEqual({ refunds: 0, withinDeadline: 0, share: null, late: [], lateTotal: 0 });
  });
});
