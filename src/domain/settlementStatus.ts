/**
 * A settlement: money going back for a return (a refund at a provider, store credit, a transfer
 * staff confirm, an exchange's surplus or paid difference). It is pending until the money moved,
 * then succeeded; a provider's refusal makes it failed, and the lines may be settled again.
 */
export const SETTLEMENT_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type SettlementStatus = (typeof SETTLEMENT_STATUSES)[number];

/** Money that moved or is on its way: it counts against what is still owed, and against the
 * order's money in a later return. A failed settlement moved nothing. */
export const COUNTED_SETTLEMENT_STATUSES: readonly SettlementStatus[] = ['pending', 'succeeded'];

/** What a settlement pays: a refund or store credit for returned lines, an exchange settled by
 * the new item, goodwill or part of a line given back by staff, an exchange's surplus paid back,
 * or a paid price difference returned when the exchange did not ship. */
export const SETTLEMENT_KINDS = [
  'refund',
  'store_credit',
  'exchange',
  'goodwill',
  'partial_refund',
  'exchange_surplus',
  'exchange_difference',
] as const;
export type SettlementKind = (typeof SETTLEMENT_KINDS)[number];

/** What staff record by hand for a return's approved lines: money that moved outside Retour. */
export const MANUAL_SETTLEMENT_KINDS = [
  'refund',
  'store_credit',
  'exchange',
  'goodwill',
] as const satisfies readonly SettlementKind[];
/** What staff give beyond the lines' own money: goodwill, or part of a line back. */
export const ADJUSTMENT_KINDS = ['partial_refund', 'goodwill'] as const satisfies readonly SettlementKind[];
