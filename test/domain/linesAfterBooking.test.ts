import { describe, expect, it } from 'vitest';
import { RetourError } from '../../src/domain/errors.js';
import * as lc from '../../src/domain/returnLifecycle.js';
import { requestedLine } from '../../src/domain/returnState.js';

/** The carrier's parcel is booked on `return.approved` with every line not rejected (see
 * planShipment): what it relies on is that no line is decided after that event. */
const line = (id: string): lc.LineState => requestedLine(id, 1, 'refund', false);
const underReview: lc.ReturnState = {
  status: 'under_review',
  onHold: false,
  holdReasons: [],
  trackingNumber: null,
  statusReason: null,
  lines: [line('a'), line('b')],
};

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof RetourError ? e.code : 'NOT_A_RETOUR_ERROR';
  }
  return undefined;
}

describe('no line is decided after the return was approved (and its parcel booked)', () => {
  it('approves the return only with its last undecided line, and decides nothing afterwards', () => {
    const one = lc.decideLines(underReview, [{ returnLineId: 'a', decision: 'approve' }]);
    expect(one.state.status).toBe('under_review');
    expect(one.events.map((e) => e.type)).not.toContain('return.approved');
    const both = lc.decideLines(one.state, [{ returnLineId: 'b', decision: 'approve' }]);
    expect(both.state.status).toBe('approved');
    expect(both.events.map((e) => e.type)).toContain('return.approved');
    expect(both.state.lines.every((l) => l.acceptance === 'approved')).toBe(true);
    // Once approved, a line can be decided no more: the booked parcel's items stay whole.
    expect(codeOf(() => lc.decideLines(both.state, [{ returnLineId: 'b', decision: 'approve' }]))).toBe('ILLEGAL_TRANSITION');
  });
});
