import type { RetourDb } from '../../../db/connection.js';
import type { Address } from '../../../db/schema.js';
import { CARRIER_METHODS, type CarrierMethod } from '../../../domain/carriers.js';
import { notFound, RetourError } from '../../../domain/errors.js';
import type { RoutingFacts, RoutingRule } from '../../../domain/routing.js';
import type { ChosenServicePoint } from '../../returns/shippingOffers.js';
import type { ParcelSize } from '../carriers/port.js';
import { ESTIMATED_UNIT_WEIGHT_GRAMS } from '../shipments/bookingRequest.js';

/** The lightest box a carrier is told of, as the booking counts it. */
const MIN_PARCEL_GRAMS = 100;

/** A return as routing sees it: the shopper's address and what the lines are. */
export interface ReturnToRoute {
  id: string;
  number: string;
  shopperAddress: Address;
  shopperEmail: string;
  shopperPhone: string | null;
  /** The drop-off point the shopper picked, with the connection whose search found it. */
  servicePoint: ChosenServicePoint | null;
  /** The boxes the shopper packs, each with its share of the estimated weight (as the booking says). */
  parcels: ParcelSize[];
  facts: RoutingFacts;
}

/** Reads what routing decides on, in three reads whatever the number of lines. */
export async function returnToRoute(db: RetourDb, returnId: string): Promise<ReturnToRoute> {
  const ret = await db
    .selectFrom('returns')
    .innerJoin('orders', 'orders.id', 'returns.order_id')
    .innerJoin('customers', 'customers.id', 'returns.customer_id')
    .select([
      'returns.id',
      'returns.number',
      'returns.method',
      'returns.service_point',
      'returns.parcel_count',
      'orders.shipping_address',
      'orders.email',
      'customers.phone',
    ])
    .where('returns.id', '=', returnId)
    .executeTakeFirst();
  if (!ret) throw notFound('Return', returnId);
  const method = ret.method;
  if (!method || !(CARRIER_METHODS as readonly string[]).includes(method))
    throw new RetourError(
      'conflict',
      'METHOD_NEEDS_NO_CARRIER',
      `Return ${ret.number} is not sent with a carrier (${method ?? 'no method'})`,
    );
  const lines = await db
    .selectFrom('return_lines')
    .innerJoin('order_lines', 'order_lines.id', 'return_lines.order_line_id')
    .leftJoin('variants', 'variants.id', 'order_lines.variant_id')
    .leftJoin('products', 'products.id', 'variants.product_id')
    .leftJoin('reasons', 'reasons.id', 'return_lines.reason_id')
    .select([
      'products.category_id',
      'reasons.code',
      'reasons.defect',
      'return_lines.requested_resolution',
      'return_lines.quantity',
      'return_lines.acceptance',
    ])
    .where('return_lines.return_id', '=', returnId)
    .execute();
  return {
    id: ret.id,
    number: ret.number,
    shopperAddress: ret.shipping_address,
    shopperEmail: ret.email,
    shopperPhone: ret.phone,
    servicePoint: ret.service_point,
    parcels: estimatedBoxes(
      lines.reduce((units, l) => units + (l.acceptance === 'rejected' ? 0 : l.quantity), 0),
      ret.parcel_count,
    ),
    facts: {
      country: ret.shipping_address.country.toUpperCase(),
      method: method as CarrierMethod,
      categoryIds: [...new Set(lines.flatMap((l) => (l.category_id ? [l.category_id] : [])))],
      reasonCodes: [...new Set(lines.flatMap((l) => (l.code ? [l.code] : [])))],
      defect: lines.some(
        (l) => l.defect === true || l.requested_resolution === 'repair' || l.requested_resolution === 'replacement',
      ),
    },
  };
}

/** The units that travel (lines not rejected) at the booking's estimate each, shared evenly over
 * the boxes: what rates are asked for, so the price compared is the price of the parcel booked. */
function estimatedBoxes(units: number, count: number): ParcelSize[] {
  const boxes = Math.max(1, count);
  const each = Math.max(MIN_PARCEL_GRAMS, Math.ceil((units * ESTIMATED_UNIT_WEIGHT_GRAMS) / boxes));
  return Array.from({ length: boxes }, () => ({ weightGrams: each }));
}

/** The shop's routing rules, enabled or not, in their order. */
export async function routingRules(db: RetourDb): Promise<RoutingRule[]> {
  const rows = await db.selectFrom('routing_rules').selectAll().orderBy('position').orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    position: r.position,
    enabled: r.enabled,
    conditions: r.conditions,
    destination: r.destination,
    serviceChoice: r.service_choice,
  }));
}
