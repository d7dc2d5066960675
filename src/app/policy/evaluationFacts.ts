import { type Kysely, sql } from 'kysely';
import { keptQuery } from '../../db/keptQuery.js';
import type { Database } from '../../db/schema.js';
import type { PolicyEffects } from '../../domain/policy/document.js';
import type { CustomerFacts, OrderFacts, PolicyExceptionFacts, ReasonFacts } from '../../domain/policy/facts.js';
import { type WithdrawnLineFacts, withdrawnUnits } from '../../domain/refund.js';
import { CALLED_OFF_STATUSES } from '../../domain/returnStatus.js';
import { loadReferenceData } from '../admin/referenceData.js';
import type { AppCaches } from '../kernel/context.js';
import { blockListedSql } from '../risk/riskLists.js';
import { categoryPaths, orderFactColumns, productFactColumns, reasonCatalogue, toLineFacts, toOrderFacts } from './factRows.js';
import { withdrawalFacts, withinWithdrawalPeriod } from './orderReturnLines.js';

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

/** Returns that no longer hold on to the units they asked for. */
const calledOff = new Set<string>(CALLED_OFF_STATUSES);

type FactsOptions = { caches: AppCaches; returnId?: string; excludeReturnId?: string; lockOrder?: boolean };

/** Loads everything the policy engine needs to judge one order in two queries (the order, then its
 * lines with what other returns hold of them) besides the cached reference data, whatever the
 * number of lines. `returnId` adds the exceptions made for that return, and
 * `excludeReturnId` leaves that return's own units out of "already returned" (re-evaluation). */
export async function loadEvaluationFacts(
  db: Kysely<Database>,
  orderId: string,
  now: Date,
  options: FactsOptions,
): Promise<OrderEvaluationFacts | null> {
  const order = await orderRow(db, orderId, now, options);
  if (!order) return null;
  // Read after the order row (and its lock): a request for the same order that committed while
  // this one waited is counted.
  const lines = heldUnits(await orderLineRows(db, orderId), orderId, options.excludeReturnId ?? '');

  const { categories, reasons } = await loadReferenceData(options.caches, db);

  const pathOf = categoryPaths(categories);

  return {
    orderNumber: order.order_number,
    order: toOrderFacts(
      order,
      lines.map((l) => ({
        ...toLineFacts(l.row, pathOf, { quantityInReturns: l.inReturns, exchangesUsed: l.exchanges }),
        // Units other returns withdraw from the contract, decided as a settlement decides it.
        quantityWithdrawn: l.withdrawn,
      })),
    ),
    customer: {
      id: order.customer_id,
      // On the block list (docs/fraud.md): the policy's `blocked` segment, whatever the customer's own.
      segment: order.block_listed ? 'blocked' : order.segment,
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
function orderRowQuery(db: Kysely<Database>, { orderId, now, returnId }: OrderRowValues) {
  const released = sql.join(CALLED_OFF_STATUSES.map((st) => sql.lit(st)));
  return db
    .selectFrom('orders')
    .innerJoin('channels', 'channels.id', 'orders.channel_id')
    .innerJoin('customers', 'customers.id', 'orders.customer_id')
    .select([
      ...orderFactColumns,
      // Each other order's lines by their order's key, whatever the statistics say: joined, a
      // plan made while order_lines was small (a prepared statement keeps it) read all of it on
      // every call as the shop grew, tens of milliseconds at a few thousand orders.
      sql<number>`(select coalesce(sum(l.units), 0)::int from orders o2
        cross join lateral (select sum(ol.quantity) as units from order_lines ol where ol.order_id = o2.id offset 0) l
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
        where (pe.customer_id = orders.customer_id or pe.order_id = orders.id or pe.return_id = ${returnId})
          and pe.revoked_at is null and (pe.expires_at is null or pe.expires_at > ${now}))`.as('exceptions'),
      blockListedSql(sql<string>`orders.customer_id`, now).as('block_listed'),
    ])
    .where('orders.id', '=', orderId);
}

type OrderRowValues = { orderId: string; now: Date; returnId: string };

/** Built and compiled once each (see keptQuery): they run on every return request. Locking the
 * order serialises concurrent requests for it, so no unit is returned twice. */
export const orderRowKept = keptQuery(orderRowQuery);
export const orderRowLockedKept = keptQuery((db: Kysely<Database>, values: OrderRowValues) =>
  orderRowQuery(db, values).forUpdate('orders'),
);

function orderRow(db: Kysely<Database>, orderId: string, now: Date, options: FactsOptions) {
  const values = { orderId, now, returnId: options.returnId ?? '' };
  return (options.lockOrder ? orderRowLockedKept : orderRowKept).executeTakeFirst(db, values);
}

/** The order's lines, each with every line of a return that asks for some of its units (one row
 * per such return line, none without): one read gives what other returns hold of each line. */
function orderLineRowsQuery(db: Kysely<Database>, { orderId }: { orderId: string }) {
  return (
    db
      .selectFrom('order_lines')
      .leftJoin('variants', 'variants.id', 'order_lines.variant_id')
      .leftJoin('products', 'products.id', 'variants.product_id')
      // Per line, through the index on the return line's order line whatever the statistics say (a
      // fresh database has none): `offset 0` keeps the planner from merging the subquery into a join
      // over every return line. Each return line's return is read by its key the same way: joined,
      // a plan made while the returns table was small hashed all of it for every line, and a
      // prepared statement kept that plan while the table grew.
      .leftJoinLateral(
        (eb) =>
          eb
            .selectFrom('return_lines as rl')
            .innerJoinLateral(
              (rb) =>
                rb
                  .selectFrom('returns')
                  .select(['returns.order_id', 'returns.status', 'returns.withdrawal_declared_at'])
                  .whereRef('returns.id', '=', 'rl.return_id')
                  .offset(0)
                  .as('r'),
              (join) => join.onTrue(),
            )
            .select([
              'rl.return_id',
              'rl.quantity',
              'rl.quantity_received',
              'rl.reception',
              'rl.acceptance',
              'rl.granted_resolution',
              'rl.requested_resolution',
              'r.order_id',
              'r.status',
              withinWithdrawalPeriod,
            ])
            .whereRef('rl.order_line_id', '=', 'order_lines.id')
            .offset(0)
            .as('held'),
        (join) => join.onTrue(),
      )
      .select([
        'order_lines.id',
        'order_lines.sku',
        'order_lines.quantity',
        'order_lines.paid_amount',
        'order_lines.refunded_quantity',
        'order_lines.refunded_amount',
        'order_lines.delivered_at',
        ...productFactColumns,
        'held.return_id as held_return_id',
        'held.order_id as held_order_id',
        'held.status as held_status',
        'held.quantity as held_quantity',
        'held.quantity_received as held_quantity_received',
        'held.reception as held_reception',
        'held.acceptance as held_acceptance',
        'held.granted_resolution as held_granted_resolution',
        'held.requested_resolution as held_requested_resolution',
        'held.within_withdrawal_period as held_within_withdrawal_period',
      ])
      .where('order_lines.order_id', '=', orderId)
      .orderBy('order_lines.line_number')
  );
}

/** Built and compiled once (see keptQuery): it runs on every return request. */
export const orderLineRowsKept = keptQuery(orderLineRowsQuery);

function orderLineRows(db: Kysely<Database>, orderId: string) {
  return orderLineRowsKept.execute(db, { orderId });
}

type OrderLineHeldRow = Awaited<ReturnType<typeof orderLineRows>>[number];

/** Per order line (in line order): the units returns that still go ahead hold of it (lines not
 * refused), the exchanges asked of it, and the units the order's returns withdraw from the
 * contract — leaving out the return `excluded`. */
function heldUnits(rows: readonly OrderLineHeldRow[], orderId: string, excluded: string) {
  const lines: { row: OrderLineHeldRow; inReturns: number; exchanges: number; withdrawn: number }[] = [];
  const withdrawals: WithdrawnLineFacts[] = [];
  for (const row of rows) {
    let line = lines[lines.length - 1];
    if (line?.row.id !== row.id) {
      line = { row, inReturns: 0, exchanges: 0, withdrawn: 0 };
      lines.push(line);
    }
    const returnId = row.held_return_id;
    if (returnId === null || returnId === excluded) continue;
    const held = {
      order_line_id: row.id,
      quantity: row.held_quantity ?? 0,
      quantity_received: row.held_quantity_received ?? 0,
      reception: row.held_reception ?? 'expected',
      acceptance: row.held_acceptance ?? 'pending',
      granted_resolution: row.held_granted_resolution,
      requested_resolution: row.held_requested_resolution ?? 'refund',
      status: row.held_status ?? '',
      within_withdrawal_period: row.held_within_withdrawal_period,
    };
    if (!calledOff.has(held.status)) {
      if (held.acceptance !== 'rejected') line.inReturns += held.quantity;
      if ((held.granted_resolution ?? held.requested_resolution) === 'exchange') line.exchanges += 1;
    }
    if (row.held_order_id === orderId) withdrawals.push(withdrawalFacts(held));
  }
  const withdrawn = withdrawnUnits(withdrawals);
  for (const line of lines) line.withdrawn = withdrawn.get(line.row.id) ?? 0;
  return lines;
}
