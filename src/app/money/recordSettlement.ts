import { RetourError } from '../../domain/errors.js';
import { paidForUnits } from '../../domain/refund.js';
import { type SettlementPart, recordSettlement as settle } from '../../domain/returnLifecycle.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { newId } from '../kernel/ids.js';
import { inUnit } from '../kernel/transaction.js';
import { loadReturnForUpdate } from '../returns/returnStore.js';
import { persistTransition } from '../returns/transitionReturn.js';

export interface RecordSettlementInput {
  returnId: string;
  kind: 'refund' | 'store_credit' | 'exchange' | 'goodwill';
  reference?: string | null;
  note?: string | null;
  lines: SettlementPart[];
}

/** Records a settlement made outside Retour (e.g. a bank transfer by staff): the money has
 * moved, so it is stored as succeeded. Payment-provider settlements build on this later. */
export async function recordSettlement(ctx: AppContext, meta: CommandMeta, input: RecordSettlementInput) {
  return inUnit(ctx, meta, async (unit) => {
    const loaded = await loadReturnForUpdate(unit.tx, input.returnId);
    const result = settle(loaded.state, input.lines);
    const ids = new Set(input.lines.map((l) => l.returnLineId));
    const paid = await unit.tx
      .selectFrom('return_lines')
      .innerJoin('order_lines', 'order_lines.id', 'return_lines.order_line_id')
      .select([
        'return_lines.id',
        'return_lines.quantity',
        'order_lines.paid_amount',
        'order_lines.quantity as ordered',
        'order_lines.refunded_quantity',
        'order_lines.refunded_amount',
      ])
      .where('return_lines.return_id', '=', input.returnId)
      .execute();
    input.lines.forEach((part, i) => {
      const line = paid.find((p) => p.id === part.returnLineId);
      // A refund may not exceed what was paid for the returned units.
      const ceiling = line
        ? paidForUnits(
            {
              paid: line.paid_amount,
              ordered: line.ordered,
              refundedQuantity: line.refunded_quantity,
              refundedAmount: Number(line.refunded_amount),
            },
            line.quantity,
          )
        : 0;
      if (input.kind !== 'goodwill' && part.amount > ceiling) {
        throw new RetourError('invalid', 'AMOUNT_EXCEEDS_PAID', `At most ${ceiling} can be settled for this line`, [
          { path: `lines.${i}.amount`, message: `must be at most ${ceiling}` },
        ]);
      }
    });
    const settlementId = newId('stl');
    const amount = input.lines.reduce((s, l) => s + l.amount, 0);
    await unit.tx
      .insertInto('settlements')
      .values({
        id: settlementId,
        return_id: input.returnId,
        kind: input.kind,
        provider: 'manual',
        status: 'succeeded',
        amount,
        currency: loaded.row.currency,
        reference: input.reference ?? null,
        lines: JSON.stringify(input.lines.filter((l) => ids.has(l.returnLineId))),
        note: input.note ?? null,
        created_by: meta.actor.id,
        created_at: unit.now,
      })
      .execute();
    await persistTransition(unit, loaded, {
      ...result,
      events: result.events.map((e) =>
        e.type === 'return.settlement_recorded' ? { ...e, data: { ...e.data, settlementId, kind: input.kind } } : e,
      ),
    });
    return { returnId: input.returnId, status: result.state.status, settlementId, amount, currency: loaded.row.currency };
  });
}
