import { randomUUID } from 'node:crypto';
import {
  type PlatformRefund,
  type PlatformRefundRequest,
  ShopError,
  type ShopPlatformAdapter,
} from '../../../app/catalog/connections/port.js';
import { toDecimal } from '../http.js';
import type { ShopifyGraphql } from './graphqlClient.js';
import { type Gql, money, moneyCurrency, nodesOf, SETTLEMENT_MARK } from './orderMapper.js';
import { VARIANT_BY_SKU } from './queries.js';
import { primaryLocation } from './returns.js';

type RestockItems = Parameters<NonNullable<ShopPlatformAdapter['restock']>>[0];

const MONEY = '{ shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }';

const REFUND_FIELDS = `id createdAt note totalRefundedSet ${MONEY}
  transactions(first: 5) { nodes { id kind status } }`;

const ORDER_TRANSACTIONS = `query RetourRefundable($id: ID!) {
  order(id: $id) { id currencyCode presentmentCurrencyCode transactions(first: 30) { id kind status gateway amountSet ${MONEY}
    parentTransaction { id } }
    refunds(first: 20) { ${REFUND_FIELDS} } }
}`;

const REFUND_CREATE = `mutation RetourRefund($input: RefundInput!, $key: String!) {
  refundCreate(input: $input) @idempotent(key: $key) { refund { ${REFUND_FIELDS} } userErrors { field message } }
}`;

const ORDER_REFUNDS = `query RetourRefunds($id: ID!) { order(id: $id) { id refunds(first: 50) { ${REFUND_FIELDS} } } }`;

const ADJUST = `mutation RetourRestock($input: InventoryAdjustQuantitiesInput!, $key: String!) {
  inventoryAdjustQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { id } userErrors { field message code }
  }
}`;

/** What can still be refunded of each successful sale or capture, largest first. */
function refundableParents(order: Gql): { id: string; gateway: string; left: number }[] {
  const transactions = nodesOf(order.transactions);
  const refunded = new Map<string, number>();
  for (const t of transactions) {
    const parent = (t.parentTransaction as Gql | null)?.id;
    if (t.kind === 'REFUND' && t.status === 'SUCCESS' && parent)
      refunded.set(String(parent), (refunded.get(String(parent)) ?? 0) + money(t.amountSet));
  }
  return transactions
    .filter((t) => (t.kind === 'SALE' || t.kind === 'CAPTURE') && t.status === 'SUCCESS')
    .map((t) => ({
      id: String(t.id),
      gateway: String(t.gateway ?? ''),
      left: money(t.amountSet) - (refunded.get(String(t.id)) ?? 0),
    }))
    .filter((t) => t.left > 0)
    .sort((a, b) => b.left - a.left);
}

function toPlatformRefund(refund: Gql): PlatformRefund {
  const statuses = nodesOf(refund.transactions).map((t) => String(t.status));
  const status = statuses.some((s) => s === 'SUCCESS')
    ? 'succeeded'
    : statuses.length > 0 && statuses.every((s) => s === 'FAILURE' || s === 'ERROR')
      ? 'failed'
      : statuses.length === 0
        ? 'succeeded'
        : 'pending';
  return {
    externalId: String(refund.id),
    status,
    amount: money(refund.totalRefundedSet),
    currency: moneyCurrency(refund.totalRefundedSet) ?? '',
    settlementId: SETTLEMENT_MARK.exec(String(refund.note ?? ''))?.[1] ?? null,
    createdAt: (refund.createdAt as string | null) ?? null,
  };
}

/**
 * Refunds through Shopify with its idempotency key, so asking twice (a lost answer, two workers)
 * makes one refund. The money goes back to the sale or capture transactions it was paid with
 * (kind REFUND, their parentId); lines are listed without restocking (restocks are reported apart).
 */
export async function refundOnShopify(api: ShopifyGraphql, request: PlatformRefundRequest): Promise<PlatformRefund> {
  const { order } = await api.request<{ order: Gql | null }>(ORDER_TRANSACTIONS, { id: request.orderExternalId });
  if (!order) throw new ShopError('rejected', 'SHOP_NOT_FOUND', 'Shopify does not know this order', { field: 'orderExternalId' });
  // Made before (an answer lost after Shopify took it): that refund, not another.
  const made = nodesOf(order.refunds)
    .map(toPlatformRefund)
    .find((r) => r.settlementId === request.settlementId);
  if (made) return made;
  // Shopify refunds in the currency the shopper paid; an order kept in another (the shop's) would
  // be refunded a wrong amount.
  const paidIn = String(order.presentmentCurrencyCode ?? order.currencyCode ?? '');
  if (paidIn && paidIn !== request.currency)
    throw new ShopError(
      'rejected',
      'SHOP_CURRENCY_MISMATCH',
      `The order was paid in ${paidIn} on Shopify, the refund is in ${request.currency}: sync the order again`,
      { field: 'currency' },
    );
  const transactions: Record<string, unknown>[] = [];
  let rest = request.amount;
  for (const parent of refundableParents(order)) {
    if (rest <= 0) break;
    const part = Math.min(rest, parent.left);
    transactions.push({
      orderId: request.orderExternalId,
      parentId: parent.id,
      gateway: parent.gateway,
      kind: 'REFUND',
      amount: toDecimal(part),
    });
    rest -= part;
  }
  if (rest > 0)
    throw new ShopError('rejected', 'SHOP_OVER_REFUND', 'The amount is more than Shopify can still refund on this order', {
      field: 'amount',
    });
  const input = {
    orderId: request.orderExternalId,
    note: `${request.note} (return ${request.returnNumber}) (settlement ${request.settlementId})`.slice(0, 5000),
    notify: false,
    currency: request.currency,
    transactions,
    refundLineItems: request.lines
      .filter((l) => l.quantity > 0)
      .map((l) => ({ lineItemId: l.lineExternalId, quantity: l.quantity, restockType: 'NO_RESTOCK' })),
  };
  const payload = await api.mutate<{ refund: Gql | null }>(REFUND_CREATE, { input, key: request.idempotencyKey }, 'refundCreate');
  if (!payload.refund) throw new ShopError('transient', 'SHOP_BAD_ANSWER', 'Shopify made no refund');
  return toPlatformRefund(payload.refund);
}

export async function listShopifyRefunds(api: ShopifyGraphql, orderExternalId: string): Promise<PlatformRefund[]> {
  const { order } = await api.request<{ order: Gql | null }>(ORDER_REFUNDS, { id: orderExternalId });
  return order ? nodesOf(order.refunds).map(toPlatformRefund) : [];
}

/**
 * Adds restocked units to Shopify's `available` quantity at the location (the shop's primary one
 * when none is given), reason "restock"; a negative quantity takes them out again (reason
 * "correction"). The reference (Retour's stock movement) is the idempotency key (required from
 * 2026-04) and the adjustment's reference document, so a repeat after a lost answer changes
 * nothing. A variant without a stored inventory item is found by SKU.
 */
export async function restockOnShopify(
  api: ShopifyGraphql,
  items: RestockItems,
  locationId: string | null,
  reference?: string,
): Promise<void> {
  const changes: { inventoryItemId: string; locationId: string; delta: number }[] = [];
  let location = locationId;
  for (const [i, item] of items.entries()) {
    if (item.quantity === 0) continue;
    location ??= await primaryLocation(api);
    const inventoryItemId = await inventoryItemOf(api, item, i);
    changes.push({ inventoryItemId, locationId: location, delta: item.quantity });
  }
  if (changes.length === 0) return;
  const input: Record<string, unknown> = {
    name: 'available',
    reason: changes.every((c) => c.delta > 0) ? 'restock' : 'correction',
    changes,
  };
  if (reference) input.referenceDocumentUri = `gid://retour/StockMovement/${encodeURIComponent(reference)}`;
  const key = reference ? `retour-restock-${reference}` : randomUUID();
  await api.mutate(ADJUST, { input, key }, 'inventoryAdjustQuantities');
}

async function inventoryItemOf(api: ShopifyGraphql, item: RestockItems[number], index: number): Promise<string> {
  if (item.variantRef.inventoryItemId) return String(item.variantRef.inventoryItemId);
  if (item.sku) {
    const data = await api.request<{ productVariants: Gql }>(VARIANT_BY_SKU, {
      query: `sku:'${item.sku.replace(/'/g, "\\'")}'`,
    });
    const variant = nodesOf(data.productVariants).find((v) => v.sku === item.sku);
    const id = (variant?.inventoryItem as Gql | null)?.id;
    if (id) return String(id);
  }
  throw new ShopError('rejected', 'SHOP_NOT_FOUND', `Shopify has no inventory item for ${item.sku}`, {
    field: `items.${index}.sku`,
  });
}
