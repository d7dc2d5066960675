/** The payment providers an order can have been paid through and a refund can go back by.
 * `sandbox` moves no money: refunds succeed at once (the demo pays its orders through it). */
export const PAYMENT_PROVIDERS = ['mollie', 'stripe', 'sandbox'] as const;
export type PaymentProviderName = (typeof PAYMENT_PROVIDERS)[number];
