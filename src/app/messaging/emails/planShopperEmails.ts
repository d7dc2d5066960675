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
  return insertPendingEmails(
    tx,
    now,
    planned.map((p) => ({ dedupeKey: `${p.eventId}:${p.kind}`, kind: p.kind, returnId: p.returnId, eventId: p.eventId })),
  );
}

/** Writes e-mails waiting to be sent, skipping any whose dedupe key already has one; answers the
 * ids of those made now. */
export async function insertPendingEmails(
  tx: Tx,
  now: Date,
  emails: { dedupeKey: string; kind: string; returnId: string; eventId: string | null }[],
): Promise<string[]> {
  const made = await tx
    .insertInto('emails')
    .values(
      emails.map((e) => ({
        id: newId('eml'),
        dedupe_key: e.dedupeKey,
        kind: e.kind,
        return_id: e.returnId,
        event_id: e.eventId,
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
