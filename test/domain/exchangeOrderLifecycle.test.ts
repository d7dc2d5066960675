import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RetourError } from '../../src/domain/errors.js';
import {
  allowsAction,
  EXCHANGE_STATUSES,
  type ExchangeOrderEvent,
  type ExchangeStatus,
  FINAL_EXCHANGE_STATUSES,
  nextExchangeStatus,
  RESERVING_STATUSES,
  settleStatus,
} from '../../src/domain/exchangeOrderLifecycle.js';
import { REFUND_TIMINGS } from '../../src/domain/policy/vocabulary.js';
import { momentReached } from '../../src/domain/refundMoment.js';

const timing = fc.constantFrom(...REFUND_TIMINGS);
const momentFacts = fc.record({ instant: fc.boolean(), moment: timing, reached: fc.option(timing, { nil: null }) });
const event: fc.Arbitrary<ExchangeOrderEvent> = fc.oneof(
  momentFacts.map((f) => ({ type: 'pay' as const, ...f })),
  momentFacts.map((f) => ({ type: 'reach_moment' as const, ...f })),
  fc.constant({ type: 'ship' as const }),
  fc.constant({ type: 'cancel' as const }),
);
/** Where a new order starts (see settleStatus): never shipped or cancelled. */
const created = fc
  .record({ instant: fc.boolean(), moment: timing, reached: fc.option(timing, { nil: null }), difference: fc.integer() })
  .map((f) => settleStatus({ ...f, paid: false }));

/** Steps an order through events, skipping those the machine refuses (as a command would answer
 * them with a conflict and leave the order as it was). */
function run(start: ExchangeStatus, events: ExchangeOrderEvent[]) {
  const path: ExchangeStatus[] = [start];
  let status = start;
  for (const e of events) {
    try {
      status = nextExchangeStatus(status, e);
      path.push(status);
    } catch (err) {
      if (!(err instanceof RetourError) || err.kind !== 'conflict') throw err;
    }
  }
  return path;
}

const rank = (s: ExchangeStatus) => EXCHANGE_STATUSES.indexOf(s);

describe('exchange order state machine', () => {
  it('a new order waits for payment, for its moment, or is ready', () => {
    fc.assert(fc.property(created, (s) => RESERVING_STATUSES.includes(s)));
  });

  it('only moves forward: shipped and cancelled are final, and nothing goes back to waiting for payment', () => {
    fc.assert(
      fc.property(created, fc.array(event, { maxLength: 12 }), (start, events) => {
        const path = run(start, events);
        for (const [i, s] of path.entries()) {
          const next = path[i + 1];
          if (next === undefined) continue;
          expect(FINAL_EXCHANGE_STATUSES).not.toContain(s);
          if (next !== 'cancelled') expect(rank(next)).toBeGreaterThan(rank(s));
        }
      }),
    );
  });

  it('ships only when ready, and is cancelled only while it holds stock', () => {
    fc.assert(
      fc.property(fc.constantFrom(...EXCHANGE_STATUSES), event, (status, e) => {
        const allowed = (() => {
          try {
            return nextExchangeStatus(status, e);
          } catch (err) {
            if (err instanceof RetourError && err.kind === 'conflict') return null;
            throw err;
          }
        })();
        if (e.type === 'ship') expect(allowed).toBe(status === 'ready' ? 'shipped' : null);
        if (e.type === 'cancel') expect(allowed).toBe(RESERVING_STATUSES.includes(status) ? 'cancelled' : null);
        if (e.type === 'pay') {
          if (status !== 'awaiting_payment') expect(allowed).toBeNull();
          // Paid: ready when the moment is reached (or at once for an instant exchange), else reserved.
          else expect(allowed).toBe(e.instant || momentReached(e.reached, e.moment) ? 'ready' : 'reserved');
        }
        if (e.type === 'reach_moment') {
          const ready = status === 'reserved' && (e.instant || momentReached(e.reached, e.moment));
          expect(allowed).toBe(ready ? 'ready' : null);
        }
        // The machine and its question "may this action be taken" agree.
        if (allowed !== null) expect(allowsAction(status, e.type)).toBe(true);
      }),
    );
  });

  it('names why a shipment or a cancellation is refused', () => {
    const codeOf = (status: ExchangeStatus, e: ExchangeOrderEvent) => {
      try {
        nextExchangeStatus(status, e);
      } catch (err) {
        return err instanceof RetourError ? err.code : 'NOT_A_RETOUR_ERROR';
      }
      return undefined;
    };
    expect(codeOf('awaiting_payment', { type: 'ship' })).toBe('EXCHANGE_NOT_READY');
    expect(codeOf('shipped', { type: 'cancel' })).toBe('EXCHANGE_ALREADY_SHIPPED');
    expect(codeOf('cancelled', { type: 'cancel' })).toBe('EXCHANGE_CANCELLED');
    expect(codeOf('ready', { type: 'pay', instant: false, moment: 'approval', reached: 'approval' })).toBe(
      'EXCHANGE_NOT_AWAITING_PAYMENT',
    );
  });
});
