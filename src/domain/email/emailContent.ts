/** The address an erased customer's e-mail becomes (see src/domain/privacy/erasure.ts). */
const ERASED_MAILBOX = '@erased.invalid';

/**
 * Whether retention or an erasure took an e-mail's body or recipient. Such an e-mail cannot be
 * sent again: the mailer would render it anew from today's data (undoing the retention) or write to
 * an `…@erased.invalid` address.
 */
export function emailContentRemoved(e: { recipient: string | null; html: string | null; text: string | null }): boolean {
  return !e.recipient || e.recipient.endsWith(ERASED_MAILBOX) || (e.html === null && e.text === null);
}
