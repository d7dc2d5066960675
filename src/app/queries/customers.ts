import { sql } from 'kysely';
import type { RetourDb } from '../../db/connection.js';
import { notFound } from '../../domain/errors.js';
import { decodeCursor, toPage } from './pagination.js';

function presentCustomer(c: {
  id: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
  country: string | null;
  postcode: string | null;
  segment: string;
  tags: string[];
  created_at: Date;
}) {
  return {
    id: c.id,
    email: c.email,
    firstName: c.first_name,
    lastName: c.last_name,
    country: c.country,
    postcode: c.postcode,
    segment: c.segment,
    tags: c.tags,
    createdAt: c.created_at.toISOString(),
  };
}

/** Customers by e-mail prefix or name, newest first. */
export async function listCustomers(db: RetourDb, f: { q?: string; cursor?: string; limit: number }) {
  let q = db.selectFrom('customers').selectAll();
  if (f.q) {
    const like = `${f.q
      .trim()
      .toLowerCase()
      .replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    q = q.where((eb) =>
      eb.or([eb('email', 'like', like), eb(sql`lower(last_name)`, 'like', like), eb(sql`lower(first_name)`, 'like', like)]),
    );
  }
  if (f.cursor) q = q.where('id', '<', decodeCursor(f.cursor));
  const rows = await q
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
  const page = toPage(rows, f.limit);
  return { items: page.items.map(presentCustomer), nextCursor: page.nextCursor };
}

/** A customer with order and return counts. */
export async function getCustomerDetail(db: RetourDb, customerId: string) {
  const c = await db.selectFrom('customers').selectAll().where('id', '=', customerId).executeTakeFirst();
  if (!c) throw notFound('Customer', customerId);
  const stats = await db
    .selectNoFrom((eb) => [
      eb.selectFrom('orders').select(sql<number>`count(*)::int`.as('n')).where('customer_id', '=', customerId).as('orders'),
      eb.selectFrom('returns').select(sql<number>`count(*)::int`.as('n')).where('customer_id', '=', customerId).as('returns'),
      eb
        .selectFrom('order_lines')
        .innerJoin('orders', 'orders.id', 'order_lines.order_id')
        .select(sql<number>`coalesce(sum(order_lines.quantity), 0)::int`.as('n'))
        .where('orders.customer_id', '=', customerId)
        .as('bought'),
      // Units asked back, except returns that never went ahead (rejected or cancelled).
      eb
        .selectFrom('return_lines')
        .innerJoin('returns', 'returns.id', 'return_lines.return_id')
        .select(sql<number>`coalesce(sum(return_lines.quantity), 0)::int`.as('n'))
        .where('returns.customer_id', '=', customerId)
        .where('returns.status', 'not in', ['rejected', 'cancelled'])
        .as('returned'),
      eb
        .selectFrom('returns')
        .select(sql<number>`coalesce(sum(value_amount), 0)::int`.as('n'))
        .where('customer_id', '=', customerId)
        .where('status', 'not in', ['rejected', 'cancelled'])
        .as('value'),
    ])
    .executeTakeFirstOrThrow();
  const bought = stats.bought ?? 0;
  return {
    ...presentCustomer(c),
    orderCount: stats.orders ?? 0,
    returnCount: stats.returns ?? 0,
    /** Share of the units bought that were asked back, 0–1. */
    returnRate: bought > 0 ? Math.min((stats.returned ?? 0) / bought, 1) : 0,
    /** What the returned units were paid, in minor units. */
    valueReturned: stats.value ?? 0,
  };
}
