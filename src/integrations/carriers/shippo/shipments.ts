import {
  type CarrierAddress,
  CarrierError,
  type ParcelSize,
  type ReturnParcelRequest,
} from '../../../app/logistics/carriers/port.js';
import { badAnswer, list, messagesOf, type ShippoClient, type ShippoObject, text } from './client.js';
import { carrierOfToken, shippoSwaps, toCustomsDeclaration, toShippoAddress, toShippoParcel } from './mapping.js';

/** What to ask Shippo for: a return from the shopper to the shop. */
export interface ReturnShipment {
  shopper: CarrierAddress;
  shop: CarrierAddress;
  parcels: ParcelSize[];
  /** How the addresses go: `outbound` for the carriers Shippo swaps itself (USPS, FedEx, UPS). */
  direction: 'outbound' | 'travelled';
  extra?: ShippoObject;
  customs?: ShippoObject | null;
  metadata?: string;
}

/** The direction a service's carrier needs its return addresses in. */
export const directionFor = (carrier: string): ReturnShipment['direction'] => (shippoSwaps(carrier) ? 'outbound' : 'travelled');

/** `POST /shipments` with `extra.is_return`, synchronously: the shipment and its rates. */
export async function createReturnShipment(client: ShippoClient, s: ReturnShipment): Promise<ShippoObject> {
  const [from, to] = s.direction === 'outbound' ? [s.shop, s.shopper] : [s.shopper, s.shop];
  const shipment = await client.post('/shipments', {
    address_from: toShippoAddress(from),
    address_to: toShippoAddress(to),
    parcels: s.parcels.map(toShippoParcel),
    extra: { ...s.extra, is_return: true },
    ...(s.customs ? { customs_declaration: s.customs } : {}),
    ...(s.metadata ? { metadata: s.metadata } : {}),
    async: false,
  });
  const status = text(shipment, 'status');
  if (status === 'ERROR')
    throw new CarrierError(
      'rejected',
      'CARRIER_REJECTED',
      `shippo could not rate the return: ${messagesOf(shipment) || 'error'}`,
    );
  if (status === 'QUEUED' || status === 'WAITING')
    throw new CarrierError('transient', 'CARRIER_NOT_READY', 'shippo is still rating the return');
  if (!text(shipment, 'object_id') || !Array.isArray(shipment.rates)) throw badAnswer('a shipment without object_id or rates');
  return shipment;
}

/** Rates a service may be bought with: the one whose service level token is `service`, or the
 * cheapest when the request leaves the choice to the carrier ('' or 'cheapest'). */
export function pickRate(shipment: ShippoObject, service: string): ShippoObject | null {
  const rates = list(shipment, 'rates').filter((r) => text(r, 'object_id') && Number.isFinite(Number(text(r, 'amount'))));
  if (service === '' || service === 'cheapest')
    return rates.sort((a, b) => Number(text(a, 'amount')) - Number(text(b, 'amount')))[0] ?? null;
  return rates.find((r) => tokenOf(r) === service) ?? null;
}

export function tokenOf(rate: ShippoObject): string | null {
  const level = rate.servicelevel;
  return typeof level === 'object' && level !== null ? text(level as ShippoObject, 'token') : null;
}

/** Shippo's carrier token of a rate, what `GET /tracks/{carrier}/…` wants: from its service level
 * token where that starts with a known carrier token (dhl_express_worldwide → dhl_express), else
 * its provider written as one ("DHL Germany" → dhl_germany). Null when the rate says neither. */
export function carrierTokenOf(rate: ShippoObject): string | null {
  const token = tokenOf(rate);
  return (token ? carrierOfToken(token) : null) ?? asCarrierToken(text(rate, 'provider'));
}

/** A carrier as a Shippo carrier token: lower case, words joined by `_`. */
export function asCarrierToken(carrier: string | null | undefined): string | null {
  const token = carrier
    ?.trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return token ? token : null;
}

/** The carrier that quoted a rate (`provider` "USPS", or the token's prefix). */
export const providerOf = (rate: ShippoObject) =>
  (text(rate, 'provider') ?? carrierOfToken(tokenOf(rate) ?? '') ?? '').toLowerCase();

/**
 * The shipment and rate a return is bought with. A named service's carrier decides the address
 * direction up front; for "cheapest" the outbound way is asked first and, when the cheapest rate is
 * from a carrier Shippo does not swap for, asked again the way the parcel travels for that service.
 */
export async function rateForReturn(
  client: ShippoClient,
  request: ReturnParcelRequest,
): Promise<{ shipment: ShippoObject; rate: ShippoObject }> {
  const base = {
    shopper: request.from,
    shop: request.to,
    parcels: request.parcels,
    extra: {
      ...(request.method === 'qr' ? { qr_code_requested: true } : {}),
      reference_1: request.reference,
      reference_2: request.orderNumber,
    },
    customs: toCustomsDeclaration(request),
    metadata: request.reference,
  };
  const cheapest = request.service === '' || request.service === 'cheapest';
  const direction = cheapest ? 'outbound' : directionFor(carrierOfToken(request.service) ?? '');
  let shipment = await createReturnShipment(client, { ...base, direction });
  let rate = pickRate(shipment, request.service);
  if (cheapest && rate && directionFor(providerOf(rate)) !== direction) {
    const token = tokenOf(rate) ?? '';
    shipment = await createReturnShipment(client, { ...base, direction: 'travelled' });
    rate = pickRate(shipment, token);
  }
  if (!rate) {
    const why = messagesOf(shipment);
    throw new CarrierError(
      'rejected',
      'CARRIER_SERVICE_UNAVAILABLE',
      `shippo offers no rate for ${request.service || 'this return'}${why ? ` (${why})` : ''}`,
      null,
      null,
      'service',
    );
  }
  return { shipment, rate };
}
