import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { PolicyEffects } from '../../domain/policy/document.js';
import type { CustomerFacts, OrderFacts, PolicyExceptionFacts, ReasonFacts } from '../../domain/policy/facts.js';
import { withdrawnUnits } from '../../domain/refund.js';
import { CALLED_OFF_STATUSES } from '../../domain/returnStatus.js';
import { loadReferenceData } from '../admin/referenceData.js';
import type { AppCaches } from '../kernel/context.js';
import { categoryPaths, orderFactColumns, productFactColumns, reasonCatalogue, toLineFacts, toOrderFacts } from './factRows.js';
import { returnLinesOfOrder, withdrawalFacts } from './orderReturnLines.js';

interface ExceptionRow {
  id: string;
  effects: unknown;
  allowReturn: boolean;
}

export interface OrderEvaluationFacts {
  orderNumber: string;
  order: OrderFacts;
  customer: CustomerFacts;
  reasons: ReasonFacts[];
  exceptions: PolicyExceptionFacts[];
  /** Codes of the reasons that may still be chosen. */
  activeReasons: Set<string>;
  reasonIds: Map<string, string>;
}

type FactsOptions = { caches: AppCaches; returnId?: string; excludeReturnId?: string; lockOrder?: boolean };

/** Loads everything the policy engine needs to judge one order, in a fixed handful of queries
 * whatever the number of lines. `returnId` adds the exceptions made for that return, and
 * `excludeReturnId` leaves that return's own units out of "already returned" (re-evaluation). */
export async function loadEvaluationFacts(
  db: Kysely<Database>,
  orderId: string,
  now: Date,
  options: FactsOptions,
): Promise<OrderEvaluationFacts | null> {
  const order = await orderRow(db, orderId, now, options);
  if (!order) return null;
  const excluded = options.excludeReturnId ?? '';
  const lines = await orderLineRows(db, orderId, excluded);
  // Units other returns withdraw from the contract, decided as a settlement decides it.
  const withdrawn = withdrawnUnits(
    (await returnLinesOfOrder(db, orderId).execute()).filter((l) => l.return_id !== excluded).map(withdrawalFacts),
  );

  const { categories, reasons } = await loadReferenceData(options.caches, db);

  const pathOf = categoryPaths(categories);

  return {
    orderNumber: order.order_number,
    order: toOrderFacts(
      order,
      lines.map((l) => ({
        ...toLineFacts(l, pathOf, { quantityInReturns: l.in_returns ?? 0, exchangesUsed: l.exchanges ?? 0 }),
        quantityWithdrawn: withdrawn.get(l.id) ?? 0,
      })),
    ),
    customer: {
      id: order.customer_id,
      segment: order.segment,
      tags: order.tags,
      returnCount: order.return_count,
      returnRate: order.bought > 0 ? Math.min(order.returned / order.bought, 1) : 0,
    },
    ...reasonCatalogue(reasons),
    exceptions: order.exceptions.map((e) => ({ id: e.id, effects: e.effects as PolicyEffects, allowReturn: e.allowReturn })),
  };
}

/** One query for the order, its customer, the customer's history and the exceptions in force:
 * this runs on every return request. */
function orderRow(db: Kysely<Database>, orderId: string, now: Date, options: FactsOptions) {
  const released = sql.join(CALLED_OFF_STATUSES.map((st) => sql.lit(st)));
  return (
    db
      .selectFrom('orders')
      .innerJoin('channels', 'channels.id', 'orders.channel_id')
      .innerJoin('customers', 'customers.id', 'orders.customer_id')
      .select([
        ...orderFactColumns,
        sql<number>`(select coalesce(sum(ol.quantity), 0)::int from orders o2 join order_lines ol on ol.order_id = o2.id
        where o2.customer_id = orders.customer_id and o2.id <> orders.id)`.as('bought'),
        sql<number>`(select coalesce(sum(rl.quantity), 0)::int from return_lines rl join returns r on r.id = rl.return_id
        where r.customer_id = orders.customer_id and r.order_id <> orders.id and r.status not in (${released}))`.as('returned'),
        sql<number>`(select count(*)::int from returns r
        where r.customer_id = orders.customer_id and r.order_id <> orders.id and r.status not in (${released}))`.as(
          'return_count',
        ),
        sql<
          ExceptionRow[]
        >`(select coalesce(jsonb_agg(jsonb_build_object('id', pe.id, 'effects', pe.effects, 'allowReturn', pe.allow_return)
          order by pe.created_at), '[]'::jsonb) from policy_exceptions pe
        where (pe.customer_id = orders.customer_id or pe.order_id = orders.id or pe.return_id = ${options.returnId ?? ''})
          and pe.revoked_at is null and (pe.expires_at is null or pe.expires_at > ${now}))`.as('exceptions'),
      ])
      .where('orders.id', '=', orderId)
      // Locking the order serialises concurrent requests for it, so no unit is returned twice.
      .$if(Boolean(options.lockOrder), (q) => q.forUpdate('orders'))
      .executeTakeFirst()
  );
}

/** The order's lines with the units other returns hold and the exchanges made of each. */
function orderLineRows(db: Kysely<Database>, orderId: string, excluded: string) {
  return db
    .selectFrom('order_lines')
    .leftJoin('variants', 'variants.id', 'order_lines.variant_id')
    .leftJoin('products', 'products.id', 'variants.product_id')
    .select((eb) => [
      'order_lines.id',
      'order_lines.sku',
      'order_lines.quantity',
      'order_lines.paid_amount',
      'order_lines.refunded_quantity',
      'order_lines.refunded_amount',
      'order_lines.delivered_at',
      ...productFactColumns,
      eb
        .selectFrom('return_lines')
        .innerJoin('returns', 'returns.id', 'return_lines.return_id')
        .select(sql<number>`coalesce(sum(return_lines.quantity), 0)::int`.as('n'))
        .whereRef('return_lines.order_line_id', '=', 'order_lines.id')
        .where('returns.status', 'not in', CALLED_OFF_STATUSES)
        .where('return_lines.acceptance', '!=', 'rejected')
        .where('returns.id', '!=', excluded)
        .as('in_returns'),
      eb
        .selectFrom('return_lines')
        .innerJoin('returns', 'returns.id', 'return_lines.return_id')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('return_lines.order_line_id', '=', 'order_lines.id')
        .where('returns.status', 'not in', CALLED_OFF_STATUSES)
        .where(sql<boolean>`coalesce(return_lines.granted_resolution, return_lines.requested_resolution) = 'exchange'`)
        .where('returns.id', '!=', excluded)
        .as('exchanges'),
    ])
    .where('order_lines.order_id', '=', orderId)
    .orderBy('order_lines.line_number')
    .execute();
}
