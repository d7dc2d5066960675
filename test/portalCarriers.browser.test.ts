import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookReturnParcel } from '../src/app/logistics/shipments/bookReturnParcel.js';
import { seriousViolations } from './support/axe.js';
import { closeBrowserApp, openBrowserApp } from './support/browserApp.js';
import { connectCarrier } from './support/carrierSetup.js';
import { FakeSendcloud } from './support/carriers/fakeSendcloud.js';
import { DAY, orderFixture, PASSWORD, seedOrders, seedStaff } from './support/fixtures.js';
import { publishPolicy } from './support/policies.js';
import { findOrderInPortal } from './support/portalPages.js';
import type { TestApp } from './support/testApp.js';
import { until } from './support/until.js';

const SHOTS = 'test-results/portal-carriers';

// A shopper in the Netherlands returns with PostNL's label-free QR code through Sendcloud, at a
// phone's size: picks the method, finds a point by postcode, confirms; the label follows, then the
// carrier's QR code shows on the status page. The carrier's first scan (a signed webhook) puts the
// return in transit and pays the refund due on it; its delivery puts the return on the receiving
// station's expected list.
describe('shopper portal with a carrier in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  // The carrier announces the parcel when the test says so: until then the label is "coming".
  const sendcloud = new FakeSendcloud({ announce: 'manual' });
  let connectionId = '';

  beforeAll(async () => {
    await sendcloud.start();
    ({ t, browser, base } = await openBrowserApp({ shots: SHOTS, now: new Date() }, async (t) => {
      // The server's clock is today's: the back office's session cookie expires by the browser's clock.
      // Shipped to an address the carrier has no points near: the shopper searches elsewhere.
      await seedStaff(t.ctx, ['admin', 'warehouse']);
      const admin = await t.login('admin');
      // Refunds go back on the carrier's first scan, through the sandbox provider (moves no money).
      const standard = (await t.request({ method: 'GET', url: '/api/v1/policy-versions/pol_standard', staff: admin })).json();
      await publishPolicy(t, admin, 'Refund on the first scan', {
        ...standard.document,
        defaults: { ...standard.document.defaults, autoApprove: true, refundTiming: 'first_scan' },
      });
      const sandbox = await t.request({
        method: 'PUT',
        url: '/api/v1/payment-providers/sandbox',
        staff: admin,
        payload: { apiKey: 'sandbox_test' },
      });
      expect(sandbox.statusCode, sandbox.body).toBe(200);
      await seedOrders(t.ctx, [
        orderFixture('7001', new Date(t.clock.now.getTime() - 3 * DAY), {
          paymentProvider: 'sandbox',
          paymentReference: 'sbx_tr_7001',
        }),
        orderFixture('7002', new Date(t.clock.now.getTime() - 3 * DAY)),
      ]);
      connectionId = await connectCarrier(t.ctx.db, t.ctx, {
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

    // The back office says the label is being booked, where a link would only answer "follows".
    const office = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    await office.goto(`${base}/admin/returns/${stored.id}`);
    await office.getByLabel('E-mail').fill('admin@shop.test');
    await office.getByLabel('Password').fill(PASSWORD);
    await office.keyboard.press('Enter');
    await expect.poll(() => office.getByTestId('label-follows').textContent()).toContain('being booked');
    expect(await office.getByRole('link', { name: 'Return label (PDF)' }).count()).toBe(0);

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
    // Each of the two boxes has its own QR code to download.
    expect(await page.getByTestId('box-documents').getByRole('button').allTextContents()).toEqual([
      'Download the QR code of box 1',
      'Download the QR code of box 2',
    ]);
    expect(await seriousViolations(page)).toEqual([]);
    await shot('3-carrier-qr');
    // In the back office, the carrier's QR code in place of the label, and each box's own.
    await office.reload();
    await expect.poll(() => office.getByRole('link', { name: "Carrier's QR code" }).count()).toBe(1);
    expect(await office.getByRole('link', { name: 'QR code of this box' }).count()).toBe(2);
    await office.close();

    // The point scans the first box: Sendcloud's signed webhook reaches Retour, the return is in
    // transit and the refund due on the first scan is paid.
    const [box] = await t.ctx.db
      .selectFrom('shipment_parcels')
      .select('tracking_number')
      .where('return_id', '=', stored.id)
      .orderBy('collo')
      .execute();
    const trackingNumber = box?.tracking_number ?? '';
    expect(trackingNumber).not.toBe('');
    const scanned = await postWebhook(
      sendcloud.statusWebhook(trackingNumber, 'to-sorting', new Date(t.clock.now.getTime() + 3_600_000)),
    );
    expect(scanned.status).toBe(200);
    const paid = await until(
      async () => {
        const ret = await returnRow(stored.id);
        const refund = await t.ctx.db
          .selectFrom('settlements')
          .select(['kind', 'status', 'trigger', 'amount'])
          .where('return_id', '=', stored.id)
          .where('status', '=', 'succeeded')
          .executeTakeFirst();
        return ret.status === 'in_transit' && refund ? refund : undefined;
      },
      { what: 'the return in transit and its refund paid' },
    );
    expect(paid).toMatchObject({ kind: 'refund', trigger: 'first_scan' });
    await page.reload();
    await expect.poll(() => page.getByTestId('tracking').textContent()).toContain('Handed in');
    expect(await seriousViolations(page)).toEqual([]);
    await shot('4-in-transit');

    // Delivered at the warehouse: the station lists it as expected.
    const delivered = await postWebhook(
      sendcloud.statusWebhook(trackingNumber, 'delivered', new Date(t.clock.now.getTime() + 26 * 3_600_000)),
    );
    expect(delivered.status).toBe(200);
    await until(async () => ((await returnRow(stored.id)).carrier_delivered_at ? true : undefined), {
      what: 'the delivery at the warehouse',
    });
    const station = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    await station.goto(`${base}/admin/receive`);
    await station.getByLabel('E-mail').fill('warehouse@shop.test');
    await station.getByLabel('Password').fill(PASSWORD);
    await station.keyboard.press('Enter');
    const expected = station.getByRole('region', { name: 'Expected today' });
    await expect.poll(() => expected.textContent()).toContain(number);
    expect(await seriousViolations(station)).toEqual([]);
    await station.screenshot({ path: join(SHOTS, '5-station-expected.png'), fullPage: true });
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
    const [first] = await slots
      .locator('option')
      .evaluateAll((os) => os.slice(1, 2).map((o) => (o as unknown as { value: string }).value));
    await slots.selectOption(first ?? '');
    await page.getByRole('button', { name: 'Confirm return' }).click();
    const number = (await page.getByTestId('return-number').textContent()) ?? '';

    const pickup = page.getByTestId('pickup');
    await expect.poll(() => pickup.textContent()).toContain('You can change or cancel it until');
    expect(await seriousViolations(page)).toEqual([]);
    // The pickup changes once the carrier has the parcel booked (while it books, changes wait).
    const returnId = (await t.ctx.db.selectFrom('returns').select('id').where('number', '=', number).executeTakeFirstOrThrow())
      .id;
    const shipment = await until(
      () =>
        t.ctx.db
          .selectFrom('shipments')
          .select(['id', 'remote_id'])
          .where('return_id', '=', returnId)
          .where('remote_id', 'is not', null)
          .executeTakeFirst(),
      { what: 'the parcel sent to the carrier' },
    );
    sendcloud.announce(shipment.remote_id as string);
    await until(async () => (await bookReturnParcel(t.ctx, shipment.id)) !== 'failed' && isBooked(shipment.id), {
      what: 'the booked parcel',
    });
    await page.goto(`${base}${(await page.getByTestId('status-link').getAttribute('href')) ?? ''}`);
    await expect.poll(() => pickup.textContent()).toContain('You can change or cancel it until');
    await pickup.getByRole('button', { name: 'Cancel pickup' }).click();
    await expect.poll(() => pickup.textContent()).toContain('The pickup is cancelled');
    await pickup.getByRole('button', { name: 'Change time' }).click();
    // Another of the carrier's windows than the one cancelled.
    const choices = pickup.getByLabel('Pickup time').locator('option');
    await expect.poll(() => choices.count()).toBeGreaterThan(2);
    const second = (
      await choices.evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value).filter(Boolean))
    ).find((v) => new Date(v).getTime() !== new Date(first ?? '').getTime());
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

  function postWebhook(delivery: { body: string; headers: Record<string, string> }) {
    return fetch(`${base}/api/v1/carriers/${connectionId}/webhooks`, {
      method: 'POST',
      headers: delivery.headers,
      body: delivery.body,
    });
  }

  function returnRow(id: string) {
    return t.ctx.db
      .selectFrom('returns')
      .select(['status', 'carrier_delivered_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  }

  async function isBooked(shipmentId: string): Promise<boolean> {
    const row = await t.ctx.db.selectFrom('shipments').select('status').where('id', '=', shipmentId).executeTakeFirst();
    return row?.status === 'booked';
  }
});
