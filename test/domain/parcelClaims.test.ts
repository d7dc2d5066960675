import { describe, expect, it } from 'vitest';
import { RetourError } from '../../src/domain/errors.js';
import {
  checkAmountPaid,
  claimKindOf,
  defaultClaimAmount,
  flagReasonOf,
  nextClaimStatus,
  stalledBefore,
} from '../../src/domain/parcelClaims.js';

const codeOf = (work: () => unknown) => {
  try {
    work();
    return null;
  } catch (err) {
    return err instanceof RetourError ? err.code : String(err);
  }
};

describe('parcel claims', () => {
  it('counts back working days in the shop’s time zone, skipping weekends and public holidays', () => {
    // Monday 15 June 2026: seven working days back is Thursday 4 June, from its local midnight.
    expect(stalledBefore(new Date('2026-06-15T10:00:00Z'), 7, 'Europe/Amsterdam').toISOString()).toBe('2026-06-03T22:00:00.000Z');
    // Wednesday 29 April 2026: King's Day (Monday 27th) and the weekend do not count.
    expect(stalledBefore(new Date('2026-04-29T12:00:00Z'), 3, 'Europe/Amsterdam').toISOString()).toBe('2026-04-22T22:00:00.000Z');
    // Just after midnight in Amsterdam it is already the next day there.
    expect(stalledBefore(new Date('2026-06-15T22:30:00Z'), 1, 'Europe/Amsterdam').toISOString()).toBe('2026-06-14T22:00:00.000Z');
  });

  it('moves a claim only along its steps', () => {
    expect(nextClaimStatus('open', 'submit')).toBe('submitted');
    expect(nextClaimStatus('submitted', 'accept')).toBe('accepted');
    expect(nextClaimStatus('open', 'reject')).toBe('rejected');
    expect(nextClaimStatus('submitted', 'reject')).toBe('rejected');
    expect(codeOf(() => nextClaimStatus('open', 'accept'))).toBe('CLAIM_STEP_NOT_ALLOWED');
    expect(codeOf(() => nextClaimStatus('accepted', 'reject'))).toBe('CLAIM_STEP_NOT_ALLOWED');
    expect(codeOf(() => nextClaimStatus('rejected', 'submit'))).toBe('CLAIM_STEP_NOT_ALLOWED');
  });

  it('takes less than claimed from the carrier, never more', () => {
    expect(codeOf(() => checkAmountPaid(2000, 2500))).toBeNull();
    expect(codeOf(() => checkAmountPaid(2500, 2500))).toBeNull();
    expect(codeOf(() => checkAmountPaid(2501, 2500))).toBe('AMOUNT_PAID_ABOVE_CLAIM');
  });

  it('suggests the kind of claim from the flag, and asks the goods plus the label cost in one currency', () => {
    expect(claimKindOf('stalled')).toBe('lost');
    expect(claimKindOf('exception')).toBe('damaged');
    expect(claimKindOf('returned_to_sender')).toBe('returned_to_sender');
    expect(flagReasonOf('exception')).toBe('exception');
    expect(flagReasonOf('in_transit')).toBeNull();
    expect(defaultClaimAmount(2000, { amount: 695, currency: 'EUR' }, 'EUR')).toBe(2695);
    expect(defaultClaimAmount(2000, { amount: 695, currency: 'GBP' }, 'EUR')).toBe(2000);
    expect(defaultClaimAmount(2000, null, 'EUR')).toBe(2000);
  });
});
