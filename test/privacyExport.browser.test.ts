import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../src/app/kernel/context.js';
import { addReturnNote } from '../src/app/returns/addReturnNote.js';
import { requestReturn } from '../src/app/returns/requestReturn.js';
import { seriousViolations } from './support/axe.js';
import { closeBrowserApp, openBrowserApp } from './support/browserApp.js';
import { DAY, orderFixture, PASSWORD, seedOrders, seedStaff } from './support/fixtures.js';
import type { TestApp } from './support/testApp.js';

const SHOTS = 'test-results/privacy-export';

// An admin downloads everything kept about a shopper from the customer's page; an agent, who may
// read the customer, does not get the export.
describe('privacy export in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let customerId: string;
  const scriptErrors: string[] = [];

  beforeAll(async () => {
    ({ t, browser, base } = await openBrowserApp({ now: new Date(), shots: SHOTS }, async (t) => {
      await seedStaff(t.ctx, ['admin', 'agent']);
      const [order] = await seedOrders(t.ctx, [orderFixture('7001', new Date(t.clock.now.getTime() - 3 * DAY))]);
      if (!order) throw new Error('order not seeded');
      const row = await t.ctx.db.selectFrom('orders').select('customer_id').where('id', '=', order.id).executeTakeFirstOrThrow();
      customerId = row.customer_id;
      const ret = await requestReturn(
        t.ctx,
        { actor: cliActor },
        {
          orderId: order.id,
          source: 'api',
          method: 'qr',
          lines: [
            { orderLineId: order.lineBySku['TEE-M'] as string, quantity: 1, reasonCode: 'too_small', resolution: 'refund' },
          ],
        },
      );
      await addReturnNote(
        t.ctx,
        { actor: cliActor },
        { returnId: ret.returnId, kind: 'shopper', body: 'We received your request.' },
      );
    }));
  });
  afterAll(() => closeBrowserApp({ t, browser }));

  async function signIn(role: 'admin' | 'agent', path: string): Promise<Page> {
    const page = await browser.newPage({
      viewport: { width: 390, height: 844 },
      locale: 'en-GB',
      acceptDownloads: true,
    });
    page.on('pageerror', (err) => scriptErrors.push(err.message));
    await page.goto(`${base}${path}`);
    await page.getByLabel('E-mail').fill(`${role}@shop.test`);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: 'Back office' }).waitFor();
    return page;
  }

  it('lets an admin download the export from the customer page, on a phone', async () => {
    const page = await signIn('admin', `/admin/customers/${customerId}`);
    const panel = page.getByRole('region', { name: 'Privacy' });
    await panel.getByRole('button', { name: 'Download data export' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await panel.getByLabel('Summary language').selectOption('en');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      panel.getByRole('button', { name: 'Download data export' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^retour-personal-data-${customerId}-\\d{4}-\\d{2}-\\d{2}\\.zip$`));
    const files = unzipSync(readFileSync(await download.path()));
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['data.json', 'summary.html', 'summary.pdf']));
    await panel.getByText(`Downloaded ${download.suggestedFilename()}.`).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/customer-privacy.png`, fullPage: true });

    // The summary reads on a phone too, and stands alone: nothing loaded from anywhere.
    const summary = await browser.newPage({ viewport: { width: 390, height: 844 }, offline: true });
    await summary.setContent(strFromU8(files['summary.html'] as Uint8Array));
    await summary.getByRole('heading', { name: 'Messages and staff notes (1)' }).waitFor();
    await summary.getByRole('cell', { name: 'We received your request.' }).waitFor();
    expect(await seriousViolations(summary)).toEqual([]);
    await summary.screenshot({ path: `${SHOTS}/summary.png`, fullPage: true });
    await summary.close();

    // The download is in the access log, about this customer.
    await expect
      .poll(async () =>
        (
          await t.ctx.db
            .selectFrom('access_log')
            .select(['action', 'detail', 'subject_id'])
            .where('action', '=', 'export')
            .execute()
        ).map((r) => [r.detail, r.subject_id]),
      )
      .toEqual([['privacy.export', customerId]]);
    await page.close();
  });

  it('shows an agent the customer without the export', async () => {
    const page = await signIn('agent', `/admin/customers/${customerId}`);
    await page.getByRole('heading', { name: 'Sanne de Vries', level: 1 }).waitFor();
    await page.getByRole('region', { name: 'Store credit' }).waitFor();
    expect(await page.getByRole('region', { name: 'Privacy' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Download data export' }).count()).toBe(0);
    expect(scriptErrors).toEqual([]);
    await page.close();
  });
});
