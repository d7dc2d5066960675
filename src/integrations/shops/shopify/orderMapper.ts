import type { ShopOrder, ShopOrderLine } from '../../../app/catalog/connections/port.js';
import type { Address } from '../../../db/schema/columns.js';
import { fromDecimal } from '../http.js';

/** A GraphQL object as read: fields by name. */
export type Gql = Record<string, unknown>;

interface MoneyBag {
  shopMoney?: { amount?: string; currencyCode?: string } | null;
  presentmentMoney?: { amount?: string; currencyCode?: string } | null;
}

/** The items of a connection or list however it came: `nodes`, `edges { node }`, or rebuilt from bulk rows as an array. */
export function nodesOf(value: unknown): Gql[] {
  if (Array.isArray(value)) return value as Gql[];
  if (!value || typeof value !== 'object') return [];
  const conn = value as { nodes?: Gql[]; edges?: { node: Gql }[] };
  if (Array.isArray(conn.nodes)) return conn.nodes;
  if (Array.isArray(conn.edges)) return conn.edges.map((e) => e.node);
  return [];
}

/** The amount in the currency the shopper paid (presentment), the one refunds are made in;
 * the shop's amount where an answer has no presentment amount. */
export const money = (bag: unknown): number => fromDecimal(moneyOf(bag)?.amount ?? '0');

/** The currency of `money(bag)`. */
export const moneyCurrency = (bag: unknown): string | null => moneyOf(bag)?.currencyCode ?? null;

const moneyOf = (bag: unknown) => (bag as MoneyBag | null)?.presentmentMoney ?? (bag as MoneyBag | null)?.shopMoney ?? null;
const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** Financial statuses under which the shop holds the shopper's money. */
const PAID_STATUSES = new Set(['PAID', 'PARTIALLY_REFUNDED', 'PARTIALLY_PAID']);

/** Maps an Admin API order (paged, single or rebuilt from a bulk file) to the port's order. */
export function toShopOrder(order: Gql): ShopOrder {
  const fulfillments = ((order.fulfillments as Gql[] | null) ?? []).filter((f) => f.status !== 'CANCELLED');
  const refunded = refundedOutsideRetour(order.refunds);
  const lines = nodesOf(order.lineItems).map((line) => {
    const mapped = toLine(line, fulfillments, order.taxesIncluded !== false);
    if (!refunded) return mapped;
    const r = refunded.get(mapped.externalId);
    return { ...mapped, refundedQuantity: r?.quantity ?? 0, refundedAmount: r?.amount ?? 0 };
  });
  const shippingLines = nodesOf(order.shippingLines).map((s) => ({
    title: String(s.title ?? ''),
    amount: money(s.discountedPriceSet),
  }));
  const customer = (order.customer as Gql | null) ?? {};
  const sale = nodesOf(order.transactions).find((t) => (t.kind === 'SALE' || t.kind === 'CAPTURE') && t.status === 'SUCCESS');
  return {
    externalId: String(order.id),
    number: String(order.name ?? order.legacyResourceId ?? order.id),
    marketplace: null,
    placedAt: String(order.processedAt ?? order.createdAt),
    updatedAt: String(order.updatedAt ?? order.createdAt),
    cancelledAt: str(order.cancelledAt),
    // The shopper's currency: every amount read (money()) is in it, and refunds are made in it.
    currency: String(order.presentmentCurrencyCode ?? order.currencyCode ?? 'EUR'),
    customer: {
      externalId: str(customer.id),
      email: str(order.email) ?? str((customer.defaultEmailAddress as Gql | null)?.emailAddress) ?? str(customer.email) ?? '',
      firstName: str(customer.firstName),
      lastName: str(customer.lastName),
      phone: str(order.phone) ?? str((customer.defaultPhoneNumber as Gql | null)?.phoneNumber),
      locale: str(order.customerLocale) ?? str(customer.locale),
    },
    shippingAddress: toAddress(order.shippingAddress as Gql | null),
    lines,
    shippingLines,
    discountCodes: ((order.discountCodes as string[] | null) ?? []).filter(Boolean),
    shippingAmount: shippingLines.length
      ? shippingLines.reduce((sum, s) => sum + s.amount, 0)
      : money(order.totalShippingPriceSet),
    payment: {
      refundable: PAID_STATUSES.has(String(order.displayFinancialStatus)) && sale !== undefined,
      method: str(sale?.gateway),
    },
    tags: (order.tags as string[] | null) ?? [],
  };
}

/** Where Retour's note on a refund it made names the settlement it was made for. */
export const SETTLEMENT_MARK = /\(settlement ([^)\s]+)\)/;

/**
 * Units and money refunded per line by refunds made on Shopify itself (its admin, another app):
 * the refunds without Retour's settlement mark. Null when the answer has no refunds (a listing
 * page reads none, to stay within the query cost): the sync then keeps what it knew.
 */
function refundedOutsideRetour(refunds: unknown): Map<string, { quantity: number; amount: number }> | null {
  if (refunds === undefined || refunds === null) return null;
  const byLine = new Map<string, { quantity: number; amount: number }>();
  for (const refund of nodesOf(refunds)) {
    if (SETTLEMENT_MARK.test(String(refund.note ?? ''))) continue;
    for (const item of nodesOf(refund.refundLineItems)) {
      const lineId = str((item.lineItem as Gql | null)?.id);
      if (!lineId) continue;
      const seen = byLine.get(lineId) ?? { quantity: 0, amount: 0 };
      byLine.set(lineId, {
        quantity: seen.quantity + Number(item.quantity ?? 0),
        amount: seen.amount + money(item.subtotalSet),
      });
    }
  }
  return byLine;
}

function toLine(line: Gql, fulfillments: Gql[], taxesIncluded: boolean): ShopOrderLine {
  const quantity = Number(line.quantity ?? 0);
  const taxLines = (line.taxLines as Gql[] | null) ?? [];
  const taxRateBp = Math.round(taxLines.reduce((sum, t) => sum + Number(t.rate ?? 0), 0) * 10_000);
  let unitPriceAmount = money(line.originalUnitPriceSet);
  // Prices of shops that quote without tax get the line's tax per unit on top.
  if (!taxesIncluded && quantity > 0)
    unitPriceAmount += Math.round(taxLines.reduce((sum, t) => sum + money(t.priceSet), 0) / quantity);
  const allocations = (line.discountAllocations as Gql[] | null) ?? [];
  // The allocations hold every discount on the line: its own and its share of the order's.
  const discountAmount = allocations.reduce((sum, a) => sum + money(a.allocatedAmountSet), 0);
  const delivery = deliveryOf(String(line.id), fulfillments);
  const variant = (line.variant as Gql | null) ?? null;
  return {
    externalId: String(line.id),
    sku: String(line.sku ?? ''),
    title: String(line.name ?? line.title ?? ''),
    quantity,
    unitPriceAmount,
    discountAmount,
    taxRateBp,
    productExternalId: str((line.product as Gql | null)?.id),
    variantExternalId: str(variant?.id),
    deliveredAt: delivery.deliveredAt,
    ref: {
      fulfillmentLineItemId: delivery.fulfillmentLineItemId,
      inventoryItemId: str((variant?.inventoryItem as Gql | null)?.id),
    },
  };
}

/**
 * When the line was delivered and its fulfilment line item: the latest `deliveredAt` of the
 * fulfilments holding it, or (a carrier that never reported delivery to the field) the latest
 * DELIVERED event of those fulfilments.
 */
function deliveryOf(lineId: string, fulfillments: Gql[]) {
  let fulfillmentLineItemId: string | null = null;
  let deliveredAt: string | null = null;
  for (const fulfillment of fulfillments) {
    const item = nodesOf(fulfillment.fulfillmentLineItems).find((f) => (f.lineItem as Gql | null)?.id === lineId);
    if (!item) continue;
    fulfillmentLineItemId ??= String(item.id);
    const delivered =
      str(fulfillment.deliveredAt) ??
      nodesOf(fulfillment.events)
        .filter((e) => e.status === 'DELIVERED')
        .map((e) => String(e.happenedAt))
        .sort()
        .pop() ??
      null;
    if (delivered && (!deliveredAt || Date.parse(delivered) > Date.parse(deliveredAt))) deliveredAt = delivered;
  }
  return { fulfillmentLineItemId, deliveredAt };
}

export function toAddress(address: Gql | null | undefined): Address {
  if (!address) return { line1: '', postcode: '', city: '', country: '' };
  const name =
    str(address.name) ??
    ([str(address.firstName ?? address.first_name), str(address.lastName ?? address.last_name)].filter(Boolean).join(' ') ||
      null);
  const result: Address = {
    line1: String(address.address1 ?? ''),
    postcode: String(address.zip ?? ''),
    city: String(address.city ?? ''),
    country: String(address.countryCodeV2 ?? address.country_code ?? ''),
  };
  if (name) result.name = name;
  const line2 = str(address.address2);
  if (line2) result.line2 = line2;
  return result;
}
