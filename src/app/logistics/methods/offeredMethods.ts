import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import { notFound } from '../../../domain/errors.js';
import type { CarriedMethod, OrderShipping } from '../../returns/shippingOffers.js';
import type { CarrierMethod } from '../carriers/port.js';

/** A carrier service mapped to a method for a country, with the connection that books it. */
export interface MappedService {
  connectionId: string;
  method: CarrierMethod;
  serviceCode: string;
  serviceName: string;
  needsServicePoint: boolean;
}

/** The services switched-on connections carry for shoppers of a country, in the shop's order.
 * One query on the (country, method) index: cheap enough to ask per request, and never stale
 * after the mapping is saved. */
export async function mappedServices(db: Kysely<Database>, country: string, method?: CarrierMethod): Promise<MappedService[]> {
  let query = db
    .selectFrom('carrier_methods as m')
    .innerJoin('carrier_connections as c', 'c.id', 'm.connection_id')
    .select(['m.connection_id', 'm.method', 'm.service_code', 'm.service_name', 'm.needs_service_point'])
    .where('m.country', '=', country.toUpperCase())
    .where('c.enabled', '=', true);
  if (method) query = query.where('m.method', '=', method);
  const rows = await query.orderBy('m.position').orderBy('m.id').execute();
  return rows.map((r) => ({
    connectionId: r.connection_id,
    method: r.method,
    serviceCode: r.service_code,
    serviceName: r.service_name,
    needsServicePoint: r.needs_service_point,
  }));
}

/** Where the order went (the shopper sends the return from there). */
export async function orderAddress(db: Kysely<Database>, orderId: string) {
  const order = await db
    .selectFrom('orders')
    .select(['shipping_country', 'shipping_postcode', 'shipping_address'])
    .where('id', '=', orderId)
    .executeTakeFirst();
  if (!order) throw notFound('Order', orderId);
  return { country: order.shipping_country.toUpperCase(), postcode: order.shipping_postcode, address: order.shipping_address };
}

/** The methods carriers carry to the order's country; `carried: null` when none is mapped there. */
export async function offeredMethods(db: Kysely<Database>, orderId: string): Promise<OrderShipping> {
  const { country, postcode } = await orderAddress(db, orderId);
  const services = await mappedServices(db, country);
  if (services.length === 0) return { country, postcode, carried: null };
  const carried = new Map<CarrierMethod, CarriedMethod>();
  for (const s of services) {
    const known = carried.get(s.method);
    // A point is asked for when any service of the method needs one: routing may choose that service.
    carried.set(s.method, { method: s.method, needsServicePoint: (known?.needsServicePoint ?? false) || s.needsServicePoint });
  }
  return { country, postcode, carried: [...carried.values()] };
}
