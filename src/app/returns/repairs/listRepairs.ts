import type { RetourDb } from '../../../db/connection.js';
import type { RepairRow } from '../../../db/schema.js';
import { notFound } from '../../../domain/errors.js';
import type { RepairFallback, RepairStatus } from '../../../domain/repair.js';

export interface RepairView {
  id: string;
  number: string;
  returnId: string;
  returnLineId: string;
  status: RepairStatus;
  note: string | null;
  fallback: RepairFallback | null;
  trackingNumber: string | null;
  carrier: string | null;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
}

function present(r: RepairRow): RepairView {
  return {
    id: r.id,
    number: r.number,
    returnId: r.return_id,
    returnLineId: r.return_line_id,
    status: r.status,
    note: r.note,
    fallback: r.fallback,
    trackingNumber: r.tracking_number,
    carrier: r.carrier,
    createdAt: r.created_at.toISOString(),
    startedAt: r.started_at?.toISOString() ?? null,
    endedAt: r.ended_at?.toISOString() ?? null,
  };
}

/** The repairs of a return, oldest first. */
export async function repairsOf(db: RetourDb, returnId: string): Promise<RepairView[]> {
  const rows = await db.selectFrom('repairs').selectAll().where('return_id', '=', returnId).orderBy('id').execute();
  return rows.map(present);
}

export async function repairOf(db: RetourDb, repairId: string): Promise<RepairView> {
  const row = await db.selectFrom('repairs').selectAll().where('id', '=', repairId).executeTakeFirst();
  if (!row) throw notFound('Repair', repairId);
  return present(row);
}
