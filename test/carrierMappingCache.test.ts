import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anyCarrierMapping } from '../src/app/logistics/methods/carrierMapping.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';
import { connectCarrierAccount } from './support/trackingHarness.js';

// The portal skips the carrier lookups while the shop maps no carrier service; a mapping saved in
// the settings is offered from the next request on, and one removed stops being offered at once.
describe.each(DB_KINDS)('methods per country as the settings change them (%s)', (kind) => {
  let t: TestApp;
  let admin: StaffClient;
  let token = '';

  const offered = async () =>
    (await t.request({ method: 'GET', url: '/api/v1/shopper/policy-evaluation', bearer: token }))
      .json()
      .methods.map((m: { method: string }) => m.method)
      .sort();
  const saveMethods = (methods: object[]) =>
    t.request({ method: 'PUT', url: '/api/v1/carrier-methods', staff: admin, payload: { methods } });

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin']);
    admin = await t.login('admin');
    await seedOrders(t.ctx, [orderFixture('9801', new Date(t.clock.now.getTime() - 3 * DAY))]);
    token = await t.shopperToken('9801', '9801@example.nl');
  });
  afterAll(() => t?.close());

  /** A Sendcloud connection whose QR service is mapped for the Netherlands; answers its id. */
  const connectAndMapQr = async (name: string, key: string): Promise<string> => {
    const connectionId = await connectCarrierAccount(t, admin, {
      carrier: 'sendcloud',
      name,
      apiKey: `public-key-${key}`,
      apiSecret: `secret-key-${key}`,
    });
    const mapped = await saveMethods([
      { connectionId, method: 'qr', country: 'NL', serviceCode: 'postnl:qr', serviceName: 'PostNL QR' },
    ]);
    expect(mapped.statusCode, mapped.body).toBe(200);
    return connectionId;
  };

  it('offers what is mapped from the next request after saving, and everything again once the mapping is gone', async () => {
    expect(await offered()).toEqual(['label', 'pickup', 'qr', 'store']);
    await connectAndMapQr('Sendcloud', '1234');
    expect(await offered()).toEqual(['qr', 'store']);

    expect((await saveMethods([])).statusCode).toBe(200);
    expect(await offered()).toEqual(['label', 'pickup', 'qr', 'store']);
  });

  it('forgets the mapping when its connection is deleted, which takes its methods with it', async () => {
    const connectionId = await connectAndMapQr('Sendcloud 2', '5678');
    expect(await offered()).toEqual(['qr', 'store']);

    const deleted = await t.request({ method: 'DELETE', url: `/api/v1/carriers/${connectionId}`, staff: admin });
    expect(deleted.statusCode, deleted.body).toBeLessThan(300);
    expect(await anyCarrierMapping(t.ctx.caches, t.ctx.db)).toBe(false);
    expect(await offered()).toEqual(['label', 'pickup', 'qr', 'store']);
  });
});
