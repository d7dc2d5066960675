import { sql } from 'kysely';
import type { AppContext } from '../kernel/context.js';
import { hashClient, type RequestClient } from './clientHash.js';
import { getRiskSetupCached } from './riskSettings.js';

/** What the portal saw of a shopper's device and IP (docs/fraud.md): order lookups, failed ones,
 * and return requests, each with the device and IP hashed under the shop's salt, never as given.
 * They link accounts that share a device or IP and count lookups of many orders from one device. */

export type SightingKind = 'lookup' | 'lookup_failed' | 'request';

export interface Sighting {
  kind: SightingKind;
  /** The order found or asked a return for; none for a failed lookup. The customer is the order's. */
  orderId: string | null;
  client: RequestClient;
}

/** Keeps one sighting in one insert. A sighting is evidence, not part of what the shopper asked:
 * when it cannot be kept the lookup or request goes on and the failure is only reported. */
export async function recordSighting(ctx: AppContext, sighting: Sighting, report: (error: unknown) => void): Promise<void> {
  try {
    const { salt } = await getRiskSetupCached(ctx.caches, ctx.db);
    const { device, ip } = hashClient(salt, sighting.client);
    if (!device && !ip) return;
    const at = ctx.now();
    // The customer is read in the same statement: an order of no one (or no order) leaves it null.
    // Its commit does not wait for the disk (synchronous_commit off for this one transaction): a
    // sighting lost in a crash costs a velocity count one lookup, and the shopper waits no flush.
    await sql`with quiet as (select set_config('synchronous_commit', 'off', true))
      insert into portal_sightings (at, kind, customer_id, order_id, device, ip)
      select ${at}::timestamptz, ${sighting.kind}, (select customer_id from orders where id = ${sighting.orderId}::text),
        ${sighting.orderId}::text, ${device}::text, ${ip}::text from quiet`.execute(ctx.db);
  } catch (error) {
    report(error);
  }
}
