import { sql } from 'kysely';
import type { ReturnLineRow, ReturnRow } from '../../db/schema.js';
import { notFound } from '../../domain/errors.js';
import type { LineState, ReturnState } from '../../domain/returnLifecycle.js';
import type { Tx } from '../kernel/transaction.js';
import { noteLinesWritten } from './linesInUnit.js';

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
  await saveReturnStates(tx, [{ loaded, next, shipBy: extra.shipBy }], now);
}

/** One return's next state, as saveReturnStates takes it; `shipBy` only where it changes. */
export interface ReturnStateChange {
  loaded: LoadedReturn;
  next: ReturnState;
  shipBy?: Date | null;
}

/**
 * Writes the headers of several returns and only the lines their transitions changed: two
 * statements however many returns (a burst of carriers' first scans moves hundreds at once).
 */
export async function saveReturnStates(tx: Tx, changes: ReturnStateChange[], now: Date): Promise<void> {
  if (changes.length === 0) return;
  for (const { loaded, next } of changes) noteLinesWritten(tx, loaded.row.id, loaded.lines, next.lines);
  const heads = changes.map(
    ({ loaded, next, shipBy }) =>
      sql`(${loaded.row.id}, ${next.status}, ${next.onHold}::boolean, ${JSON.stringify(next.holdReasons)}::jsonb,
        ${next.trackingNumber}::text, ${next.statusReason}::text, ${shipBy !== undefined}::boolean, ${shipBy ?? null}::timestamptz)`,
  );
  await sql`
    update returns as r
    set status = v.status, on_hold = v.on_hold, hold_reasons = v.hold_reasons, tracking_number = v.tracking_number,
        status_reason = v.status_reason, updated_at = ${now}::timestamptz,
        ship_by = case when v.set_ship_by then v.ship_by else r.ship_by end
    from (values ${sql.join(heads)}) as v(id, status, on_hold, hold_reasons, tracking_number, status_reason, set_ship_by, ship_by)
    where r.id = v.id`.execute(tx);
  const lines = changes.flatMap(({ loaded, next }) =>
    next.lines.filter((line) => {
      const before = loaded.state.lines.find((l) => l.id === line.id);
      return !before || lineChanged(before, line);
    }),
  );
  if (lines.length === 0) return;
  const values = lines.map(
    (l) =>
      sql`(${l.id}, ${l.acceptance}, ${l.acceptanceReason}::text, ${l.reception}, ${l.quantityReceived}::int, ${l.grade}::text,
        ${l.disposition}::text, ${l.settlement}, ${l.settledAmount}::bigint, ${l.grantedResolution}::text)`,
  );
  await sql`
    update return_lines as l
    set acceptance = v.acceptance, acceptance_reason = v.acceptance_reason, reception = v.reception,
        quantity_received = v.quantity_received, grade = v.grade, disposition = v.disposition,
        settlement = v.settlement, settled_amount = v.settled_amount, granted_resolution = v.granted_resolution
    from (values ${sql.join(values)})
      as v(id, acceptance, acceptance_reason, reception, quantity_received, grade, disposition, settlement, settled_amount, granted_resolution)
    where l.id = v.id`.execute(tx);
}
