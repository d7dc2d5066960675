import type { MarketplaceReturn, ShopOrder, ShopOrderLine } from '../../../app/catalog/connections/port.js';
import type { Address } from '../../../db/schema/columns.js';
import { fromDecimal } from '../http.js';

/** ChannelEngine's MerchantAddressResponse (the fields Retour reads). */
export interface CeAddress {
  line1?: string | null;
  line2?: string | null;
  line3?: string | null;
  companyName?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  streetName?: string | null;
  houseNr?: string | null;
  houseNrAddition?: string | null;
  zipCode?: string | null;
  city?: string | null;
  countryIso?: string | null;
}

/** ChannelEngine's MerchantOrderLineResponse (the fields Retour reads). */
export interface CeOrderLine {
  status?: string;
  gtin?: string | null;
  description?: string | null;
  merchantProductNo?: string | null;
  channelProductNo?: string | null;
  quantity: number;
  unitPriceInclVat?: number | null;
  originalUnitPriceInclVat?: number | null;
  lineTotalInclVat?: number | null;
  originalLineTotalInclVat?: number | null;
  vatRate?: number | null;
  expectedDeliveryDate?: string | null;
}

/** ChannelEngine's MerchantOrderResponse (the fields Retour reads). */
export interface CeOrder {
  id: number;
  channelName?: string | null;
  globalChannelName?: string | null;
  channelOrderNo?: string | null;
  merchantOrderNo?: string | null;
  status: string;
  createdAt?: string | null;
  updatedAt?: string | null;
  orderDate?: string | null;
  billingAddress?: CeAddress | null;
  shippingAddress?: CeAddress | null;
  shippingCostsInclVat?: number | null;
  lines?: CeOrderLine[];
  phone?: string | null;
  email?: string | null;
  paymentMethod?: string | null;
  currencyCode?: string | null;
  channelCustomerNo?: string | null;
}

/** ChannelEngine's MerchantReturnResponse / MerchantSingleOrderReturnResponse (the fields Retour reads). */
export interface CeReturn {
  id: number;
  merchantOrderNo?: string | null;
  channelOrderNo?: string | null;
  globalChannelName?: string | null;
  merchantReturnNo?: string | null;
  channelReturnNo?: string | null;
  status?: string | null;
  reason?: string | null;
  customerComment?: string | null;
  createdAt?: string | null;
  returnDate?: string | null;
  lines?: { merchantProductNo?: string | null; quantity: number }[];
}

const money = (value: number | null | undefined) => (typeof value === 'number' ? fromDecimal(value) : 0);

function addressOf(a: CeAddress | null | undefined): Address {
  const name = [a?.firstName, a?.lastName].filter(Boolean).join(' ') || a?.companyName || undefined;
  const street = [a?.streetName, [a?.houseNr, a?.houseNrAddition].filter(Boolean).join('')].filter(Boolean).join(' ');
  const line2 = [a?.line2, a?.line3].filter(Boolean).join(', ');
  return {
    ...(name ? { name } : {}),
    line1: a?.line1 || street,
    ...(line2 ? { line2 } : {}),
    postcode: a?.zipCode ?? '',
    city: a?.city ?? '',
    country: (a?.countryIso ?? '').toUpperCase(),
  };
}

/**
 * The id of a line: its merchantProductNo, and `#n` after it for the n-th line of the same
 * product (a marketplace may split one product over lines), so each line keeps its own id.
 */
export function lineExternalIds(lines: { merchantProductNo?: string | null }[]): string[] {
  const seen = new Map<string, number>();
  return lines.map((line, index) => {
    const no = line.merchantProductNo || `line-${index + 1}`;
    const n = (seen.get(no) ?? 0) + 1;
    seen.set(no, n);
    return n === 1 ? no : `${no}#${n}`;
  });
}

/** Statuses of a line or order whose goods have left the warehouse. */
const SHIPPED = ['SHIPPED', 'CLOSED', 'RETURNED'];

/**
 * ChannelEngine reports no deliveries: a line shipped is taken as delivered on the date the
 * marketplace expected it, once that date has passed; otherwise it is not known to be delivered
 * (the shop's carrier tracking, or a return the buyer announces, tells Retour later).
 */
function deliveredAtOf(line: CeOrderLine, orderStatus: string, now: number): string | null {
  const shipped = SHIPPED.includes(line.status ?? '') || SHIPPED.includes(orderStatus);
  const expected = line.expectedDeliveryDate ? Date.parse(line.expectedDeliveryDate) : Number.NaN;
  return shipped && expected <= now ? new Date(expected).toISOString() : null;
}

function lineOf(line: CeOrderLine, externalId: string, deliveredAt: string | null): ShopOrderLine {
  const unit = line.originalUnitPriceInclVat ?? line.unitPriceInclVat;
  const total = money(line.lineTotalInclVat ?? (line.unitPriceInclVat ?? 0) * line.quantity);
  const before = money(unit) * line.quantity;
  return {
    externalId,
    sku: line.merchantProductNo ?? externalId,
    title: line.description ?? line.merchantProductNo ?? externalId,
    quantity: line.quantity,
    unitPriceAmount: money(unit),
    discountAmount: Math.max(0, before - total),
    taxRateBp: Math.round((line.vatRate ?? 0) * 100),
    productExternalId: null,
    variantExternalId: null,
    deliveredAt,
    ref: {
      merchantProductNo: line.merchantProductNo ?? null,
      channelProductNo: line.channelProductNo ?? null,
      gtin: line.gtin ?? null,
    },
  };
}

/**
 * A ChannelEngine order as Retour's ShopOrder. Its id is the merchantOrderNo (what ChannelEngine's
 * returns and order filters refer to); the number the shopper knows is the channel's. Prices are
 * read incl. VAT; the marketplace took the payment and refunds its buyer, so nothing is refundable
 * through the platform.
 */
export function orderOf(o: CeOrder & { merchantOrderNo: string }): ShopOrder {
  const lines = o.lines ?? [];
  const ids = lineExternalIds(lines);
  const address = o.shippingAddress ?? o.billingAddress;
  const person = o.billingAddress ?? o.shippingAddress;
  const shipping = money(o.shippingCostsInclVat);
  const updatedAt = o.updatedAt ?? o.createdAt ?? o.orderDate ?? new Date(0).toISOString();
  return {
    externalId: o.merchantOrderNo,
    number: o.channelOrderNo || o.merchantOrderNo,
    marketplace: o.channelName ?? o.globalChannelName ?? null,
    placedAt: o.orderDate ?? o.createdAt ?? updatedAt,
    updatedAt,
    cancelledAt: o.status === 'CANCELED' ? updatedAt : null,
    currency: o.currencyCode ?? 'EUR',
    customer: {
      externalId: o.channelCustomerNo ?? null,
      email: o.email ?? '',
      firstName: person?.firstName ?? null,
      lastName: person?.lastName ?? null,
      phone: o.phone ?? null,
      locale: null,
    },
    shippingAddress: addressOf(address),
    lines: lines.map((line, i) => lineOf(line, ids[i] ?? String(i), deliveredAtOf(line, o.status, Date.now()))),
    shippingLines: shipping > 0 ? [{ title: 'Shipping', amount: shipping }] : [],
    discountCodes: [],
    shippingAmount: shipping,
    payment: { refundable: false, method: o.paymentMethod ?? null },
    tags: [],
  };
}

/** A return the marketplace announced, as Retour's MarketplaceReturn. */
export function marketplaceReturnOf(r: CeReturn): MarketplaceReturn {
  return {
    externalId: String(r.id),
    orderExternalId: r.merchantOrderNo ?? '',
    marketplace: r.globalChannelName ?? null,
    reason: r.reason ?? 'OTHER',
    customerComment: r.customerComment ?? null,
    status: r.status ?? 'IN_PROGRESS',
    createdAt: r.createdAt ?? r.returnDate ?? new Date(0).toISOString(),
    lines: (r.lines ?? []).map((l) => ({
      sku: l.merchantProductNo ?? '',
      lineExternalId: l.merchantProductNo ?? null,
      quantity: l.quantity,
    })),
  };
}
