import { emailContentRemoved } from '../../../domain/email/emailContent.js';
import { notFound, RetourError } from '../../../domain/errors.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { inUnit } from '../../kernel/transaction.js';
import { EMAIL_QUEUE } from './shipByReminders.js';

export const EMAIL_CONTENT_REMOVED = 'EMAIL_CONTENT_REMOVED';

/** Sends an e-mail again: a failed one once the mail server is back, or one a shopper did not get.
 * The same message (as rendered then) goes out with a fresh job and the full retry schedule. */
export async function resendEmail(ctx: AppContext, meta: CommandMeta, emailId: string) {
  return inUnit(ctx, meta, async ({ tx, now, record }) => {
    const e = await tx
      .selectFrom('emails')
      .select(['id', 'status', 'kind', 'return_id', 'recipient', 'html', 'text_body'])
      .where('id', '=', emailId)
      .forUpdate()
      .executeTakeFirst();
    if (!e) throw notFound('E-mail', emailId);
    if (e.status === 'pending') return { id: e.id, status: e.status, resent: false };
    // Retention or an erasure took its body or recipient: sending it again would render it anew
    // from today's data (undoing the retention) or write to `…@erased.invalid`.
    if (emailContentRemoved({ ...e, text: e.text_body }))
      throw new RetourError(
        'conflict',
        EMAIL_CONTENT_REMOVED,
        "This e-mail's content was removed (retention or erasure); it cannot be sent again",
      );
    await tx
      .updateTable('emails')
      .set({ status: 'pending', attempts: 0, last_error: null, updated_at: now })
      .where('id', '=', e.id)
      .execute();
    await ctx.jobs.enqueue(tx, EMAIL_QUEUE, [{ data: { emailId: e.id } }]);
    record({
      type: 'email.resent',
      subjectType: 'email',
      subjectId: e.id,
      returnId: e.return_id,
      data: { kind: e.kind, previousStatus: e.status },
    });
    return { id: e.id, status: 'pending', resent: true };
  });
}
