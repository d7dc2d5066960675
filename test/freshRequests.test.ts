import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../src/app/kernel/unit.js';
import { freshRequestResolutions, returnsWithLinesFor } from '../src/app/returns/freshRequests.js';

const requested = (returnId: string, resolutions: string[]): RecordedEvent => ({
  type: 'return.requested',
  subjectType: 'return',
  subjectId: returnId,
  returnId,
  data: { lines: resolutions.map((resolution, i) => ({ orderLineId: `ol_${i}`, resolution })) },
});
const submitted = (returnId: string, type: 'return.approved' | 'return.review_requested', from = 'requested'): RecordedEvent => ({
  type,
  subjectType: 'return',
  subjectId: returnId,
  returnId,
  data: { from },
});
const other = (returnId: string, type: string, subjectType = 'return'): RecordedEvent => ({
  type,
  subjectType,
  subjectId: returnId,
  returnId,
  data: {},
});

describe('returns just requested, as in-unit subscribers see them', () => {
  it('knows the resolutions of a return whose only events are its request', () => {
    const events = [requested('ret_a', ['refund', 'exchange']), submitted('ret_a', 'return.approved')];
    expect(freshRequestResolutions(events)).toEqual(new Map([['ret_a', new Set(['refund', 'exchange'])]]));
    const withdrawal = [requested('ret_b', ['refund']), other('ret_b', 'return.withdrawal_declared')];
    expect(freshRequestResolutions([...withdrawal, submitted('ret_b', 'return.review_requested')]).get('ret_b')).toEqual(
      new Set(['refund']),
    );
  });

  it('leaves out a return changed by anything else in the same unit, or whose request it cannot read', () => {
    const changed = [
      requested('ret_received', ['refund']),
      submitted('ret_received', 'return.approved'),
      other('ret_received', 'return.received'),
      requested('ret_decided', ['refund']),
      submitted('ret_decided', 'return.review_requested'),
      submitted('ret_decided', 'return.approved', 'under_review'),
      requested('ret_twice', ['refund']),
      requested('ret_twice', ['refund']),
      requested('ret_exchange_order', ['exchange']),
      other('ret_exchange_order', 'exchange_order.created', 'exchange_order'),
      { ...requested('ret_unreadable', ['refund']), data: { lines: [{ orderLineId: 'ol_1' }] } },
      submitted('ret_not_requested', 'return.approved', 'under_review'),
    ];
    expect([...freshRequestResolutions(changed).keys()]).toEqual([]);
  });

  it('keeps for a subscriber every return but those freshly requested without a line it acts on', () => {
    const events = [
      requested('ret_refund', ['refund', 'store_credit']),
      submitted('ret_refund', 'return.approved'),
      requested('ret_repair', ['repair']),
      submitted('ret_repair', 'return.review_requested'),
      other('ret_moved', 'return.received'),
    ];
    const ids = ['ret_refund', 'ret_repair', 'ret_moved'];
    expect(returnsWithLinesFor(events, ids, ['repair'])).toEqual(['ret_repair', 'ret_moved']);
    expect(returnsWithLinesFor(events, ids, ['exchange', 'replacement'])).toEqual(['ret_moved']);
  });
});
