import { sql } from 'kysely';
import type { FlagReason } from '../../../domain/parcelClaims.js';
import type { Unit } from '../../kernel/transaction.js';

export interface ParcelToFlag {
  parcelId: string;
  reason: FlagReason;
  /** What staff are told with it (tracking number, the carrier's words, since when it is quiet). */
  facts: Record<string, unknown>;
}

/**
 * Flags parcels as lost or damaged, each once whatever the number of callers or rounds: the flag is
 * written only where none is, and only the parcels flagged now get a `parcel.flagged` event (from
 * which staff are told, see notifyStaffOfEvents). One statement for the batch. Answers how many
 * were flagged now. The caller holds the parcels' row locks already (the tracking job's in id order,
 * the stalled round's skipping those held), so this statement never waits on another's parcels.
 */
export async function flagParcels(unit: Unit, parcels: readonly ParcelToFlag[]): Promise<number> {
  if (parcels.length === 0) return 0;
  const byId = new Map(parcels.map((p) => [p.parcelId, p]));
  const values = sql.join([...byId.values()].map((p) => sql`(${p.parcelId}, ${p.reason})`));
  const flagged = await sql<{ id: string; return_id: string; tracking_number: string | null; carrier: string }>`
    update shipment_parcels as p set flagged_at = ${unit.now}::timestamptz, flag_reason = v.reason
    from (values ${values}) as v(id, reason)
    where p.id = v.id and p.flagged_at is null
    returning p.id, p.return_id, p.tracking_number, p.carrier`.execute(unit.tx);
  for (const row of flagged.rows) {
    const p = byId.get(row.id) as ParcelToFlag;
    unit.record({
      type: 'parcel.flagged',
      subjectType: 'parcel',
      subjectId: row.id,
      returnId: row.return_id,
      data: { ...p.facts, reason: p.reason, trackingNumber: row.tracking_number, carrier: row.carrier },
    });
  }
  return flagged.rows.length;
}
