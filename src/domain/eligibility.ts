/** First-cut eligibility of one order line for a return. Pure: the caller passes the clock.
 * Every check runs and reports its code, so a refusal always says all of its reasons. */

export const EU_COUNTRIES = new Set([
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'HU',
  'IE',
  'IT',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'ES',
  'SE',
]);

/** Statutory withdrawal period for EU consumers (Directive 2011/83/EU Art. 9). */
export const EU_WITHDRAWAL_DAYS = 14;

export interface ProductFlags {
  finalSale: boolean;
  personalised: boolean;
  perishable: boolean;
  hygieneSealed: boolean;
  sealedMedia: boolean;
}

export interface LineEligibilityInput {
  quantityOrdered: number;
  /** Units already in other open or completed returns. */
  quantityAlreadyReturned: number;
  quantityRequested: number;
  /** Delivery of the last item of the order: the withdrawal period starts there. */
  orderDeliveredAt: Date | null;
  lineDeliveredAt: Date | null;
  shippingCountry: string;
  shopWindowDays: number;
  flags: ProductFlags;
  now: Date;
}

export interface LineVerdict {
  eligible: boolean;
  /** Eligible, but a person must look (e.g. sealed goods that may have been opened). */
  needsReview: boolean;
  codes: string[];
  deadline: Date | null;
}

const DAY_MS = 86_400_000;

/** Codes that send a line to a person instead of refusing it. */
const REVIEW_ONLY_CODES = new Set(['STATUTORY_EXCEPTION_HYGIENE', 'STATUTORY_EXCEPTION_MEDIA']);

/** End of the last day of the window, counted from the day after delivery. */
export function windowDeadline(deliveredAt: Date, days: number): Date {
  const startOfDelivery = Date.UTC(deliveredAt.getUTCFullYear(), deliveredAt.getUTCMonth(), deliveredAt.getUTCDate());
  return new Date(startOfDelivery + (days + 1) * DAY_MS - 1);
}

export function checkLineEligibility(input: LineEligibilityInput): LineVerdict {
  const codes: string[] = [];
  let needsReview = false;
  const isEu = EU_COUNTRIES.has(input.shippingCountry.toUpperCase());
  const delivered = input.lineDeliveredAt ?? null;
  let deadline: Date | null = null;
  let euDeadline: Date | null = null;

  if (!delivered) {
    codes.push('NOT_DELIVERED');
  } else {
    const shopDeadline = windowDeadline(delivered, input.shopWindowDays);
    euDeadline = isEu ? windowDeadline(input.orderDeliveredAt ?? delivered, EU_WITHDRAWAL_DAYS) : null;
    deadline = euDeadline && euDeadline > shopDeadline ? euDeadline : shopDeadline;
    if (input.now > deadline) codes.push('WINDOW_EXPIRED');
  }

  const remaining = input.quantityOrdered - input.quantityAlreadyReturned;
  if (remaining <= 0) codes.push('ALREADY_RETURNED');
  else if (input.quantityRequested > remaining) codes.push('QUANTITY_EXCEEDS_RETURNABLE');

  const withinEuFloor = euDeadline !== null && input.now <= euDeadline;
  // Final sale is a shop rule: the EU withdrawal right overrides it inside the statutory window.
  if (input.flags.finalSale && !withinEuFloor) codes.push('FINAL_SALE');
  if (input.flags.personalised) codes.push('STATUTORY_EXCEPTION_PERSONALISED');
  if (input.flags.perishable) codes.push('STATUTORY_EXCEPTION_PERISHABLE');
  // Sealed goods may come back only unopened: that needs a person's eye, not a refusal.
  if (input.flags.hygieneSealed) {
    codes.push('STATUTORY_EXCEPTION_HYGIENE');
    needsReview = true;
  }
  if (input.flags.sealedMedia) {
    codes.push('STATUTORY_EXCEPTION_MEDIA');
    needsReview = true;
  }

  const blocking = codes.filter((c) => !REVIEW_ONLY_CODES.has(c));
  return { eligible: blocking.length === 0, needsReview, codes, deadline };
}
