import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateShopSettings } from '../src/app/admin/updateShopSettings.js';
import { forgetWarehouses } from '../src/app/catalog/warehouseList.js';
import { cliActor } from '../src/app/kernel/context.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/testApp.js';

describe.each(DB_KINDS)('return labels (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['warehouse']);
  });
  afterAll(() => t?.close());

  it('gives the shopper and the warehouse an A6 PDF with the return number, and nothing to anyone else', async () => {
    const delivered = new Date(t.clock.now.getTime() - 2 * DAY);
    const [order] = await seedOrders(t.ctx, [orderFixture('6001', delivered), orderFixture('6002', delivered)]);
    const token = await t.shopperToken('6001', '6001@example.nl');
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: token,
      payload: {
        method: 'label',
        lines: [{ orderLineId: order?.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small', resolution: 'refund' }],
      },
    });
    expect(created.statusCode).toBe(201);
    const { returnId, number } = created.json();
    const url = `/api/v1/shopper/returns/${returnId}/label`;

    // Without a return address or warehouse there is nowhere to send it. Warehouses are never
    // deleted in Retour: this test drops them past the commands, so it drops the kept list too.
    await t.ctx.db.deleteFrom('warehouses').execute();
    await forgetWarehouses(t.ctx.caches);
    expect((await t.request({ method: 'GET', url, bearer: token })).json().code).toBe('NO_RETURN_ADDRESS');
    // The shop's return address set in the settings is on the very next label.
    await updateShopSettings(
      t.ctx,
      { actor: cliActor },
      {
        name: 'Noord & Zo',
        returnAddress: { name: 'Noord & Zo retouren', line1: 'Retourweg 1', postcode: '3542 AD', city: 'Utrecht', country: 'NL' },
      },
    );

    const label = await t.request({ method: 'GET', url, bearer: token });
    expect(label.statusCode).toBe(200);
    expect(label.headers['content-type']).toBe('application/pdf');
    expect(label.headers['content-disposition']).toContain(`return-label-${number}.pdf`);
    const pdf = label.rawPayload.toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    expect(pdf).toMatch(/\/MediaBox \[0 0 297\.64 419\.53\]/);
    expect(pdf).toContain(`Return label ${number}`);
    // The Code 128 barcode and the QR code (each with its transparency mask).
    expect(pdf.match(/\/Subtype \/Image/g)?.length).toBeGreaterThanOrEqual(2);
    mkdirSync('test-results', { recursive: true });
    writeFileSync(`test-results/return-label-${kind}.pdf`, label.rawPayload);

    const staff = await t.request({ method: 'GET', url: `/api/v1/returns/${returnId}/label`, staff: await t.login('warehouse') });
    expect(staff.statusCode).toBe(200);
    const other = await t.shopperToken('6002', '6002@example.nl');
    expect((await t.request({ method: 'GET', url, bearer: other })).statusCode).toBe(404);

    await t.request({ method: 'POST', url: `/api/v1/shopper/returns/${returnId}/cancel`, bearer: token, payload: {} });
    expect((await t.request({ method: 'GET', url, bearer: token })).json().code).toBe('RETURN_NOT_SHIPPABLE');
  });
});
