import { createReason } from '../src/app/admin/createReason.js';
import { importOrders, type OrderImport } from '../src/app/catalog/importOrders.js';
import { type AppContext, cliActor } from '../src/app/kernel/context.js';

const DAY = 86_400_000;
/** The reason every bench return line gives. */
export const REASON_CODE = 'too_small';

export interface BenchOrder {
  number: string;
  email: string;
  lineIds: string[];
  /** The shopper's own device id and IP, sent with each of their calls as the portal does behind a
   * proxy: each bench shopper is someone else, as real shoppers are, not one device at one door. */
  headers: Record<string, string>;
}

/** The i-th bench shopper's device id and IP (10.0.0.0/8, one per shopper). */
function shopperHeaders(i: number): Record<string, string> {
  return {
    'x-retour-device': `bench-device-${i}`,
    'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
  };
}

const FIRST_ORDER_NUMBER = 100000;

/** A reason, two variants and `count` delivered two-line orders, one per return request. */
export async function prepareOrders(ctx: AppContext, count: number): Promise<BenchOrder[]> {
  const meta = { actor: cliActor };
  await createReason(ctx, meta, { code: REASON_CODE, labels: { en: 'Too small' }, controllable: false });
  await ctx.db.insertInto('products').values({ id: 'prd_bench', handle: 'bench-tee', title: 'Bench tee', tags: '[]' }).execute();
  await ctx.db
    .insertInto('variants')
    .values([
      {
        id: 'var_bench_m',
        product_id: 'prd_bench',
        sku: 'BENCH-M',
        title: 'Bench tee M',
        price_amount: 2500,
        currency: 'EUR',
        options: '{}',
      },
      {
        id: 'var_bench_l',
        product_id: 'prd_bench',
        sku: 'BENCH-L',
        title: 'Bench tee L',
        price_amount: 2500,
        currency: 'EUR',
        options: '{}',
      },
    ])
    .execute();
  const delivered = new Date(Date.now() - 3 * DAY).toISOString();
  const orders: OrderImport[] = Array.from({ length: count }, (_, i) => ({
    orderNumber: `B-${FIRST_ORDER_NUMBER + i}`,
    channel: 'webshop',
    placedAt: new Date(Date.now() - 5 * DAY).toISOString(),
    currency: 'EUR',
    customer: { email: `bench${i}@example.nl` },
    // Each shopper at their own door: a shared one would link every customer (the risk score reads its cap).
    shippingAddress: { line1: `Damrak ${i + 1}`, postcode: '1012 LG', city: 'Amsterdam', country: 'NL' },
    shippingAmount: 495,
    shippingPremiumAmount: 0,
    discountAmount: 0,
    lines: ['BENCH-M', 'BENCH-L'].map((sku) => ({
      sku,
      quantity: 1,
      unitPriceAmount: 2500,
      discountAmount: 0,
      taxRateBp: 2100,
      deliveredAt: delivered,
    })),
  }));
  for (let i = 0; i < orders.length; i += 500) await importOrders(ctx, meta, orders.slice(i, i + 500));
  const lines = await ctx.db
    .selectFrom('order_lines')
    .innerJoin('orders', 'orders.id', 'order_lines.order_id')
    .select(['orders.order_number', 'orders.email', 'order_lines.id'])
    .orderBy('order_lines.id')
    .execute();
  const byOrder = new Map<string, BenchOrder>();
  for (const l of lines) {
    const o = byOrder.get(l.order_number) ?? {
      number: l.order_number,
      email: l.email,
      lineIds: [],
      headers: shopperHeaders(Number(l.order_number.slice(2)) - FIRST_ORDER_NUMBER),
    };
    o.lineIds.push(l.id);
    byOrder.set(l.order_number, o);
  }
  return [...byOrder.values()].sort((a, b) => a.number.localeCompare(b.number));
}
