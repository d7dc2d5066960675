import { isOneOf } from './oneOf.js';

/**
 * The independent axes of a return line (see docs/domain.md, "Line states") and their groups, in
 * one place: whether it is accepted, what became of its goods, how they were graded and where they
 * go, what the shopper asked and got, and how far its money is.
 */

/** Checked at request, decided by staff or the policy. */
export const ACCEPTANCES = ['pending', 'approved', 'rejected', 'manual_review'] as const;
export type Acceptance = (typeof ACCEPTANCES)[number];

/** Not decided yet: asks for a decision (and, for an exchange, for the stock it would take). */
export const UNDECIDED_ACCEPTANCES: readonly Acceptance[] = ['pending', 'manual_review'];

/** What became of the line's goods. */
export const RECEPTIONS = [
  'expected',
  'in_transit',
  'received',
  'short_received',
  'wrong_item',
  'lost',
  'not_required',
  'cancelled',
  'expired',
] as const;
export type Reception = (typeof RECEPTIONS)[number];

/** Goods are still on their way to the dock. */
export const AWAITED_RECEPTIONS: readonly Reception[] = ['expected', 'in_transit'];

/** Something came back for the line, even the wrong item: it can be inspected, and an instant
 * exchange's old item counts as back. */
export const ARRIVED_RECEPTIONS: readonly Reception[] = ['received', 'short_received', 'wrong_item'];

/** The item itself came back (a wrong item is not it): a repair can start. */
export const ITEM_ARRIVED_RECEPTIONS: readonly Reception[] = ['received', 'short_received'];

/** Goods of the line are at the dock to be graded: what arrived of it, or a wrong item. */
export const hasGoods = (l: { reception: string; quantityReceived: number }): boolean =>
  l.reception === 'wrong_item' || (isOneOf(ITEM_ARRIVED_RECEPTIONS, l.reception) && l.quantityReceived > 0);

/** An approved line whose goods are still on their way. */
export const awaitingGoods = (l: { acceptance: string; reception: string }): boolean =>
  l.acceptance === 'approved' && isOneOf(AWAITED_RECEPTIONS, l.reception);

export const GRADES = ['A', 'B', 'C', 'D', 'F', 'X'] as const;
export type Grade = (typeof GRADES)[number];

export const DISPOSITIONS = [
  'restock',
  'refurbish',
  'return_to_vendor',
  'liquidate',
  'donate',
  'recycle',
  'dispose',
  'return_to_customer',
] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

export const RESOLUTIONS = ['refund', 'store_credit', 'exchange', 'replacement', 'repair', 'keep'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** Resolutions that give the money back (the others give goods, or nothing). */
export const MONEY_BACK_RESOLUTIONS: readonly Resolution[] = ['refund', 'store_credit'];

/** How far the line's money is. */
export const LINE_SETTLEMENTS = ['none', 'pending', 'succeeded', 'failed'] as const;
export type SettlementState = (typeof LINE_SETTLEMENTS)[number];

/** A settlement may start for the line: none was made, or the last one failed. */
export const SETTLEMENT_STARTABLE: readonly SettlementState[] = ['none', 'failed'];
