import { sql } from 'kysely';
import { createReason } from '../../app/admin/createReason.js';
import { importOrders, type OrderImport } from '../../app/catalog/importOrders.js';
import { forgetWarehouses } from '../../app/catalog/warehouseList.js';
import { type AppContext, cliActor } from '../../app/kernel/context.js';
import { FRAUD_CATALOGUE, fraudVariants } from './catalogue.js';
import type { FraudShop, SyntheticOrder } from './types.js';

const meta = { actor: cliActor };

/** The reasons the synthetic shoppers give; none asks for a photo, so no request waits on one. */
const REASONS = [
  { code: 'too_small', en: 'Too small', controllable: false },
  { code: 'too_big', en: 'Too big', controllable: false },
  { code: 'changed_mind', en: 'Changed my mind', controllable: false },
  { code: 'not_as_described', en: 'Not as described', controllable: true },
  { code: 'defective', en: 'Defective', controllable: true },
] as const;

/** A warehouse, the catalogue and the reasons of the synthetic shop, on an empty migrated database. */
export async function prepareFraudShop(ctx: AppContext): Promise<void> {
  await ctx.db
    .insertInto('warehouses')
    .values({
      id: 'wh_fs',
      code: 'fs',
      name: 'Returns centre',
      is_default: true,
      address: JSON.stringify({ line1: 'Retourweg 1', postcode: '3542 AD', city: 'Utrecht', country: 'NL' }),
    })
    .execute();
  await forgetWarehouses(ctx.caches);
  await ctx.db
    .insertInto('products')
    .values(FRAUD_CATALOGUE.map((p) => ({ id: p.id, handle: `fs-${p.handle}`, title: p.title, tags: '[]' })))
    .execute();
  await ctx.db
    .insertInto('variants')
    .values(
      fraudVariants().map((v) => ({
        id: v.id,
        product_id: v.productId,
        sku: v.sku,
        title: v.title,
        price_amount: v.price,
        currency: 'EUR',
        options: JSON.stringify(v.options),
      })),
    )
    .execute();
  for (const r of REASONS) await createReason(ctx, meta, { code: r.code, labels: { en: r.en }, controllable: r.controllable });
}

/** Imports orders as the shop's connector would, with the card's fingerprint the payment provider
 * gave; answers each order's id and its line ids in the order's own line order. */
export async function importShopOrders(
  ctx: AppContext,
  shop: FraudShop,
  orders: SyntheticOrder[],
): Promise<Map<string, { id: string; customerId: string; lineIds: string[] }>> {
  const byEmail = new Map(shop.shoppers.map((s) => [s.email, s]));
  const input: OrderImport[] = orders.map((o) => {
    const s = byEmail.get(o.email);
    if (!s) throw new Error(`order ${o.number} of an unknown shopper`);
    return {
      orderNumber: o.number,
      channel: 'webshop',
      placedAt: o.placedAt.toISOString(),
      currency: 'EUR',
      customer: { email: s.email, firstName: s.firstName, lastName: s.lastName, phone: s.phone },
      shippingAddress: s.address,
      shippingAmount: 495,
      shippingPremiumAmount: 0,
      discountAmount: 0,
      lines: o.lines.map((l) => ({
        sku: l.sku,
        quantity: 1,
        unitPriceAmount: l.unitPrice,
        discountAmount: 0,
        taxRateBp: 2100,
        deliveredAt: o.deliveredAt.toISOString(),
      })),
    };
  });
  const result = await importOrders(ctx, meta, input);
  if (result.rejected.length) throw new Error(`orders rejected: ${JSON.stringify(result.rejected.slice(0, 3))}`);
  const numbers = orders.map((o) => o.number);
  const cards = orders.map((o) => byEmail.get(o.email)?.payment ?? '');
  await sql`update orders set payment_fingerprint = v.card
    from (select unnest(${numbers}::text[]) as number, unnest(${cards}::text[]) as card) v
    where orders.order_number = v.number`.execute(ctx.db);
  const rows = await ctx.db
    .selectFrom('order_lines')
    .innerJoin('orders', 'orders.id', 'order_lines.order_id')
    .select(['orders.order_number', 'orders.id as order_id', 'orders.customer_id', 'order_lines.id', 'order_lines.sku'])
    .where('orders.order_number', 'in', numbers)
    .orderBy('order_lines.id')
    .execute();
  const out = new Map<string, { id: string; customerId: string; lineIds: string[] }>();
  for (const o of orders) {
    // Lines are matched to the order's by SKU; a SKU bought twice takes its rows in turn.
    const mine = rows.filter((r) => r.order_number === o.number);
    const first = mine[0];
    if (!first) throw new Error(`order ${o.number} was not imported`);
    const taken = new Set<string>();
    const lineIds = o.lines.map((l) => {
      const row = mine.find((r) => r.sku === l.sku && !taken.has(r.id));
      if (!row) throw new Error(`order ${o.number} has no line ${l.sku}`);
      taken.add(row.id);
      return row.id;
    });
    out.set(o.number, { id: first.order_id, customerId: first.customer_id, lineIds });
  }
  return out;
}
