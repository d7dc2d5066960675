import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './support/axe.js';
import { closeBrowserApp, openBrowserApp } from './support/browserApp.js';
import { DAY, orderFixture, seedExchangeStock, seedOrders, seedStaff } from './support/fixtures.js';
import { findOrderInPortal } from './support/portalPages.js';
import type { TestApp } from './support/testApp.js';

const SHOTS = 'test-results/portal';

// The portal in a headless Chromium, on the real server over HTTP, at a phone's size and a desktop's.
describe.each([
  { name: 'phone', viewport: { width: 390, height: 844 } },
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
])('shopper portal in a browser ($name)', ({ name, viewport }) => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    ({ t, browser, base } = await openBrowserApp({ shots: SHOTS }, async (t) => {
      await seedExchangeStock(t.ctx);
      await seedStaff(t.ctx, ['agent', 'warehouse']);
      await seedOrders(t.ctx, [
        orderFixture('5001', new Date(t.clock.now.getTime() - 3 * DAY)),
        orderFixture('5002', new Date(t.clock.now.getTime() - 3 * DAY)),
        orderFixture('5003', new Date(t.clock.now.getTime() - 3 * DAY)),
      ]);
      await t.ctx.db
        .updateTable('shop_settings')
        .set({
          name: 'Noord & Zo',
          brand_color: '#1d5c4d',
          support_email: 'hulp@noordenzo.example',
          return_address: JSON.stringify({ line1: 'Retourweg 1', postcode: '3542 AD', city: 'Utrecht', country: 'NL' }),
        })
        .execute();
    }));
  });
  afterAll(() => closeBrowserApp({ t, browser }));

  it('finds the order, explains a refused line, takes store credit and confirms', async () => {
    const page = await browser.newPage({ viewport, locale: 'nl-NL' });
    const shot = (step: string) => page.screenshot({ path: join(SHOTS, `${name}-${step}.png`), fullPage: true });
    await page.goto(`${base}/returns/`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Artikel retourneren');
    expect(await seriousViolations(page)).toEqual([]);

    // A wrong pair is refused in plain words.
    await page.getByLabel('Bestelnummer').fill('5001');
    await page.getByLabel('E-mailadres of postcode').fill('someone@else.nl');
    await page.getByRole('button', { name: 'Bestelling zoeken' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('We vinden geen bestelling');
    await shot('1-lookup-no-match');

    await page.getByLabel('E-mailadres of postcode').fill('5001@example.nl');
    await page.getByRole('button', { name: 'Bestelling zoeken' }).click();
    await page.getByRole('heading', { name: 'Wat wil je retourneren?' }).waitFor();
    // The engraved pen is personalised: refused, and the shopper reads why.
    const pen = page.locator('[data-line="PEN"]');
    expect(await pen.locator('.why').textContent()).toMatch(/\w{4,}/);
    expect(await pen.getByRole('checkbox').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await shot('2-items');

    const tee = page.locator('[data-line="TEE-M"]');
    await tee.getByRole('checkbox').check();
    await tee.getByLabel('Reden').selectOption('too_small');
    await tee.getByRole('radio', { name: /Tegoed/ }).check();
    await shot('3-choices');
    await page.getByRole('button', { name: 'Verder' }).click();

    await page.getByRole('heading', { name: 'Overzicht' }).waitFor();
    await page.getByRole('radio', { name: /QR-code/ }).check();
    const totals = await page.locator('.totals').textContent();
    expect(totals).toContain('Je krijgt als tegoed');
    expect(await seriousViolations(page)).toEqual([]);
    await shot('4-summary');

    // Switching language re-explains in that language.
    await page.getByLabel('Taal').selectOption('en');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Return an item');

    await page.getByRole('button', { name: 'Confirm return' }).click();
    const number = await page.getByTestId('return-number').textContent();
    expect(number).toMatch(/^R-\d+$/);
    // The QR code for the drop-off point is on screen, as an image with a text alternative.
    await expect
      .poll(() => page.getByTestId('qr').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
      .toBeGreaterThan(0);
    expect(await page.getByTestId('qr').getAttribute('alt')).toContain(number ?? '');
    expect(await page.locator('header').textContent()).toContain('Noord & Zo');
    expect(await seriousViolations(page)).toEqual([]);
    await shot('5-done');
    const stored = await t.ctx.db
      .selectFrom('returns')
      .innerJoin('return_lines', 'return_lines.return_id', 'returns.id')
      .select(['returns.method', 'return_lines.requested_resolution', 'return_lines.quantity'])
      .where('returns.number', '=', number ?? '')
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ requested_resolution: 'store_credit', quantity: 1 });
    expect(stored.method).toBeTruthy();

    // The label downloads as a PDF.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download return label (PDF)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`return-label-${number}.pdf`);
    const [slip] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download packing slip (PDF)' }).click(),
    ]);
    expect(slip.suggestedFilename()).toBe(`packing-slip-${number}.pdf`);

    // The timeline so far, and cancelling while nothing has been shipped.
    await expect.poll(() => page.getByTestId('timeline').textContent()).toContain('Return requested');
    await page.getByRole('button', { name: 'Cancel return' }).click();
    await page.getByRole('heading', { name: 'Your return is cancelled.' }).waitFor();
    await expect.poll(() => page.getByTestId('timeline').textContent()).toContain('Cancelled');
    expect(await seriousViolations(page)).toEqual([]);
    await shot('6-cancelled');
    const after = await t.ctx.db
      .selectFrom('returns')
      .select('status')
      .where('number', '=', number ?? '')
      .executeTakeFirstOrThrow();
    expect(after.status).toBe('cancelled');
    await page.close();
  });

  it('exchanges for another product with the difference shown, sends a photo, books a pickup, then follows and rates the return', async () => {
    const page = await browser.newPage({ viewport, locale: 'en-GB' });
    const shot = (step: string) => page.screenshot({ path: join(SHOTS, `${name}-exchange-${step}.png`), fullPage: true });
    await findOrderInPortal(page, base, '5003');

    const tee = page.locator('[data-line="TEE-M"]');
    await tee.getByRole('checkbox').check();
    await tee.getByLabel('Reason').selectOption('too_small');
    await tee.getByRole('radio', { name: /Exchange/ }).check();
    const exchangeFor = tee.getByLabel('Exchange for');
    await exchangeFor.waitFor();
    // Only what is in stock: the tee in L at the same price, the linen shirt at €15 more.
    const offered = await exchangeFor.locator('option').allTextContents();
    expect(offered.join('|')).toContain('same price');
    expect(offered.join('|')).toContain('Linen shirt');
    await exchangeFor.selectOption('var_linen_m');

    // "Defective" asks for a photo: the form says so until one is added.
    const buds = page.locator('[data-line="BUDS"]');
    await buds.getByRole('checkbox').check();
    await buds.getByLabel('Reason').selectOption('defective');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => buds.locator('.error').textContent()).toContain('Add at least one photo');
    const photo = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#7a4b2a' } })
      .jpeg()
      .toBuffer();
    await buds.locator('input[type=file]').setInputFiles({ name: 'buds.jpg', mimeType: 'image/jpeg', buffer: photo });
    await buds.getByRole('img', { name: 'Photo 1 of the item' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot('1-items');
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('heading', { name: 'Summary' }).waitFor();
    await page.getByRole('radio', { name: /Pickup at home/ }).check();
    const slots = page.getByLabel('Pickup time');
    await slots.waitFor();
    const firstSlot = await slots.locator('option').nth(1).getAttribute('value');
    await slots.selectOption(firstSlot ?? '');
    await expect.poll(() => page.getByTestId('exchange-row').textContent()).toContain('Linen shirt M');
    expect(await page.getByTestId('exchange-difference').textContent()).toContain('15.00');
    expect(await seriousViolations(page)).toEqual([]);
    await shot('2-summary');
    await page.getByRole('button', { name: 'Confirm return' }).click();

    const number = await page.getByTestId('return-number').textContent();
    expect(number).toMatch(/^R-\d+$/);
    await page.getByTestId('status-link').waitFor();
    await shot('3-done');
    const stored = await t.ctx.db
      .selectFrom('returns')
      .innerJoin('return_lines', 'return_lines.return_id', 'returns.id')
      .leftJoin('return_photos', 'return_photos.return_line_id', 'return_lines.id')
      .select([
        'returns.id',
        'returns.method',
        'returns.pickup_slot_start',
        'return_lines.id as line_id',
        'return_lines.exchange_variant_id',
        'return_photos.id as photo',
      ])
      .where('returns.number', '=', number ?? '')
      .orderBy('return_lines.id')
      .execute();
    expect(stored.map((r) => r.method)).toEqual(['pickup', 'pickup']);
    expect(stored[0]?.pickup_slot_start?.toISOString()).toBe(firstSlot);
    expect(stored.map((r) => r.exchange_variant_id)).toContain('var_linen_m');
    expect(stored.filter((r) => r.photo)).toHaveLength(1);

    // The status link opens the return on its own, as from an e-mail weeks later.
    const link = await page.getByTestId('status-link').getAttribute('href');
    const agent = await t.login('agent');
    // The photographed defect went to review: an agent approves it, then resolves the return.
    const approved = await t.request({
      method: 'POST',
      url: `/api/v1/returns/${stored[0]?.id}/approve`,
      staff: agent,
      payload: { lines: stored.map((r) => ({ returnLineId: r.line_id })) },
    });
    expect(approved.statusCode, approved.body).toBe(200);
    // The linen shirt costs more: the exchange waits for the difference, and the status page says so.
    const waiting = await browser.newPage({ viewport, locale: 'en-GB' });
    await waiting.goto(`${base}${link}`);
    await expect
      .poll(() => waiting.getByTestId('exchange').textContent())
      .toContain('Waiting for you to pay the price difference');
    expect(await seriousViolations(waiting)).toEqual([]);
    await waiting.close();
    const returnId = stored[0]?.id ?? '';
    const call = async (url: string, payload: object, staff = agent) => {
      const res = await t.request({ method: 'POST', url, staff, payload });
      expect(res.statusCode, res.body).toBeLessThan(300);
      return res.json();
    };
    const [exchange] = (
      await t.request({ method: 'GET', url: `/api/v1/returns/${returnId}/exchange-orders`, staff: agent })
    ).json().items;
    // Paid at the shop's counter; then the parcel comes back, is inspected, and the new shirt goes out.
    await call(`/api/v1/exchange-orders/${exchange.id}/payment`, { reference: 'PIN-5003' });
    const lines = stored.map((r) => r.line_id);
    await call(`/api/v1/returns/${returnId}/receive`, { lines: lines.map((id) => ({ returnLineId: id, quantity: 1 })) });
    await call(
      `/api/v1/returns/${returnId}/inspect`,
      { lines: lines.map((id) => ({ returnLineId: id, grade: 'A', disposition: 'restock' })) },
      await t.login('warehouse'),
    );
    await call(`/api/v1/exchange-orders/${exchange.id}/ship`, { trackingNumber: '3SXCH5003' });
    // The earbuds are refunded by bank transfer, which staff confirm.
    const settled = await call(`/api/v1/returns/${returnId}/settle`, {});
    const transfer = settled.settlements.find((x: { kind: string }) => x.kind === 'refund');
    await call(`/api/v1/settlements/${transfer.id}/confirm`, { reference: 'NL-5003' });
    const later = await browser.newPage({ viewport, locale: 'en-GB' });
    await later.goto(`${base}${link}`);
    await later.getByRole('heading', { name: 'Your return', exact: true }).waitFor();
    expect(await later.getByTestId('return-number').textContent()).toBe(number);
    await expect.poll(() => later.getByTestId('next-step').textContent()).toContain('Your return is complete');
    expect(await later.getByTestId('exchange').textContent()).toContain('3SXCH5003');
    await later.getByRole('radio', { name: '4 of 5' }).check({ force: true });
    await later.getByLabel('Anything you would like to add? (optional)').fill('Smooth pickup');
    expect(await seriousViolations(later)).toEqual([]);
    await later.screenshot({ path: join(SHOTS, `${name}-exchange-4-status.png`), fullPage: true });
    await later.getByRole('button', { name: 'Send' }).click();
    await later.getByTestId('feedback-thanks').waitFor();
    const feedback = await t.ctx.db
      .selectFrom('return_feedback')
      .select(['rating', 'comment'])
      .where('return_id', '=', stored[0]?.id ?? '')
      .executeTakeFirstOrThrow();
    expect(feedback).toEqual({ rating: 4, comment: 'Smooth pickup' });
    await later.close();
    await page.close();
  });

  it('prints the model withdrawal form with the shop filled in', async () => {
    const page = await browser.newPage({ viewport, locale: 'de-DE' });
    await page.goto(`${base}/returns/`);
    await page.getByRole('link', { name: 'Muster-Widerrufsformular' }).click();
    await page.waitForURL(/\/returns\/withdrawal-form$/);
    await expect.poll(() => page.locator('main').textContent()).toContain('widerrufe');
    await expect.poll(() => page.getByTestId('withdrawal-form-to').textContent()).toContain('Noord & Zo, Retourweg 1');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, `${name}-withdrawal-form.png`), fullPage: true });
    await page.close();
  });

  it('shows the policy page generated from the policy in force, linked from the portal', async () => {
    const page = await browser.newPage({ viewport, locale: 'nl-NL' });
    await page.goto(`${base}/returns/`);
    await page.getByRole('link', { name: 'Retourbeleid' }).click();
    await page.waitForURL(/\/returns\/policy$/);
    await expect.poll(() => page.locator('main').textContent()).toContain('tot 30 dagen na levering');
    expect(await page.getByTestId('policy-methods').locator('li').count()).toBe(4);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, `${name}-policy.png`), fullPage: true });
    await page.close();
  });

  it('withdraws from the contract here, with a confirm step and the moment it was received', async () => {
    const page = await browser.newPage({ viewport, locale: 'en-GB' });
    await page.goto(`${base}/returns/`);
    await page.getByLabel('Order number').fill('5002');
    await page.getByLabel('E-mail address or postcode').fill('5002@example.nl');
    await page.getByRole('button', { name: 'Find my order' }).click();
    await page.getByRole('button', { name: 'Withdraw from contract here' }).click();
    await page.getByRole('heading', { name: 'Right of withdrawal' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, `${name}-withdraw-confirm.png`), fullPage: true });
    await page.getByRole('button', { name: 'Confirm withdrawal' }).click();
    await expect.poll(() => page.getByTestId('withdrawal').textContent()).toContain('Your withdrawal has been received');
    await page.screenshot({ path: join(SHOTS, `${name}-withdraw-done.png`), fullPage: true });
    const number = await page.getByTestId('return-number').textContent();
    const row = await t.ctx.db
      .selectFrom('returns')
      .select(['withdrawal_declared_at'])
      .where('number', '=', number ?? '')
      .executeTakeFirstOrThrow();
    expect(row.withdrawal_declared_at?.toISOString()).toBe(t.clock.now.toISOString());
    await page.close();
  });
});
