import { type Insertable, type Kysely, sql } from 'kysely';
import type { Database, StockMovementsTable } from '../../../db/schema.js';
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
import { lockVariantsForStock, stockLocksTaken } from '../../catalog/stockLocks.js';
import { listWarehousesCached } from '../../catalog/warehouseList.js';
import { compiledOnce } from '../../kernel/compiledOnce.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { newId } from '../../kernel/ids.js';
import { inUnit, type Tx, type Unit } from '../../kernel/transaction.js';
import { loadReturnForUpdate } from '../returnStore.js';
import { persistTransition, type TransitionOutcome } from '../transitionReturn.js';
import { lineGoodsQuery, loadInspectionRules } from './inspectionRules.js';
import { reassessAtInspection } from './reassessRisk.js';

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

/** What an inspection of a line has put on one shelf so far (a variant in a warehouse, in a condition). */
interface StandingStock {
  return_line_id: string;
  variant_id: string;
  warehouse_id: string;
  condition: StockCondition;
  quantity: number | string;
}

/** The checklist answers and the value recovered of a graded line. */
interface LineRecord {
  returnLineId: string;
  checklist: Record<string, boolean> | null;
  recoveredValue: number;
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
    // Read after the return's lock: its lines' stock moves only with an inspection of it.
    const [rules, goods] = await Promise.all([
      loadInspectionRules(unit.caches, unit.tx),
      loadGoodsWithStanding(unit.tx, input.returnId),
    ]);
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
    // Scored again with what was found; a score that asks for a person holds the money for them.
    const result = await reassessAtInspection(unit, meta.actor, loaded, inspect(loaded.state, inspections), input.lines);
    await persistTransition(unit, loaded, result);

    const restocks: Restock[] = [];
    const recorded: LineRecord[] = [];
    for (const [i, insp] of inspections.entries()) {
      const g = goodsById.get(insp.returnLineId);
      if (!g) continue;
      const line = result.state.lines.find((l) => l.id === insp.returnLineId);
      const units = line?.quantityReceived ?? 0;
      const paid = g.ordered_quantity > 0 ? Math.floor((g.paid_amount * units) / g.ordered_quantity) : 0;
      const value =
        line?.reception === 'wrong_item' ? 0 : recoveredValue(paid, recoveryBpFor(insp.disposition, suggestions[i] ?? null));
      recorded.push({ returnLineId: insp.returnLineId, checklist: insp.checklist ?? null, recoveredValue: value });
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
    await recordLineFindings(unit, recorded);
    const standing = goods.flatMap((g) => g.standing);
    await moveStock(unit, meta, loaded.row.number, input, loaded.row.store_id, { standing, restocks });
    return { returnId: input.returnId, status: result.state.status, events: result.events.map((e) => e.type) };
  });
}

async function pickWarehouse(unit: Unit, requested: string | null | undefined, storeId: string | null): Promise<string> {
  if (requested) {
    // Warehouses are never deleted: one kept exists; one not kept may have been added since.
    const kept = await listWarehousesCached(unit.caches, unit.tx);
    if (kept.some((w) => w.id === requested)) return requested;
    const found = await unit.tx.selectFrom('warehouses').select('id').where('id', '=', requested).executeTakeFirst();
    if (!found) throw notFound('Warehouse', requested);
    return found.id;
  }
  if (storeId) return storeId;
  const kept = await listWarehousesCached(unit.caches, unit.tx);
  const fallback =
    kept.length > 0
      ? (kept.find((w) => w.is_default) ?? kept[0])
      : await unit.tx.selectFrom('warehouses').select('id').orderBy('is_default', 'desc').orderBy('code').executeTakeFirst();
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
  { standing, restocks }: { standing: StandingStock[]; restocks: Restock[] },
): Promise<void> {
  const lineIds = input.lines.map((l) => l.returnLineId);
  const inspected = standing.filter((m) => lineIds.includes(m.return_line_id));
  if (restocks.length === 0 && inspected.length === 0) return;
  const warehouseId = restocks.length > 0 ? await pickWarehouse(unit, input.warehouseId, storeId) : null;
  const movements = stockChanges(lineIds, inspected, restocks, warehouseId);
  if (movements.length === 0) return;
  await writeMovements(unit, meta, { returnId: input.returnId, returnNumber }, movements);
}

/** Per line: its standing restock taken back out and the wanted one put in, unless they are the same. */
function stockChanges(
  lineIds: string[],
  standing: StandingStock[],
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

/** Writes the movements, refusing to take back units that have left the shelf since; restocks
 * alone take one statement. */
async function writeMovements(
  unit: Unit,
  meta: CommandMeta,
  { returnId, returnNumber }: { returnId: string; returnNumber: string },
  movements: ReturnMovement[],
): Promise<void> {
  const rows = movements.map((m) => ({
    id: newId('stm'),
    variant_id: m.variantId,
    warehouse_id: m.warehouseId,
    condition: m.condition,
    quantity: m.quantity,
    kind: m.kind,
    return_line_id: m.returnLineId,
    note: returnNumber,
    actor: meta.actor.id ?? meta.actor.type,
    created_at: unit.now,
  }));
  if (movements.some((m) => m.quantity < 0)) {
    // Taking units back reads what is on hand: the variants' stock locks taken alone (see
    // stockLocks), then their rows locked in id order like every take-out, so on-hand checks of a
    // variant run one at a time and a restock under way is counted first.
    const variantIds = [...new Set(movements.map((m) => m.variantId))].sort();
    await lockVariantsForStock(unit.tx, variantIds, 'alone');
    await unit.tx.selectFrom('variants').select('id').where('id', 'in', variantIds).orderBy('id').forUpdate().execute();
    await refuseTakingBackGoneUnits(unit.tx, movements);
    await unit.tx.insertInto('stock_movements').values(rows).execute();
  } else {
    await restock(unit.tx, rows);
  }
  movements.forEach((m, i) => {
    unit.record({
      type: 'stock.moved',
      subjectType: 'variant',
      subjectId: m.variantId,
      returnId,
      data: { movementId: rows[i]?.id, ...m, number: returnNumber },
    });
  });
}

/** Refuses to take back units that have left the shelf since: each take-back counts what the
 * movements before it in the list leave on the shelf. Runs under the variants' locks. */
async function refuseTakingBackGoneUnits(tx: Tx, movements: ReturnMovement[]): Promise<void> {
  // What the shelf holds: read once per shelf a take-back touches, then moved on by the list.
  const onShelf = new Map<string, number>();
  const moved = new Map<string, number>();
  const shelfOf = (m: ReturnMovement) => `${m.variantId}|${m.warehouseId}|${m.condition}`;
  for (const m of movements) {
    const shelf = shelfOf(m);
    if (m.quantity < 0) {
      if (!onShelf.has(shelf)) {
        const { on_hand } = await tx
          .selectFrom('stock_movements')
          .select(sql<string>`coalesce(sum(quantity), 0)`.as('on_hand'))
          .where('variant_id', '=', m.variantId)
          .where('warehouse_id', '=', m.warehouseId)
          .where('condition', '=', m.condition)
          .executeTakeFirstOrThrow();
        onShelf.set(shelf, Number(on_hand));
      }
      const onHand = (onShelf.get(shelf) ?? 0) + (moved.get(shelf) ?? 0);
      if (onHand + m.quantity < 0) {
        throw new RetourError(
          'conflict',
          'STOCK_WOULD_GO_NEGATIVE',
          'The units restocked before have left the shelf; correct the stock before grading this line again',
          [{ path: 'lines', message: `only ${onHand} on hand to take back` }],
        );
      }
    }
    moved.set(shelf, (moved.get(shelf) ?? 0) + m.quantity);
  }
}

/** Restocks that take nothing back need no on-hand read: units put on a shelf cannot take it
 * below zero, so restocks of one variant share its stock lock and need not wait for each other (at
 * the dock most parcels hold the same few variants). A writer that takes units out takes that lock
 * alone, so it waits for a restock under way and counts its units, and a restock asking after it
 * waits behind it (see stockLocks). The locks and the movements go in one statement: its condition
 * runs once, before any row goes in. */
async function restock(tx: Tx, rows: Insertable<StockMovementsTable>[]): Promise<void> {
  const values = rows.map(
    (r) =>
      sql`(${r.id}, ${r.variant_id}, ${r.warehouse_id}, ${r.condition}, ${r.quantity}::int, ${r.kind}, ${r.return_line_id ?? null}::text,
        ${r.note ?? null}::text, ${r.actor ?? null}::text, ${r.created_at}::timestamptz)`,
  );
  const locked = stockLocksTaken(
    rows.map((r) => r.variant_id),
    'shared',
  );
  await sql`
    insert into stock_movements (id, variant_id, warehouse_id, condition, quantity, kind, return_line_id, note, actor, created_at)
    select v.* from (values ${sql.join(values)})
      as v(id, variant_id, warehouse_id, condition, quantity, kind, return_line_id, note, actor, created_at)
    where ${locked} >= 0`.execute(tx);
}

/** The checklist answers and the value recovered of each graded line, in one statement. */
async function recordLineFindings(unit: Unit, lines: LineRecord[]): Promise<void> {
  if (lines.length === 0) return;
  const values = lines.map(
    (l) => sql`(${l.returnLineId}, ${l.checklist ? JSON.stringify(l.checklist) : null}::jsonb, ${l.recoveredValue}::bigint)`,
  );
  await sql`
    update return_lines as l set checklist = v.checklist, recovered_value = v.recovered_value
    from (values ${sql.join(values)}) as v(id, checklist, recovered_value)
    where l.id = v.id`.execute(unit.tx);
}

/** Each line's goods (loadLineGoods) with what its inspections put on the shelf so far, per
 * variant, warehouse and condition: one read for the grading and the ledger, built and compiled
 * once (see compiledOnce). */
const loadGoodsWithStanding = compiledOnce((tx: Kysely<Database>, returnId: string) =>
  lineGoodsQuery(tx, returnId).select((eb) =>
    sql<StandingStock[]>`(
        select coalesce(json_agg(json_build_object('return_line_id', m.return_line_id, 'variant_id', m.variant_id,
          'warehouse_id', m.warehouse_id, 'condition', m.condition, 'quantity', m.quantity)), '[]'::json)
        from (
          select return_line_id, variant_id, warehouse_id, condition, sum(quantity) as quantity
          from stock_movements where return_line_id = ${eb.ref('rl.id')}
          group by return_line_id, variant_id, warehouse_id, condition
        ) as m
        where m.quantity <> 0)`.as('standing'),
  ),
);
