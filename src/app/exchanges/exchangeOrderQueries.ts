import type { Kysely } from 'kysely';
import type { Database, ExchangeOrderLineRow, ExchangeOrderRow } from '../../db/schema.js';
import { notFound } from '../../domain/errors.js';
import {
  EXCHANGE_STATUSES,
  type ExchangeChargeStatus,
  type ExchangePaymentStatus,
  type ExchangeStatus,
} from '../../domain/exchangeOrderLifecycle.js';
import { decodeCursor, type Page, toPage } from '../kernel/pagination.js';

export interface ExchangeOrderView {
  id: string;
  number: string;
  returnId: string;
  returnNumber: string;
  status: ExchangeStatus;
  instant: boolean;
  currency: string;
  /** Positive: the shopper pays it; negative: it goes back to them. */
  priceDifference: number;
  payment: {
    status: ExchangePaymentStatus;
    provider: string | null;
    url: string | null;
    /** When the link stops taking payments. */
    expiresAt: string | null;
    /** How the difference came in: the link's provider, or 'manual' (staff confirmed it). */
    via: string | null;
    reference: string | null;
    paidAt: string | null;
    error: string | null;
  };
  surplusSettlementId: string | null;
  /** The settlement paying a difference back when a paid-for exchange did not ship. */
  differenceRefundSettlementId: string | null;
  returnBy: string | null;
  /** What happened when an instant exchange's item was not back in time. */
  overdue: {
    action: string;
    chargeAmount: number | null;
    chargeUrl: string | null;
    chargeStatus: ExchangeChargeStatus | null;
  } | null;
  shipment: { trackingNumber: string | null; carrier: string | null; shippedAt: string | null };
  cancelReason: string | null;
  lines: {
    returnLineId: string;
    variantId: string;
    sku: string;
    title: string;
    quantity: number;
    unitPrice: number;
    returnedValue: number;
    /** The policy's exchange bonus put towards the new item: unitPrice × quantity − returnedValue − bonus = difference. */
    bonus: number;
    difference: number;
  }[];
  createdAt: string;
  readyAt: string | null;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function presentExchangeOrder(
  o: ExchangeOrderRow,
  lines: ExchangeOrderLineRow[],
  returnNumber: string,
): ExchangeOrderView {
  return {
    id: o.id,
    number: o.number,
    returnId: o.return_id,
    returnNumber,
    status: o.status,
    instant: o.instant,
    currency: o.currency,
    priceDifference: o.price_difference,
    payment: {
      status: o.payment_status,
      provider: o.payment_provider,
      // A called-off exchange's link is being closed: nobody is sent to it any more.
      url: o.payment_status === 'open' && o.status !== 'cancelled' ? o.payment_link_url : null,
      expiresAt: iso(o.payment_link_expires_at),
      via: o.payment_via,
      reference: o.payment_reference,
      paidAt: iso(o.paid_at),
      error: o.payment_error,
    },
    surplusSettlementId: o.surplus_settlement_id,
    differenceRefundSettlementId: o.difference_refund_settlement_id,
    returnBy: iso(o.return_by),
    overdue: o.overdue_action
      ? {
          action: o.overdue_action,
          chargeAmount: o.charge_amount,
          chargeUrl: o.charge_status === 'open' ? o.charge_link_url : null,
          chargeStatus: o.charge_status,
        }
      : null,
    shipment: { trackingNumber: o.tracking_number, carrier: o.carrier, shippedAt: iso(o.shipped_at) },
    cancelReason: o.cancel_reason,
    lines: lines
      .filter((l) => l.exchange_order_id === o.id)
      .map((l) => ({
        returnLineId: l.return_line_id,
        variantId: l.variant_id,
        sku: l.sku,
        title: l.title,
        quantity: l.quantity,
        unitPrice: l.unit_price,
        returnedValue: l.returned_value,
        bonus: l.bonus,
        difference: l.difference,
      })),
    createdAt: o.created_at.toISOString(),
    readyAt: iso(o.ready_at),
  };
}

async function present(db: Kysely<Database>, orders: (ExchangeOrderRow & { return_number: string })[]) {
  const lines = orders.length
    ? await db
        .selectFrom('exchange_order_lines')
        .selectAll()
        .where(
          'exchange_order_id',
          'in',
          orders.map((o) => o.id),
        )
        .orderBy('id')
        .execute()
    : [];
  return orders.map((o) => presentExchangeOrder(o, lines, o.return_number));
}

const withNumber = (db: Kysely<Database>) =>
  db
    .selectFrom('exchange_orders')
    .innerJoin('returns', 'returns.id', 'exchange_orders.return_id')
    .selectAll('exchange_orders')
    .select('returns.number as return_number');

/** A return's exchange orders, oldest first. Two queries. */
export async function exchangeOrdersOf(db: Kysely<Database>, returnId: string): Promise<ExchangeOrderView[]> {
  return present(
    db,
    await withNumber(db).where('exchange_orders.return_id', '=', returnId).orderBy('exchange_orders.created_at').execute(),
  );
}

export async function getExchangeOrder(db: Kysely<Database>, id: string): Promise<ExchangeOrderView> {
  const row = await withNumber(db).where('exchange_orders.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Exchange order', id);
  const [view] = await present(db, [row]);
  return view as ExchangeOrderView;
}

/** Exchange orders for the shop to work through, e.g. every one that is ready to ship, oldest first. */
export async function listExchangeOrders(
  db: Kysely<Database>,
  filter: { status?: ExchangeStatus; cursor?: string; limit?: number },
): Promise<Page<ExchangeOrderView>> {
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
  let q = withNumber(db)
    .orderBy('exchange_orders.id')
    .limit(limit + 1);
  if (filter.status && EXCHANGE_STATUSES.includes(filter.status)) q = q.where('exchange_orders.status', '=', filter.status);
  if (filter.cursor) q = q.where('exchange_orders.id', '>', decodeCursor(filter.cursor));
  const page = toPage(await q.execute(), limit);
  return { items: await present(db, page.items), nextCursor: page.nextCursor };
}
