import { sql } from 'kysely';
import {
  categoryChain,
  recoveredValue,
  recoveryBpFor,
  restockCondition,
  type StockCondition,
  suggestDisposition,
} from '../../../domain/disposition.js';
import { notFound, RetourError } from '../../../domain/errors.js';
import { type Disposition, type Grade, inspect, type LineInspection } from '../../../domain/returnLifecycle.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { newId } from '../../kernel/ids.js';
import { inUnit, type Unit } from '../../kernel/transaction.js';
import { loadReturnForUpdate } from '../returnStore.js';
import { persistTransition, type TransitionOutcome } from '../transitionReturn.js';
import { loadInspectionRules, loadLineGoods } from './inspectionRules.js';

export interface InspectionInput {
  returnLineId: string;
  grade: Grade;
  /** Left out: the disposition the rules suggest for the grade and category. */
  disposition?: Disposition | null;
  checklist?: Record<string, boolean> | null;
  note?: string | null;
}

export interface InspectLinesInput {
  returnId: string;
  /** Where restocked goods go; by default the return's store, else the default warehouse. */
  warehouseId?: string | null;
  lines: InspectionInput[];
}

interface Restock {
  returnLineId: string;
  variantId: string;
  condition: StockCondition;
  quantity: number;
}

/** Grades received lines, settles what happens to the goods (the rules suggest, the inspector may
 * override), records the value it recovers, and puts restocked units back into the stock ledger,
 * all in one unit. Grading a line again moves its earlier restock back out first. */
export function inspectLines(ctx: AppContext, meta: CommandMeta, input: InspectLinesInput): Promise<TransitionOutcome> {
  return inUnit(ctx, meta, async (unit) => {
    const loaded = await loadReturnForUpdate(unit.tx, input.returnId);
    const [rules, goods] = await Promise.all([loadInspectionRules(unit.tx), loadLineGoods(unit.tx, input.returnId)]);
    const goodsById = new Map(goods.map((g) => [g.id, g]));
    const suggestions = input.lines.map((l) => {
      const g = goodsById.get(l.returnLineId);
      return g ? suggestDisposition(rules.rules, l.grade, categoryChain(g.category_id, rules.parentOf)) : null;
    });
    const inspections: LineInspection[] = input.lines.map((l, i) => {
      const suggested = suggestions[i] ?? null;
      const disposition = l.disposition ?? suggested?.disposition;
      if (!disposition) {
        throw new RetourError('invalid', 'DISPOSITION_REQUIRED', `No rule suggests a disposition for grade ${l.grade}`, [
          { path: `lines.${i}.disposition`, message: 'choose a disposition' },
        ]);
      }
      return {
        returnLineId: l.returnLineId,
        grade: l.grade,
        disposition,
        note: l.note ?? null,
        checklist: l.checklist ?? null,
        suggestedDisposition: suggested?.disposition ?? null,
      };
    });
    const result = inspect(loaded.state, inspections);
    await persistTransition(unit, loaded, result);

    const restocks: Restock[] = [];
    for (const [i, insp] of inspections.entries()) {
      const g = goodsById.get(insp.returnLineId);
      if (!g) continue;
      const line = result.state.lines.find((l) => l.id === insp.returnLineId);
      const units = line?.quantityReceived ?? 0;
      const paid = g.ordered_quantity > 0 ? Math.floor((g.paid_amount * units) / g.ordered_quantity) : 0;
      const value =
        line?.reception === 'wrong_item' ? 0 : recoveredValue(paid, recoveryBpFor(insp.disposition, suggestions[i] ?? null));
      await unit.tx
        .updateTable('return_lines')
        .set({ checklist: insp.checklist ? JSON.stringify(insp.checklist) : null, recovered_value: value })
        .where('id', '=', insp.returnLineId)
        .execute();
      // Someone else's item is not ours to put on the shelf.
      if (insp.disposition === 'restock' && line?.reception !== 'wrong_item' && g.variant_id && units > 0) {
        restocks.push({
          returnLineId: insp.returnLineId,
          variantId: g.variant_id,
          condition: restockCondition(insp.grade),
          quantity: units,
        });
      }
    }
    await moveStock(unit, meta, loaded.row.number, input, loaded.row.store_id, restocks);
    return { returnId: input.returnId, status: result.state.status, events: result.events.map((e) => e.type) };
  });
}

async function pickWarehouse(unit: Unit, requested: string | null | undefined, storeId: string | null): Promise<string> {
  if (requested) {
    const found = await unit.tx.selectFrom('warehouses').select('id').where('id', '=', requested).executeTakeFirst();
    if (!found) throw notFound('Warehouse', requested);
    return found.id;
  }
  if (storeId) return storeId;
  const fallback = await unit.tx
    .selectFrom('warehouses')
    .select('id')
    .orderBy('is_default', 'desc')
    .orderBy('code')
    .executeTakeFirst();
  if (!fallback) throw new RetourError('conflict', 'NO_WAREHOUSE', 'Add a warehouse before restocking goods');
  return fallback.id;
}

/** A stock movement an inspection makes: a restock, or taking an earlier one back out. */
interface ReturnMovement {
  variantId: string;
  warehouseId: string;
  condition: StockCondition;
  quantity: number;
  kind: string;
  returnLineId: string;
}

/** Brings the ledger in line with the inspection: each inspected line's earlier restock is taken
 * back out unless it is exactly what is wanted now, then the new restocks go in. */
async function moveStock(
  unit: Unit,
  meta: CommandMeta,
  returnNumber: string,
  input: InspectLinesInput,
  storeId: string | null,
  restocks: Restock[],
): Promise<void> {
  const lineIds = input.lines.map((l) => l.returnLineId);
  const earlier = await unit.tx
    .selectFrom('stock_movements')
    .select(['return_line_id', 'variant_id', 'warehouse_id', 'condition', sql<string>`sum(quantity)`.as('quantity')])
    .where('return_line_id', 'in', lineIds)
    .groupBy(['return_line_id', 'variant_id', 'warehouse_id', 'condition'])
    .execute();
  const standing = earlier.filter((m) => Number(m.quantity) !== 0);
  if (restocks.length === 0 && standing.length === 0) return;
  const warehouseId = restocks.length > 0 ? await pickWarehouse(unit, input.warehouseId, storeId) : null;
  const movements = stockChanges(lineIds, standing, restocks, warehouseId);
  if (movements.length === 0) return;
  await writeMovements(unit, meta, { returnId: input.returnId, returnNumber }, movements);
}

/** Per line: its standing restock taken back out and the wanted one put in, unless they are the same. */
function stockChanges(
  lineIds: string[],
  standing: {
    return_line_id: string | null;
    variant_id: string;
    warehouse_id: string;
    condition: StockCondition;
    quantity: string;
  }[],
  restocks: Restock[],
  warehouseId: string | null,
): ReturnMovement[] {
  const movements: ReturnMovement[] = [];
  for (const lineId of lineIds) {
    const before = standing.filter((m) => m.return_line_id === lineId);
    const want = restocks.find((r) => r.returnLineId === lineId);
    const unchanged =
      want &&
      before.length === 1 &&
      before[0]?.warehouse_id === warehouseId &&
      before[0]?.condition === want.condition &&
      Number(before[0]?.quantity) === want.quantity;
    if (unchanged) continue;
    for (const m of before) {
      movements.push({
        variantId: m.variant_id,
        warehouseId: m.warehouse_id,
        condition: m.condition,
        quantity: -Number(m.quantity),
        kind: 'return_restock_reversal',
        returnLineId: lineId,
      });
    }
    if (want && warehouseId) movements.push({ ...want, warehouseId, kind: 'return_restock' });
  }
  return movements;
}

/** Writes the movements, refusing to take back units that have left the shelf since. */
async function writeMovements(
  unit: Unit,
  meta: CommandMeta,
  { returnId, returnNumber }: { returnId: string; returnNumber: string },
  movements: ReturnMovement[],
): Promise<void> {
  // Variants locked in id order, as every stock write does, so on-hand checks run one at a time.
  const variantIds = [...new Set(movements.map((m) => m.variantId))].sort();
  await unit.tx.selectFrom('variants').select('id').where('id', 'in', variantIds).orderBy('id').forUpdate().execute();
  for (const m of movements) {
    if (m.quantity < 0) {
      const { on_hand } = await unit.tx
        .selectFrom('stock_movements')
        .select(sql<string>`coalesce(sum(quantity), 0)`.as('on_hand'))
        .where('variant_id', '=', m.variantId)
        .where('warehouse_id', '=', m.warehouseId)
        .where('condition', '=', m.condition)
        .executeTakeFirstOrThrow();
      if (Number(on_hand) + m.quantity < 0) {
        throw new RetourError(
          'conflict',
          'STOCK_WOULD_GO_NEGATIVE',
          'The units restocked before have left the shelf; correct the stock before grading this line again',
          [{ path: 'lines', message: `only ${on_hand} on hand to take back` }],
        );
      }
    }
    const id = newId('stm');
    await unit.tx
      .insertInto('stock_movements')
      .values({
        id,
        variant_id: m.variantId,
        warehouse_id: m.warehouseId,
        condition: m.condition,
        quantity: m.quantity,
        kind: m.kind,
        return_line_id: m.returnLineId,
        note: returnNumber,
        actor: meta.actor.id ?? meta.actor.type,
        created_at: unit.now,
      })
      .execute();
    unit.record({
      type: 'stock.moved',
      subjectType: 'variant',
      subjectId: m.variantId,
      returnId,
      data: { movementId: id, ...m, number: returnNumber },
    });
  }
}
