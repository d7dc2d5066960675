import type { RetourDb } from '../../db/connection.js';
import { notFound, RetourError } from '../../domain/errors.js';
import { DONE_STATUSES, type ReturnStatus } from '../../domain/returnStatus.js';
import { refuseErasedCustomer } from '../catalog/erasedCustomers.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { inUnit } from '../kernel/transaction.js';

export interface GiveReturnFeedbackInput {
  returnId: string;
  /** The shopper giving it: only their own returns. */
  customerId: string;
  rating: number;
  comment?: string | null;
}

/** The shopper rates a resolved return (1–5, with an optional comment), once. */
export async function giveReturnFeedback(ctx: AppContext, meta: CommandMeta, input: GiveReturnFeedbackInput) {
  return inUnit(ctx, meta, async ({ tx, now, record }) => {
    const own = await tx
      .selectFrom('returns')
      .select(['order_id', 'number', 'status'])
      .where('id', '=', input.returnId)
      .where('customer_id', '=', input.customerId)
      .executeTakeFirst();
    if (!own) throw notFound('Return', input.returnId);
    refuseUnresolved(own);
    // The order first, then the return, as an erasure takes them: the shopper's token may have
    // been checked against a copy of the erased ids made before an erasure that committed since,
    // and the comment would be personal data no erasure looks at again. (A settlement locks the
    // return, then the order, for lines still to be paid; only a resolved or closed return, its
    // money settled, gets this far.)
    await tx.selectFrom('orders').select('id').where('id', '=', own.order_id).forUpdate().execute();
    await refuseErasedCustomer(tx, input.customerId);
    const row = await tx
      .selectFrom('returns')
      .select(['id', 'number', 'status'])
      .where('id', '=', input.returnId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    // A dispute may have opened it again meanwhile.
    refuseUnresolved(row);
    const given = await tx.selectFrom('return_feedback').select('return_id').where('return_id', '=', row.id).executeTakeFirst();
    if (given) throw new RetourError('conflict', 'FEEDBACK_ALREADY_GIVEN', `Return ${row.number} has been rated already`);
    await tx
      .insertInto('return_feedback')
      .values({
        return_id: row.id,
        customer_id: input.customerId,
        rating: input.rating,
        comment: input.comment ?? null,
        created_at: now,
      })
      .execute();
    record({
      type: 'return.feedback_given',
      subjectType: 'return',
      subjectId: row.id,
      returnId: row.id,
      data: { number: row.number, rating: input.rating, withComment: Boolean(input.comment) },
    });
    return { returnId: row.id, rating: input.rating };
  });
}

function refuseUnresolved(ret: { number: string; status: ReturnStatus }): void {
  if (!DONE_STATUSES.includes(ret.status))
    throw new RetourError(
      'conflict',
      'RETURN_NOT_RESOLVED',
      `Return ${ret.number} is ${ret.status}; feedback opens once it is resolved`,
    );
}

/** Whether the shopper already rated the return (feedback is given once). */
export async function feedbackGiven(db: RetourDb, returnId: string): Promise<boolean> {
  const row = await db.selectFrom('return_feedback').select('return_id').where('return_id', '=', returnId).executeTakeFirst();
  return Boolean(row);
}
