import { verify } from '@node-rs/argon2';
import { sql } from 'kysely';
import { createStaffUser } from '../app/admin/createStaffUser.js';
import { type AppContext, cliActor } from '../app/kernel/context.js';
import { evaluateOrderPolicy } from '../app/policy/evaluateOrder.js';

/** The demo's admin. Its password is written in the README: a demo database is for trying
 * Retour out, never for real customers, and the login must be printable again on every start. */
export const DEMO_ADMIN = { email: 'admin@demo.retour.dev', name: 'Demo admin', password: 'retour-demo-admin' } as const;

/** An order a visitor can start a return for in the portal, and what to look it up with. */
export interface DemoOrder {
  orderNumber: string;
  /** Look the order up with this e-mail address … */
  email?: string;
  /** … or with this postcode. */
  postcode?: string;
}

/** What a demo start prints: orders to try in the portal and the admin login for the back office. */
export interface DemoShowcase {
  shopName: string;
  orders: DemoOrder[];
  /** Null when the demo admin was switched off; `password` null when it was changed since. */
  admin: { email: string; password: string | null } | null;
}

/** Makes the demo admin, unless a user with its e-mail exists. */
export async function ensureDemoAdmin(ctx: AppContext): Promise<void> {
  const existing = await ctx.db.selectFrom('staff_users').select('id').where('email', '=', DEMO_ADMIN.email).executeTakeFirst();
  if (existing) return;
  await createStaffUser(ctx, { actor: cliActor }, { ...DEMO_ADMIN, role: 'admin' });
}

/** How many recent orders are judged to find the few to show. */
const CANDIDATES = 40;
const SHOWN = 3;

/**
 * Null for a database the demo did not make (it has no demo admin): a real shop's customers are
 * not printed. Else orders of the demo shop that can be returned now (the shop's policy says at least one line may
 * come back), recently delivered webshop orders without a return, read from the database so
 * they are right on every start, also weeks after seeding.
 */
export async function demoShowcase(ctx: AppContext): Promise<DemoShowcase | null> {
  const [settings, admin, candidates] = await Promise.all([
    ctx.db.selectFrom('shop_settings').select('name').where('id', '=', 'default').executeTakeFirst(),
    ctx.db
      .selectFrom('staff_users')
      .select(['email', 'password_hash', 'active'])
      .where('email', '=', DEMO_ADMIN.email)
      .executeTakeFirst(),
    ctx.db
      .selectFrom('orders')
      .innerJoin('order_lines', 'order_lines.order_id', 'orders.id')
      .innerJoin('channels', 'channels.id', 'orders.channel_id')
      .innerJoin('customers', 'customers.id', 'orders.customer_id')
      .select(['orders.id', 'orders.order_number', 'orders.email', 'orders.shipping_postcode'])
      .where('channels.code', '=', 'webshop')
      .where('customers.segment', '<>', 'blocked')
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('returns').select('returns.id').whereRef('returns.order_id', '=', 'orders.id'))),
      )
      .groupBy(['orders.id', 'orders.order_number', 'orders.email', 'orders.shipping_postcode'])
      // Every line delivered, and not too long ago: such an order is within its return window.
      .having(sql<boolean>`bool_and(order_lines.delivered_at is not null)`)
      .having(sql`max(order_lines.delivered_at)`, '<=', ctx.now())
      .orderBy(sql`max(order_lines.delivered_at)`, 'desc')
      .limit(CANDIDATES)
      .execute(),
  ]);
  if (!admin) return null;
  const orders: DemoOrder[] = [];
  for (const c of candidates) {
    if (orders.length === SHOWN) break;
    const { verdict } = await evaluateOrderPolicy(ctx, { orderId: c.id, locale: 'en' });
    if (!verdict.lines.some((l) => l.eligible)) continue;
    // The last one is looked up by postcode, the other way the portal offers.
    orders.push(
      orders.length === SHOWN - 1
        ? { orderNumber: c.order_number, postcode: c.shipping_postcode }
        : { orderNumber: c.order_number, email: c.email },
    );
  }
  let login: DemoShowcase['admin'] = null;
  if (admin.active) {
    const unchanged = await verify(admin.password_hash, DEMO_ADMIN.password).catch(() => false);
    login = { email: admin.email, password: unchanged ? DEMO_ADMIN.password : null };
  }
  return { shopName: settings?.name ?? 'Retour', orders, admin: login };
}

/** The lines a demo start prints; `url` is where this installation is reached. */
export function describeShowcase(showcase: DemoShowcase, url: string | null): string[] {
  const at = (path: string) => (url ? ` (${url}${path})` : '');
  const lines = [`Demo shop "${showcase.shopName}": try a return in the shopper portal${at('/returns/')} with`];
  if (showcase.orders.length === 0)
    lines.push('  (no order of the demo can be returned any more: its orders are past their return window)');
  for (const o of showcase.orders) {
    lines.push(`  order ${o.orderNumber} and ${o.email ? `e-mail ${o.email}` : `postcode ${o.postcode}`}`);
  }
  if (showcase.admin) {
    const password = showcase.admin.password ?? '(the password it was given since)';
    lines.push(`Demo admin login: ${showcase.admin.email} / ${password}${url ? `  (back office: ${url}/admin/)` : ''}`);
    // The demo password is public (README): say so while it still opens the back office.
    if (showcase.admin.password)
      lines.push('  This password is public: change it, or switch the demo admin off, before anyone else can reach this server.');
  } else {
    lines.push('The demo admin is switched off: make a login with `retour create-user --role admin`.');
  }
  lines.push('Refunds of the demo go through the sandbox payment provider: they succeed at once and move no money.');
  return lines;
}
