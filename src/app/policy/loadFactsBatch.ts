import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { PolicyEffects } from '../../domain/policy/document.js';
import type { PolicyExceptionFacts } from '../../domain/policy/facts.js';
import { withdrawnUnits } from '../../domain/refund.js';
import type { Resolution } from '../../domain/returnLifecycle.js';
import { ARRIVED_RECEPTIONS } from '../../domain/returnLine.js';
import { CALLED_OFF_STATUSES } from '../../domain/returnStatus.js';
import { COUNTED_SETTLEMENT_STATUSES } from '../../domain/settlementStatus.js';
import { loadReferenceData } from '../admin/referenceData.js';
import type { OrderEvaluationFacts } from './evaluationFacts.js';
import { categoryPaths, productFactColumns, reasonCatalogue, toLineFacts } from './factRows.js';

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

/** A staff exception that concerns the order (its customer, itself or one of its returns), revoked
 * or not, so the order can be judged as of an earlier moment. */
export interface ExceptionRecord extends PolicyExceptionFacts {
  customerId: string | null;
  orderId: string | null;
  returnId: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
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
  options: { owner?: object } = {},
): Promise<Map<string, BatchOrderFacts>> {
  const out = new Map<string, BatchOrderFacts>();
  const unique = [...new Set(orderIds)];
  if (unique.length === 0) return out;
  const { categories, reasons } = await loadReferenceData(options.owner ?? db, db);
  const categoryPath = categoryPaths(categories);
  const { reasons: reasonFacts, activeReasons, reasonIds } = reasonCatalogue(reasons);

  for (let start = 0; start < unique.length; start += FACTS_CHUNK_SIZE) {
    const chunk = unique.slice(start, start + FACTS_CHUNK_SIZE);
    const [orders, lines, returned] = await Promise.all([
      db
        .selectFrom('orders')
        .innerJoin('channels', 'channels.id', 'orders.channel_id')
        .innerJoin('customers', 'customers.id', 'orders.customer_id')
        .select([
          'orders.id',
          'orders.order_number',
          'orders.placed_at',
          'orders.shipping_country',
          'orders.currency',
          'orders.customer_id',
          'orders.shipping_amount',
          sql<boolean>`exists (select 1 from settlements s join returns r on r.id = s.return_id
            where r.order_id = orders.id and s.status in (${sql.join(COUNTED_SETTLEMENT_STATUSES.map((st) => sql.lit(st)))})
              and coalesce((s.breakdown->>'deliveryRefund')::bigint, 0) > 0)`.as('delivery_refunded'),
          'channels.code as channel',
          'customers.segment',
          'customers.tags',
        ])
        .where('orders.id', 'in', chunk)
        .execute(),
      db
        .selectFrom('order_lines')
        .leftJoin('variants', 'variants.id', 'order_lines.variant_id')
        .leftJoin('products', 'products.id', 'variants.product_id')
        .select([
          'order_lines.id',
          'order_lines.order_id',
          'order_lines.sku',
          'order_lines.quantity',
          'order_lines.paid_amount',
          'order_lines.delivered_at',
          ...productFactColumns,
        ])
        .where('order_lines.order_id', 'in', chunk)
        .orderBy('order_lines.order_id')
        .orderBy('order_lines.line_number')
        .execute(),
      db
        .selectFrom('returns')
        .leftJoin('return_lines', 'return_lines.return_id', 'returns.id')
        .select([
          'returns.id',
          'returns.order_id',
          'returns.customer_id',
          'returns.status',
          'returns.created_at',
          'return_lines.order_line_id',
          'return_lines.quantity',
          'return_lines.acceptance',
          sql<Resolution | null>`coalesce(return_lines.granted_resolution, return_lines.requested_resolution)`.as('resolution'),
          sql<number>`case when return_lines.reception in (${sql.join(ARRIVED_RECEPTIONS.map((r) => sql.lit(r)))})
            then return_lines.quantity_received else return_lines.quantity end`.as('units_back'),
          sql<boolean>`returns.withdrawal_declared_at is not null
            or coalesce((return_lines.verdict->>'withinStatutoryPeriod')::boolean, false)`.as('within_withdrawal_period'),
        ])
        .where('returns.order_id', 'in', chunk)
        .orderBy('returns.created_at')
        .orderBy('returns.id')
        .execute(),
    ]);
    if (orders.length === 0) continue;
    const customerIds = [...new Set(orders.map((o) => o.customer_id))];
    const [bought, customerReturns, exceptions] = await Promise.all([
      // The customer's whole history; each order's own part is taken off below, as the single
      // loader counts "other orders" and "returns of other orders".
      db
        .selectFrom('orders')
        .innerJoin('order_lines', 'order_lines.order_id', 'orders.id')
        .select(['orders.customer_id', sql<number>`coalesce(sum(order_lines.quantity), 0)::int`.as('units')])
        .where('orders.customer_id', 'in', customerIds)
        .groupBy('orders.customer_id')
        .execute(),
      db
        .selectFrom('returns as r')
        .select([
          'r.customer_id',
          sql<number>`count(*)::int`.as('returns'),
          sql<number>`coalesce(sum((select sum(rl.quantity) from return_lines rl where rl.return_id = r.id)), 0)::int`.as(
            'units',
          ),
        ])
        .where('r.customer_id', 'in', customerIds)
        .where('r.status', 'not in', CALLED_OFF_STATUSES)
        .groupBy('r.customer_id')
        .execute(),
      db
        .selectFrom('policy_exceptions as pe')
        .select([
          'pe.id',
          'pe.customer_id',
          'pe.order_id',
          'pe.return_id',
          'pe.effects',
          'pe.allow_return',
          'pe.created_at',
          'pe.expires_at',
          'pe.revoked_at',
        ])
        .where((eb) =>
          eb.or([
            eb('pe.customer_id', 'in', customerIds),
            eb('pe.order_id', 'in', chunk),
            eb('pe.return_id', 'in', eb.selectFrom('returns').select('returns.id').where('returns.order_id', 'in', chunk)),
          ]),
        )
        .orderBy('pe.created_at')
        .orderBy('pe.id')
        .execute(),
    ]);

    const unitsBought = new Map(bought.map((b) => [b.customer_id, b.units]));
    const returnsMade = new Map(customerReturns.map((r) => [r.customer_id, r]));
    const records: ExceptionRecord[] = exceptions.map((e) => ({
      id: e.id,
      effects: e.effects as PolicyEffects,
      allowReturn: e.allow_return,
      customerId: e.customer_id,
      orderId: e.order_id,
      returnId: e.return_id,
      createdAt: e.created_at,
      expiresAt: e.expires_at,
      revokedAt: e.revoked_at,
    }));
    const linesByOrder = groupBy(lines, (l) => l.order_id);
    const returnedByOrder = groupBy(returned, (r) => r.order_id);

    for (const order of orders) {
      const orderLines = linesByOrder.get(order.id) ?? [];
      const history: ReturnedUnits[] = (returnedByOrder.get(order.id) ?? []).map((r) => ({
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
      // This order's own share of the customer's totals.
      const ownUnits = orderLines.reduce((s, l) => s + l.quantity, 0);
      const ownHolding = history.filter((h) => h.customerId === order.customer_id && !released.has(h.status));
      const ownReturnedUnits = ownHolding.reduce((s, h) => s + h.quantity, 0);
      const ownReturns = new Set(ownHolding.map((h) => h.returnId)).size;
      const boughtElsewhere = Math.max((unitsBought.get(order.customer_id) ?? 0) - ownUnits, 0);
      const made = returnsMade.get(order.customer_id);
      const returnedElsewhere = Math.max((made?.units ?? 0) - ownReturnedUnits, 0);
      const returnCount = Math.max((made?.returns ?? 0) - ownReturns, 0);
      const returnIds = new Set(history.map((h) => h.returnId));
      const exceptionRecords = records.filter(
        (e) => e.customerId === order.customer_id || e.orderId === order.id || (e.returnId !== null && returnIds.has(e.returnId)),
      );

      const facts: BatchOrderFacts = {
        orderNumber: order.order_number,
        order: {
          id: order.id,
          placedAt: order.placed_at,
          channel: order.channel,
          shippingCountry: order.shipping_country,
          currency: order.currency,
          lines: orderLines.map((l) => toLineFacts(l, categoryPath, { quantityInReturns: 0, exchangesUsed: 0 })),
          standardDelivery: { amount: order.shipping_amount, alreadyRefunded: Boolean(order.delivery_refunded) },
        },
        customer: {
          id: order.customer_id,
          segment: order.segment,
          tags: order.tags,
          returnCount,
          returnRate: boughtElsewhere > 0 ? Math.min(returnedElsewhere / boughtElsewhere, 1) : 0,
        },
        reasons: reasonFacts,
        activeReasons,
        reasonIds,
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
      out.set(order.id, facts);
    }
  }
  return out;
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
