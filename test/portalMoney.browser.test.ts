import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './support/axe.js';
import { closeBrowserApp, openBrowserApp } from './support/browserApp.js';
import { DAY, orderFixture, orderLine, seedOrders, seedStaff } from './support/fixtures.js';
import type { TestApp } from './support/testApp.js';

// The summary before confirming, in a headless Chromium on the real server, at a phone's size:
// the amount it shows is the amount the settlement pays.
describe('the portal summary says what the settlement pays', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    ({ t, browser, base } = await openBrowserApp({}, async (t) => {
      await seedStaff(t.ctx, ['agent']);
      const delivered = new Date(t.clock.now.getTime() - 3 * DAY);
      // A tee and a rain jacket, €4.95 to deliver: everything can come back.
      await seedOrders(t.ctx, [
        orderFixture('5101', delivered, {
          lines: [orderLine('TEE-M', 1, 2000, delivered), orderLine('JACKET', 1, 9000, delivered)],
        }),
      ]);
    }));
  });
  afterAll(() => closeBrowserApp({ t, browser }));

  it('shows the delivery cost coming back when the whole order is returned within 14 days, and the settlement pays that total', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'nl-NL' });
    await page.goto(`${base}/returns/`);
    await page.getByLabel('Bestelnummer').fill('5101');
    await page.getByLabel('E-mailadres of postcode').fill('5101@example.nl');
    await page.getByRole('button', { name: 'Bestelling zoeken' }).click();
    await page.getByRole('heading', { name: 'Wat wil je retourneren?' }).waitFor();
    for (const sku of ['TEE-M', 'JACKET']) {
      const line = page.locator(`[data-line="${sku}"]`);
      await line.getByRole('checkbox').check();
      await line.getByLabel('Reden').selectOption('too_small');
      await line.getByRole('radio', { name: /Geld terug/ }).check();
    }
    await page.getByRole('button', { name: 'Verder' }).click();
    await page.getByRole('heading', { name: 'Overzicht' }).waitFor();
    await page.getByRole('radio', { name: /QR-code/ }).check();
    await expect.poll(() => page.getByTestId('delivery-refund').textContent()).toContain('4,95');
    const shown = (await page.getByTestId('refund-total').textContent())?.replace(/\s/g, ' ');
    expect(shown).toContain('114,95');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Retour aanmelden' }).click();
    const number = await page.getByTestId('return-number').textContent();
    const created = await t.ctx.db
      .selectFrom('returns')
      .select(['id', 'status'])
      .where('number', '=', number ?? '')
      .executeTakeFirstOrThrow();
    const agent = await t.login('agent');
    if (created.status !== 'approved') {
      const lines = await t.ctx.db.selectFrom('return_lines').select('id').where('return_id', '=', created.id).execute();
      const approved = await t.request({
        method: 'POST',
        url: `/api/v1/returns/${created.id}/approve`,
        staff: agent,
        payload: { lines: lines.map((l) => ({ returnLineId: l.id })) },
      });
      expect(approved.statusCode, approved.body).toBe(200);
    }
    const settled = await t.request({ method: 'POST', url: `/api/v1/returns/${created.id}/settle`, staff: agent, payload: {} });
    expect(settled.statusCode, settled.body).toBe(200);
    expect(settled.json().settlements).toEqual([
      expect.objectContaining({ kind: 'refund', amount: 11_495, breakdown: expect.objectContaining({ deliveryRefund: 495 }) }),
    ]);
    await page.close();
  });
});
