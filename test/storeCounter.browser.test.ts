import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createStaffUser } from '../src/app/admin/createStaffUser.js';
import { cliActor } from '../src/app/kernel/context.js';
import { seriousViolations } from './support/axe.js';
import { closeBrowserApp, openBrowserApp } from './support/browserApp.js';
import { DAY, FIXTURE_STORE, orderFixture, PASSWORD, seedOrders, seedStaff } from './support/fixtures.js';
import type { TestApp } from './support/testApp.js';

const SHOTS = 'test-results/admin';

/** The test id of the element that has the focus: where a scanner's keystrokes go. */
const focused = (page: Page) => page.evaluate<string>("document.activeElement?.getAttribute('data-testid') ?? ''");

// The store counter on a tablet, driven as a store's staff member does: a scanner types into the
// focused field and presses Enter, fingers tap big buttons.
describe('the store counter on a tablet', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let online: { returnId: string; number: string; statusToken: string };
  const viewport = { width: 820, height: 1180 };
  const scriptErrors: string[] = [];

  beforeAll(async () => {
    ({ t, browser, base } = await openBrowserApp({ now: new Date(), shots: SHOTS }, async (t) => {
      await seedStaff(t.ctx, ['admin', 'agent', 'store']);
      const delivered = new Date(t.clock.now.getTime() - 3 * DAY);
      const paid = (n: string) => orderFixture(n, delivered, { paymentProvider: 'sandbox', paymentReference: `sbx_tr_${n}` });
      await seedOrders(t.ctx, [paid('8101'), paid('8102')]);
    }));
    const admin = await t.login('admin');
    const saved = await t.request({
      method: 'PUT',
      url: '/api/v1/payment-providers/sandbox',
      staff: admin,
      payload: { apiKey: 'sandbox_test' },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    // The shopper asked online (in the portal) to bring two tees to the store.
    const token = await t.shopperToken('8102', '8102@example.nl');
    const order = (await t.request({ method: 'GET', url: '/api/v1/shopper/order', bearer: token })).json();
    const tee = order.lines.find((l: { sku: string }) => l.sku === 'TEE-M');
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: token,
      payload: {
        method: 'store',
        storeId: FIXTURE_STORE,
        lines: [{ orderLineId: tee.id, quantity: 2, reasonCode: 'too_small', resolution: 'refund' }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().status).toBe('approved');
    online = res.json();
  });
  afterEach(() => {
    expect(scriptErrors.splice(0)).toEqual([]);
  });
  afterAll(() => closeBrowserApp({ t, browser }));

  async function signIn(email: string, locale: 'en-GB' | 'nl-NL' = 'en-GB') {
    const page = await browser.newPage({ viewport, locale, hasTouch: true });
    page.on('pageerror', (err) => scriptErrors.push(err.message));
    await page.goto(`${base}/admin/`);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel(locale === 'nl-NL' ? 'Wachtwoord' : 'Password').fill(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: locale === 'nl-NL' ? 'Backoffice' : 'Back office' }).waitFor();
    return page;
  }

  it('finds an order by its number, takes a tee back, grades it and refunds it once, with a receipt', async () => {
    const page = await signIn('store@shop.test');
    const shot = (step: string) => page.screenshot({ path: join(SHOTS, `store-counter-${step}.png`), fullPage: true });
    // The landing page (the returns queue) is not theirs: they start at the counter.
    await page.getByRole('heading', { name: 'Store counter' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/store');
    expect(await page.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name: 'Returns' }).count()).toBe(0);
    await expect.poll(() => focused(page)).toBe('counter-scan');
    expect(await seriousViolations(page)).toEqual([]);
    await shot('1-find');

    await page.keyboard.type('8101');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Which items does the shopper bring back?' }).waitFor();
    const tee = page.getByTestId('counter-line').filter({ hasText: 'TEE-M' });
    await tee.getByRole('button', { name: 'One more' }).tap();
    expect(await tee.locator('output').textContent()).toBe('1');
    await tee.getByLabel('Reason').selectOption('fit');
    // A touch target a finger hits.
    const box = await tee.getByRole('button', { name: 'One more' }).boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
    expect(await seriousViolations(page)).toEqual([]);
    await shot('2-items');
    await page.getByRole('button', { name: 'Next' }).tap();

    await page.getByRole('heading', { name: 'How is each item?' }).waitFor();
    expect(await page.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
    await page.getByRole('radio', { name: /B Like new/ }).check();
    expect(await seriousViolations(page)).toEqual([]);
    await shot('3-grade');
    await page.getByRole('button', { name: 'Next' }).tap();

    await page.getByRole('heading', { name: 'How does the money go back?' }).waitFor();
    expect(await page.getByRole('radio', { name: /Refund to the original payment/ }).isChecked()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await shot('4-refund');
    // A double tap on the button sends one take-back.
    await page.getByRole('button', { name: 'Take back and refund' }).dblclick();

    const receipt = page.getByTestId('receipt');
    await receipt.waitFor();
    const number = (await page.getByTestId('receipt-number').textContent()) ?? '';
    expect(number).toMatch(/^R-\d+$/);
    expect(await receipt.textContent()).toContain('Organic tee M');
    expect(await receipt.textContent()).toContain('B · Like new');
    expect(await page.getByTestId('receipt-money').textContent()).toContain('Refunded to the original payment');
    expect(await seriousViolations(page)).toEqual([]);
    await shot('5-receipt');
    const pdfUrl = (await page.getByRole('link', { name: 'Receipt (PDF)' }).getAttribute('href')) ?? '';
    // The PDF speaks the staff member's language, not only the shop's.
    expect(new URL(pdfUrl, base).searchParams.get('locale')).toBe('en');
    const pdf = await page.request.get(`${base}${pdfUrl}`);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

    const made = await t.ctx.db
      .selectFrom('returns')
      .innerJoin('orders', 'orders.id', 'returns.order_id')
      .select(['returns.id', 'returns.number', 'returns.source'])
      .where('orders.order_number', '=', '8101')
      .execute();
    expect(made).toMatchObject([{ number, source: 'store' }]);
    const money = await t.ctx.db
      .selectFrom('settlements')
      .select(['kind', 'status'])
      .where('return_id', '=', made[0]?.id ?? '')
      .execute();
    expect(money).toEqual([{ kind: 'refund', status: 'succeeded' }]);
    await page.close();
  });

  it("takes back a return requested online from the portal's QR code, into the store's stock", async () => {
    // The status page shows the shopper the QR code to show at the counter.
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });
    phone.on('pageerror', (err) => scriptErrors.push(err.message));
    await phone.goto(`${base}/returns/status#${online.statusToken}`);
    await phone.getByTestId('qr').waitFor();
    expect(await phone.locator('figure.qr figcaption').textContent()).toBe('Show this QR code at the store counter');
    expect(await phone.getByTestId('store').textContent()).toContain('Kalverstraat 1');
    expect(await seriousViolations(phone)).toEqual([]);
    await phone.screenshot({ path: join(SHOTS, 'store-counter-0-portal-qr.png'), fullPage: true });
    await phone.close();

    const page = await signIn('store@shop.test');
    await page.getByTestId('counter-scan').waitFor();
    // The scanner types the QR code's text and presses Enter.
    await page.getByTestId('counter-scan').fill(`RETOUR:${online.number}:8102`);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `Return ${online.number} (requested online)` }).waitFor();
    expect(await page.getByTestId('counter-line').filter({ hasText: 'TEE-M' }).locator('output').textContent()).toBe('2');
    await page.getByRole('button', { name: 'Next' }).tap();
    await page.getByRole('radio', { name: /A As new/ }).check();
    await page.getByRole('button', { name: 'Next' }).tap();
    await page.getByText('As chosen for the online return.').waitFor();
    await page.getByRole('button', { name: 'Take back and refund' }).tap();
    await page.getByTestId('receipt').waitFor();
    expect(await page.getByTestId('receipt-number').textContent()).toBe(online.number);
    const stock = await t.ctx.db
      .selectFrom('stock_movements')
      .select(['warehouse_id', 'quantity', 'condition'])
      .where('note', '=', online.number)
      .execute();
    expect(stock).toEqual([{ warehouse_id: FIXTURE_STORE, quantity: 2, condition: 'new' }]);
    await page.getByRole('button', { name: 'Another shopper' }).tap();
    await expect.poll(() => focused(page)).toBe('counter-scan');
    await page.close();
  });

  it('makes a staff user of the store role at a chosen store, and lets an admin stand at any store', async () => {
    const page = await signIn('admin@shop.test');
    await page.goto(`${base}/admin/settings/staff`);
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Add a staff user' }) });
    await form.getByLabel('E-mail').fill('counter@shop.test');
    await form.getByLabel('Name').fill('Counter');
    await form.getByLabel('Role').selectOption('store');
    await form.locator('#staff-store').selectOption(FIXTURE_STORE);
    await form.getByLabel('Password (at least 12 characters)').fill(PASSWORD);
    expect(await seriousViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Add' }).click();
    await page.getByRole('cell', { name: 'counter@shop.test', exact: true }).waitFor();
    const made = await t.ctx.db
      .selectFrom('staff_users')
      .select(['role', 'store_id'])
      .where('email', '=', 'counter@shop.test')
      .executeTakeFirst();
    expect(made).toEqual({ role: 'store', store_id: FIXTURE_STORE });
    expect(await page.getByLabel('Store counter@shop.test').inputValue()).toBe(FIXTURE_STORE);

    await page.goto(`${base}/admin/store`);
    await page.getByRole('heading', { name: 'Store counter' }).waitFor();
    expect(await page.locator('.counter-store select').inputValue()).toBe(FIXTURE_STORE);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('speaks Dutch to a Dutch tablet', async () => {
    const page = await signIn('store@shop.test', 'nl-NL');
    await page.getByRole('heading', { name: 'Winkelbalie' }).waitFor();
    await page.getByLabel('Scan de QR-code, of typ een bestelnummer, retournummer of e-mailadres').fill('8101@example.nl');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Welke artikelen brengt de klant terug?' }).waitFor();
    // An engraved pen has no right of withdrawal: the policy's refusal is said in words.
    const pen = page.getByTestId('counter-line').filter({ hasText: 'PEN' });
    await pen.getByRole('button', { name: 'Eén meer' }).tap();
    // Every item needs a reason before the next step.
    expect(await page.getByRole('button', { name: 'Verder' }).isDisabled()).toBe(true);
    await pen.getByLabel('Reden').selectOption('fit');
    await page.getByRole('button', { name: 'Verder' }).tap();
    await page.getByRole('radio', { name: /A Als nieuw/ }).check();
    await page.getByRole('button', { name: 'Verder' }).tap();
    await page.getByRole('button', { name: 'Terugnemen en terugbetalen' }).tap();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Gepersonaliseerd (geen herroepingsrecht)');
    expect(await page.getByRole('alert').textContent()).toContain('Het retourbeleid accepteert dit niet — Engraved pen:');
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('tells a store account without a store what to do', async () => {
    await createStaffUser(
      t.ctx,
      { actor: cliActor },
      { email: 'lost@shop.test', name: 'Lost', password: PASSWORD, role: 'store', storeId: FIXTURE_STORE },
    );
    await t.ctx.db.updateTable('staff_users').set({ store_id: null }).where('email', '=', 'lost@shop.test').execute();
    const page = await signIn('lost@shop.test');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('works at no store');
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
    // A Dutch tablet says it in Dutch.
    const nl = await signIn('lost@shop.test', 'nl-NL');
    await expect.poll(() => nl.getByRole('alert').textContent()).toContain('werkt nog bij geen winkel');
    await nl.close();
  });
});
