import type { RepairRow } from '../../../db/schema.js';
import { notFound, RetourError } from '../../../domain/errors.js';
import { isOneOf } from '../../../domain/oneOf.js';
import {
  nextRepairStatus,
  OPEN_REPAIR_STATUSES,
  type RepairAction,
  type RepairFallback,
  type RepairStatus,
} from '../../../domain/repair.js';
import { beginSettlement, completeSettlement, type ReturnState, type TransitionResult } from '../../../domain/returnLifecycle.js';
import { ITEM_ARRIVED_RECEPTIONS, SETTLEMENT_STARTABLE } from '../../../domain/returnLine.js';
import { GOODS_NOT_COMING_STATUSES } from '../../../domain/returnStatus.js';
import { newId } from '../../kernel/ids.js';
import type { Tx, Unit } from '../../kernel/transaction.js';
import { loadReturnForUpdate } from '../returnStore.js';
import { persistTransition } from '../transitionReturn.js';

function repairEvent(
  unit: Unit,
  type: string,
  repair: Pick<RepairRow, 'id' | 'number' | 'return_line_id'>,
  ret: { id: string; number: string },
  data: Record<string, unknown> = {},
  reason: string | null = null,
) {
  unit.record({
    type,
    subjectType: 'repair',
    subjectId: repair.id,
    returnId: ret.id,
    reason,
    data: { number: ret.number, repairId: repair.id, repairNumber: repair.number, returnLineId: repair.return_line_id, ...data },
  });
}

/**
 * Keeps a return's repairs in step with it, inside the transaction that changed it: a line granted
 * a repair gets a repair that waits for the item, the repair starts once the item has arrived, and
 * ends when the return is called off. One query when the return has no repair lines.
 */
export async function syncRepairs(unit: Unit, returnId: string): Promise<void> {
  const { tx } = unit;
  const lines = await tx
    .selectFrom('return_lines')
    .leftJoin('repairs', 'repairs.return_line_id', 'return_lines.id')
    .innerJoin('returns', 'returns.id', 'return_lines.return_id')
    .select([
      'return_lines.id',
      'return_lines.acceptance',
      'return_lines.reception',
      'return_lines.granted_resolution',
      'returns.number as return_number',
      'returns.status as return_status',
      'repairs.id as repair_id',
      'repairs.number as repair_number',
      'repairs.status as repair_status',
    ])
    .where('return_lines.return_id', '=', returnId)
    .where((eb) => eb.or([eb('return_lines.granted_resolution', '=', 'repair'), eb('repairs.id', 'is not', null)]))
    .orderBy('return_lines.id')
    .execute();
  if (lines.length === 0) return;
  const ret = { id: returnId, number: lines[0]?.return_number ?? '' };
  // No goods will come in for the return: its open repairs end.
  const ending = isOneOf(GOODS_NOT_COMING_STATUSES, lines[0]?.return_status);
  let count = lines.filter((l) => l.repair_id).length;
  for (const l of lines) {
    if (l.repair_id && isOneOf(OPEN_REPAIR_STATUSES, l.repair_status) && ending) {
      await changeRepairStatus(unit, { id: l.repair_id, status: l.repair_status }, 'cancel', { ended_at: unit.now });
      const repair = { id: l.repair_id, number: l.repair_number ?? '', return_line_id: l.id };
      repairEvent(unit, 'repair.cancelled', repair, ret, {}, `return ${l.return_status}`);
      continue;
    }
    if (!l.repair_id && !ending && l.acceptance === 'approved' && l.granted_resolution === 'repair') {
      count += 1;
      const arrived = ITEM_ARRIVED_RECEPTIONS.includes(l.reception);
      const repair = { id: newId('rep'), number: `${ret.number}-R${count}`, return_line_id: l.id };
      await tx
        .insertInto('repairs')
        .values({
          ...repair,
          return_id: returnId,
          status: arrived ? 'in_repair' : 'awaiting_item',
          created_at: unit.now,
          updated_at: unit.now,
          started_at: arrived ? unit.now : null,
        })
        .execute();
      repairEvent(unit, 'repair.opened', repair, ret, { status: 'awaiting_item' });
      if (arrived) repairEvent(unit, 'repair.started', repair, ret);
      continue;
    }
    // The item is in the workshop's hands once it arrived: the repair starts.
    if (l.repair_id && l.repair_status === 'awaiting_item' && ITEM_ARRIVED_RECEPTIONS.includes(l.reception)) {
      await changeRepairStatus(unit, { id: l.repair_id, status: l.repair_status }, 'start', { started_at: unit.now }, true);
      repairEvent(unit, 'repair.started', { id: l.repair_id, number: l.repair_number ?? '', return_line_id: l.id }, ret);
    }
  }
}

/** The one way a repair changes status: its state machine is asked (see nextRepairStatus), and the
 * new status is written only while the row still has the status read, so a change made meanwhile
 * is a conflict, never silently undone. */
async function changeRepairStatus(
  unit: Unit,
  repair: { id: string; status: RepairStatus },
  action: RepairAction,
  extra: Partial<Pick<RepairRow, 'started_at' | 'ended_at'>> & Record<string, unknown> = {},
  itemArrived = false,
): Promise<RepairStatus> {
  const status = nextRepairStatus(repair.status, action, itemArrived);
  const result = await unit.tx
    .updateTable('repairs')
    .set({ status, updated_at: unit.now, ...extra })
    .where('id', '=', repair.id)
    .where('status', '=', repair.status)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) {
    throw new RetourError('conflict', 'REPAIR_CHANGED', 'The repair changed meanwhile: try again', [], { repairId: repair.id });
  }
  return status;
}

/** Locks a repair for a change: its return first (the order every writer takes), then the repair. */
async function loadRepairForUpdate(tx: Tx, repairId: string) {
  const head = await tx.selectFrom('repairs').select('return_id').where('id', '=', repairId).executeTakeFirst();
  if (!head) throw notFound('Repair', repairId);
  const ret = await loadReturnForUpdate(tx, head.return_id);
  const repair = await tx.selectFrom('repairs').selectAll().where('id', '=', repairId).forUpdate().executeTakeFirstOrThrow();
  const line = ret.state.lines.find((l) => l.id === repair.return_line_id);
  if (!line) throw notFound('Return line', repair.return_line_id);
  return { ret, repair, line };
}

export interface RepairStep {
  repairId: string;
  action: Exclude<RepairAction, 'start' | 'cancel'>;
  trackingNumber?: string | null;
  carrier?: string | null;
  note?: string | null;
  /** When it could not be repaired: what the shopper gets instead. */
  fallback?: RepairFallback | null;
}

/**
 * Staff move a repair on. `ship_back`: it was repaired and went back to the shopper; the line is
 * settled (nothing is paid: the item itself comes back) and the return resolves when that was all it
 * waited for. `fail`: it could not be repaired; the line is granted a replacement (an exchange order
 * for the same item, no price difference) or, when that is impossible too, a refund. A step already
 * taken answers with the repair as it is, so a retry does nothing twice.
 */
export async function stepRepair(unit: Unit, input: RepairStep): Promise<{ returnId: string }> {
  const { ret, repair, line } = await loadRepairForUpdate(unit.tx, input.repairId);
  const target = input.action === 'ship_back' ? 'shipped_back' : 'unrepairable';
  if (repair.status === target) return { returnId: ret.row.id };
  // Asked before anything else, so a step the repair's state does not allow is refused first.
  const itemArrived = ITEM_ARRIVED_RECEPTIONS.includes(line.reception);
  nextRepairStatus(repair.status, input.action, itemArrived);
  const facts = { id: repair.id, number: repair.number, return_line_id: repair.return_line_id };
  if (input.action === 'ship_back') {
    await changeRepairStatus(
      unit,
      repair,
      'ship_back',
      {
        ended_at: unit.now,
        tracking_number: input.trackingNumber ?? null,
        carrier: input.carrier ?? null,
        note: input.note ?? repair.note,
      },
      itemArrived,
    );
    repairEvent(unit, 'repair.shipped_back', facts, ret.row, {
      trackingNumber: input.trackingNumber ?? null,
      carrier: input.carrier ?? null,
    });
    // The repaired item is what the shopper gets: the line is settled at no cost.
    const parts = [{ returnLineId: line.id, amount: 0 }];
    const settled = isOneOf(SETTLEMENT_STARTABLE, line.settlement)
      ? completeSettlement(beginSettlement(ret.state, parts).state, parts)
      : { state: ret.state, events: [] };
    await persistTransition(unit, ret, {
      state: settled.state,
      events: settled.events.map((e) =>
        e.type === 'return.settlement_recorded' ? { ...e, data: { ...e.data, kind: 'repair', repairId: repair.id } } : e,
      ),
    });
    return { returnId: ret.row.id };
  }
  const fallback = input.fallback;
  if (!fallback) {
    throw new RetourError('invalid', 'FALLBACK_REQUIRED', 'Say what the shopper gets instead: a replacement or a refund', [
      { path: 'fallback', message: 'replacement or refund' },
    ]);
  }
  if (!input.note?.trim()) {
    throw new RetourError('invalid', 'REASON_REQUIRED', 'Say why it could not be repaired', [
      { path: 'note', message: 'required' },
    ]);
  }
  await changeRepairStatus(unit, repair, 'fail', { ended_at: unit.now, fallback, note: input.note.trim() }, itemArrived);
  repairEvent(unit, 'repair.failed', facts, ret.row, { fallback }, input.note.trim());
  await persistTransition(unit, ret, regrant(ret.state, line.id, fallback));
  return { returnId: ret.row.id };
}

/** Grants an approved line another resolution (the repair failed): it waits for money or an
 * exchange order again. */
function regrant(state: ReturnState, lineId: string, resolution: RepairFallback): TransitionResult {
  const lines = state.lines.map((l) => (l.id === lineId ? { ...l, grantedResolution: resolution } : l));
  return {
    state: { ...state, lines },
    events: [{ type: 'return.lines_decided', data: { decisions: [{ returnLineId: lineId, decision: 'approve', resolution }] } }],
  };
}
