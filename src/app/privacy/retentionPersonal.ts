import { sql } from 'kysely';
import { ERASED } from '../../domain/privacy/erasure.js';
import type { Tx } from '../kernel/transaction.js';
import { countOf, FINAL_RETURN, type RetentionStep } from './retentionStep.js';

/** The events of a return that carry the shopper's own words: a request's line comments, a
 * message's body, a dispute's text (its reason), and why it was rejected or cancelled (the
 * shopper's or staff's words about them). Other events' reasons are codes ('dispute'). */
const WORDY_EVENTS = ['return.requested', 'return.message_sent', 'return.dispute_opened', 'return.rejected', 'return.cancelled'];

/** Takes the shopper's words out of these returns' events, and out of the copies their outbox
 * messages and webhook deliveries keep; what happened, when and to which lines stays. */
async function scrubEvents(tx: Tx, returnIds: string[]): Promise<void> {
  const types = sql.join(WORDY_EVENTS);
  await sql`update events e set
      data = case
        when e.type = 'return.requested' and jsonb_typeof(e.data->'lines') = 'array' then jsonb_set(e.data, '{lines}',
          (select coalesce(jsonb_agg(l.line - 'comment' order by l.n), '[]'::jsonb)
           from jsonb_array_elements(e.data->'lines') with ordinality as l(line, n)))
        when e.type = 'return.message_sent' then e.data - 'body'
        else e.data end,
      reason = case when e.type = 'return.dispute_opened' then null
        when e.type in ('return.rejected', 'return.cancelled') and e.reason is not null then ${ERASED}
        else e.reason end
    where e.return_id in (${sql.join(returnIds)}) and e.type in (${types})`.execute(tx);
  const scrubbed = sql`select id, data, reason from events where return_id in (${sql.join(returnIds)}) and type in (${types})`;
  await sql`update outbox o set payload = o.payload || jsonb_build_object('data', e.data, 'reason', e.reason)
    from (${scrubbed}) e where o.event_id = e.id`.execute(tx);
  await sql`update webhook_deliveries d set payload = d.payload || jsonb_build_object('data', e.data, 'reason', e.reason)
    from (${scrubbed}) e where d.event_id = e.id and d.payload <> '{}'::jsonb`.execute(tx);
}

/** The analytics keep a copy of each line's comment and its words (for the comment-words figures):
 * they go with the comment, as in an erasure; the counts and reasons stay. */
async function clearAnalyticsComments(tx: Tx, returnIds: string[]): Promise<void> {
  await sql`update analytics_return_lines set comment = null, comment_words = '{}'
    where return_id in (${sql.join(returnIds)}) and (comment is not null or comment_words <> '{}')`.execute(tx);
  await sql`update analytics_counted_lines set comment_words = '{}'
    where return_line_id in (select id from return_lines where return_id in (${sql.join(returnIds)}))
      and comment_words <> '{}'`.execute(tx);
}

/** What staff wrote or Retour noted about the shopper around the return: why it was rejected or
 * cancelled, notes on its risk assessments, and a failed e-mail's recipient and error in its
 * staff notifications (the error may quote the address). Each becomes ERASED, as in an erasure. */
async function clearStaffTexts(tx: Tx, returnIds: string[]): Promise<void> {
  await tx
    .updateTable('returns')
    .set({ status_reason: ERASED })
    .where('id', 'in', returnIds)
    .where('status_reason', 'is not', null)
    .where('status_reason', '<>', ERASED)
    .execute();
  // A failed e-mail's notification names its recipient and the error (which may quote them).
  await sql`update staff_notifications set facts = facts
      || case when facts ? 'recipient' then jsonb_build_object('recipient', ${ERASED}::text) else '{}'::jsonb end
      || case when jsonb_typeof(facts->'error') = 'string' then jsonb_build_object('error', ${ERASED}::text) else '{}'::jsonb end
    where return_id in (${sql.join(returnIds)}) and (facts ? 'recipient' or jsonb_typeof(facts->'error') = 'string')`.execute(tx);
  await tx
    .updateTable('risk_assessments')
    .set({ note: ERASED })
    .where('return_id', 'in', returnIds)
    .where('note', 'is not', null)
    .where('note', '<>', ERASED)
    .execute();
}

/** Removes the personal data of these final returns: the shopper's comments on lines and feedback
 * (and the analytics' copies), the bodies of messages and notes (who wrote when stays; the text
 * becomes ERASED, as in an erasure), staff's texts about them (clearStaffTexts), labels and
 * customs papers (they carry the shopper's name and address), the shopper's words in the return's
 * events (and their outbox and webhook copies), and the name and street of their orders' shipping
 * addresses once no other return of the order still keeps its data (country, postcode and city
 * stay for the figures). Amounts, settlements and store credit are not touched. */
async function clearReturns(tx: Tx, returnIds: string[], now: Date): Promise<void> {
  await tx
    .updateTable('return_lines')
    .set({ comment: null })
    .where('return_id', 'in', returnIds)
    .where('comment', 'is not', null)
    .execute();
  // The same marker as an erasure's, so a reader sees one word for text that was taken out.
  await tx
    .updateTable('return_notes')
    .set({ body: ERASED })
    .where('return_id', 'in', returnIds)
    .where('body', '<>', ERASED)
    .execute();
  await tx.updateTable('return_feedback').set({ comment: null }).where('return_id', 'in', returnIds).execute();
  await clearAnalyticsComments(tx, returnIds);
  await clearStaffTexts(tx, returnIds);
  await tx
    .updateTable('shipments')
    .set({ label: null, label_content_type: null, customs_document: null, qr_code: null, customs: null })
    .where('return_id', 'in', returnIds)
    .execute();
  await tx
    .updateTable('shipment_parcels')
    .set({ label: null, label_content_type: null })
    .where('shipment_id', 'in', (eb) => eb.selectFrom('shipments').select('id').where('return_id', 'in', returnIds))
    .execute();
  await sql`update orders o
    set shipping_address = (o.shipping_address - 'name' - 'line2' - 'phone' - 'company') || jsonb_build_object('line1', '')
    where o.id in (select order_id from returns where id in (${sql.join(returnIds)}))
      and not exists (
        select 1 from returns other
        where other.order_id = o.id and other.personal_data_removed_at is null
          and other.id not in (${sql.join(returnIds)}))`.execute(tx);
  await scrubEvents(tx, returnIds);
  await tx.updateTable('returns').set({ personal_data_removed_at: now }).where('id', 'in', returnIds).execute();
}

/** Final returns whose personal-data period passed since they last changed. */
export const personalDataStep: RetentionStep = {
  count: 'returns',
  period: 'personalDays',
  due: (db, cutoff) =>
    countOf(
      sql<{ n: string }>`select count(*) as n from returns
        where ${FINAL_RETURN} and personal_data_removed_at is null and updated_at < ${cutoff}`.execute(db),
    ),
  index: 'returns_retention_personal_idx',
  pick: (cutoff, limit) => sql<{ id: string }>`select id from returns
    where ${FINAL_RETURN} and personal_data_removed_at is null and updated_at < ${cutoff}
    order by updated_at, id limit ${limit} for update skip locked`,
  async clear(tx, cutoff, limit, now) {
    const due = await this.pick(cutoff, limit).execute(tx);
    const ids = due.rows.map((r) => r.id);
    if (ids.length > 0) await clearReturns(tx, ids, now);
    return { taken: ids.length, cleared: ids.length };
  },
};
