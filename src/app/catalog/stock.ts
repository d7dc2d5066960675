import { sql } from 'kysely';
import type { RetourDb } from '../../db/connection.js';
import type { StockCondition } from '../../db/schema.js';
import { RESERVING_STATUSES } from '../../domain/exchangeOrderLifecycle.js';
import { UNDECIDED_ACCEPTANCES } from '../../domain/returnLine.js';
import { FINISHED_STATUSES } from '../../domain/returnStatus.js';
import { decodeCursor, type Page, toPage } from '../kernel/pagination.js';
import { likeLiteral } from '../kernel/searchText.js';

/** New units of each variant that can still be promised to a shopper: what is on hand in new
 * condition across warehouses, minus what open exchange orders reserve and undecided exchange
 * requests ask for. One query for any number of variants. */
export async function availableToPromise(db: RetourDb, variantIds: readonly string[]): Promise<Map<string, number>> {
  const result = new Map<string, number>(variantIds.map((id) => [id, 0]));
  if (variantIds.length === 0) return result;
  const ids = [...new Set(variantIds)];
  const rows = await db
    .selectFrom('variants as v')
    .select((eb) => [
      'v.id',
      eb
        .selectFrom('stock_movements as m')
        .select(sql<string>`coalesce(sum(m.quantity), 0)`.as('q'))
        .whereRef('m.variant_id', '=', 'v.id')
        .where('m.condition', '=', 'new')
        .as('on_hand'),
      // Reserved by open exchange orders (from approval until shipped or cancelled)...
      eb
        .selectFrom('exchange_order_lines as xl')
        .innerJoin('exchange_orders as x', 'x.id', 'xl.exchange_order_id')
        .select(sql<string>`coalesce(sum(xl.quantity), 0)`.as('q'))
        .whereRef('xl.variant_id', '=', 'v.id')
        .where('x.status', 'in', RESERVING_STATUSES)
        .as('reserved'),
      // ...and asked for by exchange requests still waiting for a decision, so two shoppers are
      // not both promised the last unit.
      eb
        .selectFrom('return_lines as rl')
        .innerJoin('returns as r', 'r.id', 'rl.return_id')
        .select(sql<string>`coalesce(sum(rl.quantity), 0)`.as('q'))
        .whereRef('rl.exchange_variant_id', '=', 'v.id')
        .where('r.status', 'not in', FINISHED_STATUSES)
        .where('rl.acceptance', 'in', UNDECIDED_ACCEPTANCES)
        .as('promised'),
    ])
    .where('v.id', 'in', ids)
    .execute();
  for (const row of rows)
    result.set(row.id, Math.max(0, Number(row.on_hand ?? 0) - Number(row.reserved ?? 0) - Number(row.promised ?? 0)));
  return result;
}

/** The variants a stock search finds: the SKU starts with the text, or the variant's or its
 * product's title contains it, in any case. The SKU test is the one a scanner or a colleague with
 * a label uses and rides on variants_sku_lower_idx; titles are matched within the catalogue,
 * whose size is that of the shop's range, and the ledger is then read by variant (its index). */
function variantsMatching(db: RetourDb, text: string) {
  const term = likeLiteral(text.trim().toLowerCase());
  return db
    .selectFrom('variants as sv')
    .innerJoin('products as sp', 'sp.id', 'sv.product_id')
    .select('sv.id')
    .where((eb) =>
      eb.or([
        eb(sql`lower(sv.sku)`, 'like', `${term}%`),
        eb(sql`lower(sv.title)`, 'like', `%${term}%`),
        eb(sql`lower(sp.title)`, 'like', `%${term}%`),
      ]),
    );
}

/** What the stock screens filter on; `q` searches (see variantsMatching), `sku` is one exact SKU. */
export interface StockFilter {
  q?: string | undefined;
  variantId?: string | undefined;
  sku?: string | undefined;
  warehouseId?: string | undefined;
}

export interface StockLevel {
  variantId: string;
  sku: string;
  title: string;
  warehouseId: string;
  warehouseCode: string;
  condition: StockCondition;
  onHand: number;
}

/** On hand per variant, warehouse and condition: the sum of the ledger. */
export async function getStockLevels(
  db: RetourDb,
  filter: StockFilter & { condition?: StockCondition | undefined } = {},
): Promise<StockLevel[]> {
  let q = db
    .selectFrom('stock_movements as m')
    .innerJoin('variants as v', 'v.id', 'm.variant_id')
    .innerJoin('warehouses as w', 'w.id', 'm.warehouse_id')
    .select([
      'm.variant_id',
      'v.sku',
      'v.title',
      'm.warehouse_id',
      'w.code',
      'm.condition',
      sql<string>`sum(m.quantity)`.as('on_hand'),
    ])
    .groupBy(['m.variant_id', 'v.sku', 'v.title', 'm.warehouse_id', 'w.code', 'm.condition'])
    .orderBy('v.sku')
    .orderBy('w.code')
    .orderBy('m.condition')
    .limit(5000);
  if (filter.q?.trim()) q = q.where('m.variant_id', 'in', variantsMatching(db, filter.q));
  if (filter.variantId) q = q.where('m.variant_id', '=', filter.variantId);
  if (filter.sku) q = q.where('v.sku', '=', filter.sku);
  if (filter.warehouseId) q = q.where('m.warehouse_id', '=', filter.warehouseId);
  if (filter.condition) q = q.where('m.condition', '=', filter.condition);
  const rows = await q.execute();
  return rows.map((r) => ({
    variantId: r.variant_id,
    sku: r.sku,
    title: r.title,
    warehouseId: r.warehouse_id,
    warehouseCode: r.code,
    condition: r.condition,
    onHand: Number(r.on_hand),
  }));
}

export interface StockMovement {
  id: string;
  variantId: string;
  sku: string;
  warehouseId: string;
  warehouseCode: string;
  condition: StockCondition;
  quantity: number;
  kind: string;
  returnLineId: string | null;
  /** The return a restock came from. */
  returnNumber: string | null;
  note: string | null;
  actor: string | null;
  createdAt: string;
}

/** The ledger itself, newest first, with the SKU, warehouse and return each movement concerns. */
export async function listStockMovements(
  db: RetourDb,
  filter: StockFilter & { cursor?: string | undefined; limit: number },
): Promise<Page<StockMovement>> {
  let q = db
    .selectFrom('stock_movements as m')
    .innerJoin('variants as v', 'v.id', 'm.variant_id')
    .innerJoin('warehouses as w', 'w.id', 'm.warehouse_id')
    .leftJoin('return_lines as rl', 'rl.id', 'm.return_line_id')
    .leftJoin('returns as r', 'r.id', 'rl.return_id')
    .selectAll('m')
    .select(['v.sku', 'w.code as warehouse_code', 'r.number as return_number'])
    .orderBy('m.id', 'desc')
    .limit(filter.limit + 1);
  if (filter.q?.trim()) q = q.where('m.variant_id', 'in', variantsMatching(db, filter.q));
  if (filter.variantId) q = q.where('m.variant_id', '=', filter.variantId);
  if (filter.sku) q = q.where('v.sku', '=', filter.sku);
  if (filter.warehouseId) q = q.where('m.warehouse_id', '=', filter.warehouseId);
  if (filter.cursor) q = q.where('m.id', '<', decodeCursor(filter.cursor));
  const rows = await q.execute();
  return toPage(
    rows.map((r) => ({
      id: r.id,
      variantId: r.variant_id,
      sku: r.sku,
      warehouseId: r.warehouse_id,
      warehouseCode: r.warehouse_code,
      condition: r.condition,
      quantity: r.quantity,
      kind: r.kind,
      returnLineId: r.return_line_id,
      returnNumber: r.return_number,
      note: r.note,
      actor: r.actor,
      createdAt: r.created_at.toISOString(),
    })),
    filter.limit,
  );
}
