import type { ExchangeOrderLineRow, ExchangeOrderRow } from '../../db/schema.js';
import { notFound } from '../../domain/errors.js';
import type { Tx, Unit } from '../kernel/transaction.js';
import { type LoadedReturn, loadReturnForUpdate } from '../returns/returnStore.js';

export interface LoadedExchangeOrder {
  order: ExchangeOrderRow;
  lines: ExchangeOrderLineRow[];
  ret: LoadedReturn;
}

/** Locks an exchange order for a change: its return first (the order every writer takes, so two
 * commands on one return never deadlock), then the order itself. */
export async function loadExchangeOrderForUpdate(tx: Tx, exchangeOrderId: string): Promise<LoadedExchangeOrder> {
  const head = await tx.selectFrom('exchange_orders').select('return_id').where('id', '=', exchangeOrderId).executeTakeFirst();
  if (!head) throw notFound('Exchange order', exchangeOrderId);
  const ret = await loadReturnForUpdate(tx, head.return_id);
  const order = await tx
    .selectFrom('exchange_orders')
    .selectAll()
    .where('id', '=', exchangeOrderId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const lines = await tx
    .selectFrom('exchange_order_lines')
    .selectAll()
    .where('exchange_order_id', '=', exchangeOrderId)
    .orderBy('id')
    .execute();
  return { order, lines, ret };
}

/** An event about an exchange order, on the return's timeline too. */
export function recordOrderEvent(
  unit: Unit,
  type: string,
  loaded: Pick<LoadedExchangeOrder, 'order' | 'ret'>,
  data: Record<string, unknown> = {},
  reason: string | null = null,
) {
  unit.record({
    type,
    subjectType: 'exchange_order',
    subjectId: loaded.order.id,
    returnId: loaded.ret.row.id,
    reason,
    data: {
      number: loaded.ret.row.number,
      exchangeOrderId: loaded.order.id,
      exchangeOrderNumber: loaded.order.number,
      ...data,
    },
  });
}
