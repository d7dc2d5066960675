import { sql } from 'kysely';
import type { RetourDb } from '../../db/connection.js';
import { isRefundOverdue, refundBy } from '../../domain/refund.js';
import { RETURN_STATUSES, type ReturnStatus } from '../../domain/returnLifecycle.js';
import type { ReturnSort } from '../../domain/returnSorts.js';
import { riskLevel } from '../../domain/risk/score.js';
import { lineImageColumns, presentLineImage } from '../catalog/lineImages.js';
import { compiledOnce } from '../kernel/compiledOnce.js';
import { decodeCursor, decodeKeysetCursor, encodeCursor, encodeKeysetCursor, type Page } from '../kernel/pagination.js';
import { type ReturnFilters, type ReturnFilterValues, returnFilterCondition } from './returnFilters.js';

export { RETURN_SORTS, type ReturnSort } from '../../domain/returnSorts.js';
export type { ReturnFilters } from './returnFilters.js';

const lineColumns = [
  'return_lines.id',
  'return_lines.return_id',
  'return_lines.order_line_id',
  'order_lines.sku',
  'order_lines.title',
  'return_lines.quantity',
  'reasons.code as reason_code',
  'return_lines.comment',
  'return_lines.requested_resolution',
  'return_lines.granted_resolution',
  'return_lines.acceptance',
  'return_lines.acceptance_reason',
  'return_lines.reception',
  'return_lines.quantity_received',
  'return_lines.grade',
  'return_lines.disposition',
  'return_lines.settlement',
  'return_lines.settled_amount',
  'return_lines.eligibility',
  'return_lines.exchange_variant_id',
  'return_lines.exchange_unit_price',
  'return_lines.checklist',
  'return_lines.recovered_value',
  'order_lines.variant_id',
  'order_lines.unit_price_amount',
  'exchange_variants.title as exchange_title',
  'exchange_variants.sku as exchange_sku',
] as const;

export async function loadLines(db: RetourDb, returnIds: string[]) {
  if (returnIds.length === 0) return [];
  return linesQuery(db, returnIds).execute();
}

/** The lines of one return (loadLines), its statement built and compiled once (see compiledOnce). */
export const loadLinesOfReturn = compiledOnce((db: RetourDb, returnId: string) => linesQuery(db, [returnId]));

function linesQuery(db: RetourDb, returnIds: string[]) {
  // Each line's order line (with its variant and product) and exchange variant are read through
  // their keys whatever the statistics say: `offset 0` keeps the planner from merging the subqueries
  // into joins. Joined, a return_lines table without statistics (a fresh database, PGlite, a server
  // with autovacuum off) looked like dozens of lines per return, and every order line was hashed.
  return db
    .selectFrom('return_lines')
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('order_lines')
          .leftJoin('variants as line_variants', 'line_variants.id', 'order_lines.variant_id')
          .leftJoin('products as line_products', 'line_products.id', 'line_variants.product_id')
          .select(['order_lines.sku', 'order_lines.title', 'order_lines.variant_id', 'order_lines.unit_price_amount'])
          .select(lineImageColumns)
          .whereRef('order_lines.id', '=', 'return_lines.order_line_id')
          .offset(0)
          .as('order_lines'),
      (join) => join.onTrue(),
    )
    .leftJoin('reasons', 'reasons.id', 'return_lines.reason_id')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('variants')
          .select(['variants.title', 'variants.sku'])
          .whereRef('variants.id', '=', 'return_lines.exchange_variant_id')
          .offset(0)
          .as('exchange_variants'),
      (join) => join.onTrue(),
    )
    .select([...lineColumns, 'order_lines.image_url', 'order_lines.image_alt'])
    .where('return_lines.return_id', 'in', returnIds)
    .orderBy('return_lines.id');
}

type LineRow = Awaited<ReturnType<typeof loadLines>>[number];

function presentLine(l: LineRow) {
  return {
    id: l.id,
    orderLineId: l.order_line_id,
    sku: l.sku,
    title: l.title,
    quantity: l.quantity,
    reasonCode: l.reason_code,
    comment: l.comment,
    requestedResolution: l.requested_resolution,
    grantedResolution: l.granted_resolution,
    acceptance: l.acceptance,
    acceptanceReason: l.acceptance_reason,
    reception: l.reception,
    quantityReceived: l.quantity_received,
    grade: l.grade,
    disposition: l.disposition,
    settlement: l.settlement,
    settledAmount: l.settled_amount,
    eligibilityCodes: l.eligibility,
    variantId: l.variant_id,
    unitPrice: l.unit_price_amount,
    checklist: l.checklist,
    recoveredValue: l.recovered_value,
    image: presentLineImage(l, l.title),
    exchange: l.exchange_variant_id
      ? { variantId: l.exchange_variant_id, title: l.exchange_title, sku: l.exchange_sku, unitPrice: l.exchange_unit_price }
      : null,
  };
}

export function baseQuery(db: RetourDb) {
  return db
    .selectFrom('returns')
    .innerJoin('orders', 'orders.id', 'returns.order_id')
    .innerJoin('customers', 'customers.id', 'returns.customer_id')
    .innerJoin('channels', 'channels.id', 'orders.channel_id')
    .select([
      'returns.id',
      'returns.number',
      'returns.status',
      'returns.on_hold',
      'returns.hold_reasons',
      'returns.source',
      'returns.method',
      'returns.currency',
      'returns.tracking_number',
      'returns.ship_by',
      'returns.pickup_slot_start',
      'returns.pickup_slot_end',
      'returns.store_id',
      'returns.withdrawal_declared_at',
      'returns.status_reason',
      'returns.value_amount',
      'returns.risk_score',
      'returns.risk_signals',
      'returns.tags',
      'returns.created_at',
      'returns.updated_at',
      'returns.order_id',
      'orders.order_number',
      'returns.customer_id',
      'customers.email',
      'customers.first_name',
      'customers.last_name',
      'channels.code as channel_code',
    ]);
}

type HeaderRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];

export function presentHeader(r: HeaderRow, allLines: LineRow[], now: Date) {
  const lines = allLines.filter((l) => l.return_id === r.id);
  const due = refundBy(r.withdrawal_declared_at, r.created_at);
  return {
    id: r.id,
    number: r.number,
    status: r.status,
    onHold: r.on_hold,
    holdReasons: r.hold_reasons,
    source: r.source,
    method: r.method,
    currency: r.currency,
    trackingNumber: r.tracking_number,
    shipBy: r.ship_by?.toISOString() ?? null,
    pickupSlot:
      r.pickup_slot_start && r.pickup_slot_end
        ? { start: r.pickup_slot_start.toISOString(), end: r.pickup_slot_end.toISOString() }
        : null,
    storeId: r.store_id,
    withdrawalDeclaredAt: r.withdrawal_declared_at?.toISOString() ?? null,
    statusReason: r.status_reason,
    value: r.value_amount,
    risk: { score: r.risk_score, level: riskLevel(r.risk_score), signals: r.risk_signals },
    tags: r.tags,
    channel: r.channel_code,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    order: { id: r.order_id, orderNumber: r.order_number },
    customer: {
      id: r.customer_id,
      email: r.email,
      name: [r.first_name, r.last_name].filter(Boolean).join(' ') || null,
    },
    refundBy: due.toISOString(),
    refundOverdue: isRefundOverdue(
      r.status,
      due,
      lines.map((l) => ({
        acceptance: l.acceptance,
        resolution: l.granted_resolution ?? l.requested_resolution,
        settlement: l.settlement,
      })),
      now,
    ),
    lines: lines.map(presentLine),
  };
}

export type ReturnSummary = ReturnType<typeof presentHeader>;

/** The filters of the queue as a query, without sort or page (see returnFilterCondition). */
function filtered(db: RetourDb, f: ReturnFilterValues, now: Date) {
  return baseQuery(db).where(returnFilterCondition(f, now));
}

/** Each sort is a keyset over (column, id): pages stay stable while new returns arrive. */
const SORT_KEYS = {
  newest: { column: null, direction: 'desc' },
  oldest: { column: null, direction: 'asc' },
  value_desc: { column: 'returns.value_amount', direction: 'desc' },
  value_asc: { column: 'returns.value_amount', direction: 'asc' },
  risk_desc: { column: 'returns.risk_score', direction: 'desc' },
  updated_desc: { column: 'returns.updated_at', direction: 'desc' },
} as const satisfies Record<ReturnSort, { column: string | null; direction: 'asc' | 'desc' }>;

function sortValueOf(row: HeaderRow, sort: ReturnSort): string | number | null {
  if (sort === 'value_desc' || sort === 'value_asc') return row.value_amount;
  if (sort === 'risk_desc') return row.risk_score;
  if (sort === 'updated_desc') return row.updated_at.toISOString();
  return null;
}

/** Returns matching the filters, newest first unless sorted otherwise, a page at a time (lines
 * in one extra query). */
export async function listReturns(db: RetourDb, f: ReturnFilters, now = new Date()): Promise<Page<ReturnSummary>> {
  const sort = f.sort ?? 'newest';
  const key = SORT_KEYS[sort];
  let q = filtered(db, f, now);
  if (f.cursor) {
    if (key.column === null) {
      q = q.where('returns.id', key.direction === 'desc' ? '<' : '>', decodeCursor(f.cursor));
    } else {
      const [value, id] = decodeKeysetCursor(f.cursor);
      const column = key.column;
      const op = key.direction === 'desc' ? '<' : '>';
      const typed = column === 'returns.updated_at' ? new Date(String(value)) : Number(value);
      q = q.where((eb) => eb.or([eb(column, op, typed), eb.and([eb(column, '=', typed), eb('returns.id', op, id)])]));
    }
  }
  if (key.column) q = q.orderBy(key.column, key.direction);
  const rows = await q
    .orderBy('returns.id', key.direction)
    .limit(f.limit + 1)
    .execute();
  const items = rows.slice(0, f.limit);
  const last = items[items.length - 1];
  const more = rows.length > f.limit && last;
  const nextCursor = !more
    ? null
    : key.column === null
      ? encodeCursor(last.id)
      : encodeKeysetCursor(sortValueOf(last, sort), last.id);
  const lines = await loadLines(
    db,
    items.map((r) => r.id),
  );
  return { items: items.map((r) => presentHeader(r, lines, now)), nextCursor };
}

/** Returns whose refund is past its date (see refundOverdue in the queue filters), not yet
 * notified about: the ids, numbers and dates, oldest first. */
export async function overdueRefundReturns(db: RetourDb, now: Date, limit = 500) {
  const rows = await filtered(db, { refundOverdue: true }, now)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('staff_notifications as n')
            .select('n.id')
            .where('n.dedupe_key', '=', sql<string>`'refund_overdue:' || returns.id`),
        ),
      ),
    )
    .select([
      'returns.id as overdue_id',
      'returns.number as overdue_number',
      'returns.withdrawal_declared_at as overdue_declared',
      'returns.created_at as overdue_created',
    ])
    .orderBy('returns.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.overdue_id,
    number: r.overdue_number,
    refundBy: refundBy(r.overdue_declared, r.overdue_created).toISOString(),
  }));
}

/** How many returns match the filters per status (the status filter itself left out), and on hold. Read from
 * returns alone: the filters' conditions on orders and customers are subqueries. */
export async function countReturnsByStatus(db: RetourDb, f: ReturnFilterValues, now = new Date()) {
  const rows = await db
    .selectFrom('returns')
    .where(returnFilterCondition({ ...f, status: undefined }, now))
    .select([
      'returns.status',
      sql<number>`count(*)::int`.as('n'),
      sql<number>`count(*) filter (where returns.on_hold)::int`.as('held'),
    ])
    .groupBy('returns.status')
    .execute();
  const byStatus = Object.fromEntries(RETURN_STATUSES.map((s) => [s, 0])) as Record<ReturnStatus, number>;
  let onHold = 0;
  for (const r of rows) {
    byStatus[r.status] = r.n;
    onHold += r.held;
  }
  const overdue = await db
    .selectFrom('returns')
    .where(returnFilterCondition({ ...f, status: undefined, refundOverdue: true }, now))
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return { byStatus, onHold, refundOverdue: overdue.n, total: rows.reduce((sum, r) => sum + r.n, 0) };
}
