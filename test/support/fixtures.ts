import { createReason } from '../../src/app/admin/createReason.js';
import { createStaffUser } from '../../src/app/admin/createStaffUser.js';
import { importOrders, type OrderImport } from '../../src/app/catalog/importOrders.js';
import { type AppContext, cliActor } from '../../src/app/kernel/context.js';
import type { StaffRole } from '../../src/domain/access.js';

const meta = { actor: cliActor };
type OrderLineImport = OrderImport['lines'][number];
export const DAY = 86_400_000;
export const PASSWORD = 'correct horse battery staple';

/** A tiny catalogue: a plain tee, a final-sale jacket, an engraved pen, sealed earbuds. */
export async function seedCatalogue(ctx: AppContext) {
  // The default warehouse: where returns are received and restocked goods go.
  await ctx.db
    .insertInto('warehouses')
    .values({
      id: 'wh_dc',
      code: 'dc',
      name: 'DC Utrecht',
      is_default: true,
      address: JSON.stringify({ line1: 'Retourweg 1', postcode: '3542 AD', city: 'Utrecht', country: 'NL' }),
    })
    .execute();
  await ctx.db
    .insertInto('products')
    .values([
      { id: 'prd_tee', handle: 'tee', title: 'Organic tee', tags: '[]' },
      { id: 'prd_jacket', handle: 'jacket', title: 'Rain jacket', tags: '[]', final_sale: true },
      { id: 'prd_pen', handle: 'pen', title: 'Engraved pen', tags: '[]', personalised: true },
      { id: 'prd_buds', handle: 'buds', title: 'Earbuds', tags: '[]', hygiene_sealed: true },
    ])
    .execute();
  await ctx.db
    .insertInto('variants')
    .values([
      {
        id: 'var_tee_m',
        product_id: 'prd_tee',
        sku: 'TEE-M',
        title: 'Organic tee M',
        price_amount: 2000,
        currency: 'EUR',
        options: '{"size":"M"}',
      },
      {
        id: 'var_tee_l',
        product_id: 'prd_tee',
        sku: 'TEE-L',
        title: 'Organic tee L',
        price_amount: 2000,
        currency: 'EUR',
        options: '{"size":"L"}',
      },
      {
        id: 'var_jacket',
        product_id: 'prd_jacket',
        sku: 'JACKET',
        title: 'Rain jacket',
        price_amount: 9000,
        currency: 'EUR',
        options: '{}',
      },
      {
        id: 'var_pen',
        product_id: 'prd_pen',
        sku: 'PEN',
        title: 'Engraved pen',
        price_amount: 3000,
        currency: 'EUR',
        options: '{}',
      },
      {
        id: 'var_buds',
        product_id: 'prd_buds',
        sku: 'BUDS',
        title: 'Earbuds',
        price_amount: 9900,
        currency: 'EUR',
        options: '{}',
      },
    ])
    .execute();
  await createReason(ctx, meta, { code: 'fit', labels: { en: 'Fit', nl: 'Pasvorm' }, controllable: false });
  await createReason(ctx, meta, {
    code: 'too_small',
    parentCode: 'fit',
    labels: { en: 'Too small', nl: 'Te klein' },
    controllable: false,
  });
  await createReason(ctx, meta, {
    code: 'defective',
    labels: { en: 'Defective', nl: 'Defect' },
    controllable: true,
    requiresPhoto: true,
    defect: true,
  });
}

/** An order line at full price with Dutch standard VAT, delivered when the order was. */
export function orderLine(sku: string, quantity: number, unitPriceAmount: number, deliveredAt: Date | null): OrderLineImport {
  return { sku, quantity, unitPriceAmount, discountAmount: 0, taxRateBp: 2100, deliveredAt: deliveredAt?.toISOString() ?? null };
}

export function orderFixture(number: string, deliveredAt: Date | null, overrides: Partial<OrderImport> = {}): OrderImport {
  return {
    orderNumber: number,
    channel: 'webshop',
    placedAt: new Date((deliveredAt ?? new Date()).getTime() - 2 * DAY).toISOString(),
    currency: 'EUR',
    customer: { email: `${number.toLowerCase()}@example.nl`, firstName: 'Sanne', lastName: 'de Vries' },
    shippingAddress: { line1: 'Keizersgracht 1', postcode: '1015 CJ', city: 'Amsterdam', country: 'NL' },
    shippingAmount: 495,
    shippingPremiumAmount: 0,
    discountAmount: 0,
    lines: [
      orderLine('TEE-M', 2, 2000, deliveredAt),
      orderLine('JACKET', 1, 9000, deliveredAt),
      orderLine('PEN', 1, 3000, deliveredAt),
      orderLine('BUDS', 1, 9900, deliveredAt),
    ],
    ...overrides,
  };
}

/** Imports orders and returns them with their line ids by SKU. */
export async function seedOrders(ctx: AppContext, orders: OrderImport[]) {
  const result = await importOrders(ctx, meta, orders);
  if (result.rejected.length) throw new Error(`fixture orders rejected: ${JSON.stringify(result.rejected)}`);
  const ids = result.imported.map((i) => i.orderId);
  const lines = await ctx.db.selectFrom('order_lines').select(['id', 'order_id', 'sku']).where('order_id', 'in', ids).execute();
  return result.imported.map((o) => ({
    id: o.orderId,
    number: o.orderNumber,
    lineBySku: Object.fromEntries(lines.filter((l) => l.order_id === o.orderId).map((l) => [l.sku, l.id])) as Record<
      string,
      string
    >,
  }));
}

/** The shop's store in the fixtures: where `store@shop.test` and tills of the store role work. */
export const FIXTURE_STORE = 'wh_store_ams';

/** A store (a warehouse of kind `store`) in Amsterdam, made once per database. */
export async function seedStore(ctx: AppContext, id = FIXTURE_STORE) {
  await ctx.db
    .insertInto('warehouses')
    .values({
      id,
      code: id.replace(/^wh_/, '').replace(/_/g, '-'),
      name: `Store ${id}`,
      kind: 'store',
      opening_hours: 'Mon–Sat 10:00–18:00',
      address: JSON.stringify({ line1: 'Kalverstraat 1', postcode: '1012 NX', city: 'Amsterdam', country: 'NL' }),
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  return id;
}

/** One staff user per role (`<role>@shop.test`); the store role works at the fixture store. */
export async function seedStaff(ctx: AppContext, roles: readonly StaffRole[]) {
  for (const role of roles) {
    const storeId = role === 'store' ? await seedStore(ctx) : null;
    await createStaffUser(ctx, meta, { email: `${role}@shop.test`, name: role, password: PASSWORD, role, storeId });
  }
}

/** Stock to exchange from (in the default warehouse): the tee in L, and a linen shirt in the tee's category
 * (another product at a higher price). */
export async function seedExchangeStock(ctx: AppContext) {
  await ctx.db.insertInto('categories').values({ id: 'cat_tops', code: 'tops', name: 'Tops', parent_id: null }).execute();
  await ctx.db.updateTable('products').set({ category_id: 'cat_tops' }).where('id', '=', 'prd_tee').execute();
  await ctx.db
    .insertInto('products')
    .values({ id: 'prd_linen', handle: 'linen', title: 'Linen shirt', tags: '[]', category_id: 'cat_tops' })
    .execute();
  await ctx.db
    .insertInto('variants')
    .values({
      id: 'var_linen_m',
      product_id: 'prd_linen',
      sku: 'LINEN-M',
      title: 'Linen shirt M',
      price_amount: 3500,
      currency: 'EUR',
      options: '{"size":"M"}',
    })
    .execute();
  await seedOpeningStock(ctx, 'stm_00000000000000000000000000', 'var_tee_l', 10);
  await seedOpeningStock(ctx, 'stm_00000000000000000000000001', 'var_linen_m', 10);
}

/** An opening count of new units of a variant in a warehouse (the default one unless named); a
 * negative one plays units that went missing. */
export async function seedOpeningStock(ctx: AppContext, id: string, variant: string, quantity: number, warehouse = 'wh_dc') {
  await ctx.db
    .insertInto('stock_movements')
    .values({
      id,
      variant_id: variant,
      warehouse_id: warehouse,
      condition: 'new',
      quantity,
      kind: 'opening',
      return_line_id: null,
      note: null,
      actor: 'test',
      created_at: new Date('2026-01-01T00:00:00Z'),
    })
    .execute();
}

/** Another size of the tee (`var_tee_s`, `var_tee_xl`, …), at a price of its own. */
export async function seedTeeSize(ctx: AppContext, size: string, priceAmount: number) {
  await ctx.db
    .insertInto('variants')
    .values({
      id: `var_tee_${size.toLowerCase()}`,
      product_id: 'prd_tee',
      sku: `TEE-${size}`,
      title: `Organic tee ${size}`,
      price_amount: priceAmount,
      currency: 'EUR',
      options: JSON.stringify({ size }),
    })
    .execute();
}

/** A staff note e-mail waiting to be sent, as a row of `emails` (its dedupe key under `scope`). */
export function pendingEmailRow(id: string, now: Date, scope: string) {
  return {
    id,
    dedupe_key: `${scope}:${id}`,
    kind: 'staff_note',
    recipient: `${id}@example.nl`,
    locale: 'en',
    subject: 'A note',
    html: '<p>A note</p>',
    text_body: 'A note',
    attachments: '[]',
    status: 'pending' as const,
    created_at: now,
    updated_at: now,
  };
}
