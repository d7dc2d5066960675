import { sql } from 'kysely';
import type { RetourDb } from '../../db/connection.js';
import type { Acceptance, Reception, Resolution } from '../../domain/returnLine.js';
import { CALLED_OFF_STATUSES, type ReturnStatus } from '../../domain/returnStatus.js';

/** Returns whose goods are still awaited and with the shopper: the counter may take them back.
 * One in transit is with a carrier, one received is at a warehouse: neither comes over a counter. */
const AWAITING_GOODS: readonly ReturnStatus[] = ['approved'];
/** At most this many orders answer one e-mail address (the newest first). */
const MAX_ORDERS = 10;

export interface CounterOrderLine {
  id: string;
  sku: string;
  title: string;
  imageUrl: string | null;
  quantity: number;
  /** What one unit was paid, after discounts, in minor units. */
  unitPaid: number;
  /** Units not in a return yet (nor in one that went ahead). */
  returnable: number;
}

export interface CounterOpenReturn {
  id: string;
  number: string;
  status: ReturnStatus;
  method: string | null;
  storeId: string | null;
  lines: {
    id: string;
    orderLineId: string;
    quantity: number;
    acceptance: Acceptance;
    reception: Reception;
    resolution: Resolution;
  }[];
}

export interface CounterOrder {
  id: string;
  number: string;
  placedAt: Date;
  email: string;
  customerName: string;
  currency: string;
  lines: CounterOrderLine[];
  /** Returns of the order whose goods are still awaited, e.g. requested online to bring to a store. */
  openReturns: CounterOpenReturn[];
}

export interface CounterFind {
  /** How the search was read: a return's QR code, an e-mail address, or an order or return number. */
  matchedBy: 'qr' | 'email' | 'number';
  /** The return a QR code or return number named, when it is one the counter can take back. */
  returnId: string | null;
  orders: CounterOrder[];
}

/** What the portal's QR code for a return carries (see integrations/labels/qrCode.ts). */
const QR = /^RETOUR:([^:]+):(.+)$/;

/**
 * Finds what a shopper brings to the counter: the order of a scanned QR code (the portal's, naming
 * the return and its order), the orders of an e-mail address, or the order or return of a number.
 * Finds nothing rather than guessing: a QR code whose return and order do not belong together
 * answers no order.
 */
export async function findAtCounter(db: RetourDb, query: string): Promise<CounterFind> {
  const q = query.trim();
  const qr = QR.exec(q);
  if (qr) {
    const [, returnNumber = '', orderNumber = ''] = qr;
    const ret = await db
      .selectFrom('returns')
      .innerJoin('orders', 'orders.id', 'returns.order_id')
      .select(['returns.id', 'returns.order_id'])
      .where('returns.number', '=', returnNumber)
      .where('orders.order_number', '=', orderNumber)
      .executeTakeFirst();
    return answer(db, 'qr', ret ? [ret.order_id] : [], ret?.id ?? null);
  }
  if (q.includes('@')) {
    const rows = await db
      .selectFrom('orders')
      .select('id')
      // Every order's e-mail is stored lower-cased (imports and syncs): compared as it is, the
      // index on it answers.
      .where('email', '=', q.toLowerCase())
      .orderBy('placed_at', 'desc')
      .limit(MAX_ORDERS)
      .execute();
    return answer(
      db,
      'email',
      rows.map((r) => r.id),
      null,
    );
  }
  const [order, ret] = await Promise.all([
    db.selectFrom('orders').select('id').where('order_number', '=', q).executeTakeFirst(),
    db.selectFrom('returns').select(['id', 'order_id']).where('number', '=', q.toUpperCase()).executeTakeFirst(),
  ]);
  const orderIds = [order?.id, ret?.order_id].filter((id): id is string => Boolean(id));
  return answer(db, 'number', [...new Set(orderIds)], ret?.id ?? null);
}

async function answer(db: RetourDb, matchedBy: CounterFind['matchedBy'], orderIds: string[], returnId: string | null) {
  const orders = await loadCounterOrders(db, orderIds);
  // A return the counter cannot take (called off, already in) is shown with its order, not picked.
  const open = orders.some((o) => o.openReturns.some((r) => r.id === returnId));
  return { matchedBy, returnId: open ? returnId : null, orders };
}

/** The orders with their lines, what of each is still returnable, and their returns awaiting goods. */
export async function loadCounterOrders(db: RetourDb, orderIds: string[]): Promise<CounterOrder[]> {
  if (orderIds.length === 0) return [];
  const [orders, lines, returns] = await Promise.all([
    db
      .selectFrom('orders')
      .innerJoin('customers', 'customers.id', 'orders.customer_id')
      .select([
        'orders.id',
        'orders.order_number',
        'orders.placed_at',
        'orders.email',
        'orders.currency',
        'customers.first_name',
        'customers.last_name',
      ])
      .where('orders.id', 'in', orderIds)
      .orderBy('orders.placed_at', 'desc')
      .execute(),
    orderLineRows(db, orderIds),
    awaitingReturns(db, orderIds),
  ]);
  return orders.map((o) => ({
    id: o.id,
    number: o.order_number,
    placedAt: o.placed_at,
    email: o.email,
    customerName: [o.first_name, o.last_name].filter(Boolean).join(' '),
    currency: o.currency,
    lines: lines
      .filter((l) => l.order_id === o.id)
      .map((l) => ({
        id: l.id,
        sku: l.sku,
        title: l.title,
        imageUrl: l.image_url ?? null,
        quantity: l.quantity,
        unitPaid: l.quantity > 0 ? Math.floor(Number(l.paid_amount) / l.quantity) : 0,
        returnable: Math.max(0, l.quantity - Number(l.in_returns ?? 0)),
      })),
    openReturns: returns.filter((r) => r.orderId === o.id).map(({ orderId: _, ...r }) => r),
  }));
}

/** The orders' lines with how many units are in returns that went ahead or may still. */
function orderLineRows(db: RetourDb, orderIds: string[]) {
  return db
    .selectFrom('order_lines')
    .leftJoin('variants', 'variants.id', 'order_lines.variant_id')
    .select((eb) => [
      'order_lines.id',
      'order_lines.order_id',
      'order_lines.sku',
      'order_lines.title',
      'order_lines.quantity',
      'order_lines.paid_amount',
      'variants.image_url',
      eb
        .selectFrom('return_lines')
        .innerJoin('returns', 'returns.id', 'return_lines.return_id')
        .select(sql<number>`coalesce(sum(return_lines.quantity), 0)::int`.as('n'))
        .whereRef('return_lines.order_line_id', '=', 'order_lines.id')
        .where('returns.status', 'not in', CALLED_OFF_STATUSES)
        .where('return_lines.acceptance', '!=', 'rejected')
        .as('in_returns'),
    ])
    .where('order_lines.order_id', 'in', orderIds)
    .orderBy('order_lines.line_number')
    .execute();
}

/** The orders' returns whose goods are still awaited, with their lines. */
async function awaitingReturns(db: RetourDb, orderIds: string[]): Promise<(CounterOpenReturn & { orderId: string })[]> {
  const returns = await db
    .selectFrom('returns')
    .select(['id', 'order_id', 'number', 'status', 'method', 'store_id'])
    .where('order_id', 'in', orderIds)
    .where('status', 'in', AWAITING_GOODS)
    .orderBy('created_at')
    .execute();
  if (returns.length === 0) return [];
  const lines = await db
    .selectFrom('return_lines')
    .select([
      'id',
      'return_id',
      'order_line_id',
      'quantity',
      'acceptance',
      'reception',
      'requested_resolution',
      'granted_resolution',
    ])
    .where(
      'return_id',
      'in',
      returns.map((r) => r.id),
    )
    .orderBy('id')
    .execute();
  return returns.map((r) => ({
    id: r.id,
    orderId: r.order_id,
    number: r.number,
    status: r.status,
    method: r.method,
    storeId: r.store_id,
    lines: lines
      .filter((l) => l.return_id === r.id)
      .map((l) => ({
        id: l.id,
        orderLineId: l.order_line_id,
        quantity: l.quantity,
        acceptance: l.acceptance,
        reception: l.reception,
        resolution: l.granted_resolution ?? l.requested_resolution,
      })),
  }));
}
