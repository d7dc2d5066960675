import { notFound, RetourError } from '../../domain/errors.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { inUnit } from '../kernel/transaction.js';

/** Withdraws a policy exception; returns already judged with it keep their verdict. */
export async function revokePolicyException(ctx: AppContext, meta: CommandMeta, input: { exceptionId: string; reason: string }) {
  return inUnit(ctx, meta, async ({ tx, now, record }) => {
    const row = await tx
      .selectFrom('policy_exceptions')
      .selectAll()
      .where('id', '=', input.exceptionId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('Policy exception', input.exceptionId);
    if (row.revoked_at) throw new RetourError('conflict', 'EXCEPTION_REVOKED', `Exception ${row.id} was already revoked`);
    await tx
      .updateTable('policy_exceptions')
      .set({ revoked_at: now, revoked_by: meta.actor.id ?? meta.actor.type })
      .where('id', '=', row.id)
      .execute();
    const subject = row.customer_id
      ? { subjectType: 'customer', subjectId: row.customer_id }
      : row.order_id
        ? { subjectType: 'order', subjectId: row.order_id }
        : { subjectType: 'return', subjectId: row.return_id ?? '' };
    record({
      ...subject,
      type: 'policy.exception_revoked',
      returnId: row.return_id,
      reason: input.reason,
      data: { exceptionId: row.id },
    });
    return { id: row.id, revoked: true };
  });
}
