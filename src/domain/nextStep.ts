import type { PickupSlot } from './pickupSlots.js';
import { REFUND_DAYS } from './refund.js';
import type { ReturnStatus } from './returnStatus.js';

/** What the shopper waits for or has to do next; the portal says each in words. */
export const NEXT_STEP_CODES = [
  'await_review',
  'send_parcel',
  'await_pickup',
  'bring_to_store',
  'await_arrival',
  'await_inspection',
  'await_settlement',
  'await_repair',
  'done',
  'none',
] as const;
export type NextStepCode = (typeof NEXT_STEP_CODES)[number];

export interface NextStep {
  code: NextStepCode;
  /** The date it should happen by, where there is one. */
  by: string | null;
}

/** What of a return decides its next step (dates as ISO 8601 strings). */
export interface NextStepFacts {
  status: ReturnStatus;
  method: string | null;
  shipBy: string | null;
  pickupSlot: PickupSlot | null;
  withdrawalDeclaredAt: string | null;
  repairs?: readonly { status: string }[];
}

const DAY_MS = 86_400_000;

/** What happens next for the shopper, and by when: the status page says it in words. After a
 * withdrawal the shop has to refund within 14 days of the notice (Directive 2011/83/EU Art. 13). */
export function nextStep(ret: NextStepFacts): NextStep {
  const refundBy = ret.withdrawalDeclaredAt
    ? new Date(new Date(ret.withdrawalDeclaredAt).getTime() + REFUND_DAYS * DAY_MS).toISOString()
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
