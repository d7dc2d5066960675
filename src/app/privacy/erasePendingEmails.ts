import { sql } from 'kysely';
import type { Tx } from '../kernel/transaction.js';

/**
 * E-mails to the person not sent yet would be rendered and sent after the erasure, to
 * `…@erased.invalid`: they are marked failed ("erased") before the scrub, found as the scrub finds
 * the mailbox's rows (their returns, or their address in any spelling).
 */
export async function failPendingEmails(tx: Tx, returnIds: string[], identifiers: string[], now: Date): Promise<number> {
  const byReturn = returnIds.length ? sql`return_id in (${sql.join(returnIds)})` : sql`false`;
  const byAddress = identifiers.length
    ? sql`lower(recipient) in (${sql.join(identifiers)}) or retour_normal_email(recipient) in (${sql.join(identifiers)})`
    : sql`false`;
  const { rows } = await sql<{ id: string }>`update emails set status = 'failed', last_error = 'erased', updated_at = ${now}
    where status = 'pending' and (${byReturn} or ${byAddress}) returning id`.execute(tx);
  return rows.length;
}
