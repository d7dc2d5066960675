import type { Updateable } from 'kysely';
import type { ParcelClaimsTable } from '../../../db/schema.js';
import { notFound, RetourError } from '../../../domain/errors.js';
import { type ClaimStep, checkAmountPaid, nextClaimStatus } from '../../../domain/parcelClaims.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import type { Unit } from '../../kernel/transaction.js';
import { inUnit } from '../../kernel/transaction.js';
import type { RecordedEvent } from '../../kernel/unit.js';
import { type ClaimDetail, claimInUnit } from './claimViews.js';

export type ClaimStepInput =
  | { claimId: string; step: 'submit'; carrierReference?: string | null; amountClaimed?: number | null; note?: string | null }
  | { claimId: string; step: 'accept'; amountPaid: number; note?: string | null }
  | { claimId: string; step: 'reject'; note: string }
  | { claimId: string; step: 'note'; note: string };

/** The claim locked for a change (the return's lock is not needed: nothing of the return changes). */
async function lockClaim(unit: Unit, claimId: string) {
  const row = await unit.tx
    .selectFrom('parcel_claims as c')
    .innerJoin('returns as r', 'r.id', 'c.return_id')
    .selectAll('c')
    .select('r.number')
    .where('c.id', '=', claimId)
    .forUpdate('c')
    .executeTakeFirst();
  if (!row) throw notFound('Claim', claimId);
  return row;
}

/**
 * Staff move a claim on: filed with the carrier (with the carrier's reference, which it cannot be
 * filed without), accepted with what the carrier pays (never more than claimed), or rejected with
 * why; or they note what happened. Each is an event on the return's journal, with who and when.
 */
export async function stepClaim(ctx: AppContext, meta: CommandMeta, input: ClaimStepInput): Promise<ClaimDetail> {
  return inUnit(ctx, meta, async (unit) => {
    const row = await lockClaim(unit, input.claimId);
    const base = { number: row.number, claimId: row.id, parcelId: row.parcel_id, carrier: row.carrier, kind: row.kind };
    if (input.step === 'note') {
      await unit.tx.updateTable('parcel_claims').set({ updated_at: unit.now }).where('id', '=', row.id).execute();
      const noted = record(unit, row, 'claim.note_added', input.note, { ...base, note: input.note });
      return claimInUnit(unit, row.id, meta.actor, [noted]);
    }
    const status = nextClaimStatus(row.status, input.step as ClaimStep);
    const change: Updateable<ParcelClaimsTable> = { status, updated_at: unit.now };
    let data: Record<string, unknown> = { ...base, from: row.status, to: status };
    if (input.step === 'submit') {
      const reference = input.carrierReference ?? row.carrier_reference;
      if (!reference) {
        throw new RetourError('invalid', 'CARRIER_REFERENCE_REQUIRED', "A claim is filed under the carrier's reference", [
          { path: 'carrierReference', message: "the carrier's claim reference" },
        ]);
      }
      const amount = input.amountClaimed ?? Number(row.amount_claimed);
      Object.assign(change, { carrier_reference: reference, amount_claimed: amount, submitted_at: unit.now });
      data = { ...data, carrierReference: reference, amountClaimed: amount, currency: row.currency };
    } else {
      if (input.step === 'accept') {
        checkAmountPaid(input.amountPaid, Number(row.amount_claimed));
        change.amount_paid = input.amountPaid;
        data = { ...data, amountPaid: input.amountPaid, amountClaimed: Number(row.amount_claimed), currency: row.currency };
      }
      Object.assign(change, { decided_at: unit.now, decided_by: meta.actor.id });
    }
    await unit.tx.updateTable('parcel_claims').set(change).where('id', '=', row.id).execute();
    const stepped = record(unit, row, `claim.${status}`, input.note ?? null, data);
    return claimInUnit(unit, row.id, meta.actor, [stepped]);
  });
}

function record(
  unit: Unit,
  row: { id: string; return_id: string },
  type: string,
  note: string | null,
  data: Record<string, unknown>,
): RecordedEvent {
  const event = { type, subjectType: 'parcel_claim', subjectId: row.id, returnId: row.return_id, reason: note, data };
  unit.record(event);
  return event;
}
