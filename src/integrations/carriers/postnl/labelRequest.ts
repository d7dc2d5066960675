import type { CarrierAddress, LabelFormat, ParcelSize, ReturnParcelRequest } from '../../../app/logistics/carriers/port.js';
import { splitHouseNumber } from '../http.js';
import type { PostNLProduct } from './mapping.js';
import { toPostNLTime } from './time.js';

/** PostNL's address types: 01 receives the parcel (the shop, for a return), 02 sends it (the shopper). */
export const RECEIVER = '01';
export const SENDER = '02';

/** Printer types of the labelling service: a PDF for home printers, ZPL for thermal printers. */
export const PRINTER_TYPES: Record<LabelFormat, string> = {
  pdf: 'GraphicFile|PDF',
  zpl: 'Zebra|Generic ZPL II 200 dpi',
};

/** The house number PostNL wants apart, and what follows the digits as the extension ("12a" → 12, "a"). */
function houseParts(address: CarrierAddress): { Street: string; HouseNr: string; HouseNrExt?: string } {
  const split = address.houseNumber
    ? { street: address.line1, houseNumber: address.houseNumber }
    : splitHouseNumber(address.line1);
  const m = /^(\d+)\s*[-/]?\s*(.*)$/.exec(split.houseNumber.trim());
  return m?.[2] ? { Street: split.street, HouseNr: m[1]!, HouseNrExt: m[2] } : { Street: split.street, HouseNr: m?.[1] ?? '' };
}

export function postnlAddress(type: string, address: CarrierAddress): Record<string, unknown> {
  const [first, ...rest] = address.name.trim().split(/\s+/);
  return {
    AddressType: type,
    ...(address.company ? { CompanyName: address.company } : {}),
    FirstName: rest.length ? first : undefined,
    Name: rest.length ? rest.join(' ') : first,
    ...houseParts(address),
    Zipcode: address.postcode.replace(/\s+/g, '').toUpperCase(),
    City: address.city,
    Countrycode: address.country.toUpperCase(),
  };
}

/** Sizes in millimetres from the longest side to the shortest, as PostNL asks; weight in grams. */
function dimension(parcel: ParcelSize): Record<string, number> {
  const sides = [parcel.lengthCm, parcel.widthCm, parcel.heightCm].filter((s): s is number => typeof s === 'number');
  const [length, width, height] = sides.sort((a, b) => b - a).map((cm) => Math.round(cm * 10));
  return {
    Weight: Math.max(1, Math.round(parcel.weightGrams)),
    ...(length ? { Length: length } : {}),
    ...(width ? { Width: width } : {}),
    ...(height ? { Height: height } : {}),
  };
}

/** What a label request carries about one parcel; the rest of the request is the same for all. */
export interface LabelShipment {
  barcode: string;
  from: CarrierAddress;
  to: CarrierAddress;
  parcel: ParcelSize;
  reference: string;
  orderNumber: string | null;
  product: PostNLProduct;
  /** Multi-collo: this parcel's place among the boxes of one return. */
  group: { mainBarcode: string; sequence: number; count: number } | null;
}

export function labelShipmentsOf(request: ReturnParcelRequest, barcodes: string[], product: PostNLProduct): LabelShipment[] {
  return barcodes.map((barcode, i) => ({
    barcode,
    from: request.from,
    to: request.to,
    parcel: request.parcels[i] ?? request.parcels[0]!,
    reference: request.reference,
    orderNumber: request.orderNumber,
    product,
    group: barcodes.length > 1 ? { mainBarcode: barcodes[0]!, sequence: i + 1, count: barcodes.length } : null,
  }));
}

/** The body of `POST /shipment/v2_2/label`: the shop as customer and receiver, the shopper as sender. */
export function labelRequest(
  customer: { code: string; number: string },
  shipments: LabelShipment[],
  printer: string,
  now: Date,
): Record<string, unknown> {
  const shop = shipments[0]!.to;
  return {
    Customer: {
      CustomerCode: customer.code,
      CustomerNumber: customer.number,
      Name: shop.company ?? shop.name,
      Email: shop.email ?? undefined,
      Address: postnlAddress(SENDER, shop),
    },
    Message: {
      // Up to 12 characters; PostNL only echoes it.
      MessageID: String(now.getTime() % 1e12),
      MessageTimeStamp: toPostNLTime(now),
      Printertype: printer,
    },
    Shipments: shipments.map((s) => ({
      Addresses: [postnlAddress(RECEIVER, s.to), postnlAddress(SENDER, s.from)],
      Barcode: s.barcode,
      // The shopper gets PostNL's e-mails (for Smart Returns: the code to show at the counter).
      Contacts:
        s.from.email || s.from.phone
          ? [{ ContactType: '01', Email: s.from.email ?? undefined, TelNr: s.from.phone ?? undefined }]
          : [],
      Dimension: dimension(s.parcel),
      ProductCodeDelivery: s.product.code,
      ...(s.product.options.length ? { ProductOptions: s.product.options } : {}),
      Reference: s.reference,
      ...(s.orderNumber ? { CustomerOrderNumber: s.orderNumber.slice(0, 35) } : {}),
      ...(s.group
        ? {
            Groups: [
              { GroupType: '03', GroupSequence: s.group.sequence, GroupCount: s.group.count, MainBarcode: s.group.mainBarcode },
            ],
          }
        : {}),
    })),
  };
}

const ADDRESS_FIELDS: Record<string, string> = {
  Zipcode: 'postcode',
  HouseNr: 'houseNumber',
  HouseNrExt: 'houseNumber',
  Street: 'line1',
  City: 'city',
  Countrycode: 'country',
  Name: 'name',
  FirstName: 'name',
  CompanyName: 'company',
};

/** The field of Retour's request behind an element PostNL blamed in a label request. */
export function blamedField(element: string | null): string | null {
  if (!element) return null;
  const address = /^Shipments\[\d+\]\.Addresses\[(\d+)\]\.(\w+)/.exec(element);
  if (address) return `${address[1] === '0' ? 'to' : 'from'}.${ADDRESS_FIELDS[address[2]!] ?? address[2]}`;
  if (/^Shipments\[\d+\]\.Contacts/.test(element)) return 'from.email';
  if (/^Shipments\[\d+\]\.Dimension/.test(element)) return 'parcels';
  if (/^Shipments\[\d+\]\.(ProductCodeDelivery|ProductOptions)/.test(element)) return 'service';
  if (/^Shipments\[\d+\]\.Reference/.test(element)) return 'reference';
  if (/^Customer\.CustomerCode/.test(element)) return 'customerCode';
  if (/^Customer\.CustomerNumber/.test(element)) return 'customerNumber';
  if (/^Customer\.Address\.(\w+)/.test(element)) return `to.${ADDRESS_FIELDS[element.split('.').pop()!] ?? 'line1'}`;
  return null;
}
