import { sql } from 'kysely';
import { invalidateReferenceData } from '../app/admin/referenceData.js';
import type { AppContext } from '../app/kernel/context.js';
import { newId } from '../app/kernel/ids.js';
import type { Tx } from '../app/kernel/transaction.js';
import { localDate } from '../domain/calendar.js';
import { RetourError } from '../domain/errors.js';
import { parsePolicyDocument } from '../domain/policy/document.js';
import type { ReasonFacts } from '../domain/policy/facts.js';
import { batchesFor, bulkInsert, type ColumnTypes, type FullRow } from './bulkInsert.js';
import { buildCatalogue, CATEGORIES } from './catalogue.js';
import {
  CATEGORY_COLUMNS,
  CUSTOMER_COLUMNS,
  EVENT_COLUMNS,
  ORDER_COLUMNS,
  ORDER_LINE_COLUMNS,
  PRODUCT_COLUMNS,
  REASON_COLUMNS,
  RETURN_COLUMNS,
  RETURN_LINE_COLUMNS,
  SETTLEMENT_COLUMNS,
  STOCK_MOVEMENT_COLUMNS,
  VARIANT_COLUMNS,
} from './columns.js';
import { demoPolicy } from './demoPolicy.js';
import { type ChannelCode, DAY, makeCustomers, makeOrders, type SeedVariant, settleCustomers } from './orders.js';
import { DemoRandom } from './random.js';
import { REASONS } from './reasons.js';
import { planReturns, type ReturnRules } from './returnPlans.js';
import { type ReturnRows, tellReturn } from './returnStory.js';

export interface SeedDemoOptions {
  customers?: number;
  orders?: number;
  /** Orders are spread over this many days before today. */
  days?: number;
  seed?: number;
  onProgress?: (done: number, total: number, stage: string) => void;
}

export interface SeedDemoResult {
  customers: number;
  products: number;
  variants: number;
  orders: number;
  orderLines: number;
  returns: number;
  returnLines: number;
  ms: number;
}

const DEFAULT_SEED = 20260101;
const TIME_ZONE = 'Europe/Amsterdam';
const POLICY_NAME = 'Noord & Zo returns policy';
const RETURN_ADDRESS = {
  name: 'Noord & Zo Retouren',
  line1: 'Distributieweg 12',
  postcode: '3542 AD',
  city: 'Utrecht',
  country: 'NL',
};

const CHANNELS: { code: ChannelCode; name: string; kind: string }[] = [
  { code: 'webshop', name: 'Webshop', kind: 'webshop' },
  { code: 'bol', name: 'bol.com', kind: 'marketplace' },
  { code: 'zalando', name: 'Zalando', kind: 'marketplace' },
  { code: 'store-amsterdam', name: 'Winkel Amsterdam', kind: 'store' },
];

function count(name: string, value: number | undefined, fallback: number, min: number): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < min) {
    throw new RetourError('invalid', 'INVALID_DEMO_OPTION', `${name} must be a whole number of at least ${min}`, [
      { path: name, message: `must be an integer >= ${min}` },
    ]);
  }
  return n;
}

/** Rows keyed by a unique code (reasons, categories): inserted parents first, skipping codes the
 * database already has, and returned as code → id whoever created them. */
async function upsertTree<T extends 'reasons' | 'categories'>(
  tx: Tx,
  table: T,
  columns: ColumnTypes<T>,
  items: { code: string; parent: string | null }[],
  row: (item: { code: string; parent: string | null }, id: string, parentId: string | null, index: number) => FullRow<T>,
  nowMs: number,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const load = async () => {
    const existing =
      table === 'reasons'
        ? await tx.selectFrom('reasons').select(['code', 'id']).execute()
        : await tx.selectFrom('categories').select(['code', 'id']).execute();
    for (const e of existing) ids.set(e.code, e.id);
  };
  await load();
  for (const level of [items.filter((i) => !i.parent), items.filter((i) => i.parent)]) {
    const fresh = level.filter((i) => !ids.has(i.code));
    if (fresh.length === 0) continue;
    const rows = fresh.map((i) =>
      row(i, newId(table === 'reasons' ? 'rsn' : 'cat', nowMs), i.parent ? (ids.get(i.parent) ?? null) : null, items.indexOf(i)),
    );
    await bulkInsert(tx, table, columns, rows);
    await load();
  }
  return ids;
}

/** The reason catalogue and the category tree as the policy engine reads them. */
async function policyReferenceData(tx: Tx): Promise<{ reasons: ReasonFacts[]; categoryPaths: Map<string, string[]> }> {
  const [reasonRows, categoryRows] = await Promise.all([
    tx
      .selectFrom('reasons')
      .leftJoin('reasons as parent', 'parent.id', 'reasons.parent_id')
      .select(['reasons.code', 'parent.code as parent_code', 'reasons.controllable', 'reasons.defect', 'reasons.requires_photo'])
      .execute(),
    tx.selectFrom('categories').select(['id', 'parent_id', 'code']).execute(),
  ]);
  const byId = new Map(categoryRows.map((c) => [c.id, c]));
  const categoryPaths = new Map<string, string[]>();
  for (const category of categoryRows) {
    const path: string[] = [];
    // Bounded walk, as in the app: a cycle in bad data must not hang the seeder.
    for (
      let c: typeof category | undefined = category;
      c && path.length < 20;
      c = c.parent_id ? byId.get(c.parent_id) : undefined
    )
      path.push(c.code);
    categoryPaths.set(category.code, path);
  }
  return {
    reasons: reasonRows.map((r) => ({
      code: r.code,
      parentCode: r.parent_code,
      controllable: r.controllable,
      defect: r.defect,
      requiresPhoto: r.requires_photo,
    })),
    categoryPaths,
  };
}

/** Fills an empty database with a believable shop: settings, its published return policy,
 * channels, warehouses, reasons, a catalogue, customers in NL/BE/DE/FR, orders over the last
 * months and returns in every state with their timelines, each judged by that policy at the
 * moment it was requested. Deterministic for a seed (ids aside: they carry the real randomness of
 * `newId`). Everything is one transaction, so it is all-or-nothing; rows go in large batches,
 * so it is fast. */
export async function seedDemo(ctx: AppContext, options: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  const started = performance.now();
  const customerCount = count('customers', options.customers, 1000, 1);
  const orderCount = count('orders', options.orders, 5000, 0);
  const days = count('days', options.days, 120, 1);
  const r = new DemoRandom(options.seed ?? DEFAULT_SEED);
  const now = ctx.now();
  const nowMs = now.getTime();

  const result = await ctx.db.transaction().execute(async (tx) => {
    const existing = await tx.selectFrom('orders').select('id').limit(1).executeTakeFirst();
    if (existing) {
      throw new RetourError(
        'conflict',
        'DEMO_ALREADY_SEEDED',
        'The database already holds orders; the demo shop is seeded only into an empty one',
      );
    }

    // The shop's own return policy, published and in force: every demo return is judged by it.
    const policy = parsePolicyDocument(demoPolicy(Number(localDate(now, TIME_ZONE).slice(0, 4))));
    const policyVersionId = newId('pol', nowMs);
    const { next } = await tx
      .selectFrom('policy_versions')
      .select(sql<number>`coalesce(max(number), 0)::int + 1`.as('next'))
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('policy_versions')
      .values({
        id: policyVersionId,
        number: next,
        name: POLICY_NAME,
        status: 'published',
        document: JSON.stringify(policy),
        based_on: null,
        notes: null,
        created_by: null,
        created_at: now,
        updated_at: now,
        published_by: null,
        published_at: now,
      })
      .execute();

    const settings = await tx
      .updateTable('shop_settings')
      .set({
        name: 'Noord & Zo',
        currency: 'EUR',
        timezone: TIME_ZONE,
        default_locale: 'nl',
        locales: JSON.stringify(['nl', 'en', 'de', 'fr']),
        return_address: JSON.stringify(RETURN_ADDRESS),
        brand_color: '#1d5c4d',
        support_email: 'klantenservice@noordenzo.example',
        active_policy_version_id: policyVersionId,
        updated_at: now,
      })
      .where('id', '=', 'default')
      .returning(['ship_by_days'])
      .executeTakeFirstOrThrow();

    // The webshop channel comes with the schema; channels someone already made are kept as they are.
    await tx
      .insertInto('channels')
      .values(CHANNELS.map((c) => ({ id: newId('chn', nowMs), ...c })))
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    const channelIds = new Map((await tx.selectFrom('channels').select(['code', 'id']).execute()).map((c) => [c.code, c.id]));

    const hasDefault = await tx.selectFrom('warehouses').select('id').where('is_default', '=', true).executeTakeFirst();
    await tx
      .insertInto('warehouses')
      .values([
        {
          id: newId('wh', nowMs),
          code: 'utrecht',
          name: 'DC Utrecht',
          is_default: !hasDefault,
          address: JSON.stringify(RETURN_ADDRESS),
        },
        {
          id: newId('wh', nowMs),
          code: 'koeln',
          name: 'Retourenlager Köln',
          address: JSON.stringify({
            name: 'Noord & Zo Retouren',
            line1: 'Industriestraße 40',
            postcode: '50735',
            city: 'Köln',
            country: 'DE',
          }),
        },
        {
          id: newId('wh', nowMs),
          code: 'amsterdam-winkel',
          name: 'Noord & Zo Amsterdam',
          kind: 'store',
          opening_hours: 'ma–za 10:00–18:00, zo 12:00–17:00',
          address: JSON.stringify({ line1: 'Haarlemmerstraat 77', postcode: '1013 EM', city: 'Amsterdam', country: 'NL' }),
        },
        {
          id: newId('wh', nowMs),
          code: 'utrecht-winkel',
          name: 'Noord & Zo Utrecht',
          kind: 'store',
          opening_hours: 'ma–za 10:00–18:00',
          address: JSON.stringify({ line1: 'Oudegracht 120', postcode: '3511 AX', city: 'Utrecht', country: 'NL' }),
        },
      ])
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    const stockWarehouse = await tx.selectFrom('warehouses').select('id').where('code', '=', 'utrecht').executeTakeFirstOrThrow();

    const reasonIds = await upsertTree(
      tx,
      'reasons',
      REASON_COLUMNS,
      REASONS,
      (item, id, parentId, index) => {
        const reason = REASONS[index]!;
        return {
          id,
          parent_id: parentId,
          code: item.code,
          labels: JSON.stringify(reason.labels),
          controllable: reason.controllable,
          requires_photo: reason.requiresPhoto,
          defect: reason.defect,
          active: true,
          position: index * 10,
        };
      },
      nowMs,
    );
    const categoryIds = await upsertTree(
      tx,
      'categories',
      CATEGORY_COLUMNS,
      CATEGORIES,
      (item, id, parentId, index) => ({ id, parent_id: parentId, code: item.code, name: CATEGORIES[index]!.name }),
      nowMs,
    );
    // The history follows the shop's own rules, so it looks like the app made it: the policy sees
    // reasons and categories as they are in the database, as the app's checks do.
    const rules: ReturnRules = {
      shipByDays: settings.ship_by_days,
      policy,
      timeZone: TIME_ZONE,
      ...(await policyReferenceData(tx)),
    };

    // Everything else is made in memory first, so the inserts below are a known number of batches.
    const catalogue = buildCatalogue();
    const products: FullRow<'products'>[] = [];
    const variants: FullRow<'variants'>[] = [];
    const seedVariants: SeedVariant[] = [];
    catalogue.forEach((p, i) => {
      // The catalogue grew over the year before the first demo order.
      const createdAt = new Date(nowMs - (days + 30 + (catalogue.length - i) * 3) * DAY);
      const productId = newId('prd', createdAt.getTime());
      products.push({
        id: productId,
        handle: p.handle,
        title: p.title,
        brand: p.brand,
        category_id: categoryIds.get(p.category) ?? null,
        tags: JSON.stringify(p.tags),
        final_sale: p.flags.has('finalSale'),
        exchange_only: p.flags.has('exchangeOnly'),
        personalised: p.flags.has('personalised'),
        hygiene_sealed: p.flags.has('hygieneSealed'),
        perishable: p.flags.has('perishable'),
        sealed_media: p.flags.has('sealedMedia'),
        created_at: createdAt,
      });
      for (const [position, v] of p.variants.entries()) {
        const id = newId('var', createdAt.getTime());
        variants.push({
          id,
          product_id: productId,
          sku: v.sku,
          ean: v.ean,
          title: v.title,
          options: JSON.stringify(v.options),
          price_amount: v.price,
          currency: 'EUR',
          position,
        });
        seedVariants.push({
          id,
          productId,
          sku: v.sku,
          title: v.title,
          price: v.price,
          kind: p.kind,
          category: p.category,
          flags: p.flags,
          tags: p.tags,
          options: v.options,
        });
      }
    });

    const customers = makeCustomers(r, customerCount, now, days);
    const orders = makeOrders(r, { count: orderCount, days, now, customers, variants: seedVariants, newId });
    settleCustomers(r, customers, orders);
    for (const c of customers) c.id = newId('cus', c.createdAt.getTime());

    const plans = planReturns(r, orders, now, rules);
    // Numbers come from the app's own sequence, so returns made later never collide with these;
    // plans are in creation order, so numbers rise with time as they do in the app.
    const numbers: number[] = [];
    if (plans.length > 0) {
      const reserve = sql<{
        n: number;
      }>`select nextval('return_number_seq') as n from generate_series(1, ${plans.length}) order by n`;
      for (const row of (await reserve.execute(tx)).rows) numbers.push(row.n);
    }
    const storyContext = { rules, newId, reasonIds, policyVersionId };
    const stories: ReturnRows[] = plans.map((plan, i) => tellReturn(r, plan, `R-${numbers[i]}`, storyContext));
    const returnsPerCustomer = new Map<string, number>();
    for (const p of plans) returnsPerCustomer.set(p.order.customer.id, (returnsPerCustomer.get(p.order.customer.id) ?? 0) + 1);

    const customerRows: FullRow<'customers'>[] = customers.map((c) => ({
      id: c.id,
      email: c.person.email,
      first_name: c.person.firstName,
      last_name: c.person.lastName,
      // No phone numbers: made-up numbers could belong to real people.
      phone: null,
      country: c.person.country,
      postcode: c.person.postcode,
      locale: c.person.locale,
      segment: c.segment,
      tags: JSON.stringify((returnsPerCustomer.get(c.id) ?? 0) >= 3 ? [...c.tags, 'frequent-returner'] : c.tags),
      created_at: c.createdAt,
    }));
    const orderRows: FullRow<'orders'>[] = orders.map((o) => ({
      id: o.id,
      order_number: o.number,
      channel_id: channelIds.get(o.channel)!,
      customer_id: o.customer.id,
      email: o.customer.person.email,
      currency: o.currency,
      placed_at: o.placedAt,
      shipping_country: o.country,
      shipping_postcode: o.address.postcode,
      shipping_address: JSON.stringify(o.address),
      subtotal_amount: o.subtotal,
      discount_amount: o.discount,
      shipping_amount: o.shipping,
      shipping_premium_amount: o.shippingPremium,
      tax_amount: o.tax,
      total_amount: o.total,
      payment_method: o.paymentMethod,
      // The webshop takes payments through the sandbox provider, so refunds go through without
      // keys (a real shop has Mollie or Stripe here); marketplaces and the store's till settle
      // elsewhere.
      payment_provider: o.channel === 'webshop' ? 'sandbox' : null,
      payment_reference: o.channel === 'webshop' ? `sbx_tr_${o.id.slice(-10)}` : null,
      external_id: o.externalId,
      created_at: o.placedAt,
    }));
    const lineRows: FullRow<'order_lines'>[] = orders.flatMap((o) =>
      o.lines.map((l) => ({
        id: l.id,
        order_id: o.id,
        line_number: l.lineNumber,
        variant_id: l.variant.id,
        sku: l.variant.sku,
        title: l.variant.title,
        quantity: l.quantity,
        unit_price_amount: l.unitPrice,
        discount_amount: l.discount,
        tax_amount: l.tax,
        tax_rate_bp: l.taxRateBp,
        paid_amount: l.paid,
        delivered_at: l.deliveredAt,
      })),
    );
    // Opening stock in the distribution centre, so exchanges have something to offer; some
    // variants are sold out.
    const stockRows: FullRow<'stock_movements'>[] = variants.flatMap((v) => {
      const quantity = r.chance(0.15) ? 0 : r.int(1, 40);
      if (quantity === 0) return [];
      return [
        {
          id: newId('stm', nowMs),
          variant_id: v.id,
          warehouse_id: stockWarehouse.id,
          condition: 'new' as const,
          quantity,
          kind: 'opening',
          return_line_id: null,
          note: null,
          actor: 'demo',
          created_at: new Date(nowMs - days * DAY),
        },
      ];
    });
    const returnRows = stories.map((s) => s.ret);
    const returnLineRows = stories.flatMap((s) => s.lines);
    const settlementRows = stories.flatMap((s) => s.settlements);
    // Seeded history gets its timeline (events) but no outbox messages: the outbox feeds webhooks
    // and e-mails, and months-old history is not news to send to anyone.
    const eventRows = stories.flatMap((s) => s.events);

    const tables = [
      customerRows,
      products,
      variants,
      stockRows,
      orderRows,
      lineRows,
      returnRows,
      returnLineRows,
      settlementRows,
      eventRows,
    ] as const;
    const total = 1 + tables.reduce((s, rows) => s + batchesFor(rows.length), 0);
    let done = 1;
    const progress = (stage: string) => () => options.onProgress?.(++done, total, stage);
    options.onProgress?.(done, total, 'settings');
    await bulkInsert(tx, 'customers', CUSTOMER_COLUMNS, customerRows, progress('customers'));
    await bulkInsert(tx, 'products', PRODUCT_COLUMNS, products, progress('catalogue'));
    await bulkInsert(tx, 'variants', VARIANT_COLUMNS, variants, progress('catalogue'));
    await bulkInsert(tx, 'stock_movements', STOCK_MOVEMENT_COLUMNS, stockRows, progress('catalogue'));
    await bulkInsert(tx, 'orders', ORDER_COLUMNS, orderRows, progress('orders'));
    await bulkInsert(tx, 'order_lines', ORDER_LINE_COLUMNS, lineRows, progress('orders'));
    await bulkInsert(tx, 'returns', RETURN_COLUMNS, returnRows, progress('returns'));
    await bulkInsert(tx, 'return_lines', RETURN_LINE_COLUMNS, returnLineRows, progress('returns'));
    await bulkInsert(tx, 'settlements', SETTLEMENT_COLUMNS, settlementRows, progress('returns'));
    await bulkInsert(tx, 'events', EVENT_COLUMNS, eventRows, progress('timeline'));

    return {
      customers: customerRows.length,
      products: products.length,
      variants: variants.length,
      orders: orderRows.length,
      orderLines: lineRows.length,
      returns: returnRows.length,
      returnLines: returnLineRows.length,
      ms: Math.round(performance.now() - started),
    };
  });
  // After commit: new reasons, categories and the active policy replace any cached copy.
  invalidateReferenceData(ctx.db);
  return result;
}
