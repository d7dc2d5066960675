import { notFound, RetourError } from '../../domain/errors.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { inUnit } from '../kernel/transaction.js';
import { presentSettlement, type SettlementView } from './settlementQueries.js';
import { finishSettlement } from './settlementRun.js';

export interface ConfirmManualSettlementInput {
  settlementId: string;
  /** The bank transfer's reference, as staff see it in the bank's statement. */
  reference: string;
}

/** Staff confirm that a refund by bank transfer was made: the settlement and its lines succeed. */
export async function confirmManualSettlement(
  ctx: AppContext,
  meta: CommandMeta,
  input: ConfirmManualSettlementInput,
): Promise<SettlementView> {
  const s = await ctx.db
    .selectFrom('settlements')
    .select(['id', 'provider', 'status'])
    .where('id', '=', input.settlementId)
    .executeTakeFirst();
  if (!s) throw notFound('Settlement', input.settlementId);
  if (s.provider !== 'manual') {
    throw new RetourError(
      'conflict',
      'NOT_A_MANUAL_SETTLEMENT',
      `This settlement goes through ${s.provider}; it confirms itself`,
    );
  }
  if (s.status === 'pending') {
    await finishSettlement(
      ctx,
      s.id,
      {
        kind: 'paid',
        refund: { id: input.reference, status: 'succeeded', amount: 0, currency: '', settlementId: s.id, createdAt: null },
      },
      meta.actor,
      input.reference,
    );
  } else if (s.status !== 'succeeded') {
    throw new RetourError('conflict', 'SETTLEMENT_NOT_PENDING', `The settlement is ${s.status}`);
  }
  return inUnit(ctx, meta, async (unit) =>
    presentSettlement(await unit.tx.selectFrom('settlements').selectAll().where('id', '=', s.id).executeTakeFirstOrThrow()),
  );
}
