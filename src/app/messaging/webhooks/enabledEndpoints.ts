import type { RetourDb } from '../../../db/connection.js';
import type { AppCaches } from '../../kernel/context.js';
import { TimedValue } from '../../kernel/timedValue.js';

/** How long the enabled endpoints are believed before they are read again. */
const LIFETIME_MS = 5_000;

/** An enabled endpoint as the relay matches events to it. */
export interface EnabledEndpoint {
  id: string;
  event_types: string[];
}

declare module '../../kernel/context.js' {
  interface AppCaches {
    /** The enabled webhook endpoints and what they subscribe to: the relay matches every batch of
     * events against them, and they change when staff edit an endpoint. */
    webhookEndpoints: TimedValue<readonly EnabledEndpoint[]>;
  }
}

export const webhookEndpointsCache = () => new TimedValue<readonly EnabledEndpoint[]>(LIFETIME_MS);

/**
 * The enabled endpoints, read through `reader` (the relay's transaction: on PGlite it holds the
 * only connection) and kept in `caches`. A change made in this process is seen at once (the
 * commands call forgetWebhookEndpoints after their commit). A change in another process is heard
 * within milliseconds; a batch relayed meanwhile is matched as if it came a moment before the
 * change: an endpoint just switched off may get a delivery, which is skipped when sent (the
 * sender reads the endpoint again), and one just made or switched on misses that batch, as it
 * would have had the events come a moment sooner. Endpoints are never deleted, so a kept one still exists for the
 * deliveries' foreign key.
 */
export function enabledWebhookEndpoints(caches: AppCaches, reader: RetourDb): Promise<readonly EnabledEndpoint[]> {
  return caches.webhookEndpoints.get(() =>
    reader.selectFrom('webhook_endpoints').select(['id', 'event_types']).where('enabled', '=', true).execute(),
  );
}

/** Drops the kept endpoints after one was made, changed or switched off. */
export function forgetWebhookEndpoints(caches: AppCaches): Promise<void> {
  return caches.webhookEndpoints.forget();
}
