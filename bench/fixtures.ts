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
}

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
    orderNumber: `B-${100000 + i}`,
    channel: 'webshop',
    placedAt: new Date(Date.now() - 5 * DAY).toISOString(),
    currency: 'EUR',
    customer: { email: `bench${i}@example.nl` },
    shippingAddress: { line1: 'Damrak 1', postcode: '1012 LG', city: 'Amsterdam', country: 'NL' },
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
    const o = byOrder.get(l.order_number) ?? { number: l.order_number, email: l.email, lineIds: [] };
    o.lineIds.push(l.id);
    byOrder.set(l.order_number, o);
  }
  return [...byOrder.values()].sort((a, b) => a.number.localeCompare(b.number));
}
