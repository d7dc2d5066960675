import type { ReturnSummary } from './listReturns.js';

/** Days a shop has to refund after a withdrawal (Directive 2011/83/EU Art. 13). */
const REFUND_DAYS_AFTER_WITHDRAWAL = 14;

export type NextStepCode =
  | 'await_review'
  | 'send_parcel'
  | 'await_pickup'
  | 'bring_to_store'
  | 'await_arrival'
  | 'await_inspection'
  | 'await_settlement'
  | 'await_repair'
  | 'done'
  | 'none';

export interface NextStep {
  code: NextStepCode;
  /** The date it should happen by, where there is one. */
  by: string | null;
}

/** What happens next for the shopper, and by when: the status page says it in words. */
export function nextStep(
  ret: Pick<ReturnSummary, 'status' | 'method' | 'shipBy' | 'pickupSlot' | 'withdrawalDeclaredAt'> & {
    repairs?: readonly { status: string }[];
  },
): NextStep {
  const refundBy = ret.withdrawalDeclaredAt
    ? new Date(new Date(ret.withdrawalDeclaredAt).getTime() + REFUND_DAYS_AFTER_WITHDRAWAL * 86_400_000).toISOString()
    : null;
  // An item in the workshop is what the shopper waits for once it has arrived.
  const repairing = ret.repairs?.some((r) => r.status === 'in_repair') ?? false;
  if (repairing && (ret.status === 'received' || ret.status === 'inspected')) return { code: 'await_repair', by: null };
  switch (ret.status) {
    case 'requested':
    case 'under_review':
      return { code: 'await_review', by: null };
    case 'approved':
      if (ret.method === 'pickup') return { code: 'await_pickup', by: ret.pickupSlot?.start ?? null };
      if (ret.method === 'store') return { code: 'bring_to_store', by: ret.shipBy };
      return { code: 'send_parcel', by: ret.shipBy };
    case 'in_transit':
      return { code: 'await_arrival', by: null };
    case 'received':
      return { code: 'await_inspection', by: refundBy };
    case 'inspected':
      return { code: 'await_settlement', by: refundBy };
    case 'resolved':
    case 'closed':
      return { code: 'done', by: null };
    default:
      return { code: 'none', by: null };
  }
}
