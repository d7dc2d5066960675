/**
 * The signals a return's risk is made of. Each has a strength worked out from facts (a count, a
 * ratio, an amount), a threshold the shop sets and a weight: below the threshold it adds nothing,
 * at it half its weight, at twice the threshold or more its whole weight. That keeps the score
 * explainable ("3 earlier empty boxes, threshold 1") and monotone in every signal.
 */
export const RISK_SIGNAL_CODES = [
  /** The customer's segment is `blocked`. */
  'CUSTOMER_BLOCKED',
  /** The customer, an e-mail, address, phone or payment fingerprint of theirs is on the block list. */
  'BLOCK_LISTED',
  /** Returns a multiple of the shop's own return rate by value (strength: that multiple). */
  'SERIAL_RETURNING',
  /** Worn or used, tags removed, returned just after an event date; with the history (strength: count). */
  'WARDROBING',
  /** Several sizes or colours of one product bought, all but one sent back (strength: products). Shown as cost. */
  'BRACKETING',
  /** Parcels that arrived empty, this one and earlier ones (strength: count). */
  'EMPTY_BOX',
  /** Lines that came back as another item (wrong or swapped), this return's and earlier ones (strength: count). */
  'WRONG_ITEM',
  /** Other customers share an address, phone, e-mail, payment fingerprint, device or IP (strength: their highest score). */
  'LINKED_ACCOUNTS',
  /** Other customers sharing a payment card, phone number or device with this one (strength: how
   * many). A household shares a door and a connection; several accounts on one card, phone or
   * device are one person's, or a ring's. */
  'ACCOUNT_CLUSTER',
  /** Returns asked in the velocity window, this one included (strength: count). */
  'RETURN_VELOCITY',
  /** Different orders looked up from this device or IP in the last hour (strength: count). */
  'LOOKUP_VELOCITY',
  /** Money refunded before the goods were received and still not received (strength: minor units). */
  'REFUND_EXPOSURE',
  /** What the units asked back were paid (strength: minor units). */
  'HIGH_VALUE',
  /** Every line's reason blames the shop on an expensive return (strength: minor units). */
  'ALL_SHOP_FAULT',
  /** A vip or employee: a negative weight. */
  'TRUSTED_SEGMENT',
] as const;
export type RiskSignalCode = (typeof RISK_SIGNAL_CODES)[number];

/** Signals that either hold or not (strength 1). They have no "twice the threshold" to ramp up to,
 * so they give their whole weight when they hold: a blocked customer weighs what the shop set, not
 * half of it. */
export const FLAG_RISK_SIGNAL_CODES = [
  'CUSTOMER_BLOCKED',
  'BLOCK_LISTED',
  'TRUSTED_SEGMENT',
] as const satisfies readonly RiskSignalCode[];

/** Signals kept on returns scored before the signals above; shown, never produced any more. */
export const LEGACY_RISK_SIGNAL_CODES = ['SERIAL_RETURNER', 'FREQUENT_RETURNER', 'MANY_RETURNS', 'NOTABLE_VALUE'] as const;

/** One signal as it fired on a return: stored with the return and in its risk history, in no
 * language, so staff read its sentence in theirs (explain.ts). */
export interface RiskSignal {
  code: string;
  points: number;
  /** What the signal measured, in the unit its threshold is in. Absent on legacy signals. */
  strength?: number;
  threshold?: number;
  weight?: number;
  /** What the sentence needs beyond the numbers: the event's name, how accounts are linked, the
   * cost of bracketing in minor units, the linked customer with the highest score… */
  detail?: Record<string, string | number | boolean | string[]>;
}

/** A signal's points: none below its threshold, half its weight at it, its whole weight at twice
 * the threshold or more, in a straight line between. A negative weight counts down the same way. */
export function scaledPoints(strength: number, threshold: number, weight: number): number {
  if (!(strength >= threshold) || weight === 0) return 0;
  const share = threshold > 0 ? Math.min(1, 0.5 + (0.5 * (strength - threshold)) / threshold) : 1;
  return Math.round(weight * share);
}
