import type { RetourDb } from '../../../db/connection.js';
import type { Address } from '../../../db/schema.js';
import type { LabelFormat } from '../../../domain/carriers.js';
import { RetourError } from '../../../domain/errors.js';
import type { ReturnMethod } from '../../../domain/policy/vocabulary.js';
import {
  matchRule,
  nearestWarehouse,
  pickService,
  type RoutingDestination,
  type RoutingExplanation,
  type ServiceCandidate,
  type ServiceChoice,
} from '../../../domain/routing.js';
import type { AppContext } from '../../kernel/context.js';
import type { ChosenServicePoint } from '../../returns/shippingOffers.js';
import { type CarrierAddress, CarrierError, type CarrierName, type ParcelSize } from '../carriers/port.js';
import { returnToRoute, routingRules } from './routingFacts.js';

export interface RouteDecision {
  /** null: no carrier service is mapped for the method and country, Retour's own label is used. */
  connectionId: string | null;
  carrier: CarrierName | null;
  service: { code: string; name: string; labelFormat: LabelFormat; needsServicePoint: boolean } | null;
  method: ReturnMethod;
  /** Where the parcel goes: a warehouse, a returns hub, a vendor or a repair partner. */
  to: CarrierAddress;
  destinationWarehouseId: string | null;
  explanation: RoutingExplanation;
}

/** A destination made concrete: its name, address and warehouse (if it is one). */
interface Place {
  kind: RoutingExplanation['destination']['kind'];
  name: string;
  address: Address;
  warehouseId: string | null;
  email: string | null;
}

/**
 * Decides where a return goes and with which carrier service: the first routing rule that takes it
 * names the destination (else the shop's return address or default warehouse) and whether the first
 * configured or the cheapest quoted service is booked. Rates are asked of the carriers only when
 * there is a choice to make; a carrier that cannot quote is compared as "no rate", not an error.
 */
export async function chooseRoute(ctx: AppContext, returnId: string, now = ctx.now()): Promise<RouteDecision> {
  const [ret, rules] = await Promise.all([returnToRoute(ctx.db, returnId), routingRules(ctx.db)]);
  const { rule, skipped } = matchRule(rules, ret.facts);
  const place = await resolveDestination(ctx.db, rule?.destination ?? null, ret.facts.country);
  const serviceChoice: ServiceChoice = rule?.serviceChoice ?? 'configured';
  const to: CarrierAddress = {
    name: place.name,
    line1: place.address.line1,
    line2: place.address.line2 ?? null,
    postcode: place.address.postcode,
    city: place.address.city,
    country: place.address.country.toUpperCase(),
    email: place.email,
  };
  const from: CarrierAddress = {
    name: ret.shopperAddress.name ?? ret.shopperEmail,
    line1: ret.shopperAddress.line1,
    line2: ret.shopperAddress.line2 ?? null,
    postcode: ret.shopperAddress.postcode,
    city: ret.shopperAddress.city,
    country: ret.facts.country,
    email: ret.shopperEmail,
    phone: ret.shopperPhone,
  };
  let candidates = ofThePoint(await serviceCandidates(ctx.db, ret.facts.method, ret.facts.country), ret.servicePoint);
  if (serviceChoice === 'cheapest' && candidates.length > 1)
    candidates = await quote(ctx, candidates, { from, to, parcels: ret.parcels });
  const chosen = pickService(candidates, serviceChoice);
  const explanation: RoutingExplanation = {
    rule: rule ? { id: rule.id, name: rule.name } : null,
    skipped,
    destination: { kind: place.kind, name: place.name, warehouseId: place.warehouseId, country: to.country },
    serviceChoice,
    candidates: candidates.map((c) => ({
      connectionId: c.connectionId,
      carrier: c.carrier,
      service: c.serviceCode,
      serviceName: c.serviceName,
      amount: c.rate?.amount ?? null,
      currency: c.rate?.currency ?? null,
      note: c.rateNote ?? null,
      chosen: c === chosen,
    })),
    fallback: chosen === null,
    decidedAt: now.toISOString(),
  };
  return {
    connectionId: chosen?.connectionId ?? null,
    carrier: chosen?.carrier ?? null,
    service: chosen
      ? {
          code: chosen.serviceCode,
          name: chosen.serviceName,
          labelFormat: chosen.labelFormat,
          needsServicePoint: chosen.needsServicePoint,
        }
      : null,
    method: ret.facts.method,
    to,
    destinationWarehouseId: place.warehouseId,
    explanation,
  };
}

/** The services mapped to the method for the country, on enabled connections, in configured order. */
async function serviceCandidates(db: RetourDb, method: string, country: string): Promise<ServiceCandidate[]> {
  const rows = await db
    .selectFrom('carrier_methods')
    .innerJoin('carrier_connections', 'carrier_connections.id', 'carrier_methods.connection_id')
    .select([
      'carrier_methods.connection_id',
      'carrier_connections.carrier',
      'carrier_methods.service_code',
      'carrier_methods.service_name',
      'carrier_methods.label_format',
      'carrier_methods.needs_service_point',
      'carrier_methods.position',
    ])
    .where('carrier_methods.method', '=', method as never)
    .where('carrier_methods.country', '=', country)
    .where('carrier_connections.enabled', '=', true)
    .orderBy('carrier_methods.position')
    .orderBy('carrier_methods.id')
    .execute();
  return rows.map((r, index) => ({
    connectionId: r.connection_id,
    carrier: r.carrier,
    serviceCode: r.service_code,
    serviceName: r.service_name,
    labelFormat: r.label_format,
    needsServicePoint: r.needs_service_point,
    // Ties in position keep the order the shop listed them in.
    position: r.position * 1000 + index,
    rate: null,
  }));
}

/**
 * Where the shopper picked a drop-off point, only the services that can take a parcel there: those
 * of the connection whose search found the point (its id goes to that carrier alone) and, of them,
 * those of the point's carrier (a Sendcloud service code names its carrier before the colon). A
 * point kept before its connection was recorded is matched by its carrier only.
 */
function ofThePoint(candidates: ServiceCandidate[], point: ChosenServicePoint | null): ServiceCandidate[] {
  if (!point) return candidates;
  const carrierOf = (c: ServiceCandidate) => (c.serviceCode.includes(':') ? c.serviceCode.split(':')[0] : c.carrier);
  const sameCarrier = (list: ServiceCandidate[]) =>
    list.filter((c) => carrierOf(c) === point.carrier || c.carrier === point.carrier);
  if (!point.connectionId) {
    const same = sameCarrier(candidates);
    return same.length > 0 ? same : candidates;
  }
  const ofConnection = candidates.filter((c) => c.connectionId === point.connectionId);
  const same = sameCarrier(ofConnection);
  return same.length > 0 ? same : ofConnection;
}

/** Asks each candidate's carrier for its price of the return's boxes; a carrier that cannot quote keeps no rate. */
async function quote(
  ctx: AppContext,
  candidates: ServiceCandidate[],
  parcel: { from: CarrierAddress; to: CarrierAddress; parcels: ParcelSize[] },
) {
  return Promise.all(
    candidates.map(async (c): Promise<ServiceCandidate> => {
      try {
        const connection = await ctx.carriers.connection(c.connectionId);
        if (!connection) return { ...c, rateNote: 'connection switched off' };
        const rates = await connection.adapter.rates({ ...parcel, services: [c.serviceCode] });
        const rate = rates.find((r) => r.service === c.serviceCode);
        return rate
          ? { ...c, rate: { amount: rate.amount, currency: rate.currency } }
          : { ...c, rateNote: 'no rate quoted for this service' };
      } catch (err) {
        if (err instanceof CarrierError)
          return { ...c, rateNote: err.kind === 'unsupported' ? 'the carrier quotes no prices' : err.message };
        throw err;
      }
    }),
  );
}

/** Makes a rule's destination concrete; no rule: the shop's return address, else its default warehouse. */
async function resolveDestination(db: RetourDb, destination: RoutingDestination | null, country: string): Promise<Place> {
  const warehouses = await db
    .selectFrom('warehouses')
    .select(['id', 'name', 'address', 'is_default'])
    .where('kind', '=', 'warehouse')
    .orderBy('created_at')
    .execute();
  const asPlace = (kind: Place['kind'], w: (typeof warehouses)[number]): Place => ({
    kind,
    name: w.name,
    address: w.address,
    warehouseId: w.id,
    email: null,
  });
  if (destination?.kind === 'vendor' || destination?.kind === 'repair_partner')
    return {
      kind: destination.kind,
      name: destination.name,
      address: destination.address,
      warehouseId: null,
      email: destination.email ?? null,
    };
  if (destination?.kind === 'warehouse') {
    const w = warehouses.find((x) => x.id === destination.warehouseId);
    if (w) return asPlace('warehouse', w);
  }
  if (destination?.kind === 'nearest_warehouse') {
    const w = nearestWarehouse(
      warehouses.map((x) => ({ ...x, country: x.address.country.toUpperCase(), isDefault: x.is_default })),
      country,
    );
    if (w) return asPlace('nearest_warehouse', w);
  }
  const settings = await db
    .selectFrom('shop_settings')
    .select(['name', 'return_address'])
    .where('id', '=', 'default')
    .executeTakeFirstOrThrow();
  if (settings.return_address)
    return {
      kind: 'default',
      name: settings.return_address.name ?? settings.name,
      address: settings.return_address,
      warehouseId: null,
      email: null,
    };
  const fallback = warehouses.find((w) => w.is_default) ?? warehouses[0];
  if (fallback) return asPlace('default', fallback);
  throw new RetourError('conflict', 'NO_RETURN_ADDRESS', 'The shop has no return address or warehouse yet');
}
