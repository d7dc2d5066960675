import { notFound } from '../../domain/errors.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { inUnit } from '../kernel/transaction.js';

export interface SetCustomerSegmentInput {
  customerId: string;
  /** e.g. standard, vip, employee, blocked: policy rules can match on it; `blocked` refuses returns
   * outside the customer's legal rights. */
  segment: string;
  tags?: string[];
  reason: string;
}

/** Moves a customer to a segment (and optionally replaces their tags), on the record with why. */
export async function setCustomerSegment(ctx: AppContext, meta: CommandMeta, input: SetCustomerSegmentInput) {
  return inUnit(ctx, meta, async ({ tx, record }) => {
    const row = await tx
      .selectFrom('customers')
      .select(['id', 'segment', 'tags'])
      .where('id', '=', input.customerId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('Customer', input.customerId);
    const tags = input.tags ?? row.tags;
    await tx
      .updateTable('customers')
      .set({ segment: input.segment, tags: JSON.stringify(tags) })
      .where('id', '=', row.id)
      .execute();
    record({
      type: 'customer.segment_changed',
      subjectType: 'customer',
      subjectId: row.id,
      reason: input.reason,
      data: { from: row.segment, to: input.segment, tagsFrom: row.tags, tagsTo: tags },
    });
    return { id: row.id, segment: input.segment, tags };
  });
}
