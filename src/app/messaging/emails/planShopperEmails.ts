import {
  type EmailEvent,
  type PlannedEmail,
  plannedShopperEmails,
  type ShopperEmailKind,
} from '../../../domain/email/shopperEmails.js';
import { newId } from '../../kernel/ids.js';
import type { Tx } from '../../kernel/transaction.js';

/**
 * Writes the e-mails a batch of outbox events asks for (see plannedShopperEmails), each once:
 * the dedupe key is the event and kind, so a relay that runs twice makes no second e-mail.
 * Returns the ids made now, for the caller to queue their jobs in the same transaction.
 */
export async function planShopperEmails(tx: Tx, events: readonly EmailEvent[], now: Date): Promise<string[]> {
  const planned = await withoutCounterSteps(tx, plannedShopperEmails(events));
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

/** Steps a shopper sees happen in front of them at a store's counter: the receipt e-mail tells
 * them all at once, instead of an "approved, bring it to the store" e-mail while they stand there. */
const COUNTER_STEPS: ReadonlySet<ShopperEmailKind> = new Set(['requested', 'approved', 'received', 'inspected']);

/** Leaves out the e-mails of steps done at a store's counter: of returns opened there (source
 * `store`), and of those taken back there (an online return's goods received and graded). */
async function withoutCounterSteps(tx: Tx, planned: PlannedEmail[]): Promise<PlannedEmail[]> {
  const ids = [...new Set(planned.filter((p) => COUNTER_STEPS.has(p.kind)).map((p) => p.returnId))];
  if (ids.length === 0) return planned;
  const atCounter = await tx
    .selectFrom('returns')
    .select('id')
    .where('id', 'in', ids)
    .where((eb) => eb.or([eb('source', '=', 'store'), eb('id', 'in', eb.selectFrom('counter_returns').select('return_id'))]))
    .execute();
  const skip = new Set(atCounter.map((r) => r.id));
  return planned.filter((p) => !(COUNTER_STEPS.has(p.kind) && skip.has(p.returnId)));
}
