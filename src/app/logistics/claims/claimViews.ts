import type { Kysely, Selectable } from 'kysely';
import type { Database, ParcelClaimsTable } from '../../../db/schema.js';
import { notFound } from '../../../domain/errors.js';
import type { ClaimKind, ClaimStatus } from '../../../domain/parcelClaims.js';
import type { Actor } from '../../kernel/context.js';
import type { RecordedEvent } from '../../kernel/unit.js';

export interface ClaimView {
  id: string;
  returnId: string;
  returnNumber: string;
  shipmentId: string;
  parcelId: string;
  carrier: string;
  trackingNumber: string | null;
  kind: ClaimKind;
  status: ClaimStatus;
  amountClaimed: number;
  amountPaid: number | null;
  currency: string;
  carrierReference: string | null;
  createdAt: Date;
  updatedAt: Date;
  submittedAt: Date | null;
  decidedAt: Date | null;
}

/** One change of a claim, from the return's journal: what, who and when, with the note. */
export interface ClaimStepView {
  type: string;
  at: Date;
  actor: { type: string; id: string | null; name: string | null };
  note: string | null;
  data: Record<string, unknown>;
}

export type ClaimDetail = ClaimView & { history: ClaimStepView[] };

export const present = (r: Selectable<ParcelClaimsTable> & { return_number: string }): ClaimView => ({
  id: r.id,
  returnId: r.return_id,
  returnNumber: r.return_number,
  shipmentId: r.shipment_id,
  parcelId: r.parcel_id,
  carrier: r.carrier,
  trackingNumber: r.tracking_number,
  kind: r.kind,
  status: r.status,
  amountClaimed: Number(r.amount_claimed),
  amountPaid: r.amount_paid === null ? null : Number(r.amount_paid),
  currency: r.currency,
  carrierReference: r.carrier_reference,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  submittedAt: r.submitted_at,
  decidedAt: r.decided_at,
});

/** Claims with their return's number, to filter further. */
export const claimsQuery = (db: Kysely<Database>) =>
  db
    .selectFrom('parcel_claims as c')
    .innerJoin('returns as r', 'r.id', 'c.return_id')
    .selectAll('c')
    .select('r.number as return_number');

/** One claim with its history (oldest first), as the claim panel shows it. */
export async function claimOf(db: Kysely<Database>, claimId: string): Promise<ClaimDetail> {
  const row = await claimsQuery(db).where('c.id', '=', claimId).executeTakeFirst();
  if (!row) throw notFound('Claim', claimId);
  const steps = await db
    .selectFrom('events as e')
    .leftJoin('staff_users as s', (j) => j.onRef('s.id', '=', 'e.actor_id').on('e.actor_type', '=', 'staff'))
    .select(['e.type', 'e.occurred_at', 'e.actor_type', 'e.actor_id', 'e.reason', 'e.data', 's.name'])
    .where('e.subject_type', '=', 'parcel_claim')
    .where('e.subject_id', '=', claimId)
    .orderBy('e.occurred_at')
    .orderBy('e.id')
    .execute();
  return {
    ...present(row),
    history: steps.map((e) => ({
      type: e.type,
      at: e.occurred_at,
      actor: { type: e.actor_type, id: e.actor_id, name: e.name },
      note: e.reason,
      data: (e.data ?? {}) as Record<string, unknown>,
    })),
  };
}

/**
 * The claim as a command answers it from inside its unit: the events it recorded are written only
 * after its work, in the same transaction, so they are added to the history here. Built in the
 * unit, the answer is what a replay under the request's Idempotency-Key gets back.
 */
export async function claimInUnit(
  unit: { tx: Kysely<Database>; now: Date },
  claimId: string,
  actor: Actor,
  recorded: readonly RecordedEvent[],
): Promise<ClaimDetail> {
  const detail = await claimOf(unit.tx, claimId);
  const own = recorded.filter((e) => e.subjectType === 'parcel_claim' && e.subjectId === claimId);
  if (own.length === 0) return detail;
  const staff =
    actor.type === 'staff' && actor.id
      ? await unit.tx.selectFrom('staff_users').select('name').where('id', '=', actor.id).executeTakeFirst()
      : undefined;
  return {
    ...detail,
    history: [
      ...detail.history,
      ...own.map((e) => ({
        type: e.type,
        at: unit.now,
        actor: { type: actor.type, id: actor.id, name: staff?.name ?? null },
        note: e.reason ?? null,
        data: e.data ?? {},
      })),
    ],
  };
}
