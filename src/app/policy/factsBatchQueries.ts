import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { PolicyEffects } from '../../domain/policy/document.js';
import type { PolicyExceptionFacts } from '../../domain/policy/facts.js';
import type { Resolution } from '../../domain/returnLifecycle.js';
import { ARRIVED_RECEPTIONS } from '../../domain/returnLine.js';
import { CALLED_OFF_STATUSES } from '../../domain/returnStatus.js';
import { blockListedSql } from '../risk/riskLists.js';
import { orderFactColumns, productFactColumns } from './factRows.js';

/* The queries loadFactsBatch runs per chunk of orders: each answers for the whole chunk at once. */

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

export type OrderRow = Awaited<ReturnType<typeof orderRows>>[number];
export type OrderLineRow = Awaited<ReturnType<typeof orderLineRows>>[number];
export type ReturnedRow = Awaited<ReturnType<typeof returnedRows>>[number];
export type CustomerHistories = Awaited<ReturnType<typeof customerHistories>>;

/** The orders with their channel, customer and whether a settlement paid their delivery cost back. */
export function orderRows(db: Kysely<Database>, chunk: string[], now: Date) {
  return (
    db
      .selectFrom('orders')
      .innerJoin('channels', 'channels.id', 'orders.channel_id')
      .innerJoin('customers', 'customers.id', 'orders.customer_id')
      .select(orderFactColumns)
      // On the block list (docs/fraud.md): the policy's `blocked` segment, as for a request.
      .select(blockListedSql(sql<string>`orders.customer_id`, now).as('block_listed'))
      .where('orders.id', 'in', chunk)
      .execute()
  );
}

export function orderLineRows(db: Kysely<Database>, chunk: string[]) {
  return db
    .selectFrom('order_lines')
    .leftJoin('variants', 'variants.id', 'order_lines.variant_id')
    .leftJoin('products', 'products.id', 'variants.product_id')
    .select([
      'order_lines.id',
      'order_lines.order_id',
      'order_lines.sku',
      'order_lines.quantity',
      'order_lines.paid_amount',
      'order_lines.refunded_quantity',
      'order_lines.refunded_amount',
      'order_lines.delivered_at',
      ...productFactColumns,
    ])
    .where('order_lines.order_id', 'in', chunk)
    .orderBy('order_lines.order_id')
    .orderBy('order_lines.line_number')
    .execute();
}

/** Every line of every return of the orders, whatever its status, oldest return first. */
export function returnedRows(db: Kysely<Database>, chunk: string[]) {
  return db
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
    .execute();
}

/** The customers' whole history (units bought, returns made) and the staff exceptions that concern
 * them, the orders or their returns. */
export async function customerHistories(db: Kysely<Database>, customerIds: string[], chunk: string[]) {
  const [bought, customerReturns, exceptions] = await Promise.all([
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
        sql<number>`coalesce(sum((select sum(rl.quantity) from return_lines rl where rl.return_id = r.id)), 0)::int`.as('units'),
      ])
      .where('r.customer_id', 'in', customerIds)
      .where('r.status', 'not in', CALLED_OFF_STATUSES)
      .groupBy('r.customer_id')
      .execute(),
    exceptionRows(db, customerIds, chunk),
  ]);
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
  return {
    unitsBought: new Map(bought.map((b) => [b.customer_id, b.units])),
    returnsMade: new Map(customerReturns.map((r) => [r.customer_id, r])),
    records,
  };
}

function exceptionRows(db: Kysely<Database>, customerIds: string[], chunk: string[]) {
  return db
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
    .execute();
}
