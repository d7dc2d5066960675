import { RetourError } from './errors.js';

/**
 * A repair granted under the legal guarantee (Directive 2019/771 Art. 13–14; NL BW 7:21): the shop
 * makes the item conform again and sends it back. It is tracked to its end, apart from the
 * return's own states, because the item comes back to the shopper instead of staying with the shop.
 *
 *   awaiting_item ─arrived/started─▶ in_repair ─repaired─▶ shipped_back
 *         │                              │
 *         └──────────────────────────────┴──could not repair──▶ unrepairable (then replacement or refund)
 *         └──return called off──▶ cancelled
 */
export const REPAIR_STATUSES = ['awaiting_item', 'in_repair', 'shipped_back', 'unrepairable', 'cancelled'] as const;
export type RepairStatus = (typeof REPAIR_STATUSES)[number];

/** Statuses in which the repair is still under way. */
export const OPEN_REPAIR_STATUSES: readonly RepairStatus[] = ['awaiting_item', 'in_repair'];

/** What the shopper gets when the item cannot be repaired (Art. 13(2)–(4): replacement, or a
 * refund when that is impossible too). */
export const REPAIR_FALLBACKS = ['replacement', 'refund'] as const;
export type RepairFallback = (typeof REPAIR_FALLBACKS)[number];

export type RepairAction = 'start' | 'ship_back' | 'fail' | 'cancel';

const ALLOWED: Record<RepairAction, readonly RepairStatus[]> = {
  start: ['awaiting_item'],
  ship_back: ['in_repair'],
  fail: OPEN_REPAIR_STATUSES,
  cancel: OPEN_REPAIR_STATUSES,
};

const NEXT: Record<RepairAction, RepairStatus> = {
  start: 'in_repair',
  ship_back: 'shipped_back',
  fail: 'unrepairable',
  cancel: 'cancelled',
};

/** The status a repair moves to, or a conflict naming why not. Starting needs the item in hand:
 * nothing can be repaired before it arrived. */
export function nextRepairStatus(status: RepairStatus, action: RepairAction, itemArrived: boolean): RepairStatus {
  if (!ALLOWED[action].includes(status)) {
    throw new RetourError(
      'conflict',
      'ILLEGAL_REPAIR_TRANSITION',
      `A repair that is ${status.replace('_', ' ')} cannot ${action.replace('_', ' ')}`,
      [],
      { repairStatus: status, action },
    );
  }
  if (action === 'start' && !itemArrived) {
    throw new RetourError('conflict', 'ITEM_NOT_RECEIVED', 'The item has not arrived yet: receive it before repairing it', [], {
      repairStatus: status,
    });
  }
  return NEXT[action];
}
