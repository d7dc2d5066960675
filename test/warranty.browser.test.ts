import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './support/axe.js';
import { closeBrowserApp, openBrowserApp } from './support/browserApp.js';
import { DAY, orderFixture, seedOpeningStock, seedOrders, seedStaff } from './support/fixtures.js';
import type { TestApp } from './support/testApp.js';

const SHOTS = 'test-results/portal';

// A defect reported in the portal, in Dutch on a phone, long after the return window: the legal
// guarantee takes it, and the shopper follows the repair on the status page.
describe('legal guarantee in the portal (phone)', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const viewport = { width: 390, height: 844 };

  beforeAll(async () => {
    ({ t, browser, base } = await openBrowserApp({ shots: SHOTS }, async (t) => {
      await seedStaff(t.ctx, ['agent', 'warehouse']);
      const delivered = new Date(t.clock.now.getTime() - 200 * DAY);
      await seedOrders(t.ctx, [
        orderFixture('6001', delivered),
        orderFixture('6002', delivered),
        orderFixture('6003', delivered),
      ]);
      // A replacement ships from stock.
      await seedOpeningStock(t.ctx, 'stm_00000000000000000000000066', 'var_tee_m', 3);
    }));
  });
  afterAll(() => closeBrowserApp({ t, browser }));

  it('reports a defect on an item past its return window and follows the repair', async () => {
    const page = await browser.newPage({ viewport, locale: 'nl-NL' });
    const shot = (step: string) => page.screenshot({ path: join(SHOTS, `phone-defect-${step}.png`), fullPage: true });
    await page.goto(`${base}/returns/`);
    await page.getByLabel('Bestelnummer').fill('6001');
    await page.getByLabel('E-mailadres of postcode').fill('6001@example.nl');
    await page.getByRole('button', { name: 'Bestelling zoeken' }).click();
    await page.getByRole('heading', { name: 'Wat wil je retourneren?' }).waitFor();

    // Past the window: refused as a return, but not a dead end.
    const tee = page.locator('[data-line="TEE-M"]');
    expect(await tee.getByRole('checkbox').count()).toBe(0);
    expect(await tee.locator('.defect-entry').textContent()).toContain('recht op reparatie of vervanging');
    expect(await seriousViolations(page)).toEqual([]);
    await shot('1-items');
    await tee.getByRole('button', { name: 'Defect melden' }).click();

    await page.getByRole('heading', { name: 'Een defect melden' }).waitFor();
    expect(await page.locator('section.card').textContent()).toContain('wettelijke garantie');
    // The law's order of remedies, in plain words.
    await page.getByRole('radio', { name: /Reparatie/ }).waitFor();
    expect(await page.getByRole('radio', { name: /Geld terug: alleen als reparatie en vervanging niet kunnen/ }).count()).toBe(1);
    // Saying what is wrong is required.
    await page.getByRole('button', { name: 'Defect melden' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Beschrijf het defect');
    await page.getByLabel('Wat is er mis mee? *').fill('De naad is na twee wasbeurten losgeraakt');
    const photo = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#5a3b8a' } })
      .jpeg()
      .toBuffer();
    await page.locator('input[type=file]').setInputFiles({ name: 'naad.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.getByRole('img', { name: /Foto 1/ }).waitFor();
    await page.getByRole('radio', { name: /Vervanging/ }).check();
    // Sending it is free under the guarantee.
    await expect.poll(() => page.getByRole('radio', { name: /gratis/ }).count()).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
    await shot('2-report');
    await page.getByRole('button', { name: 'Defect melden' }).click();

    const number = await page.getByTestId('return-number').textContent();
    expect(number).toMatch(/^R-\d+$/);
    await expect.poll(() => page.getByTestId('next-step').textContent()).toContain('We bekijken');
    expect(await seriousViolations(page)).toEqual([]);
    await shot('3-reported');
    const [stored] = await t.ctx.db
      .selectFrom('returns')
      .innerJoin('return_lines', 'return_lines.return_id', 'returns.id')
      .innerJoin('reasons', 'reasons.id', 'return_lines.reason_id')
      .leftJoin('return_photos', 'return_photos.return_line_id', 'return_lines.id')
      .select([
        'returns.id',
        'return_lines.id as line_id',
        'return_lines.requested_resolution',
        'return_lines.comment',
        'reasons.code',
        'return_photos.id as photo',
      ])
      .where('returns.number', '=', number ?? '')
      .execute();
    expect(stored).toMatchObject({
      requested_resolution: 'replacement',
      comment: 'De naad is na twee wasbeurten losgeraakt',
      code: 'defective',
    });
    expect(stored?.photo).toBeTruthy();

    // The shop grants a repair instead (a replacement would cost far more), the item comes in and
    // goes back repaired; the status link shows each step.
    const link = await page.getByTestId('status-link').getAttribute('href');
    const agent = await t.login('agent');
    const warehouse = await t.login('warehouse');
    const call = async (url: string, payload: object, staff = agent) => {
      const res = await t.request({ method: 'POST', url, staff, payload });
      expect(res.statusCode, res.body).toBeLessThan(300);
      return res.json();
    };
    const returnId = stored?.id ?? '';
    await call(`/api/v1/returns/${returnId}/approve`, { lines: [{ returnLineId: stored?.line_id, resolution: 'repair' }] });
    await call(`/api/v1/returns/${returnId}/receive`, { lines: [{ returnLineId: stored?.line_id, quantity: 1 }] }, warehouse);
    const status = await browser.newPage({ viewport, locale: 'nl-NL' });
    await status.goto(`${base}${link}`);
    await expect.poll(() => status.getByTestId('repairs').textContent()).toContain('Je artikel wordt gerepareerd');
    expect(await status.getByTestId('next-step').textContent()).toContain('We hebben je artikel ontvangen en repareren het');
    await status.close();

    const [repair] = (await t.request({ method: 'GET', url: `/api/v1/returns/${returnId}/repairs`, staff: agent })).json().items;
    await call(`/api/v1/repairs/${repair.id}/ship-back`, { trackingNumber: '3SREP6001', carrier: 'PostNL' }, warehouse);
    const later = await browser.newPage({ viewport, locale: 'nl-NL' });
    await later.goto(`${base}${link}`);
    await expect.poll(() => later.getByTestId('repairs').textContent()).toContain('gerepareerd en naar je teruggestuurd');
    expect(await later.getByTestId('repairs').textContent()).toContain('3SREP6001');
    await expect.poll(() => later.getByTestId('timeline').textContent()).toContain('Gerepareerd en teruggestuurd');
    expect(await seriousViolations(later)).toEqual([]);
    await later.screenshot({ path: join(SHOTS, 'phone-defect-4-repaired.png'), fullPage: true });
    await later.close();
    await page.close();
  });

  /** A defect claim on the tee of an order, granted as a repair, its item received. */
  async function repairInHand(orderNumber: string) {
    const bearer = await t.shopperToken(orderNumber, `${orderNumber}@example.nl`);
    const order = (await t.request({ method: 'GET', url: '/api/v1/shopper/order', bearer })).json();
    const tee = order.lines.find((l: { sku: string }) => l.sku === 'TEE-M');
    const photo = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/photos',
      bearer,
      payload: await sharp({ create: { width: 300, height: 300, channels: 3, background: '#333333' } })
        .jpeg()
        .toBuffer(),
      headers: { 'content-type': 'image/jpeg' },
    });
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer,
      payload: {
        method: 'qr',
        lines: [
          {
            orderLineId: tee.id,
            quantity: 1,
            defect: true,
            comment: 'Zip broke',
            resolution: 'repair',
            photoIds: [photo.json().id],
          },
        ],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { returnId, lines } = created.json();
    const agent = await t.login('agent');
    const warehouse = await t.login('warehouse');
    for (const [url, payload, staff] of [
      [`/api/v1/returns/${returnId}/approve`, { lines: [{ returnLineId: lines[0].id }] }, agent],
      [`/api/v1/returns/${returnId}/receive`, { lines: [{ returnLineId: lines[0].id, quantity: 1 }] }, warehouse],
    ] as const) {
      const res = await t.request({ method: 'POST', url, staff, payload });
      expect(res.statusCode, res.body).toBe(200);
    }
    return returnId as string;
  }

  /** A colleague's browser, signed in (the session cookie of a login), on a back-office page. */
  async function signIn(role: string, path: string) {
    const session = await t.login(role);
    const [name, value] = session.cookie.split('=') as [string, string];
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    await context.addCookies([{ name, value, url: base }]);
    const page = await context.newPage();
    await page.goto(`${base}${path}`);
    await page.getByRole('navigation', { name: 'Back office' }).waitFor();
    return page;
  }

  it('lets the warehouse send a repaired item back, and an agent replace one that cannot be repaired', async () => {
    const repaired = await repairInHand('6002');
    const warehouse = await signIn('warehouse', `/admin/returns/${repaired}`);
    const panel = warehouse.getByRole('region', { name: 'Repair (legal guarantee)' });
    await expect.poll(() => panel.textContent()).toContain('In repair');
    expect(await panel.textContent()).toContain('Zip broke');
    expect(await seriousViolations(warehouse)).toEqual([]);
    await panel.getByLabel('Tracking number').fill('3SREP6002');
    await panel.getByRole('button', { name: 'Sent back repaired' }).click();
    await expect.poll(() => panel.textContent()).toContain('Repaired and sent back');
    expect(await panel.textContent()).toContain('3SREP6002');
    await warehouse.screenshot({ path: join(SHOTS, '..', 'admin-repair-sent-back.png'), fullPage: true });
    await warehouse.context().close();

    const replaced = await repairInHand('6003');
    const agent = await signIn('agent', `/admin/returns/${replaced}`);
    const repair = agent.getByRole('region', { name: 'Repair (legal guarantee)' });
    await repair.getByRole('button', { name: 'Could not repair…' }).click();
    await repair.getByLabel('Why not').fill('No spare zips');
    await repair.getByLabel('The shopper gets instead').selectOption('replacement');
    await repair.getByRole('button', { name: 'Record' }).click();
    await expect.poll(() => repair.textContent()).toContain('Could not be repaired');
    // The replacement is an exchange order for the same item, to ship from the exchanges list.
    await expect.poll(() => agent.getByRole('region', { name: 'Exchange' }).textContent()).toContain('TEE-M');
    expect(await seriousViolations(agent)).toEqual([]);
    await agent.context().close();
    const [order] = await t.ctx.db
      .selectFrom('exchange_orders')
      .innerJoin('exchange_order_lines', 'exchange_order_lines.exchange_order_id', 'exchange_orders.id')
      .select(['exchange_orders.price_difference', 'exchange_order_lines.variant_id'])
      .where('exchange_orders.return_id', '=', replaced)
      .execute();
    expect(order).toMatchObject({ price_difference: 0, variant_id: 'var_tee_m' });
  });
});
