import type {
  BookedParcel,
  BookedReturn,
  CarrierAddress,
  CarrierRate,
  ParcelSize,
  ReturnParcelRequest,
} from '../../../app/logistics/carriers/port.js';
import { fromDecimal } from '../http.js';
import { badAnswer, isObject, type ShippoObject, text } from './client.js';

/** Carriers for which Shippo swaps the addresses of a return itself: they are sent the outbound
 * way (shop → shopper). Every other carrier gets them the way the parcel really travels. */
const SWAPPED_BY_SHIPPO = ['usps', 'fedex', 'ups'];

/** Carrier tokens a service level token is known to start with. */
const KNOWN_CARRIER_TOKENS = [
  'dhl_express',
  'dhl_ecommerce',
  'royal_mail',
  'canada_post',
  'australia_post',
  'usps',
  'fedex',
  'ups',
];

/** The carrier a service level token belongs to (`usps_priority` → usps, `dhl_express_worldwide`
 * → dhl_express), only where the token starts with a carrier token known here. Null otherwise: the
 * first word of `dhl_germany_paket` or `hermes_uk_parcel` names another carrier (dhl, hermes), and
 * tracking would ask that one; the rate's provider says it then (see carrierTokenOf). */
export function carrierOfToken(token: string): string | null {
  return KNOWN_CARRIER_TOKENS.find((c) => token.startsWith(`${c}_`)) ?? null;
}

export const shippoSwaps = (carrier: string) => SWAPPED_BY_SHIPPO.includes(carrier.toLowerCase().replace(/[^a-z]/g, ''));

export function toShippoAddress(a: CarrierAddress): ShippoObject {
  return {
    name: a.name,
    company: a.company ?? '',
    street1: a.line1,
    ...(a.houseNumber ? { street_no: a.houseNumber } : {}),
    street2: a.line2 ?? '',
    city: a.city,
    zip: a.postcode,
    country: a.country.toUpperCase(),
    email: a.email ?? '',
    phone: a.phone ?? '',
  };
}

/** Shippo wants all three dimensions; a shop that weighs but does not measure its returns gets a
 * shoebox-sized parcel, which every carrier Shippo offers accepts. */
const DEFAULT_BOX_CM = { length: 30, width: 20, height: 12 };

export function toShippoParcel(p: ParcelSize): ShippoObject {
  return {
    length: String(p.lengthCm ?? DEFAULT_BOX_CM.length),
    width: String(p.widthCm ?? DEFAULT_BOX_CM.width),
    height: String(p.heightCm ?? DEFAULT_BOX_CM.height),
    distance_unit: 'cm',
    weight: String(p.weightGrams),
    mass_unit: 'g',
  };
}

/** The customs declaration of a return crossing a border, inline on the shipment. */
export function toCustomsDeclaration(request: ReturnParcelRequest): ShippoObject | null {
  if (!request.customs) return null;
  return {
    contents_type: 'RETURN_MERCHANDISE',
    non_delivery_option: 'RETURN',
    certify: true,
    certify_signer: request.from.name,
    invoice: request.customs.invoiceNumber,
    items: request.items.map((item) => ({
      description: item.description,
      quantity: item.quantity,
      net_weight: String(item.weightGrams * item.quantity),
      mass_unit: 'g',
      value_amount: ((item.unitValue * item.quantity) / 100).toFixed(2),
      value_currency: item.currency,
      origin_country: (item.originCountry ?? request.to.country).toUpperCase(),
      ...(item.hsCode ? { tariff_number: item.hsCode } : {}),
      sku_code: item.sku,
    })),
  };
}

/** A rate as Retour quotes it; null for an entry too broken to offer. */
export function toCarrierRate(rate: ShippoObject): CarrierRate | null {
  const level = isObject(rate.servicelevel) ? rate.servicelevel : {};
  const token = text(level, 'token');
  const amount = text(rate, 'amount');
  const currency = text(rate, 'currency');
  if (!token || !amount || !currency || !Number.isFinite(Number(amount))) return null;
  const days = Number(rate.estimated_days);
  return {
    service: token,
    serviceName: [text(rate, 'provider'), text(level, 'name')].filter(Boolean).join(' ') || token,
    amount: fromDecimal(amount),
    currency,
    estimatedDays: rate.estimated_days != null && Number.isFinite(days) ? days : null,
  };
}

/** One box's transaction; `carrier` is the Shippo carrier token of the rate it was bought on. */
export function toBookedParcel(transaction: ShippoObject, carrier: string | null = null): BookedParcel {
  return {
    remoteId: text(transaction, 'object_id'),
    trackingNumber: text(transaction, 'tracking_number'),
    trackingUrl: text(transaction, 'tracking_url_provider'),
    carrier,
  };
}

/** A transaction (one per box; the first stands for the return) as a booked return. Shippo answers
 * SUCCESS with the label, QUEUED/WAITING while it is still buying it. Every box is bought on the
 * same rate, so they share its carrier. */
export function toBookedReturn(
  first: ShippoObject,
  boxes: ShippoObject[],
  cost: BookedReturn['cost'],
  carrier: string | null = null,
): BookedReturn {
  const remoteId = text(first, 'object_id');
  const status = text(first, 'status');
  if (!remoteId || !status) throw badAnswer('a transaction without object_id or status');
  const ready = status !== 'QUEUED' && status !== 'WAITING';
  if (ready && status === 'SUCCESS' && !text(first, 'tracking_number')) throw badAnswer('a bought label without tracking number');
  const others = boxes.filter((b) => text(b, 'object_id') !== remoteId);
  return {
    remoteId,
    ready,
    parcels: [first, ...others].map((t) => toBookedParcel(t, carrier)),
    cost,
    qrCode: text(first, 'qr_code_url'),
    pickup: null,
  };
}

/** A rate's price as a label cost. */
export function costOf(rate: ShippoObject): BookedReturn['cost'] {
  const amount = text(rate, 'amount');
  const currency = text(rate, 'currency');
  return amount && currency && Number.isFinite(Number(amount)) ? { amount: fromDecimal(amount), currency } : null;
}
