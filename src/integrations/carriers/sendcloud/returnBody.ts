import type { CarrierAddress, CarrierMethod, ReturnParcelRequest } from '../../../app/logistics/carriers/port.js';
import { needsCustoms } from '../../../domain/carriers.js';
import { splitHouseNumber, toDecimal } from '../http.js';

/** How the shopper hands the parcel over, in Sendcloud's `delivery_option` words. */
export const DELIVERY_OPTIONS: Record<CarrierMethod, string> = {
  label: 'drop_off_point',
  partner: 'drop_off_point',
  qr: 'drop_off_labelless',
  pickup: 'pickup',
};

/** An address as v3 wants it: street and house number apart (NL, BE and DE carriers refuse them together). */
export function v3Address(address: CarrierAddress) {
  const split = address.houseNumber
    ? { street: address.line1, houseNumber: address.houseNumber }
    : splitHouseNumber(address.line1);
  return {
    name: address.name,
    company_name: address.company ?? undefined,
    address_line_1: split.street,
    house_number: split.houseNumber || undefined,
    address_line_2: address.line2 ?? undefined,
    postal_code: address.postcode,
    city: address.city,
    state_province_code: address.state ?? undefined,
    country_code: address.country.toUpperCase(),
    email: address.email ?? undefined,
    phone_number: address.phone ?? undefined,
  };
}

const kg = (grams: number) => (grams / 1000).toFixed(3);

/**
 * The body of `POST /api/v3/returns` for a request. One weight and size go for every box of a
 * multi-collo return (`collo_count`), so the heaviest box's are sent. Items always go along: outside
 * the EU Sendcloud requires them for the customs declaration, inside they carry the return reasons.
 */
export function returnBody(request: ReturnParcelRequest) {
  const heaviest = [...request.parcels].sort((a, b) => b.weightGrams - a.weightGrams)[0];
  const dims =
    heaviest?.lengthCm && heaviest.widthCm && heaviest.heightCm
      ? { length: heaviest.lengthCm, width: heaviest.widthCm, height: heaviest.heightCm, unit: 'cm' }
      : undefined;
  const crossesCustoms = needsCustoms(request.from.country, request.to.country) || request.customs;
  return {
    from_address: v3Address(request.from),
    to_address: v3Address(request.to),
    ship_with: {
      type: 'shipping_option_code',
      shipping_option_code: request.service,
      ...(request.method === 'qr' ? { functionalities: { labelless: true } } : {}),
    },
    weight: { value: kg(heaviest?.weightGrams ?? 0), unit: 'kg' },
    dimensions: dims,
    collo_count: Math.max(1, request.parcels.length),
    parcel_items: request.items.map((item) => ({
      description: item.description,
      sku: item.sku,
      quantity: item.quantity,
      weight: { value: kg(item.weightGrams), unit: 'kg' },
      price: { value: toDecimal(item.unitValue), currency: item.currency },
      hs_code: item.hsCode ?? undefined,
      origin_country: item.originCountry ?? undefined,
      return_reason_id: item.returnReasonId ?? undefined,
    })),
    delivery_option: DELIVERY_OPTIONS[request.method],
    order_number: request.orderNumber,
    external_reference: request.reference,
    // Retour tells the shopper itself; Sendcloud's own e-mails would say it twice.
    send_tracking_emails: false,
    ...(crossesCustoms && request.customs
      ? {
          customs_invoice_nr: request.customs.invoiceNumber,
          customs_information: {
            invoice_number: request.customs.invoiceNumber,
            export_reason: 'returned_goods',
            return_data: {
              return_postal_code: request.from.postcode,
              outbound_tracking_number: request.customs.outboundTrackingNumber ?? undefined,
              outbound_shipment_date: request.customs.outboundShippedAt?.slice(0, 10) ?? undefined,
            },
          },
        }
      : {}),
  };
}
