import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { PolicyExceptionFacts } from '../../domain/policy/facts.js';
import { withdrawnUnits } from '../../domain/refund.js';
import type { Resolution } from '../../domain/returnLifecycle.js';
import { CALLED_OFF_STATUSES } from '../../domain/returnStatus.js';
import { loadReferenceData } from '../admin/referenceData.js';
import type { AppCaches } from '../kernel/context.js';
import type { OrderEvaluationFacts } from './evaluationFacts.js';
import { categoryPaths, reasonCatalogue, toLineFacts, toOrderFacts } from './factRows.js';
import {
  type CustomerHistories,
  customerHistories,
  type ExceptionRecord,
  type OrderLineRow,
  type OrderRow,
  orderLineRows,
  orderRows,
  type ReturnedRow,
  returnedRows,
} from './factsBatchQueries.js';

export type { ExceptionRecord } from './factsBatchQueries.js';

/** Order ids per round of queries: keeps `in` lists and the rows held at once moderate. */
export const FACTS_CHUNK_SIZE = 1_000;

/** One line of one of the order's returns, whatever its status. */
export interface ReturnedUnits {
  returnId: string;
  customerId: string;
  status: string;
  createdAt: Date;
  /** Null for a return without lines. */
  orderLineId: string | null;
  quantity: number;
  acceptance: string | null;
  /** The granted resolution, else the requested one. */
  resolution: Resolution | null;
  /** Units sent back: those that arrived once known, else those asked. */
  unitsBack: number;
  /** Declared a withdrawal, or asked within the withdrawal period as its verdict found. */
  withinWithdrawalPeriod: boolean;
}

/** The facts `loadEvaluationFacts` gives for one order (as of `now`, without return-scoped
 * exceptions), plus the history needed to judge it as of another moment (see `factsAsOf`). */
export interface BatchOrderFacts extends OrderEvaluationFacts {
  returnLines: ReturnedUnits[];
  exceptionRecords: ExceptionRecord[];
}

/** Returns whose lines no longer hold on to the ordered quantity: they did not go ahead. */
const released = new Set<string>(CALLED_OFF_STATUSES);

/** The facts of many orders in a fixed number of queries per FACTS_CHUNK_SIZE orders (six, plus
 * the cached reference data once), never one query per order. Orders that do not exist are left
 * out of the map. */
export async function loadFactsBatch(
  db: Kysely<Database>,
  orderIds: readonly string[],
  now: Date,
  options: { caches: AppCaches },
): Promise<Map<string, BatchOrderFacts>> {
  const out = new Map<string, BatchOrderFacts>();
  const unique = [...new Set(orderIds)];
  if (unique.length === 0) return out;
  const { categories, reasons } = await loadReferenceData(options.caches, db);
  const catalogue = { categoryPath: categoryPaths(categories), ...reasonCatalogue(reasons) };

  for (let start = 0; start < unique.length; start += FACTS_CHUNK_SIZE) {
    const chunk = unique.slice(start, start + FACTS_CHUNK_SIZE);
    const [orders, lines, returned] = await Promise.all([
      orderRows(db, chunk, now),
      orderLineRows(db, chunk),
      returnedRows(db, chunk),
    ]);
    if (orders.length === 0) continue;
    const customers = await customerHistories(db, [...new Set(orders.map((o) => o.customer_id))], chunk);
    const linesByOrder = groupBy(lines, (l) => l.order_id);
    const returnedByOrder = groupBy(returned, (r) => r.order_id);
    for (const order of orders) {
      const rows = { lines: linesByOrder.get(order.id) ?? [], returned: returnedByOrder.get(order.id) ?? [] };
      out.set(order.id, orderFacts(order, rows, customers, catalogue, now));
    }
  }
  return out;
}

/** The facts of one order from its rows and its customer's history, with units held and
 * exceptions in force as of now. */
function orderFacts(
  order: OrderRow,
  rows: { lines: OrderLineRow[]; returned: ReturnedRow[] },
  customers: CustomerHistories,
  catalogue: { categoryPath: ReturnType<typeof categoryPaths> } & ReturnType<typeof reasonCatalogue>,
  now: Date,
): BatchOrderFacts {
  const history: ReturnedUnits[] = rows.returned.map((r) => ({
    returnId: r.id,
    customerId: r.customer_id,
    status: r.status,
    createdAt: r.created_at,
    orderLineId: r.order_line_id,
    quantity: r.quantity ?? 0,
    acceptance: r.acceptance,
    resolution: r.resolution,
    unitsBack: Number(r.units_back ?? 0),
    withinWithdrawalPeriod: Boolean(r.within_withdrawal_period),
  }));
  const returnIds = new Set(history.map((h) => h.returnId));
  const exceptionRecords = customers.records.filter(
    (e) => e.customerId === order.customer_id || e.orderId === order.id || (e.returnId !== null && returnIds.has(e.returnId)),
  );
  const facts: BatchOrderFacts = {
    orderNumber: order.order_number,
    order: toOrderFacts(
      order,
      rows.lines.map((l) => toLineFacts(l, catalogue.categoryPath, { quantityInReturns: 0, exchangesUsed: 0 })),
    ),
    customer: {
      id: order.customer_id,
      // On the block list (docs/fraud.md): the policy's `blocked` segment, whatever the customer's own.
      segment: order.block_listed ? 'blocked' : order.segment,
      tags: order.tags,
      ...customerRates(order, rows.lines, history, customers),
    },
    reasons: catalogue.reasons,
    activeReasons: catalogue.activeReasons,
    reasonIds: catalogue.reasonIds,
    exceptions: [],
    returnLines: history,
    exceptionRecords,
  };
  // As the single loader does: every return that holds on to units counts, whenever made.
  const current = unitsHeld(facts, () => true);
  for (const line of facts.order.lines) {
    line.quantityInReturns = current.quantity.get(line.id) ?? 0;
    line.quantityWithdrawn = current.withdrawn.get(line.id) ?? 0;
    line.exchangesUsed = current.exchanges.get(line.id) ?? 0;
  }
  facts.exceptions = exceptionsInForce(exceptionRecords, order.customer_id, order.id, null, now, false);
  return facts;
}

/** The customer's returns and return rate on their other orders: the customer's totals less
 * this order's own share, as the single loader counts "other orders" and "returns of other orders". */
function customerRates(order: OrderRow, lines: OrderLineRow[], history: ReturnedUnits[], customers: CustomerHistories) {
  const ownUnits = lines.reduce((s, l) => s + l.quantity, 0);
  const ownHolding = history.filter((h) => h.customerId === order.customer_id && !released.has(h.status));
  const ownReturnedUnits = ownHolding.reduce((s, h) => s + h.quantity, 0);
  const ownReturns = new Set(ownHolding.map((h) => h.returnId)).size;
  const boughtElsewhere = Math.max((customers.unitsBought.get(order.customer_id) ?? 0) - ownUnits, 0);
  const made = customers.returnsMade.get(order.customer_id);
  const returnedElsewhere = Math.max((made?.units ?? 0) - ownReturnedUnits, 0);
  return {
    returnCount: Math.max((made?.returns ?? 0) - ownReturns, 0),
    returnRate: boughtElsewhere > 0 ? Math.min(returnedElsewhere / boughtElsewhere, 1) : 0,
  };
}

/**
 * The facts of an order as they stood at `at`, for replaying a request made then: units in returns
 * and exchanges used count only the OTHER returns that still hold on to their units (not
 * cancelled, rejected or expired; lines not rejected) and were made before `at` (or at the same
 * instant with a smaller id) — never `returnId` itself; the staff exceptions are those in force at
 * `at` for the customer, the order and `returnId`. The customer's history is as loaded.
 */
export function factsAsOf(facts: BatchOrderFacts, at: Date, options: { returnId?: string | null } = {}): OrderEvaluationFacts {
  const returnId = options.returnId ?? null;
  const time = at.getTime();
  const held = unitsHeld(facts, (h) => {
    if (h.returnId === returnId) return false;
    const made = h.createdAt.getTime();
    return made < time || (made === time && returnId !== null && h.returnId < returnId);
  });
  const { returnLines: _history, exceptionRecords, ...rest } = facts;
  return {
    ...rest,
    order: {
      ...facts.order,
      lines: facts.order.lines.map((l) => ({
        ...l,
        quantityInReturns: held.quantity.get(l.id) ?? 0,
        quantityWithdrawn: held.withdrawn.get(l.id) ?? 0,
        exchangesUsed: held.exchanges.get(l.id) ?? 0,
      })),
    },
    exceptions: exceptionsInForce(exceptionRecords, facts.customer.id, facts.order.id, returnId, at, true),
  };
}

function unitsHeld(facts: BatchOrderFacts, counts: (h: ReturnedUnits) => boolean) {
  const quantity = new Map<string, number>();
  const exchanges = new Map<string, number>();
  const counted: ReturnedUnits[] = [];
  for (const h of facts.returnLines) {
    if (!h.orderLineId || released.has(h.status) || !counts(h)) continue;
    counted.push(h);
    if (h.acceptance !== 'rejected') quantity.set(h.orderLineId, (quantity.get(h.orderLineId) ?? 0) + h.quantity);
    if (h.resolution === 'exchange') exchanges.set(h.orderLineId, (exchanges.get(h.orderLineId) ?? 0) + 1);
  }
  // Units withdrawn from the contract, decided as the single loader and a settlement decide it.
  const withdrawn = withdrawnUnits(
    counted.map((h) => ({
      orderLineId: h.orderLineId ?? '',
      units: h.unitsBack,
      returnStatus: h.status,
      acceptance: h.acceptance ?? 'pending',
      resolution: h.resolution ?? 'refund',
      withinWithdrawalPeriod: h.withinWithdrawalPeriod,
    })),
  );
  return { quantity, exchanges, withdrawn };
}

/** Exceptions in force at `at`, oldest first. `historic`: one revoked after `at`, or made at `at`,
 * was in force then; otherwise (now) any revocation counts, as in the single loader. */
function exceptionsInForce(
  records: readonly ExceptionRecord[],
  customerId: string,
  orderId: string,
  returnId: string | null,
  at: Date,
  historic: boolean,
): PolicyExceptionFacts[] {
  const time = at.getTime();
  return records
    .filter(
      (e) =>
        (e.customerId === customerId || e.orderId === orderId || (returnId !== null && e.returnId === returnId)) &&
        (e.expiresAt === null || e.expiresAt.getTime() > time) &&
        (historic
          ? e.createdAt.getTime() <= time && (e.revokedAt === null || e.revokedAt.getTime() > time)
          : e.revokedAt === null),
    )
    .map((e) => ({ id: e.id, effects: e.effects, allowReturn: e.allowReturn }));
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}
