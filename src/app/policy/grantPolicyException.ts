import { notFound } from '../../domain/errors.js';
import type { PolicyEffects } from '../../domain/policy/document.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { newId } from '../kernel/ids.js';
import { inUnit } from '../kernel/transaction.js';

export interface GrantPolicyExceptionInput {
  /** Exactly one: the exception holds for a customer, one order, or one return. */
  scope: { customerId: string } | { orderId: string } | { returnId: string };
  /** Effects applied after every rule (e.g. a longer window, no fees). */
  effects: PolicyEffects;
  /** Allow what the shop's rules refuse (window, final sale, blocked customer…). */
  allowReturn: boolean;
  reason: string;
  expiresAt?: Date | null;
}

/** A staff-made exception to the policy for one customer, order or return, with who and why on
 * the record of that customer or return. */
export async function grantPolicyException(ctx: AppContext, meta: CommandMeta, input: GrantPolicyExceptionInput) {
  return inUnit(ctx, meta, async ({ tx, now, record }) => {
    const scope = input.scope;
    let customerId: string | null = null;
    let orderId: string | null = null;
    let returnId: string | null = null;
    let subject: { type: string; id: string };
    if ('customerId' in scope) {
      const found = await tx.selectFrom('customers').select('id').where('id', '=', scope.customerId).executeTakeFirst();
      if (!found) throw notFound('Customer', scope.customerId);
      customerId = found.id;
      subject = { type: 'customer', id: found.id };
    } else if ('orderId' in scope) {
      const found = await tx
        .selectFrom('orders')
        .select(['id', 'customer_id'])
        .where('id', '=', scope.orderId)
        .executeTakeFirst();
      if (!found) throw notFound('Order', scope.orderId);
      orderId = found.id;
      subject = { type: 'order', id: found.id };
    } else {
      const found = await tx.selectFrom('returns').select('id').where('id', '=', scope.returnId).executeTakeFirst();
      if (!found) throw notFound('Return', scope.returnId);
      returnId = found.id;
      subject = { type: 'return', id: found.id };
    }
    const id = newId('pex', now.getTime());
    await tx
      .insertInto('policy_exceptions')
      .values({
        id,
        customer_id: customerId,
        order_id: orderId,
        return_id: returnId,
        effects: JSON.stringify(input.effects),
        allow_return: input.allowReturn,
        reason: input.reason,
        created_by: meta.actor.id ?? meta.actor.type,
        created_at: now,
        expires_at: input.expiresAt ?? null,
      })
      .execute();
    record({
      type: 'policy.exception_granted',
      subjectType: subject.type,
      subjectId: subject.id,
      returnId,
      reason: input.reason,
      data: {
        exceptionId: id,
        effects: input.effects,
        allowReturn: input.allowReturn,
        expiresAt: input.expiresAt?.toISOString() ?? null,
      },
    });
    return { id, scope: subject, allowReturn: input.allowReturn };
  });
}
