import { sql } from 'kysely';
import { notFound, RetourError } from '../../domain/errors.js';
import { ERASURE_BLOCKED_MONEY_DUE, ERASURE_BLOCKED_OPEN_RETURNS, erasureBlockCode } from '../../domain/privacy/erasure.js';
import { forgetErasedCustomers } from '../catalog/erasedCustomers.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { newId } from '../kernel/ids.js';
import { inUnit, type Tx } from '../kernel/transaction.js';
import { eraseCustomerRows } from './eraseCustomerRows.js';
import { failPendingEmails } from './erasePendingEmails.js';
import { erasePhotoFiles, erasuresWithFilesLeft } from './erasePhotoFiles.js';
import { type SweepValues, sweepUnlinkedTraces, sweepValues } from './eraseSweep.js';
import { linkedTraces, scrubRows, unlinkedTraces } from './eraseTraces.js';
import { erasureBlockers } from './erasureBlockers.js';
import { customersOfPerson, type ErasureScope, erasureScope } from './erasureScope.js';
import { queuePhotoFileRemovals } from './retentionPhotos.js';

/** The customer by id or by e-mail; staff asking through the API confirm by typing the
 * customer's e-mail again (`confirmEmail`), the command line by `--yes`. */
export type EraseCustomerInput = ({ customerId: string } | { email: string }) & { confirmEmail?: string };

export interface ErasureResult {
  /** `erased` now, or `already_erased` by an earlier request (scrubbed again; the first one's id,
   * date and counts). */
  outcome: 'erased' | 'already_erased';
  erasureId: string;
  customerIds: string[];
  erasedAt: Date;
  counts: Record<string, number>;
  /** Photo files not removed yet: the next run removes them. */
  filesPending: number;
}

/**
 * Erases one shopper's personal data everywhere Retour keeps it (GDPR Art. 17), in one
 * transaction: every customer row of the person (one per spelling of their e-mail), their orders,
 * returns, messages, notes, feedback, photos, e-mails, event payloads and webhook bodies, risk
 * traces and stored answers. What the bookkeeping must keep for seven years (amounts, dates,
 * references of orders, refunds and store credit) stays, under ids that no longer lead to a
 * person. Returns still under way or money still on its way block it (409). Photo files are
 * removed after the commit (the retention round retries what is left); a run for a person already
 * erased scrubs again and removes what files were left.
 */
export async function eraseCustomer(ctx: AppContext, meta: CommandMeta, input: EraseCustomerInput): Promise<ErasureResult> {
  // What picks the person out, kept in memory only for the sweep after the commit.
  let sweep: SweepValues | null = null;
  const done = await inUnit(ctx, meta, async ({ tx, now, record }) => {
    const people = await customersOfPerson(tx, input);
    if (people.length === 0) throw notFound('Customer', 'customerId' in input ? input.customerId : 'with that e-mail');
    const customerIds = people.map((p) => p.id);
    // Orders first, as a return request and a photo upload lock them (then the customer): one
    // asked meanwhile is either seen as open below or waits and finds the person erased.
    await tx.selectFrom('orders').select('id').where('customer_id', 'in', customerIds).orderBy('id').forUpdate().execute();
    // Read again under the lock: an erasure of the same person that ran meanwhile counts.
    const locked = await tx
      .selectFrom('customers')
      .select('erased_at')
      .where('id', 'in', customerIds)
      .orderBy('id')
      .forUpdate()
      .execute();
    if (locked.every((c) => c.erased_at))
      return { ...(await eraseAgain(tx, customerIds, now, meta)), outcome: 'already_erased' as const };
    confirm(people, input);
    await refuseWhenBlocked(tx, customerIds);
    const scope = await erasureScope(tx, customerIds);
    sweep = sweepValues(scope);
    const counts = await eraseEverywhere(tx, scope, now, meta);
    // The files go after the commit; queued for the retention round in this transaction, so a
    // crash or a refusing disk in between leaves them to its next hourly run.
    await queuePhotoFileRemovals(tx, scope.photoIds, now);
    const erasureId = newId('era');
    await tx
      .insertInto('privacy_erasures')
      .values({
        id: erasureId,
        customer_ids: JSON.stringify(customerIds),
        requested_by_type: meta.actor.type,
        requested_by_id: meta.actor.id,
        erased_at: now,
        counts: JSON.stringify(counts),
        pending_files: JSON.stringify(scope.photoIds),
      })
      .execute();
    // Ids and counts only: webhook subscribers learn that it happened, not whom it was about.
    record({
      type: 'customer.erased',
      subjectType: 'customer',
      subjectId: customerIds[0] as string,
      data: { erasureId, customerIds, counts },
    });
    return { outcome: 'erased' as const, erasureId, customerIds, erasedAt: now, counts };
  });
  // A shopper token of theirs opens nothing from now on, in every process.
  await forgetErasedCustomers(ctx.caches);
  const counts = await sweepUnlinkedTraces(ctx.db, done, sweep);
  let filesPending = 0;
  for (const id of new Set([done.erasureId, ...(await erasuresWithFilesLeft(ctx.db, done.customerIds))]))
    filesPending += await erasePhotoFiles(ctx, id);
  return { ...done, counts, filesPending };
}

/** An erasure cannot be undone: the e-mail typed again must be one of the person's. */
function confirm(people: { email: string }[], input: EraseCustomerInput): void {
  if (input.confirmEmail === undefined) return;
  const typed = input.confirmEmail.trim().toLowerCase();
  if (!people.some((p) => p.email.toLowerCase() === typed))
    throw new RetourError('invalid', 'ERASURE_NOT_CONFIRMED', "Type the customer's e-mail address to confirm the erasure", [
      { path: 'confirmEmail', message: "is not the customer's e-mail address", code: 'ERASURE_NOT_CONFIRMED' },
    ]);
}

async function refuseWhenBlocked(tx: Tx, customerIds: string[]): Promise<void> {
  const blockers = await erasureBlockers(tx, customerIds);
  const code = erasureBlockCode(blockers);
  if (code === ERASURE_BLOCKED_OPEN_RETURNS)
    throw new RetourError(
      'conflict',
      code,
      `Returns still under way: ${blockers.openReturns.join(', ')}. Finish or cancel them first.`,
      [],
      { returnNumbers: blockers.openReturns },
    );
  if (code === ERASURE_BLOCKED_MONEY_DUE)
    throw new RetourError(
      'conflict',
      code,
      `Money is still on its way for returns ${blockers.pendingSettlements.join(', ')}. Wait until it has moved.`,
      [],
      { returnNumbers: blockers.pendingSettlements },
    );
}

/** Scrubs the traces first (they are found by the values the rows still hold), then the rows. */
async function eraseEverywhere(tx: Tx, scope: ErasureScope, now: Date, meta: CommandMeta): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  await failPendingEmails(tx, scope.returnIds, scope.values.identifiers, now);
  for (const spec of linkedTraces(scope)) counts[spec.table] = await scrubRows(tx, spec, scope.values.all);
  // Found by what picks out this one person; once found, the row is theirs and loses all of it.
  for (const spec of unlinkedTraces(scope))
    counts[spec.table] = (counts[spec.table] ?? 0) + (await scrubRows(tx, spec, scope.values.all));
  Object.assign(counts, await eraseCustomerRows(tx, scope, now, meta.actor));
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
}

/**
 * A person erased before is scrubbed again by the same steps (nothing is left to confirm against:
 * their e-mail is gone), so anything that reached them since (a platform's sync, a request
 * in flight) goes too. Photos found now join the first erasure's files still to remove. Answers
 * with the first erasure: its id, date and counts.
 */
async function eraseAgain(tx: Tx, customerIds: string[], now: Date, meta: CommandMeta) {
  const first = await lastErasure(tx, customerIds);
  await refuseWhenBlocked(tx, customerIds);
  const scope = await erasureScope(tx, customerIds);
  await eraseEverywhere(tx, scope, now, meta);
  if (scope.photoIds.length > 0) {
    await sql`update privacy_erasures set pending_files = pending_files || ${JSON.stringify(scope.photoIds)}::jsonb,
        files_removed_at = null where id = ${first.erasureId}`.execute(tx);
    await queuePhotoFileRemovals(tx, scope.photoIds, now);
  }
  return first;
}

async function lastErasure(tx: Tx, customerIds: string[]) {
  const row = await tx
    .selectFrom('privacy_erasures')
    .select(['id', 'customer_ids', 'erased_at', 'counts'])
    .where(sql<boolean>`customer_ids @> ${JSON.stringify([customerIds[0]])}::jsonb`)
    .orderBy('erased_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!row)
    throw new RetourError('conflict', 'ERASURE_RECORD_MISSING', 'The customer is marked erased but no erasure is recorded');
  return { erasureId: row.id, customerIds: row.customer_ids, erasedAt: row.erased_at, counts: row.counts };
}
