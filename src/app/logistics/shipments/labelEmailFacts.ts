import { sql } from 'kysely';
import type { RetourDb } from '../../../db/connection.js';
import { keptQuery } from '../../../db/keptQuery.js';
import type { CarrierMethod } from '../../../domain/carriers.js';

/** What the shopper's e-mails say about a return's carrier parcel. */
export interface CarrierLabelFacts {
  /** The carrier books the parcel (or has booked it): Retour's own label is not the one to use. */
  expected: boolean;
  booked: {
    carrier: string;
    method: CarrierMethod;
    labelContentType: string | null;
    trackingUrl: string | null;
    trackingNumber: string | null;
    pickup: { confirmation: string; slot: { start: string; end: string } } | null;
  } | null;
  servicePoint: { name: string; address: { line1: string; postcode: string; city: string } } | null;
}

/**
 * Whether a carrier carries each return's parcel, and what it booked, by return id (a return not
 * found is left out), for several returns in one statement (a batch of e-mails). Expected as soon
 * as a carrier service is mapped for the return's method and the shopper's country (before routing
 * opened the shipment: the approval e-mail may go first), or a shipment waits or is booked. Per
 * return: its latest open shipment, its first parcel and whether a mapping exists.
 */
export async function carrierLabelFactsOfReturns(
  db: RetourDb,
  returnIds: readonly string[],
): Promise<Map<string, CarrierLabelFacts>> {
  const rows = await readFactRows(db, returnIds);
  return new Map(rows.map((row) => [row.id, factsOf(row)]));
}

/** The returns, each with its latest open shipment, its first parcel and whether a mapping exists;
 * built and compiled once (see keptQuery): every e-mail about a return reads it. */
export const factRowsKept = keptQuery((db: RetourDb, { returnIds }: { returnIds: readonly string[] }) =>
  db
    .selectFrom('returns as r')
    .innerJoin('orders as o', 'o.id', 'r.order_id')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('shipments as sh')
          .select(['sh.carrier', 'sh.method', 'sh.status', 'sh.label_content_type', 'sh.tracking_url', 'sh.pickup'])
          .whereRef('sh.return_id', '=', 'r.id')
          .where('sh.status', 'in', ['pending', 'booked'])
          .orderBy('sh.created_at', 'desc')
          .limit(1)
          .as('s'),
      (join) => join.onTrue(),
    )
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('shipment_parcels as sp')
          .select(['sp.tracking_number', 'sp.tracking_url'])
          .whereRef('sp.return_id', '=', 'r.id')
          .orderBy('sp.collo')
          .limit(1)
          .as('p'),
      (join) => join.onTrue(),
    )
    .select([
      'r.id',
      'r.service_point',
      's.status as shipment_status',
      's.carrier',
      's.method as shipment_method',
      's.label_content_type',
      's.tracking_url as shipment_tracking_url',
      's.pickup',
      'p.tracking_number',
      'p.tracking_url as parcel_tracking_url',
    ])
    // A mapping only matters while no shipment is open; the planner stops at the first match.
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('carrier_methods as m')
            .innerJoin('carrier_connections as c', 'c.id', 'm.connection_id')
            .select('m.id')
            .whereRef('m.method', '=', 'r.method')
            .where('m.country', '=', sql<string>`upper(o.shipping_address->>'country')`)
            .where('c.enabled', '=', true),
        )
        .as('mapped'),
    )
    .where('r.id', '=', sql<string>`any(${returnIds}::text[])`),
);

function readFactRows(db: RetourDb, returnIds: readonly string[]) {
  return factRowsKept.execute(db, { returnIds });
}

function factsOf(row: Awaited<ReturnType<typeof readFactRows>>[number]): CarrierLabelFacts {
  const point = row.service_point;
  return {
    expected: row.shipment_status !== null || Boolean(row.mapped),
    booked:
      row.shipment_status === 'booked' && row.carrier !== null && row.shipment_method !== null
        ? {
            carrier: row.carrier,
            method: row.shipment_method,
            labelContentType: row.label_content_type,
            trackingUrl: row.parcel_tracking_url ?? row.shipment_tracking_url,
            trackingNumber: row.tracking_number ?? null,
            pickup: row.pickup?.status === 'booked' ? row.pickup : null,
          }
        : null,
    servicePoint: point ? { name: point.name, address: point.address } : null,
  };
}
