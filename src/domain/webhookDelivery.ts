/**
 * A webhook delivery: one event for one endpoint. It is pending while tries remain (each failure
 * is retried later), delivered once the endpoint answered 2xx, and dead when the tries ran out;
 * staff may replay any that is not pending, which makes it pending again. No group is needed
 * beyond "pending" (the one that is still worked on).
 */
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'dead'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];
