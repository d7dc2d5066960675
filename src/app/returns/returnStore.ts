import type { ReturnLineRow, ReturnRow } from '../../db/schema.js';
import { notFound } from '../../domain/errors.js';
import type { LineState, ReturnState } from '../../domain/returnLifecycle.js';
import type { Tx } from '../kernel/transaction.js';

export interface LoadedReturn {
  row: ReturnRow;
  lines: ReturnLineRow[];
  state: ReturnState;
}

export function toLineState(l: ReturnLineRow): LineState {
  return {
    id: l.id,
    quantity: l.quantity,
    acceptance: l.acceptance,
    acceptanceReason: l.acceptance_reason,
    reception: l.reception,
    quantityReceived: l.quantity_received,
    grade: l.grade,
    disposition: l.disposition,
    settlement: l.settlement,
    settledAmount: l.settled_amount,
    requestedResolution: l.requested_resolution,
    grantedResolution: l.granted_resolution,
  };
}

export function toReturnState(row: ReturnRow, lines: ReturnLineRow[]): ReturnState {
  return {
    status: row.status,
    onHold: row.on_hold,
    holdReasons: row.hold_reasons,
    trackingNumber: row.tracking_number,
    statusReason: row.status_reason,
    lines: lines.map(toLineState),
  };
}

/** Loads a return and locks its row so concurrent transitions of one return run one by one. */
export async function loadReturnForUpdate(tx: Tx, returnId: string): Promise<LoadedReturn> {
  const row = await tx.selectFrom('returns').selectAll().where('id', '=', returnId).forUpdate().executeTakeFirst();
  if (!row) throw notFound('Return', returnId);
  const lines = await tx.selectFrom('return_lines').selectAll().where('return_id', '=', returnId).orderBy('id').execute();
  return { row, lines, state: toReturnState(row, lines) };
}

function lineChanged(a: LineState, b: LineState): boolean {
  return (
    a.acceptance !== b.acceptance ||
    a.acceptanceReason !== b.acceptanceReason ||
    a.reception !== b.reception ||
    a.quantityReceived !== b.quantityReceived ||
    a.grade !== b.grade ||
    a.disposition !== b.disposition ||
    a.settlement !== b.settlement ||
    a.settledAmount !== b.settledAmount ||
    a.grantedResolution !== b.grantedResolution
  );
}

/** Writes the header and only the lines a transition changed. */
export async function saveReturnState(
  tx: Tx,
  loaded: LoadedReturn,
  next: ReturnState,
  now: Date,
  extra: { shipBy?: Date | null } = {},
): Promise<void> {
  const prev = loaded.state;
  await tx
    .updateTable('returns')
    .set({
      status: next.status,
      on_hold: next.onHold,
      hold_reasons: JSON.stringify(next.holdReasons),
      tracking_number: next.trackingNumber,
      status_reason: next.statusReason,
      updated_at: now,
      ...(extra.shipBy !== undefined ? { ship_by: extra.shipBy } : {}),
    })
    .where('id', '=', loaded.row.id)
    .execute();
  for (const line of next.lines) {
    const before = prev.lines.find((l) => l.id === line.id);
    if (before && !lineChanged(before, line)) continue;
    await tx
      .updateTable('return_lines')
      .set({
        acceptance: line.acceptance,
        acceptance_reason: line.acceptanceReason,
        reception: line.reception,
        quantity_received: line.quantityReceived,
        grade: line.grade,
        disposition: line.disposition,
        settlement: line.settlement,
        settled_amount: line.settledAmount,
        granted_resolution: line.grantedResolution,
      })
      .where('id', '=', line.id)
      .execute();
  }
}
