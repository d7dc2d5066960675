import { randomBytes } from 'node:crypto';
import type { ShopOrder } from '../src/app/catalog/connections/port.js';
import { PAGES_AT_ONCE, SYNC_PAGE_SIZE } from '../src/app/catalog/sync/runSync.js';
import { loadSyncConnection, type SyncConnection } from '../src/app/catalog/sync/syncConnection.js';
import { type UpsertOrdersOptions, upsertShopOrders } from '../src/app/catalog/sync/upsertShopOrders.js';
import type { AppContext } from '../src/app/kernel/context.js';
import { newId } from '../src/app/kernel/ids.js';
import { loadConfig } from '../src/config/env.js';
import { openDb } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { MAX_PAGE as WOOCOMMERCE_PAGE } from '../src/integrations/shops/woocommerce/client.js';
import { createAppContext } from '../src/runtime/appContext.js';
import { type BackendCpu, watchBackendCpu } from './cpu.js';
import { type BackfillResult, measureBackfill } from './shopBackfill.js';

export const BENCH_ENCRYPTION_KEY = 'bench-shop-key';

/** Two variants and a WooCommerce connection to bring orders into; answers the connection. */
export async function prepareShop(ctx: AppContext, options: { webhookToken?: string; credentials?: object } = {}) {
  await ctx.db
    .insertInto('products')
    .values({ id: 'prd_shop_bench', handle: 'shop-bench-tee', title: 'Bench tee', tags: '[]' })
    .execute();
  await ctx.db
    .insertInto('variants')
    .values(
      ['M', 'L'].map((size) => ({
        id: `var_shop_bench_${size}`,
        product_id: 'prd_shop_bench',
        sku: `SHOP-BENCH-${size}`,
        title: `Bench tee ${size}`,
        price_amount: 2500,
        currency: 'EUR',
        options: JSON.stringify({ Size: size }),
      })),
    )
    .execute();
  const id = newId('shc');
  const now = new Date();
  await ctx.db
    .insertInto('shop_connections')
    .values({
      id,
      platform: 'woocommerce',
      name: 'WooCommerce (bench)',
      channel_id: 'chn_webshop',
      credentials: ctx.shops.box.seal(options.credentials ?? { shop: 'bench.example', apiKey: 'ck_bench' }),
      key_hint: 'ench',
      webhook_token: options.webhookToken ?? randomBytes(24).toString('base64url'),
      created_at: now,
      updated_at: now,
    })
    .execute();
  return (await loadSyncConnection(ctx.db, id)) as SyncConnection;
}

/** A two-line order as an adapter gives it. */
export function benchShopOrder(i: number, updatedAt: string): ShopOrder {
  const line = (n: number, size: string) => ({
    externalId: `${i}-${n}`,
    sku: `SHOP-BENCH-${size}`,
    title: `Bench tee ${size}`,
    quantity: 1,
    unitPriceAmount: 2500,
    discountAmount: n === 1 ? 250 : 0,
    taxRateBp: 2100,
    productExternalId: '77',
    variantExternalId: null,
    deliveredAt: null,
    ref: { taxRateId: 1 },
  });
  return {
    externalId: String(100_000 + i),
    number: String(100_000 + i),
    marketplace: null,
    placedAt: '2026-05-01T10:00:00.000Z',
    updatedAt,
    cancelledAt: null,
    currency: 'EUR',
    customer: {
      externalId: null,
      email: `bench-${i % 5000}@example.nl`,
      firstName: 'Bench',
      lastName: 'Shopper',
      phone: null,
      locale: 'nl',
    },
    shippingAddress: { line1: 'Kade 1', postcode: '1011 AB', city: 'Amsterdam', country: 'NL' },
    lines: [line(1, 'M'), line(2, 'L')],
    shippingLines: [{ title: 'PostNL', amount: 495 }],
    discountCodes: ['WELCOME'],
    shippingAmount: 495,
    payment: { refundable: true, method: 'mollie_wc_gateway_ideal' },
    tags: [],
  };
}

export interface ImportResult {
  perSecond: number;
  orders: number;
  seconds: number;
  /** Two pages written at a time (two connections backfilling, or a backfill beside a catch-up). */
  perSecondTwoWriters: number;
  /** Four pages written at a time, each on its own connection, with its CPU per order. */
  fourWriters: { perSecond: number; nodeCpuUsPerOrder: number; dbCpuUsPerOrder: number };
  /** Whole backfills through the sync (the platform's pages of 250 run together into writes of
   * 1,000, each committed with the run's cursor) from a platform that answers at once: one write at
   * a time, then as many as a backfill makes at once (PAGES_AT_ONCE), then four. */
  backfills: BackfillResult[];
  /** One page at a time, recording an event per order instead of one per page. */
  perSecondWithEvents: number;
  /** One page after the other at the page sizes real backfills write: the sync's (250) and
   * WooCommerce's largest (100). */
  atBackfillPages: { pageSize: number; perSecond: number }[];
  /** CPU per order of the first measure (one page after the other), in µs: this process (the
   * upsert's Node side) and the PostgreSQL backends of the database. Steadier than the rate on a
   * busy machine. */
  nodeCpuUsPerOrder: number;
  dbCpuUsPerOrder: number;
}

/** CPU used so far by this process and by the PostgreSQL backends of the database, in ms. */
async function cpuMs(backends: BackendCpu): Promise<{ node: number; db: number }> {
  const db = await backends.cpuMs();
  const own = process.cpuUsage();
  return { node: (own.user + own.system) / 1000, db };
}

async function timePages(
  ctx: AppContext,
  shop: SyncConnection,
  range: { from: number; count: number; pageSize: number; writers: number },
  options: UpsertOrdersOptions,
) {
  const { from, count, pageSize, writers } = range;
  const updatedAt = new Date().toISOString();
  const pages: ShopOrder[][] = [];
  for (let i = from; i < from + count; i += pageSize) {
    pages.push(Array.from({ length: Math.min(pageSize, from + count - i) }, (_, k) => benchShopOrder(i + k, updatedAt)));
  }
  const started = performance.now();
  let next = 0;
  const writer = async () => {
    for (let page = pages[next++]; page; page = pages[next++]) {
      const r = await upsertShopOrders(ctx, shop, page, { ...options, writtenAgainOnConflict: true });
      if (r.imported !== page.length) throw new Error(`a page imported ${r.imported} of ${page.length} orders`);
    }
  };
  await Promise.all(Array.from({ length: writers }, writer));
  return (performance.now() - started) / 1000;
}

/**
 * Two-line orders brought in per second through the upsert a backfill uses (pages of `pageSize`,
 * each page one transaction, written as a backfill writes them: one event per page, new orders as
 * plain inserts since a page that meets another transaction is written again), on a fresh
 * database: new orders of 5,000 customers (new in the first pages, returning after), lines
 * matched to variants by SKU. Measured as a backfill records its
 * events (one per page), then once more with an event per order, to show what that costs, and at
 * the pages real backfills write (the sync's 250, WooCommerce's 100), as large pages flatter it.
 */
export async function measureShopImport(
  databaseUrl: string,
  options: { orders?: number; pageSize?: number },
  log: (line: string) => void,
): Promise<ImportResult> {
  const orders = options.orders ?? 40_000;
  const pageSize = options.pageSize ?? 1000;
  const handle = await openDb({ databaseUrl });
  const backends = await watchBackendCpu(databaseUrl);
  try {
    await migrateToLatest(handle.db);
    const ctx = await createAppContext(
      loadConfig({ DATABASE_URL: databaseUrl, RETOUR_ENCRYPTION_KEY: BENCH_ENCRYPTION_KEY }),
      handle.db,
    );
    const shop = await prepareShop(ctx);
    // A warm-up page: plans and connections ready, as in a running backfill.
    await timePages(ctx, shop, { from: 0, count: pageSize, pageSize, writers: 1 }, { events: 'page' });
    let from = pageSize;
    const cpu0 = await cpuMs(backends);
    const seconds = await timePages(ctx, shop, { from, count: orders, pageSize, writers: 1 }, { events: 'page' });
    const cpu1 = await cpuMs(backends);
    from += orders;
    log(
      `[import] ${orders} orders in ${seconds.toFixed(2)} s, one page after the other (CPU per order: Node ` +
        `${(((cpu1.node - cpu0.node) * 1000) / orders).toFixed(1)} µs, PostgreSQL ${(((cpu1.db - cpu0.db) * 1000) / orders).toFixed(1)} µs); now two pages at a time…`,
    );
    const twoSeconds = await timePages(ctx, shop, { from, count: orders, pageSize, writers: 2 }, { events: 'page' });
    from += orders;
    const cpu2 = await cpuMs(backends);
    const fourSeconds = await timePages(ctx, shop, { from, count: orders, pageSize, writers: 4 }, { events: 'page' });
    const cpu3 = await cpuMs(backends);
    from += orders;
    const backfills: BackfillResult[] = [];
    for (const pagesAtOnce of [...new Set([1, PAGES_AT_ONCE, 4])]) {
      const updatedAt = new Date().toISOString();
      const order = (i: number) => benchShopOrder(i, updatedAt);
      backfills.push(await measureBackfill(ctx, shop, { from, count: orders, pagesAtOnce }, order, backends));
      from += orders;
    }
    const eachSeconds = await timePages(ctx, shop, { from, count: orders / 4, pageSize, writers: 1 }, { events: 'each' });
    from += orders / 4;
    const atBackfillPages: ImportResult['atBackfillPages'] = [];
    for (const size of [SYNC_PAGE_SIZE, WOOCOMMERCE_PAGE]) {
      const count = orders / 2;
      const took = await timePages(ctx, shop, { from, count, pageSize: size, writers: 1 }, { events: 'page' });
      from += count;
      atBackfillPages.push({ pageSize: size, perSecond: count / took });
    }
    return {
      atBackfillPages,
      perSecond: orders / seconds,
      perSecondTwoWriters: orders / twoSeconds,
      fourWriters: {
        perSecond: orders / fourSeconds,
        nodeCpuUsPerOrder: ((cpu3.node - cpu2.node) * 1000) / orders,
        dbCpuUsPerOrder: ((cpu3.db - cpu2.db) * 1000) / orders,
      },
      backfills,
      orders,
      seconds,
      perSecondWithEvents: orders / 4 / eachSeconds,
      nodeCpuUsPerOrder: ((cpu1.node - cpu0.node) * 1000) / orders,
      dbCpuUsPerOrder: ((cpu1.db - cpu0.db) * 1000) / orders,
    };
  } finally {
    await backends.close();
    await handle.close();
  }
}
