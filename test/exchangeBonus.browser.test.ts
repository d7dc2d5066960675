import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowserApp, openBrowserApp } from './support/browserApp.js';
import { DAY, orderFixture, PASSWORD, seedExchangeStock, seedOrders, seedStaff } from './support/fixtures.js';
import { publishPolicy } from './support/policies.js';
import { findOrderInPortal } from './support/portalPages.js';
import type { TestApp } from './support/testApp.js';

// The portal's summary of an exchange under a policy with a 10 % exchange bonus, in a browser: the
// exchanged tee (paid €20.00) counts €20.00 + €2.00 towards the linen shirt (€35.00), and the
// difference shown is the one the exchange order then asks, with the bonus in the back office's breakdown.
describe('the exchange bonus in the portal summary and the back office', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    // The real clock: the back office's session cookie expires by the browser's clock.
    ({ t, browser, base } = await openBrowserApp({ now: new Date() }, async (t) => {
      await seedExchangeStock(t.ctx);
      await seedStaff(t.ctx, ['admin']);
      await seedOrders(t.ctx, [orderFixture('5401', new Date(t.clock.now.getTime() - 3 * DAY))]);
      const admin = await t.login('admin');
      await publishPolicy(t, admin, 'Exchange bonus', {
        defaults: {
          window: { days: 30, from: 'delivery' },
          resolutions: ['refund', 'store_credit', 'exchange'],
          methods: ['qr'],
          bonus: { percent: 10, fixed: 0, for: ['store_credit', 'exchange'] },
        },
        rules: [],
      });
    }));
  });
  afterAll(() => closeBrowserApp({ t, browser }));

  it('shows the item worth its value plus the bonus and the smaller difference the exchange order asks', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });
    await findOrderInPortal(page, base, '5401');
    const tee = page.locator('[data-line="TEE-M"]');
    await tee.getByRole('checkbox').check();
    await tee.getByLabel('Reason').selectOption('too_small');
    await tee.getByRole('radio', { name: /Exchange/ }).check();
    const exchangeFor = tee.getByLabel('Exchange for');
    await exchangeFor.waitFor();
    await exchangeFor.selectOption('var_linen_m');
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('heading', { name: 'Summary' }).waitFor();
    await expect.poll(() => page.getByTestId('exchange-difference').textContent()).toContain('13.00');
    const line = (await page.getByTestId('return-lines').textContent())?.replace(/\s/g, ' ');
    expect(line).toContain('worth €20.00 + €2.00 exchange bonus');
    expect(await page.getByTestId('exchange-row').textContent()).toContain('13.00');

    await page.getByRole('button', { name: 'Confirm return' }).click();
    // Confirmed (and approved by the policy): the exchange order asks what the summary said.
    await page.getByTestId('status-link').waitFor();
    const created = await t.ctx.db
      .selectFrom('exchange_orders')
      .innerJoin('exchange_order_lines', 'exchange_order_lines.exchange_order_id', 'exchange_orders.id')
      .select(['exchange_orders.price_difference', 'exchange_order_lines.bonus'])
      .execute();
    expect(created).toEqual([{ price_difference: 1300, bonus: 200 }]);

    // The back office shows the exchange's breakdown with the bonus in it.
    const { return_id: returnId } = await t.ctx.db.selectFrom('exchange_orders').select('return_id').executeTakeFirstOrThrow();
    const staff = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    await staff.goto(`${base}/admin/returns/${returnId}`);
    await staff.getByLabel('E-mail').fill('admin@shop.test');
    await staff.getByLabel('Password').fill(PASSWORD);
    await staff.keyboard.press('Enter');
    const breakdown = staff.getByTestId('exchange-breakdown');
    await breakdown.waitFor();
    expect((await breakdown.textContent())?.replace(/\s/g, ' ')).toBe(
      '(€35.00 − returned item worth €20.00 − exchange bonus €2.00 = €13.00)',
    );
    const panel = staff.getByRole('region', { name: 'Exchange' });
    expect(await panel.textContent()).toContain('Exchange bonus (taken off the difference)€2.00');
  });
});
