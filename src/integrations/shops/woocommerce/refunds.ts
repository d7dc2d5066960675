import type { PlatformRefund, PlatformRefundRequest } from '../../../app/catalog/connections/port.js';
import { fromDecimal, toDecimal } from '../http.js';
import { badAnswer, gmt, isObject, type Json, MAX_PAGE, str, type WooClient } from './client.js';

/** Meta keys Retour writes on each refund it makes, to know it again (WooCommerce has no idempotency key). */
export const SETTLEMENT_META = '_retour_settlement_id';
export const IDEMPOTENCY_META = '_retour_idempotency_key';

const metaOf = (refund: Json, key: string): string | null => {
  const found = (Array.isArray(refund.meta_data) ? refund.meta_data.filter(isObject) : []).find((m) => m.key === key);
  return found ? str(found.value) || null : null;
};

/** The key in the reason too: meta_data can be dropped by plugins, the reason is kept as sent. */
const keyInReason = (reason: string) => /\[retour:([^\]\s]+)\]/.exec(reason)?.[1] ?? null;

function mapRefund(refund: Json, currency: string): PlatformRefund & { idempotencyKey: string | null } {
  const reason = str(refund.reason);
  return {
    externalId: str(refund.id),
    // A refund recorded without the gateway moving the money is not money back.
    status: refund.refunded_payment === false ? 'failed' : 'succeeded',
    amount: Math.abs(fromDecimal(str(refund.amount) || '0')),
    currency,
    settlementId: metaOf(refund, SETTLEMENT_META),
    createdAt: gmt(refund.date_created_gmt, refund.date_created),
    idempotencyKey: metaOf(refund, IDEMPOTENCY_META) ?? keyInReason(reason),
  };
}

async function orderCurrency(client: WooClient, orderId: string): Promise<string> {
  const res = await client.json('GET', `/orders/${encodeURIComponent(orderId)}`, { query: { _fields: 'id,currency' } });
  if (!isObject(res.body)) throw badAnswer('the order');
  return str(res.body.currency).toUpperCase();
}

/** Every refund of an order as WooCommerce answers it, page by page. */
async function rawRefunds(client: WooClient, orderId: string): Promise<Json[]> {
  const all: Json[] = [];
  for (let page = 1; ; page++) {
    const res = await client.json('GET', `/orders/${encodeURIComponent(orderId)}/refunds`, {
      query: { page, per_page: MAX_PAGE },
    });
    if (!Array.isArray(res.body)) throw badAnswer('a list of refunds');
    all.push(...res.body.filter(isObject));
    const pages = Number(res.headers.get('x-wp-totalpages') ?? 0);
    if (pages ? page >= pages : res.body.length < MAX_PAGE) return all;
  }
}

async function refundsWithKeys(client: WooClient, orderId: string, currency: string | null) {
  const cur = currency ?? (await orderCurrency(client, orderId));
  return (await rawRefunds(client, orderId)).map((r) => mapRefund(r, cur));
}

/**
 * Units and money (tax included) refunded per order line by refunds made in WooCommerce itself
 * (wp-admin, another plugin): those without Retour's key. WooCommerce records a refund's lines
 * with negative quantities and totals, each naming the order line it refunds.
 */
export async function refundedOutsideRetour(
  client: WooClient,
  orderId: string,
): Promise<Map<string, { quantity: number; amount: number }>> {
  const byLine = new Map<string, { quantity: number; amount: number }>();
  for (const refund of await rawRefunds(client, orderId)) {
    if (metaOf(refund, SETTLEMENT_META) || metaOf(refund, IDEMPOTENCY_META) || keyInReason(str(refund.reason))) continue;
    for (const item of Array.isArray(refund.line_items) ? refund.line_items.filter(isObject) : []) {
      const lineId = str(item.refunded_item_id);
      if (!lineId) continue;
      const seen = byLine.get(lineId) ?? { quantity: 0, amount: 0 };
      byLine.set(lineId, {
        quantity: seen.quantity + Math.abs(Number(item.quantity ?? 0)),
        amount: seen.amount + Math.abs(fromDecimal(str(item.total) || '0')) + Math.abs(fromDecimal(str(item.total_tax) || '0')),
      });
    }
  }
  return byLine;
}

const strip = ({ idempotencyKey: _, ...refund }: ReturnType<typeof mapRefund>): PlatformRefund => refund;

/** Every refund of an order, with the settlement Retour made it for (from its meta data). */
export async function listWooRefunds(client: WooClient, orderId: string): Promise<PlatformRefund[]> {
  return (await refundsWithKeys(client, orderId, null)).map(strip);
}

/** A line's refund split into amount before tax and tax per rate, as WooCommerce records it. */
function refundLine(line: PlatformRefundRequest['lines'][number]) {
  const rateId = line.lineRef.taxRateId;
  const bp = Number(line.lineRef.taxRateBp ?? 0);
  if (rateId === null || rateId === undefined || !(bp > 0)) {
    return { id: Number(line.lineExternalId), quantity: line.quantity, refund_total: toDecimal(line.amount) };
  }
  const net = Math.round((line.amount * 10_000) / (10_000 + bp));
  return {
    id: Number(line.lineExternalId),
    quantity: line.quantity,
    refund_total: toDecimal(net),
    refund_tax: [{ id: Number(rateId), refund_total: toDecimal(line.amount - net) }],
  };
}

/**
 * A refund through the order's payment gateway (`api_refund`), never restocking (Retour reports
 * restocks itself). WooCommerce has no idempotency key, so the order's refunds are read first and
 * one carrying this key is returned instead of refunding again; callers keep two runs for one
 * settlement from overlapping.
 */
export async function createWooRefund(client: WooClient, request: PlatformRefundRequest): Promise<PlatformRefund> {
  const existing = (await refundsWithKeys(client, request.orderExternalId, request.currency)).find(
    (r) => r.idempotencyKey === request.idempotencyKey || (r.settlementId !== null && r.settlementId === request.settlementId),
  );
  if (existing) return strip(existing);
  const body: Json = {
    amount: toDecimal(request.amount),
    reason: `Retour ${request.returnNumber}${request.note ? `: ${request.note}` : ''} [retour:${request.idempotencyKey}]`,
    api_refund: true,
    api_restock: false,
    meta_data: [
      { key: SETTLEMENT_META, value: request.settlementId },
      { key: IDEMPOTENCY_META, value: request.idempotencyKey },
    ],
  };
  if (request.lines.length > 0) body.line_items = request.lines.map(refundLine);
  const res = await client.json('POST', `/orders/${encodeURIComponent(request.orderExternalId)}/refunds`, { body });
  if (!isObject(res.body) || res.body.id === undefined) throw badAnswer('the refund');
  return strip(mapRefund(res.body, request.currency));
}
