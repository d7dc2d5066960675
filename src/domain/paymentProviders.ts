/** The payment providers an order can have been paid through and a refund can go back by.
 * `sandbox` moves no money: refunds succeed at once (the demo pays its orders through it). */
export const PAYMENT_PROVIDERS = ['mollie', 'stripe', 'sandbox'] as const;
export type PaymentProviderName = (typeof PAYMENT_PROVIDERS)[number];

/** Shop platforms that took an order's payment and refund it themselves, through the order's
 * connection (Settings → Connections, not Settings → Payments). */
export const PLATFORM_REFUNDERS = ['shopify', 'woocommerce'] as const;
export type PlatformRefunder = (typeof PLATFORM_REFUNDERS)[number];

/** Every way a refund goes back by an outside API: a payment provider, or the platform the order was paid on. */
export const REFUND_ROUTES = [...PAYMENT_PROVIDERS, ...PLATFORM_REFUNDERS] as const;
export type RefundRouteName = (typeof REFUND_ROUTES)[number];

export const isPlatformRefunder = (name: string): name is PlatformRefunder =>
  (PLATFORM_REFUNDERS as readonly string[]).includes(name);

/** An order paid on a platform refers to its payment as `<connection id>:<platform order id>`. */
export function platformPaymentReference(connectionId: string, orderExternalId: string): string {
  return `${connectionId}:${orderExternalId}`;
}

export function readPlatformPaymentReference(reference: string | null): { connectionId: string; orderExternalId: string } | null {
  const at = reference?.indexOf(':') ?? -1;
  if (!reference || at <= 0 || at === reference.length - 1) return null;
  return { connectionId: reference.slice(0, at), orderExternalId: reference.slice(at + 1) };
}
