import { sql } from 'kysely';
import type { Tx } from '../kernel/transaction.js';

/**
 * "Refund only after receipt" on a return already written (an automation rule's action): the flag,
 * and each line's timing raised to receipt with no instant exchange, the policy's own kept beside
 * them — every way money or an exchange moves reads the line's timing (src/domain/refundMoment.ts),
 * as a risky request's lines are written in the first place (judgeReturnRequest).
 */
export async function makeMoneyWaitForGoods(tx: Tx, returnId: string): Promise<void> {
  await tx.updateTable('returns').set({ refund_after_receipt: true }).where('id', '=', returnId).execute();
  await sql`update return_lines set verdict = verdict
      || case when verdict->>'refundTiming' in ('approval', 'first_scan') and not verdict ? 'policyRefundTiming'
           then jsonb_build_object('policyRefundTiming', verdict->'refundTiming', 'refundTiming', 'receipt')
           else '{}'::jsonb end
      || case when verdict->>'instantExchange' = 'true'
           then jsonb_build_object('policyInstantExchange', true, 'instantExchange', false)
           else '{}'::jsonb end
    where return_id = ${returnId} and verdict is not null`.execute(tx);
}

/** A person cleared the score (GDPR Art. 22): the lines' money and exchanges follow the policy's
 * timing again, and the return no longer waits for its goods. */
export async function letMoneyFollowPolicy(tx: Tx, returnId: string): Promise<void> {
  await tx.updateTable('returns').set({ refund_after_receipt: false }).where('id', '=', returnId).execute();
  await sql`update return_lines set verdict = (verdict - 'policyRefundTiming' - 'policyInstantExchange')
      || case when verdict ? 'policyRefundTiming'
           then jsonb_build_object('refundTiming', verdict->'policyRefundTiming') else '{}'::jsonb end
      || case when verdict ? 'policyInstantExchange'
           then jsonb_build_object('instantExchange', verdict->'policyInstantExchange') else '{}'::jsonb end
    where return_id = ${returnId} and (verdict ? 'policyRefundTiming' or verdict ? 'policyInstantExchange')`.execute(tx);
}
