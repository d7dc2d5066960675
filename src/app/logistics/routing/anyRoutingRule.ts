import type { RetourDb } from '../../../db/connection.js';
import type { AppCaches } from '../../kernel/context.js';
import { TimedValue } from '../../kernel/timedValue.js';

/** How long "the shop has an enabled routing rule" is believed before it is read again. */
const LIFETIME_MS = 5_000;

declare module '../../kernel/context.js' {
  interface AppCaches {
    /** Whether any routing rule is enabled: with no carrier mapping either, an approved return has
     * no parcel to plan, and the relay asks this for every batch of approvals. */
    anyRoutingRule: TimedValue<boolean>;
  }
}

export const anyRoutingRuleCache = () => new TimedValue<boolean>(LIFETIME_MS);

/** Whether some routing rule is enabled, read through `reader` (the relay's transaction: on PGlite
 * it holds the only connection). A rule enabled in this process is seen at once (the commands call
 * forgetAnyRoutingRule after their commit). One enabled in process A while process B relays an
 * approval may be missed by B for the milliseconds until it hears A's word and drops its copy: a
 * shop that maps no carrier service then books no parcel for that approval, exactly as if it had
 * come a moment before the rule was enabled. */
export function anyRoutingRule(caches: AppCaches, reader: RetourDb): Promise<boolean> {
  return caches.anyRoutingRule.get(async () =>
    Boolean(await reader.selectFrom('routing_rules').select('id').where('enabled', '=', true).limit(1).executeTakeFirst()),
  );
}

/** Drops the kept answer after a routing rule was saved, reordered or deleted. */
export function forgetAnyRoutingRule(caches: AppCaches): Promise<void> {
  return caches.anyRoutingRule.forget();
}
