import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './support/axe.js';
import { closeBrowserApp, openBrowserApp } from './support/browserApp.js';
import { DAY, orderFixture, seedExchangeStock, seedOrders, seedStaff } from './support/fixtures.js';
import { publishPolicy } from './support/policies.js';
import { findOrderInPortal } from './support/portalPages.js';
import type { TestApp } from './support/testApp.js';

const SHOTS = 'test-results/portal';

// What the portal says about each line of a return, on a phone, against the real server.
describe('shopper portal: every line of a return, and withdrawing from some (phone)', () => {
  const viewport = { width: 390, height: 844 };
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    ({ t, browser, base } = await openBrowserApp({ shots: SHOTS }, async (t) => {
      await seedExchangeStock(t.ctx);
      const delivered = new Date(t.clock.now.getTime() - 3 * DAY);
      await seedOrders(t.ctx, [orderFixture('6001', delivered), orderFixture('6002', delivered)]);
    }));
  });
  afterAll(() => closeBrowserApp({ t, browser }));

  it('lists each line of a mixed return with its resolution and part, in the summary and after confirming', async () => {
    const page = await browser.newPage({ viewport, locale: 'en-GB' });
    await findOrderInPortal(page, base, '6001');
    const tee = page.locator('[data-line="TEE-M"]');
    await tee.getByRole('checkbox').check();
    await tee.getByLabel('Reason').selectOption('too_small');
    await tee.getByRole('radio', { name: /Exchange/ }).check();
    await tee.getByLabel('Exchange for').selectOption('var_tee_l');
    const jacket = page.locator('[data-line="JACKET"]');
    await jacket.getByRole('checkbox').check();
    await jacket.getByLabel('Reason').selectOption('too_small');
    await jacket.getByRole('radio', { name: /Refund/ }).check();
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('heading', { name: 'Summary' }).waitFor();
    const summary = page.getByTestId('return-lines').locator('li');
    await expect
      .poll(() => summary.allTextContents())
      .toEqual(['1 × Organic tee M — Exchange for Organic tee L (worth €20.00)', '1 × Rain jacket — Refund (€90.00)']);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'phone-lines-summary.png'), fullPage: true });
    await page.getByRole('radio', { name: /QR code/ }).check();
    await page.getByRole('button', { name: 'Confirm return' }).click();

    await page.getByTestId('return-number').waitFor();
    // The exchanged line and the refunded one, not only the exchange.
    await expect
      .poll(() => page.getByTestId('return-lines').locator('li').allTextContents())
      .toEqual(['1 × Organic tee M — Exchange for Organic tee L', '1 × Rain jacket — Refund']);
    // The same on the status page the link opens.
    const link = await page.getByTestId('status-link').getAttribute('href');
    const status = await browser.newPage({ viewport, locale: 'en-GB' });
    await status.goto(`${base}${link}`);
    await expect
      .poll(() => status.getByTestId('return-lines').locator('li').allTextContents())
      .toEqual(['1 × Organic tee M — Exchange for Organic tee L', '1 × Rain jacket — Refund']);
    expect(await seriousViolations(status)).toEqual([]);
    await status.screenshot({ path: join(SHOTS, 'phone-lines-status.png'), fullPage: true });
    await status.close();
    await page.close();
  });

  it('withdraws from some lines and some units of an order, not only from all of it', async () => {
    const page = await browser.newPage({ viewport, locale: 'en-GB' });
    await findOrderInPortal(page, base, '6002');
    await page.getByRole('button', { name: 'Withdraw from contract here' }).click();
    await page.getByRole('heading', { name: 'Right of withdrawal' }).waitFor();
    const order = await t.ctx.db
      .selectFrom('order_lines')
      .innerJoin('orders', 'orders.id', 'order_lines.order_id')
      .select(['order_lines.id', 'order_lines.sku'])
      .where('orders.order_number', '=', '6002')
      .execute();
    const lineOf = (sku: string) => page.locator(`[data-withdraw-line="${order.find((l) => l.sku === sku)?.id}"]`);
    // Everything that can be withdrawn is chosen to start with; the shopper keeps the jacket and the earbuds.
    await lineOf('JACKET').getByRole('checkbox').uncheck();
    await lineOf('BUDS').getByRole('checkbox').uncheck();
    await lineOf('TEE-M').getByLabel('Quantity').selectOption('1');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'phone-withdraw-some.png'), fullPage: true });
    // Nothing chosen cannot be confirmed.
    await lineOf('TEE-M').getByRole('checkbox').uncheck();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Choose at least one item');
    expect(await page.getByRole('button', { name: 'Confirm withdrawal' }).isDisabled()).toBe(true);
    await lineOf('TEE-M').getByRole('checkbox').check();
    await lineOf('TEE-M').getByLabel('Quantity').selectOption('1');
    await page.getByRole('button', { name: 'Confirm withdrawal' }).click();

    await expect.poll(() => page.getByTestId('withdrawal').textContent()).toContain('Your withdrawal has been received');
    const number = await page.getByTestId('return-number').textContent();
    const lines = await t.ctx.db
      .selectFrom('returns')
      .innerJoin('return_lines', 'return_lines.return_id', 'returns.id')
      .innerJoin('order_lines', 'order_lines.id', 'return_lines.order_line_id')
      .select(['order_lines.sku', 'return_lines.quantity', 'returns.withdrawal_declared_at'])
      .where('returns.number', '=', number ?? '')
      .execute();
    expect(lines.map(({ sku, quantity }) => ({ sku, quantity }))).toEqual([{ sku: 'TEE-M', quantity: 1 }]);
    expect(lines[0]?.withdrawal_declared_at).toBeTruthy();
    await expect
      .poll(() => page.getByTestId('return-lines').locator('li').allTextContents())
      .toEqual(['1 × Organic tee M — Refund']);
    await page.close();
  });
});

// The shop's own words on the policy page and beside each item, in the shopper's language.
describe('shopper portal: the policy in the shopper’s language (phone)', () => {
  const viewport = { width: 390, height: 844 };
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    ({ t, browser, base } = await openBrowserApp({ shots: SHOTS }, async (t) => {
      await seedStaff(t.ctx, ['admin']);
      await seedOrders(t.ctx, [orderFixture('6101', new Date(t.clock.now.getTime() - 3 * DAY))]);
      const admin = await t.login('admin');
      const ended = new Date(t.clock.now.getTime() - 2 * DAY).toISOString().slice(0, 10);
      const document = {
        defaults: {
          window: { days: 30 },
          resolutions: ['refund', 'store_credit', 'exchange'],
          bonus: { percent: 10, for: ['store_credit'] },
        },
        rules: [
          {
            id: 'sale',
            name: 'Uitverkoop: alleen tegoed',
            translations: { de: { name: 'Sale: nur Guthaben', description: 'Reduzierte Artikel gibt es als Guthaben zurück.' } },
            when: { productTags: ['sale'] },
            effects: { resolutions: ['store_credit'] },
          },
          {
            id: 'holidays',
            name: 'Feestdagen: 60 dagen',
            when: { orderedBetween: { to: ended } },
            effects: { window: { days: 60 } },
          },
        ],
      };
      await publishPolicy(t, admin, 'Shop', document);
    }));
  });
  afterAll(() => closeBrowserApp({ t, browser }));

  it('shows the rules in force in German and names the resolution that earns the bonus', async () => {
    const page = await browser.newPage({ viewport, locale: 'de-DE' });
    await page.goto(`${base}/returns/policy`);
    await expect
      .poll(() => page.getByTestId('policy-rules').locator('li').allTextContents())
      .toEqual(['Sale: nur Guthaben: Reduzierte Artikel gibt es als Guthaben zurück.']);
    expect((await page.getByTestId('policy-bonus').textContent())?.replace(/\s/g, ' ')).toBe(
      'Wählen Sie Guthaben und erhalten Sie 10 % extra.',
    );
    // In Dutch the rule's own text; the ended holiday rule shows in no language.
    await page.getByLabel('Sprache').selectOption('nl');
    await expect
      .poll(() => page.getByTestId('policy-rules').locator('li').allTextContents())
      .toEqual(['Uitverkoop: alleen tegoed']);
    expect(await page.getByTestId('policy-bonus').textContent()).toBe('Kies je voor tegoed, dan krijg je 10% extra.');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'phone-policy-languages.png'), fullPage: true });

    // Beside an item, the bonus is promised for store credit only, not for an exchange.
    await page.goto(`${base}/returns/`);
    await page.getByLabel('Bestellnummer').fill('6101');
    await page.getByLabel('E-Mail-Adresse oder Postleitzahl').fill('6101@example.nl');
    await page.getByRole('button', { name: 'Bestellung suchen' }).click();
    const tee = page.locator('[data-line="TEE-M"]');
    await expect
      .poll(async () => (await tee.locator('.hint').allTextContents()).map((h) => h.replace(/\s/g, ' ')))
      .toContain('Wenn Sie Guthaben wählen, erhalten Sie 4,00 € zusätzlich.');
    expect((await tee.locator('.hint').allTextContents()).join(' ')).not.toMatch(/Umtausch/);
    await page.close();
  });
});
