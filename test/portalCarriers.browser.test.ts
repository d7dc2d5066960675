import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookReturnParcel } from '../src/app/logistics/shipments/bookReturnParcel.js';
import { seriousViolations } from './support/axe.js';
import { closeBrowserApp, openBrowserApp } from './support/browserApp.js';
import { connectCarrier } from './support/carrierSetup.js';
import { FakeSendcloud } from './support/carriers/fakeSendcloud.js';
import { DAY, orderFixture, seedOrders } from './support/fixtures.js';
import { findOrderInPortal } from './support/portalPages.js';
import type { TestApp } from './support/testApp.js';
import { until } from './support/until.js';

const SHOTS = 'test-results/portal-carriers';

// A shopper in the Netherlands returns with PostNL's label-free QR code through Sendcloud, at a
// phone's size: picks the method, finds a point by postcode, confirms; the label follows, then the
// carrier's QR code shows on the status page.
describe('shopper portal with a carrier in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  // The carrier announces the parcel when the test says so: until then the label is "coming".
  const sendcloud = new FakeSendcloud({ announce: 'manual' });

  beforeAll(async () => {
    await sendcloud.start();
    ({ t, browser, base } = await openBrowserApp({ shots: SHOTS }, async (t) => {
      // Shipped to an address the carrier has no points near: the shopper searches elsewhere.
      await seedOrders(t.ctx, [
        orderFixture('7001', new Date(t.clock.now.getTime() - 3 * DAY)),
        orderFixture('7002', new Date(t.clock.now.getTime() - 3 * DAY)),
      ]);
      await connectCarrier(t.ctx.db, t.ctx, {
        carrier: 'sendcloud',
        credentials: sendcloud.credentials(),
        methods: [
          {
            method: 'qr',
            country: 'NL',
            serviceCode: 'postnl:standard/return',
            serviceName: 'PostNL Return',
            needsServicePoint: true,
          },
          { method: 'pickup', country: 'NL', serviceCode: 'ups:standard/return', serviceName: 'UPS Standard Return' },
        ],
      });
    }));
  });
  afterAll(async () => {
    await closeBrowserApp({ t, browser });
    await sendcloud.stop();
  });

  it('picks QR drop-off at a point found by postcode, then shows the label to come and the carrier QR once booked', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });
    const shot = (step: string) => page.screenshot({ path: join(SHOTS, `${step}.png`), fullPage: true });
    await findOrderInPortal(page, base, '7001');
    const tee = page.locator('[data-line="TEE-M"]');
    await tee.getByRole('checkbox').check();
    await tee.getByLabel('Reason').selectOption('too_small');
    await tee.getByRole('radio', { name: /Refund/ }).check();
    await page.getByRole('button', { name: 'Continue' }).click();

    // Only what the carrier carries in the Netherlands, and the store: no label to print at home.
    await page.getByRole('heading', { name: 'Summary' }).waitFor();
    expect(await page.getByRole('radio', { name: /Print a return label/ }).count()).toBe(0);
    await page.getByRole('radio', { name: /QR code/ }).check();
    const points = page.getByTestId('service-points');
    await expect.poll(() => points.getByRole('status').first().textContent()).toContain('No points found');
    // Confirming without a point says what is missing.
    await page.getByRole('button', { name: 'Confirm return' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Choose a point');

    await points.getByLabel('Postcode').fill('1012 RR');
    await points.getByRole('button', { name: 'Find points' }).click();
    const point = points.getByRole('radio', { name: /Albert Heijn Nieuwezijds/ });
    await point.waitFor();
    expect(await points.getByRole('radio').count()).toBeGreaterThan(2);
    expect(await points.textContent()).toContain('Locker');
    expect(await seriousViolations(page)).toEqual([]);
    await shot('1-points');
    // Keyboard: a point is chosen from its radio button with the space bar.
    await point.focus();
    await page.keyboard.press('Space');
    expect(await point.isChecked()).toBe(true);
    await page.getByLabel('How many boxes?').selectOption('2');
    await page.getByRole('button', { name: 'Confirm return' }).click();

    const number = (await page.getByTestId('return-number').textContent()) ?? '';
    expect(number).toMatch(/^R-\d+$/);
    await expect.poll(() => page.getByTestId('label-follows').textContent()).toContain('Your label will follow by e-mail');
    expect(await page.getByTestId('drop-off-point').textContent()).toContain('Albert Heijn Nieuwezijds');
    expect(await page.getByTestId('qr').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await shot('2-label-follows');
    const stored = await t.ctx.db
      .selectFrom('returns')
      .select(['id', 'service_point', 'parcel_count'])
      .where('number', '=', number)
      .executeTakeFirstOrThrow();
    expect(stored.parcel_count).toBe(2);
    expect(stored.service_point).toMatchObject({ name: 'Albert Heijn Nieuwezijds' });

    // The carrier has the parcel booked but is still announcing it; once it has, the booking finishes.
    const shipment = await until(
      () =>
        t.ctx.db
          .selectFrom('shipments')
          .select(['id', 'remote_id'])
          .where('return_id', '=', stored.id)
          .where('remote_id', 'is not', null)
          .executeTakeFirst(),
      { what: 'the parcel sent to the carrier' },
    );
    sendcloud.announce(shipment.remote_id as string);
    await until(async () => (await bookReturnParcel(t.ctx, shipment.id)) !== 'failed' && isBooked(shipment.id), {
      what: 'the booked parcel',
    });

    // The status link shows the carrier's QR code now.
    const link = (await page.getByTestId('status-link').getAttribute('href')) ?? '';
    await page.goto(`${base}${link}`);
    const qr = page.getByTestId('carrier-qr');
    await expect.poll(() => qr.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    expect(await qr.getAttribute('alt')).toContain(number);
    expect(await page.getByTestId('label-follows').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await shot('3-carrier-qr');
  });

  it('books a pickup in a carrier window, then cancels it and chooses another on the status page', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });
    await findOrderInPortal(page, base, '7002');
    const tee = page.locator('[data-line="TEE-M"]');
    await tee.getByRole('checkbox').check();
    await tee.getByLabel('Reason').selectOption('too_small');
    await tee.getByRole('radio', { name: /Refund/ }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Summary' }).waitFor();
    await page.getByRole('radio', { name: /Pickup at home/ }).check();
    const slots = page.getByLabel('Pickup time');
    await expect.poll(() => slots.locator('option').count()).toBeGreaterThan(2);
    const [first, second] = await slots
      .locator('option')
      .evaluateAll((os) => os.slice(1, 3).map((o) => (o as unknown as { value: string }).value));
    await slots.selectOption(first ?? '');
    await page.getByRole('button', { name: 'Confirm return' }).click();
    const number = (await page.getByTestId('return-number').textContent()) ?? '';

    const pickup = page.getByTestId('pickup');
    await expect.poll(() => pickup.textContent()).toContain('You can change or cancel it until');
    expect(await seriousViolations(page)).toEqual([]);
    await pickup.getByRole('button', { name: 'Cancel pickup' }).click();
    await expect.poll(() => pickup.textContent()).toContain('The pickup is cancelled');
    await pickup.getByRole('button', { name: 'Change time' }).click();
    await pickup.getByLabel('Pickup time').selectOption(second ?? '');
    await pickup.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => pickup.textContent()).toContain('You can change or cancel it until');
    await page.screenshot({ path: join(SHOTS, '4-pickup-changed.png'), fullPage: true });
    const stored = await t.ctx.db
      .selectFrom('returns')
      .select('pickup_slot_start')
      .where('number', '=', number)
      .executeTakeFirstOrThrow();
    expect(stored.pickup_slot_start?.toISOString()).toBe(new Date(second ?? '').toISOString());
  });

  async function isBooked(shipmentId: string): Promise<boolean> {
    const row = await t.ctx.db.selectFrom('shipments').select('status').where('id', '=', shipmentId).executeTakeFirst();
    return row?.status === 'booked';
  }
});
