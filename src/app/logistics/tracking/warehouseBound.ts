import { type RawBuilder, sql } from 'kysely';
import type { RoutingDestination } from '../../../domain/routing.js';

/** Destinations outside the shop: the carrier delivers the parcel there, not at its warehouse. */
const ELSEWHERE: readonly RoutingDestination['kind'][] = ['vendor', 'repair_partner'];

/**
 * Whether a return's parcels come to the shop's own warehouse, from its routing decision (the
 * `returns.routing` column named): a warehouse, the nearest one or the default, or no routing at all
 * (returns from before routing, or with no rules) do; a vendor or a repair partner does not.
 */
export function goesToWarehouse(routingColumn: string): RawBuilder<boolean> {
  const elsewhere = sql.join(ELSEWHERE.map((kind) => sql.lit(kind)));
  return sql<boolean>`coalesce(${sql.ref(routingColumn)} -> 'destination' ->> 'kind', '') not in (${elsewhere})`;
}
