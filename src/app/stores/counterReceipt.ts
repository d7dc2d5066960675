import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { notFound } from '../../domain/errors.js';
import { isOneOf } from '../../domain/oneOf.js';
import { ARRIVED_RECEPTIONS, type Disposition, type Grade, type Resolution } from '../../domain/returnLine.js';
import type { SettlementKind, SettlementStatus } from '../../domain/settlementStatus.js';
import { type CounterStore, loadStore } from './counterStore.js';

/** What the shopper takes home from the counter: what came back, how it was judged, what money
 * goes back and how. */
export interface CounterReceipt {
  returnId: string;
  returnNumber: string;
  orderNumber: string;
  store: CounterStore;
  takenAt: Date;
  email: string;
  customerName: string;
  currency: string;
  lines: {
    returnLineId: string;
    sku: string;
    title: string;
    quantity: number;
    grade: Grade | null;
    disposition: Disposition | null;
    resolution: Resolution;
    /** What goes back for this line, in minor units. */
    amount: number;
  }[];
  money: { kind: SettlementKind; provider: string; status: SettlementStatus; amount: number }[];
  /** Refunded to the original payment (started or done), in minor units. */
  refunded: number;
  /** The shopper's store-credit code when credit was issued. */
  storeCredit: { code: string; amount: number } | null;
}

/** The receipt of a return taken back at a counter; `storeId` limits it to one store's returns. */
export async function counterReceiptIn(
  db: Kysely<Database>,
  returnId: string,
  options: { storeId?: string | null } = {},
): Promise<CounterReceipt> {
  const row = await counterReturnRow(db, returnId, options.storeId);
  const [store, lines, settlements] = await Promise.all([
    loadStore(db, row.store_id),
    receiptLines(db, returnId),
    db
      .selectFrom('settlements')
      .select(['id', 'kind', 'provider', 'status', 'amount', 'lines'])
      .where('return_id', '=', returnId)
      .where('status', '!=', 'failed')
      .orderBy('id')
      .execute(),
  ]);
  const amountOf = (lineId: string) =>
    settlements.reduce((sum, s) => sum + s.lines.filter((p) => p.returnLineId === lineId).reduce((a, p) => a + p.amount, 0), 0);
  const credited = settlements.filter((s) => s.kind === 'store_credit').reduce((a, s) => a + Number(s.amount), 0);
  const account =
    credited > 0
      ? await db
          .selectFrom('store_credit_accounts')
          .select('code')
          .where('customer_id', '=', row.customer_id)
          .where('currency', '=', row.currency)
          .executeTakeFirst()
      : undefined;
  return {
    returnId,
    returnNumber: row.number,
    orderNumber: row.order_number,
    store,
    takenAt: row.created_at,
    email: row.email,
    customerName: [row.first_name, row.last_name].filter(Boolean).join(' '),
    currency: row.currency,
    lines: lines
      // Only what came back: a line of an online return the shopper did not bring is not on it.
      .filter((l) => isOneOf(ARRIVED_RECEPTIONS, l.reception))
      .map((l) => ({
        returnLineId: l.id,
        sku: l.sku,
        title: l.title,
        quantity: l.quantity_received,
        grade: l.grade,
        disposition: l.disposition,
        resolution: l.granted_resolution ?? l.requested_resolution,
        amount: amountOf(l.id),
      })),
    money: settlements.map((s) => ({ kind: s.kind, provider: s.provider, status: s.status, amount: Number(s.amount) })),
    refunded: settlements.filter((s) => s.kind === 'refund').reduce((a, s) => a + Number(s.amount), 0),
    storeCredit: account ? { code: account.code, amount: credited } : null,
  };
}

/** The counter return with its order and shopper; not found outside the store asked for. */
async function counterReturnRow(db: Kysely<Database>, returnId: string, storeId: string | null | undefined) {
  let q = db
    .selectFrom('counter_returns')
    .innerJoin('returns', 'returns.id', 'counter_returns.return_id')
    .innerJoin('orders', 'orders.id', 'returns.order_id')
    .innerJoin('customers', 'customers.id', 'returns.customer_id')
    .select([
      'counter_returns.store_id',
      'counter_returns.created_at',
      'returns.number',
      'returns.currency',
      'returns.customer_id',
      'orders.order_number',
      'orders.email',
      'customers.first_name',
      'customers.last_name',
    ])
    .where('counter_returns.return_id', '=', returnId)
    .orderBy('counter_returns.created_at');
  if (storeId) q = q.where('counter_returns.store_id', '=', storeId);
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('Counter return', returnId);
  return row;
}

function receiptLines(db: Kysely<Database>, returnId: string) {
  return db
    .selectFrom('return_lines')
    .innerJoin('order_lines', 'order_lines.id', 'return_lines.order_line_id')
    .select([
      'return_lines.id',
      'order_lines.sku',
      'order_lines.title',
      'return_lines.quantity',
      'return_lines.quantity_received',
      'return_lines.reception',
      'return_lines.grade',
      'return_lines.disposition',
      'return_lines.requested_resolution',
      'return_lines.granted_resolution',
    ])
    .where('return_lines.return_id', '=', returnId)
    .orderBy('return_lines.id')
    .execute();
}
