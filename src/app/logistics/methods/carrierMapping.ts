import type { RetourDb } from '../../../db/connection.js';
import type { AppCaches } from '../../kernel/context.js';
import { TimedValue } from '../../kernel/timedValue.js';

/** How long "the shop maps no carrier service" is believed before it is read again. */
const LIFETIME_MS = 5_000;

declare module '../../kernel/context.js' {
  interface AppCaches {
    /** Whether the shop maps any carrier service at all: most shops' portal requests then skip the
     * carrier lookups altogether. */
    carrierMapping: TimedValue<boolean>;
  }
}

export const carrierMappingCache = () => new TimedValue<boolean>(LIFETIME_MS);

/** Whether any carrier service is mapped to a method and country. A mapping saved in this process
 * is seen at once (see forgetCarrierMapping), one saved in another within a few seconds; a mapping
 * removed only costs the full lookup until then, which finds nothing. */
export function anyCarrierMapping(caches: AppCaches, db: RetourDb): Promise<boolean> {
  return caches.carrierMapping.get(async () =>
    Boolean(await db.selectFrom('carrier_methods').select('id').limit(1).executeTakeFirst()),
  );
}

/** Drops the cached answer after the mapping changed. */
export function forgetCarrierMapping(caches: AppCaches): Promise<void> {
  return caches.carrierMapping.forget();
}
