import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RetourError } from '../../src/domain/errors.js';
import * as lc from '../../src/domain/returnLifecycle.js';
import { requestedLine } from '../../src/domain/returnState.js';

const line = (id: string, quantity = 1): lc.LineState => requestedLine(id, quantity, 'refund', false);
const requested = (lines = [line('a', 2), line('b')]): lc.ReturnState => ({
  status: 'requested',
  onHold: false,
  holdReasons: [],
  trackingNumber: null,
  statusReason: null,
  lines,
});

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof RetourError ? e.code : 'NOT_A_RETOUR_ERROR';
  }
  return undefined;
}

describe('return lifecycle', () => {
  it('may still be cancelled while an exchange only holds stock, not once money moved', () => {
    const exchanged = {
      ...line('a'),
      acceptance: 'approved' as const,
      requestedResolution: 'exchange' as const,
      settlement: 'pending' as const,
    };
    const approved: lc.ReturnState = { ...requested([exchanged]), status: 'approved' };
    const cancelled = lc.cancel(approved, 'changed my mind').state;
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.lines[0]).toMatchObject({ settlement: 'none', reception: 'cancelled' });
    const refunding = { ...exchanged, requestedResolution: 'refund' as const };
    expect(codeOf(() => lc.cancel({ ...approved, lines: [refunding] }, null))).toBe('ILLEGAL_TRANSITION');
    const shipped = { ...exchanged, settlement: 'succeeded' as const };
    expect(codeOf(() => lc.cancel({ ...approved, lines: [shipped] }, null))).toBe('ILLEGAL_TRANSITION');
  });

  it('auto-approves a clean request and sends anything else to review', () => {
    expect(lc.submitRequest(requested(), true).state.status).toBe('approved');
    expect(lc.submitRequest(requested(), false).state.status).toBe('under_review');
    const review = requested([line('a'), { ...line('b'), acceptance: 'manual_review' }]);
    expect(lc.submitRequest(review, true).state.status).toBe('under_review');
  });

  it('decides per line: the header waits until every line is decided', () => {
    const s = lc.submitRequest(requested(), false).state;
    const one = lc.decideLines(s, [{ returnLineId: 'a', decision: 'approve' }]);
    expect(one.state.status).toBe('under_review');
    const both = lc.decideLines(one.state, [{ returnLineId: 'b', decision: 'reject', reason: 'worn' }]);
    expect(both.state.status).toBe('approved');
    expect(both.events.map((e) => e.type)).toEqual(['return.lines_decided', 'return.approved']);
    const allRejected = lc.decideLines(s, [
      { returnLineId: 'a', decision: 'reject', reason: 'late' },
      { returnLineId: 'b', decision: 'reject', reason: 'late' },
    ]);
    expect(allRejected.state.status).toBe('rejected');
  });

  it('requires a reason to reject and refuses unknown or repeated lines', () => {
    const s = lc.submitRequest(requested(), false).state;
    expect(codeOf(() => lc.decideLines(s, [{ returnLineId: 'a', decision: 'reject' }]))).toBe('REASON_REQUIRED');
    expect(codeOf(() => lc.decideLines(s, [{ returnLineId: 'zz', decision: 'approve' }]))).toBe('RETURN_LINE_NOT_FOUND');
    expect(
      codeOf(() =>
        lc.decideLines(s, [
          { returnLineId: 'a', decision: 'approve' },
          { returnLineId: 'a', decision: 'approve' },
        ]),
      ),
    ).toBe('DUPLICATE_LINE');
  });

  it('receives partial quantities, missing goods and wrong items', () => {
    const approved = lc.submitRequest(requested(), true).state;
    const r = lc.receive(approved, [
      { returnLineId: 'a', quantity: 1 },
      { returnLineId: 'b', quantity: 1, wrongItem: true },
    ]);
    expect(r.state.status).toBe('received');
    expect(r.state.lines.map((l) => [l.reception, l.quantityReceived])).toEqual([
      ['short_received', 1],
      ['wrong_item', 1],
    ]);
    expect(codeOf(() => lc.receive(approved, [{ returnLineId: 'a', quantity: 3 }]))).toBe('QUANTITY_EXCEEDS_LINE');
  });

  it('is inspected once every line with goods is graded and nothing is still on its way', () => {
    const approved = lc.submitRequest(requested(), true).state;
    const partly = lc.receive(approved, [{ returnLineId: 'a', quantity: 2 }]).state;
    const graded = lc.inspect(partly, [{ returnLineId: 'a', grade: 'A', disposition: 'restock' }]).state;
    expect(graded.status).toBe('received'); // line b still expected
    const missing = lc.receive(graded, [{ returnLineId: 'b', quantity: 0 }]).state;
    expect(lc.inspect(missing, [{ returnLineId: 'a', grade: 'B', disposition: 'refurbish' }]).state.status).toBe('inspected');
  });

  it('resolves automatically when the last approved line is settled after inspection', () => {
    let s = lc.submitRequest(requested([line('a')]), true).state;
    s = lc.receive(s, [{ returnLineId: 'a', quantity: 1 }]).state;
    s = lc.inspect(s, [{ returnLineId: 'a', grade: 'A', disposition: 'restock' }]).state;
    const settled = lc.recordSettlement(s, [{ returnLineId: 'a', amount: 1000 }]);
    expect(settled.state.status).toBe('resolved');
    expect(codeOf(() => lc.recordSettlement(s, [{ returnLineId: 'zz', amount: 1 }]))).toBe('RETURN_LINE_NOT_FOUND');
    expect(codeOf(() => lc.recordSettlement(settled.state, [{ returnLineId: 'a', amount: 1 }]))).toBe('ILLEGAL_TRANSITION');
  });

  it('keeps lines pending while a provider settles them: no second start, a refusal opens them again, a hold cannot undo money that moved', () => {
    let s = lc.submitRequest(requested([line('a')]), true).state;
    s = lc.receive(s, [{ returnLineId: 'a', quantity: 1 }]).state;
    s = lc.inspect(s, [{ returnLineId: 'a', grade: 'A', disposition: 'restock' }]).state;
    const parts = [{ returnLineId: 'a', amount: 1000 }];
    const begun = lc.beginSettlement(s, parts).state;
    expect(begun.lines[0]?.settlement).toBe('pending');
    expect(codeOf(() => lc.beginSettlement(begun, parts))).toBe('SETTLEMENT_IN_PROGRESS');
    expect(codeOf(() => lc.resolve(begun, { returnless: false }))).toBe('SETTLEMENT_OUTSTANDING');
    const failed = lc.failSettlement(begun, parts, 'REFUND_REFUSED').state;
    expect(failed.lines[0]?.settlement).toBe('failed');
    expect(lc.beginSettlement(failed, parts).state.lines[0]?.settlement).toBe('pending');
    const onHold = { ...begun, onHold: true, holdReasons: ['check'] };
    const paid = lc.completeSettlement(onHold, parts);
    expect(paid.state.lines[0]).toMatchObject({ settlement: 'succeeded', settledAmount: 1000 });
    expect(codeOf(() => lc.completeSettlement(paid.state, parts))).toBe('LINE_ALREADY_SETTLED');
    expect(lc.completeSettlement(begun, parts).state.status).toBe('resolved');
  });

  it('reopens a resolved return on a dispute and keeps it from resolving until the hold is released', () => {
    let s = lc.submitRequest(requested([line('a')]), true).state;
    s = lc.receive(s, [{ returnLineId: 'a', quantity: 1 }]).state;
    s = lc.inspect(s, [{ returnLineId: 'a', grade: 'C', disposition: 'refurbish' }]).state;
    s = lc.recordSettlement(s, [{ returnLineId: 'a', amount: 700 }]).state;
    expect(s.status).toBe('resolved');
    const disputed = lc.openDispute(s, 'no wear on it');
    expect(disputed.state).toMatchObject({ status: 'inspected', onHold: true, holdReasons: ['dispute'] });
    expect(disputed.events.map((e) => e.type)).toEqual(['return.dispute_opened', 'return.inspected']);
    expect(codeOf(() => lc.openDispute(disputed.state, 'again'))).toBe('DISPUTE_ALREADY_OPEN');
    expect(codeOf(() => lc.resolve(disputed.state, { returnless: false }))).toBe('RETURN_ON_HOLD');
    const released = lc.release(disputed.state, 'decided').state;
    expect(lc.resolve(released, { returnless: false }).state.status).toBe('resolved');
    expect(codeOf(() => lc.openDispute(lc.submitRequest(requested(), true).state, 'x'))).toBe('ILLEGAL_TRANSITION');
  });

  it('resolves returnless (keep the item) straight from approval', () => {
    const approved = lc.submitRequest(requested(), true).state;
    const r = lc.resolve(approved, { returnless: true });
    expect(r.state.status).toBe('resolved');
    expect(r.state.lines.every((l) => l.reception === 'not_required')).toBe(true);
  });

  it('holds block decisions and money but not release', () => {
    const s = lc.hold(lc.submitRequest(requested(), false).state, 'fraud review').state;
    expect(codeOf(() => lc.decideLines(s, [{ returnLineId: 'a', decision: 'approve' }]))).toBe('RETURN_ON_HOLD');
    expect(lc.release(s, null).state.onHold).toBe(false);
    expect(codeOf(() => lc.release(requested(), null))).toBe('NOT_ON_HOLD');
  });

  it('lifts one reason of a hold and keeps the others, and leaves a return not held for it alone', () => {
    const held = lc.hold(lc.hold(lc.submitRequest(requested(), false).state, 'risk_review').state, 'dispute').state;
    const lifted = lc.liftHold(held, 'risk_review', 'cleared');
    expect(lifted.state).toMatchObject({ onHold: true, holdReasons: ['dispute'] });
    expect(lifted.events).toEqual([
      { type: 'return.released', reason: 'cleared', data: { releasedHoldReasons: ['risk_review'], holdReasons: ['dispute'] } },
    ]);
    expect(lc.liftHold(lifted.state, 'dispute', null).state).toMatchObject({ onHold: false, holdReasons: [] });
    expect(lc.liftHold(lifted.state, 'risk_review', null)).toEqual({ state: lifted.state, events: [] });
  });

  it('expires only after the ship-by date', () => {
    const approved = lc.submitRequest(requested(), true).state;
    const shipBy = new Date('2026-01-10T00:00:00Z');
    expect(codeOf(() => lc.expire(approved, shipBy, new Date('2026-01-09T00:00:00Z')))).toBe('SHIP_BY_NOT_PASSED');
    expect(lc.expire(approved, shipBy, new Date('2026-01-11T00:00:00Z')).state.status).toBe('expired');
  });

  // Any sequence of commands either moves to a state allowed by the diagram or throws a RetourError:
  // never an exception of another kind, never a terminal state left again.
  it('random command sequences only ever make allowed moves', () => {
    const allowed: Record<lc.ReturnStatus, lc.ReturnStatus[]> = {
      requested: ['approved', 'under_review', 'cancelled'],
      under_review: ['approved', 'rejected', 'cancelled'],
      approved: ['in_transit', 'received', 'cancelled', 'expired', 'resolved'],
      in_transit: ['received', 'lost'],
      received: ['inspected'],
      inspected: ['resolved'],
      resolved: ['closed'],
      lost: ['closed'],
      closed: [],
      rejected: [],
      cancelled: [],
      expired: [],
    };
    const commands: ((s: lc.ReturnState) => lc.TransitionResult)[] = [
      (s) => lc.submitRequest(s, true),
      (s) => lc.submitRequest(s, false),
      (s) => lc.decideLines(s, [{ returnLineId: 'a', decision: 'approve' }]),
      (s) => lc.decideLines(s, [{ returnLineId: 'b', decision: 'reject', reason: 'x' }]),
      (s) => lc.cancel(s, null),
      (s) => lc.hold(s, 'check'),
      (s) => lc.release(s, null),
      (s) => lc.markInTransit(s, 'T1'),
      (s) => lc.receive(s, [{ returnLineId: 'a', quantity: 1 }]),
      (s) => lc.receive(s, [{ returnLineId: 'b', quantity: 0 }]),
      (s) => lc.inspect(s, [{ returnLineId: 'a', grade: 'C', disposition: 'liquidate' }]),
      (s) => lc.recordSettlement(s, [{ returnLineId: 'a', amount: 500 }]),
      (s) => lc.resolve(s, { returnless: false }),
      (s) => lc.resolve(s, { returnless: true }),
      (s) => lc.close(s),
      (s) => lc.expire(s, null, new Date()),
      (s) => lc.markLost(s, null),
    ];
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: commands.length - 1 }), { maxLength: 25 }), (picks) => {
        let s = requested();
        for (const pick of picks) {
          try {
            const next = (commands[pick] as (s: lc.ReturnState) => lc.TransitionResult)(s);
            if (next.state.status !== s.status) expect(allowed[s.status]).toContain(next.state.status);
            s = next.state;
          } catch (e) {
            expect(e).toBeInstanceOf(RetourError);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
