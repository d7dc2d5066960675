import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncConnection } from '../src/app/catalog/sync/syncConnection.js';
import { upsertShopOrders } from '../src/app/catalog/sync/upsertShopOrders.js';
import { upsertShopProducts } from '../src/app/catalog/sync/upsertShopProducts.js';
import { systemActor } from '../src/app/kernel/context.js';
import { approveLines } from '../src/app/returns/approveLines.js';
import { requestReturn } from '../src/app/returns/requestReturn.js';
import { seriousViolations } from './support/axe.js';
import { closeBrowserApp, openBrowserApp } from './support/browserApp.js';
import { DAY, PASSWORD, seedStaff } from './support/fixtures.js';
import { storeShopConnection } from './support/shopSync.js';
import { FakeShopify } from './support/shops/fakeShopify.js';
import type { TestApp } from './support/testApp.js';
import { until } from './support/until.js';

const SHOTS = 'test-results/platform-returns';

// A return of a Shopify order, approved in Retour, is registered in Shopify by the server's own
// workers (the platforms.push queue), and its page in the back office says where it lives there.
describe('A return on Shopify, in the back office', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let conn: SyncConnection;
  const shopify = new FakeShopify();
  const scriptErrors: string[] = [];

  beforeAll(async () => {
    await shopify.start();
    ({ t, browser, base } = await openBrowserApp({ now: new Date(), shots: SHOTS }, async (t) => {
      await seedStaff(t.ctx, ['admin']);
      shopify.seedProduct({
        title: 'Linen shirt',
        options: ['Size'],
        variants: [{ sku: 'LINEN-M', price: '59.00', options: { Size: 'M' } }],
      });
      conn = await storeShopConnection(t.ctx, { platform: 'shopify', name: 'Our Shopify', credentials: shopify.credentials() });
      const page = await (await t.ctx.shops.connection(conn.id))?.adapter.listProducts?.({ cursor: null });
      await upsertShopProducts(t.ctx, conn, page?.items ?? []);
    }));
  });
  afterAll(async () => {
    await closeBrowserApp({ t, browser });
    await shopify.stop();
  });

  it("shows Shopify's return id and status on the return's page", async () => {
    const gid = shopify.seedOrder({
      createdAt: new Date(Date.now() - 6 * DAY).toISOString(),
      deliveredAt: new Date(Date.now() - 3 * DAY).toISOString(),
      lines: [{ sku: 'LINEN-M', quantity: 1, price: '59.00' }],
    });
    const order = await (await t.ctx.shops.connection(conn.id))?.adapter.getOrder(gid);
    await upsertShopOrders(t.ctx, conn, order ? [order] : []);
    const row = await t.ctx.db
      .selectFrom('orders')
      .innerJoin('order_lines', 'order_lines.order_id', 'orders.id')
      .select(['orders.id as orderId', 'order_lines.id as lineId'])
      .where('orders.external_id', '=', gid)
      .executeTakeFirstOrThrow();
    const meta = { actor: systemActor };
    const made = await requestReturn(t.ctx, meta, {
      orderId: row.orderId,
      source: 'agent',
      method: 'qr',
      lines: [{ orderLineId: row.lineId, quantity: 1, reasonCode: 'too_small', resolution: 'refund' }],
    });
    const lines = await t.ctx.db.selectFrom('return_lines').select('id').where('return_id', '=', made.returnId).execute();
    const status = await t.ctx.db
      .selectFrom('returns')
      .select('status')
      .where('id', '=', made.returnId)
      .executeTakeFirstOrThrow();
    if (status.status !== 'approved')
      await approveLines(t.ctx, meta, { returnId: made.returnId, lines: lines.map((l) => ({ returnLineId: l.id })) });

    // The workers register it in Shopify on their own.
    const registered = await until(
      async () =>
        (
          await t.ctx.db
            .selectFrom('platform_returns')
            .select('external_id')
            .where('return_id', '=', made.returnId)
            .executeTakeFirst()
        )?.external_id,
      { what: 'the return to be registered in Shopify' },
    );
    expect(shopify.returnsOf(gid).map((r) => r.id)).toEqual([registered]);

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    page.on('pageerror', (err) => scriptErrors.push(err.message));
    await page.goto(`${base}/admin/returns/${made.returnId}`);
    await page.getByLabel('E-mail').fill('admin@shop.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.keyboard.press('Enter');
    const panel = page.getByRole('region', { name: 'On the shop platform' });
    await panel.waitFor();
    await panel.getByText('Shopify · Our Shopify').waitFor();
    await panel.getByText(registered).waitFor();
    await panel.getByText('OPEN').waitFor();
    await page.screenshot({ path: `${SHOTS}/return-on-shopify.png`, fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    expect(scriptErrors).toEqual([]);
  });
});
