import { type EmailEvent, plannedShopperEmails } from '../../../domain/email/shopperEmails.js';
import { newId } from '../../kernel/ids.js';
import type { Tx } from '../../kernel/transaction.js';

/**
 * Writes the e-mails a batch of outbox events asks for (see plannedShopperEmails), each once:
 * the dedupe key is the event and kind, so a relay that runs twice makes no second e-mail.
 * Returns the ids made now, for the caller to queue their jobs in the same transaction.
 */
export async function planShopperEmails(tx: Tx, events: readonly EmailEvent[], now: Date): Promise<string[]> {
  const planned = plannedShopperEmails(events);
  if (planned.length === 0) return [];
  const made = await tx
    .insertInto('emails')
    .values(
      planned.map((p) => ({
        id: newId('eml'),
        dedupe_key: `${p.eventId}:${p.kind}`,
        kind: p.kind,
        return_id: p.returnId,
        event_id: p.eventId,
        status: 'pending',
        created_at: now,
        updated_at: now,
      })),
    )
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .execute();
  return made.map((r) => r.id);
}
