/** The policy's fixed words, apart from its schema so the back office can use them without zod. */

/** How a parcel comes back: a printed label, a QR code shown at a drop-off point, a carrier's pickup
 * at home, over a counter in one of the shop's stores, or handed in at a partner point (a locker or
 * partner shop) the shopper picks. */
export const RETURN_METHODS = ['label', 'qr', 'pickup', 'store', 'partner'] as const;
export type ReturnMethod = (typeof RETURN_METHODS)[number];

/** Resolutions a shopper can choose in the portal; the rest are granted by staff or the warranty flow. */
export const SHOPPER_RESOLUTIONS = ['refund', 'store_credit', 'exchange'] as const;
export const BONUS_RESOLUTIONS = ['store_credit', 'exchange'] as const;
export const FEE_KINDS = ['restocking', 'return_shipping'] as const;

/** When money moves, from the earliest moment to the most cautious. */
export const REFUND_TIMINGS = ['approval', 'first_scan', 'receipt', 'inspection'] as const;
export type RefundTiming = (typeof REFUND_TIMINGS)[number];
