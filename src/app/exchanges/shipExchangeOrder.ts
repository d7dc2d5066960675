import { sql } from 'kysely';
import { RetourError } from '../../domain/errors.js';
import { requireShippable } from '../../domain/exchangeOrderLifecycle.js';
import { completeSettlement } from '../../domain/returnLifecycle.js';
import { lockVariantsForStock } from '../catalog/stockLocks.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { newId } from '../kernel/ids.js';
import { inUnit, type Unit } from '../kernel/transaction.js';
import { persistTransition } from '../returns/transitionReturn.js';
import { changeExchangeStatus } from './changeExchangeStatus.js';
import { type ExchangeOrderView, getExchangeOrder } from './exchangeOrderQueries.js';
import { type LoadedExchangeOrder, loadExchangeOrderForUpdate } from './exchangeOrderStore.js';

export interface ShipExchangeOrderInput {
  exchangeOrderId: string;
  trackingNumber?: string | null;
  carrier?: string | null;
  /** Where the units leave from; by default the warehouse with the most of each in new condition. */
  warehouseId?: string | null;
}

/** The new units leave the stock ledger, each line from the warehouse with the most of it in new
 * condition (or the one asked for); not enough anywhere is a conflict, and nothing is written. */
async function takeFromStock(unit: Unit, loaded: LoadedExchangeOrder, input: ShipExchangeOrderInput, actor: string) {
  const { order, lines } = loaded;
  // The variants' stock locks, taken alone, then their rows' locks (in one order, so two
  // shipments cannot deadlock) like every take-out does: two shipments of the last unit are
  // checked one after the other, and a restock under way is counted first.
  const variantIds = [...new Set(lines.map((l) => l.variant_id))].sort();
  await lockVariantsForStock(unit.tx, variantIds, 'alone');
  await unit.tx.selectFrom('variants').select('id').where('id', 'in', variantIds).orderBy('id').forUpdate().execute();
  const stock = await unit.tx
    .selectFrom('stock_movements')
    .select(['variant_id', 'warehouse_id', sql<string>`sum(quantity)`.as('on_hand')])
    .where(
      'variant_id',
      'in',
      lines.map((l) => l.variant_id),
    )
    .where('condition', '=', 'new')
    .$if(Boolean(input.warehouseId), (q) => q.where('warehouse_id', '=', input.warehouseId as string))
    .groupBy(['variant_id', 'warehouse_id'])
    .execute();
  const taken = new Map<string, number>();
  for (const [i, l] of lines.entries()) {
    const places = stock
      .filter((s) => s.variant_id === l.variant_id)
      .map((s) => ({
        warehouseId: s.warehouse_id,
        left: Number(s.on_hand) - (taken.get(`${s.variant_id}:${s.warehouse_id}`) ?? 0),
      }))
      .sort((a, b) => b.left - a.left);
    const from = places[0];
    if (!from || from.left < l.quantity) {
      throw new RetourError('conflict', 'STOCK_WOULD_GO_NEGATIVE', `Not enough ${l.sku} in new condition to ship`, [
        { path: input.warehouseId ? 'warehouseId' : `lines.${i}`, message: `${Math.max(0, from?.left ?? 0)} on hand` },
      ]);
    }
    taken.set(`${l.variant_id}:${from.warehouseId}`, (taken.get(`${l.variant_id}:${from.warehouseId}`) ?? 0) + l.quantity);
    await unit.tx
      .insertInto('stock_movements')
      .values({
        id: newId('stm'),
        variant_id: l.variant_id,
        warehouse_id: from.warehouseId,
        condition: 'new',
        quantity: -l.quantity,
        kind: 'exchange_shipment',
        return_line_id: l.return_line_id,
        note: `exchange ${order.number}`,
        actor,
        created_at: unit.now,
      })
      .execute();
  }
}

/**
 * The shop sent the new items: they leave the stock ledger (which ends the reservation), the
 * exchanged lines are settled, and the return resolves if that was all it waited for. Shipping an
 * order that has shipped answers with it again, so a retry does nothing twice.
 */
export async function shipExchangeOrder(
  ctx: AppContext,
  meta: CommandMeta,
  input: ShipExchangeOrderInput,
): Promise<ExchangeOrderView> {
  await inUnit(ctx, meta, async (unit) => {
    const loaded = await loadExchangeOrderForUpdate(unit.tx, input.exchangeOrderId);
    const { order, lines, ret } = loaded;
    if (order.status === 'shipped') return;
    requireShippable(order.status);
    await takeFromStock(unit, loaded, input, meta.actor.id ?? meta.actor.type);
    await changeExchangeStatus(
      unit,
      order,
      { type: 'ship' },
      { tracking_number: input.trackingNumber ?? null, carrier: input.carrier ?? null },
    );
    const parts = lines
      .filter((l) => ret.lines.some((r) => r.id === l.return_line_id && r.settlement === 'pending'))
      .map((l) => ({ returnLineId: l.return_line_id, amount: l.returned_value }));
    const settled = parts.length ? completeSettlement(ret.state, parts) : { state: ret.state, events: [] };
    const facts = { exchangeOrderId: order.id, exchangeOrderNumber: order.number };
    await persistTransition(unit, ret, {
      state: settled.state,
      events: [
        {
          type: 'exchange_order.shipped',
          data: { ...facts, trackingNumber: input.trackingNumber ?? null, carrier: input.carrier ?? null },
        },
        ...settled.events.map((e) =>
          e.type === 'return.settlement_recorded' ? { ...e, data: { ...e.data, kind: 'exchange', ...facts } } : e,
        ),
      ],
    });
  });
  return getExchangeOrder(ctx.db, input.exchangeOrderId);
}
