import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookReturnParcel } from '../src/app/logistics/shipments/bookReturnParcel.js';
import { connectCarrier } from './support/carrierSetup.js';
import { FakeSendcloud } from './support/carriers/fakeSendcloud.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, orderLine, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { pdfText } from './support/pdfText.js';
import { publishPolicy } from './support/policies.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

const SERVICE = 'postnl:standard/return';
/** One box's own label at Sendcloud (the shipment's label of all boxes comes from parcel-documents). */
const BOX_LABEL = /^\/api\/v3\/parcels\/[^/]+\/documents\/label$/;

/** A box's own document is fetched with the booking on a best-effort basis: the parcel is booked
 * already, so a box whose document fails leaves the booking as it is, and the box's document is
 * asked of the carrier when it is opened. */
describe.each(DB_KINDS)("each box's own document, best effort (%s)", (kind) => {
  let t: TestApp;
  let analyst: StaffClient;
  let teeLine: string;
  const fake = new FakeSendcloud();
  const warnings: { obj: object; msg: string }[] = [];
  const log = { warn: (obj: object, msg: string) => warnings.push({ obj, msg }) };

  beforeAll(async () => {
    await fake.start();
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin', 'analyst']);
    const admin = await t.login('admin');
    analyst = await t.login('analyst');
    await publishPolicy(t, admin, 'Carrier returns', {
      defaults: { window: { days: 30, from: 'delivery' }, resolutions: ['refund'], methods: ['label'] },
      rules: [],
    });
    const delivered = new Date(t.clock.now.getTime() - 3 * DAY);
    const [order] = await seedOrders(t.ctx, [
      orderFixture('5301', delivered, { lines: [orderLine('TEE-M', 2, 2000, delivered)] }),
    ]);
    teeLine = order?.lineBySku['TEE-M'] as string;
    await connectCarrier(t.ctx.db, t.ctx, {
      carrier: 'sendcloud',
      credentials: fake.credentials(),
      methods: [{ method: 'label', country: 'NL', serviceCode: SERVICE, serviceName: 'PostNL return' }],
    });
  });
  afterAll(async () => {
    await t?.close();
    await fake.stop();
  });

  it("stores the booking when one box's document fails, and fetches that box's document when opened", async () => {
    const bearer = await t.shopperToken('5301', '5301@example.nl');
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer,
      payload: {
        method: 'label',
        parcelCount: 2,
        lines: [{ orderLineId: teeLine, quantity: 2, reasonCode: 'too_small', resolution: 'refund' }],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const returnId = created.json().returnId as string;
    const shipment = await t.ctx.db
      .selectFrom('shipments')
      .select('id')
      .where('return_id', '=', returnId)
      .executeTakeFirstOrThrow();

    // The first box's own label is refused: a 4xx the booking does not retry.
    fake.failNext({ status: 403, body: { errors: [{ status: '403', code: 'forbidden', detail: 'No.' }] }, path: BOX_LABEL });
    expect(await bookReturnParcel(t.ctx, shipment.id, { log })).toBe('booked');
    const stored = await t.ctx.db
      .selectFrom('shipments')
      .select(['status', 'label'])
      .where('id', '=', shipment.id)
      .executeTakeFirstOrThrow();
    expect(stored.status).toBe('booked');
    expect(stored.label).not.toBeNull();
    const boxes = () =>
      t.ctx.db
        .selectFrom('shipment_parcels')
        .select(['collo', 'tracking_number', 'label'])
        .where('shipment_id', '=', shipment.id)
        .orderBy('collo')
        .execute();
    const [first, second] = await boxes();
    expect(first?.label).toBeNull();
    expect(second?.label).not.toBeNull();
    // Said in the log by the carrier's code, without the carrier's answer or the connection's keys.
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.obj).toMatchObject({ shipmentId: shipment.id, box: 1, kind: 'rejected', status: 403 });
    expect(JSON.stringify(warnings)).not.toContain(fake.secretKey);

    // Both boxes are offered; the missing one is asked of the carrier now, and kept.
    const listed = (await t.request({ method: 'GET', url: `/api/v1/returns/${returnId}/shipments`, staff: analyst })).json();
    expect(listed.items[0].parcels.map((p: { document: string | null }) => p.document)).toEqual(['label', 'label']);
    const asked = fake.requests('GET', BOX_LABEL).length;
    const box1 = await t.request({ method: 'GET', url: `/api/v1/shipments/${shipment.id}/boxes/1/label`, staff: analyst });
    expect(box1.statusCode, box1.body).toBe(200);
    expect(box1.headers['content-type']).toBe('application/pdf');
    expect(pdfText(box1.rawPayload)).toContain(first?.tracking_number);
    expect(pdfText(box1.rawPayload)).not.toContain(second?.tracking_number);
    expect((await boxes())[0]?.label).not.toBeNull();
    const own = await t.request({ method: 'GET', url: `/api/v1/shopper/returns/${returnId}/boxes/1/label`, bearer });
    expect(own.statusCode, own.body).toBe(200);
    expect(fake.requests('GET', BOX_LABEL).length).toBe(asked + 1);
  });
});
