import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/app/kernel/context.js';
import { newId } from '../src/app/kernel/ids.js';
import { inUnit } from '../src/app/kernel/transaction.js';
import { applyTrackingUpdates } from '../src/app/logistics/tracking/applyTrackingUpdates.js';
import { approveLines } from '../src/app/returns/approveLines.js';
import { requestReturn } from '../src/app/returns/requestReturn.js';
import { seriousViolations } from './support/axe.js';
import { bookedParcels } from './support/bookedParcels.js';
import { closeBrowserApp, openBrowserApp } from './support/browserApp.js';
import { connectCarrier } from './support/carrierSetup.js';
import { DAY, orderFixture, PASSWORD, seedOrders, seedStaff } from './support/fixtures.js';
import type { TestApp } from './support/testApp.js';

const SHOTS = 'test-results/claims';

// The carrier reports a problem with a return parcel; an agent opens the claim from the return's
// page, files it, records what the carrier paid, pays the shopper, and finds it on the claims list.
describe('A claim with the carrier, in the back office', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let returnId = '';
  let returnNumber = '';
  let connectionId = '';
  const scriptErrors: string[] = [];

  beforeAll(async () => {
    ({ t, browser, base } = await openBrowserApp({ now: new Date(), shots: SHOTS }, async (t) => {
      await seedStaff(t.ctx, ['agent', 'admin']);
      const [order] = await seedOrders(t.ctx, [orderFixture('7101', new Date(t.clock.now.getTime() - 3 * DAY))]);
      const meta = { actor: systemActor };
      const made = await requestReturn(t.ctx, meta, {
        orderId: order?.id ?? '',
        source: 'agent',
        method: 'qr',
        lines: [{ orderLineId: order?.lineBySku['TEE-M'] ?? '', quantity: 1, reasonCode: 'too_small', resolution: 'refund' }],
      });
      returnId = made.returnId;
      const lines = await t.ctx.db.selectFrom('return_lines').select('id').where('return_id', '=', returnId).execute();
      const row = await t.ctx.db
        .selectFrom('returns')
        .select(['status', 'number'])
        .where('id', '=', returnId)
        .executeTakeFirstOrThrow();
      returnNumber = row.number;
      if (row.status !== 'approved')
        await approveLines(t.ctx, meta, { returnId, lines: lines.map((l) => ({ returnLineId: l.id })) });
      connectionId = await connectCarrier(t.ctx.db, t.ctx, {
        carrier: 'sendcloud',
        credentials: { apiKey: 'claims-public', apiSecret: 'claims-secret', baseUrl: 'http://127.0.0.1:9' },
        methods: [],
      });
      const { shipmentId } = await bookedParcels(t.ctx, {
        returnId,
        connectionId,
        carrier: 'sendcloud',
        trackingNumbers: ['3SCLAIMWEB01'],
      });
      await t.ctx.db
        .updateTable('shipments')
        .set({ cost_amount: 695, cost_currency: 'EUR' })
        .where('id', '=', shipmentId)
        .execute();
      await inUnit(t.ctx, meta, (unit) =>
        applyTrackingUpdates(unit, {
          connectionId,
          source: 'poll',
          updates: [
            {
              trackingNumber: '3SCLAIMWEB01',
              state: 'exception',
              carrierStatus: 'exception',
              description: 'Parcel damaged in the sorting centre',
              occurredAt: new Date(t.clock.now.getTime() - 3_600_000),
              location: 'Utrecht',
            },
          ],
        }),
      );
    }));
  });
  afterAll(() => closeBrowserApp({ t, browser }));

  it('opens, files and settles a claim from the return, and lists it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    page.on('pageerror', (err) => scriptErrors.push(err.message));
    await page.goto(`${base}/admin/returns/${returnId}`);
    await page.getByLabel('E-mail').fill('agent@shop.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.keyboard.press('Enter');
    const panel = page.getByRole('region', { name: 'Parcels and claims with the carrier' });
    await panel.getByText('Carrier reported a problem').waitFor();
    // The parcel's tracking state in words, not the code.
    await panel.getByText('Problem reported').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await panel.getByRole('button', { name: 'Open a claim' }).click();
    const form = panel.getByRole('form', { name: 'Open a claim' });
    // The kind the flag suggests, and the goods plus the label's cost.
    expect(await form.getByLabel('Kind').inputValue()).toBe('damaged');
    expect(await form.getByLabel('Claimed (EUR)').inputValue()).toBe('26.95');
    await form.getByLabel('Claimed (EUR)').fill('lots');
    await form.getByRole('button', { name: 'Open a claim' }).click();
    await form.getByText('Type an amount such as 24.95').waitFor();
    await form.getByLabel('Claimed (EUR)').fill('25.00');
    await form.getByLabel('Note').fill('Box crushed, photos in the ticket');
    await form.getByRole('button', { name: 'Open a claim' }).click();
    await panel.getByText('€25.00').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/claim-opened.png`, fullPage: true });

    await panel.getByRole('button', { name: 'Filed with the carrier…' }).click();
    const filing = panel.getByRole('form', { name: 'Filed with the carrier' });
    await filing.getByLabel("Carrier's claim reference").fill('SC-CLAIM-7101');
    await filing.getByRole('button', { name: 'Filed with the carrier' }).click();
    await panel.getByText('SC-CLAIM-7101').waitFor();

    await panel.getByRole('button', { name: 'Carrier accepted…' }).click();
    const accepting = panel.getByRole('form', { name: 'Carrier accepted' });
    await accepting.getByLabel('Amount paid (EUR)').fill('20.00');
    await accepting.getByRole('button', { name: 'Carrier accepted' }).click();
    await panel.getByText('€20.00').waitFor();
    const stored = await t.ctx.db
      .selectFrom('parcel_claims')
      .selectAll()
      .where('return_id', '=', returnId)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      status: 'accepted',
      kind: 'damaged',
      amount_claimed: 2500,
      amount_paid: 2000,
      carrier_reference: 'SC-CLAIM-7101',
    });
    await panel.getByText('History').click();
    await panel.getByText('Box crushed, photos in the ticket').waitFor();
    // Who did what and when: opened, filed, accepted.
    await expect.poll(() => panel.locator('ol.timeline li').count()).toBe(3);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/claim-accepted.png`, fullPage: true });

    // Paying the shopper asks first; once paid the button is gone.
    await panel.getByRole('button', { name: 'Pay the shopper as if received…' }).click();
    const paying = panel.getByRole('group', { name: 'Pay the shopper as if received' });
    await paying.getByRole('button', { name: 'Cancel' }).click();
    expect(await t.ctx.db.selectFrom('settlements').select('id').where('return_id', '=', returnId).execute()).toEqual([]);
    await panel.getByRole('button', { name: 'Pay the shopper as if received…' }).click();
    expect(await seriousViolations(page)).toEqual([]);
    await paying.getByRole('button', { name: 'Yes, pay the shopper' }).click();
    await panel.getByRole('status').getByText('The shopper’s money was started.').waitFor();
    await expect.poll(() => panel.getByRole('button', { name: 'Pay the shopper as if received…' }).count()).toBe(0);
    const paid = await t.ctx.db.selectFrom('settlements').select('amount').where('return_id', '=', returnId).execute();
    expect(paid).toEqual([{ amount: 2000 }]);

    await page.getByRole('link', { name: 'Claims', exact: true }).click();
    await page.getByRole('heading', { name: 'Claims with carriers' }).waitFor();
    await page.getByRole('link', { name: returnNumber }).waitFor();
    await page.getByText('1 claim in EUR: €25.00 claimed, €20.00 paid').waitFor();
    await page.getByRole('link', { name: 'Rejected' }).click();
    await page.getByText('No claims here.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Language').selectOption('nl');
    await page.getByRole('heading', { name: 'Claims bij vervoerders' }).waitFor();
    await page.getByText('Geen claims hier.').waitFor();
    expect(scriptErrors).toEqual([]);
    await page.close();
  });

  it('starts the claims list at its first page when another tab is chosen', async () => {
    // 55 more open claims, each on a parcel of its own: the list has two pages.
    const numbers = Array.from({ length: 55 }, (_, i) => `3SCLAIMPAGE${String(i).padStart(2, '0')}`);
    const { shipmentId, parcelIds } = await bookedParcels(t.ctx, {
      returnId,
      connectionId,
      carrier: 'sendcloud',
      trackingNumbers: numbers,
    });
    await t.ctx.db
      .insertInto('parcel_claims')
      .values(
        parcelIds.map((parcelId, i) => ({
          id: newId('clm'),
          return_id: returnId,
          shipment_id: shipmentId,
          parcel_id: parcelId,
          carrier: 'sendcloud',
          tracking_number: numbers[i] ?? null,
          kind: 'lost',
          status: 'open',
          amount_claimed: 1000,
          currency: 'EUR',
          created_at: t.clock.now,
          updated_at: t.clock.now,
        })),
      )
      .execute();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    page.on('pageerror', (err) => scriptErrors.push(err.message));
    await page.goto(`${base}/admin/claims`);
    await page.getByLabel('E-mail').fill('agent@shop.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.keyboard.press('Enter');
    const rows = page.locator('table tbody tr');
    await expect.poll(() => rows.count()).toBe(50);
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => rows.count()).toBe(6);
    await page.getByRole('link', { name: 'Open', exact: true }).click();
    await expect.poll(() => rows.count()).toBe(50);
    expect(scriptErrors).toEqual([]);
    await page.close();
  });

  it('lets an admin set when a quiet parcel counts as lost', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    page.on('pageerror', (err) => scriptErrors.push(err.message));
    await page.goto(`${base}/admin/claims`);
    await page.getByLabel('E-mail').fill('admin@shop.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.keyboard.press('Enter');
    const days = page.getByLabel('Flag a parcel as lost after this many working days without tracking news');
    await expect.poll(() => days.inputValue()).toBe('7');
    await days.fill('5');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').getByText('Saved.').waitFor();
    const stored = await t.ctx.db.selectFrom('shop_settings').select('stalled_parcel_days').executeTakeFirstOrThrow();
    expect(stored.stalled_parcel_days).toBe(5);
    expect(await seriousViolations(page)).toEqual([]);
    expect(scriptErrors).toEqual([]);
    await page.close();
  });
});
