import { sql } from 'kysely';
import type { StockCondition } from '../../db/schema.js';
import type { MANUAL_STOCK_KINDS } from '../../domain/disposition.js';
import { notFound, RetourError } from '../../domain/errors.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { newId } from '../kernel/ids.js';
import { inUnit } from '../kernel/transaction.js';
import { lockVariantsForStock } from './stockLocks.js';

export interface StockMovementInput {
  variantId: string;
  warehouseId: string;
  condition: StockCondition;
  quantity: number;
  kind: (typeof MANUAL_STOCK_KINDS)[number];
  note?: string | null;
}

/** Adds one movement to the stock ledger. On hand never goes below zero: the variant's stock lock,
 * taken alone (see stockLocks), and then its row's lock, make two movements for it be checked one
 * after the other, and a restock under way be counted before this one is. */
export async function recordStockMovement(ctx: AppContext, meta: CommandMeta, input: StockMovementInput) {
  return inUnit(ctx, meta, async ({ tx, now, record }) => {
    await lockVariantsForStock(tx, [input.variantId], 'alone');
    const variant = await tx
      .selectFrom('variants')
      .select(['id', 'sku'])
      .where('id', '=', input.variantId)
      .forUpdate()
      .executeTakeFirst();
    if (!variant) throw notFound('Variant', input.variantId);
    const warehouse = await tx.selectFrom('warehouses').select('id').where('id', '=', input.warehouseId).executeTakeFirst();
    if (!warehouse) throw notFound('Warehouse', input.warehouseId);
    const { on_hand } = await tx
      .selectFrom('stock_movements')
      .select(sql<string>`coalesce(sum(quantity), 0)`.as('on_hand'))
      .where('variant_id', '=', input.variantId)
      .where('warehouse_id', '=', input.warehouseId)
      .where('condition', '=', input.condition)
      .executeTakeFirstOrThrow();
    const after = Number(on_hand) + input.quantity;
    if (after < 0) {
      throw new RetourError('conflict', 'STOCK_WOULD_GO_NEGATIVE', `Only ${on_hand} of ${variant.sku} on hand here`, [
        { path: 'quantity', message: `at most ${on_hand} can be taken out` },
      ]);
    }
    // Wall-clock ids: the ledger lists movements in the order they were written.
    const id = newId('stm');
    await tx
      .insertInto('stock_movements')
      .values({
        id,
        variant_id: input.variantId,
        warehouse_id: input.warehouseId,
        condition: input.condition,
        quantity: input.quantity,
        kind: input.kind,
        return_line_id: null,
        note: input.note ?? null,
        actor: meta.actor.id ?? meta.actor.type,
        created_at: now,
      })
      .execute();
    record({
      type: 'stock.moved',
      subjectType: 'variant',
      subjectId: input.variantId,
      reason: input.note ?? null,
      data: { movementId: id, sku: variant.sku, ...input, onHand: after },
    });
    return { id, onHand: after };
  });
}
