import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CarrierAddress, ReturnParcelRequest } from '../../src/app/logistics/carriers/port.js';
import { CARRIER_CAPABILITIES } from '../../src/domain/carriers.js';
import { ShippoCarrier } from '../../src/integrations/carriers/shippo/adapter.js';
import { carrierFailure } from '../support/carriers/carrierTestKit.js';
import { FakeShippo } from '../support/carriers/fakeShippo.js';

const shopper: CarrierAddress = {
  name: 'Jane Doe',
  line1: '215 Clayton St',
  postcode: '94117',
  city: 'San Francisco',
  country: 'US',
  email: 'jane@example.com',
};
const warehouse: CarrierAddress = {
  name: 'Acme Returns',
  company: 'Acme',
  line1: '965 Mission St',
  postcode: '94103',
  city: 'San Francisco',
  country: 'US',
};
const amsterdam: CarrierAddress = {
  name: 'Acme EU',
  line1: 'Keizersgracht',
  houseNumber: '12a',
  postcode: '1015CS',
  city: 'Amsterdam',
  country: 'NL',
};

let counter = 0;
function request(overrides: Partial<ReturnParcelRequest> = {}): ReturnParcelRequest {
  counter += 1;
  return {
    reference: `R-${1000 + counter}`,
    orderNumber: `#${5000 + counter}`,
    service: 'usps_priority',
    method: 'label',
    from: shopper,
    to: warehouse,
    parcels: [{ weightGrams: 1200, lengthCm: 30, widthCm: 20, heightCm: 10 }],
    items: [{ description: 'Shirt', sku: 'SH-1', quantity: 1, unitValue: 2999, currency: 'USD', weightGrams: 300 }],
    labelFormat: 'pdf',
    ...overrides,
  };
}

let fake: FakeShippo;
/** The JSON body of the last request the fake saw on a path. */
const sent = (method: string, path: RegExp) =>
  (fake.requests(method, path).at(-1)?.body ?? {}) as Record<string, Record<string, unknown>>;
let shippo: ShippoCarrier;

beforeAll(async () => {
  fake = await new FakeShippo().start();
  shippo = new ShippoCarrier(fake.credentials());
});
afterAll(() => fake.stop());
beforeEach(() => {
  fake.transactionOutcome = 'SUCCESS';
  fake.refundOutcome = 'QUEUED';
  fake.failures.length = 0;
});

describe('Shippo: account and services', () => {
  it('proves the token with an authenticated call, sending the version header', async () => {
    await expect(shippo.testConnection()).resolves.toEqual({ account: null });
    const seen = fake.requests('GET', /^\/carrier_accounts$/).at(-1);
    expect(seen?.headers.authorization).toBe(`ShippoToken ${fake.token}`);
    expect(seen?.headers['shippo-api-version']).toBe('2018-02-08');
  });

  it('refuses a wrong token as an authentication failure that names no secret', async () => {
    const wrong = new ShippoCarrier({ ...fake.credentials(), apiKey: 'shippo_test_wrong' });
    const err = await carrierFailure(wrong.testConnection());
    expect([err.kind, err.code, err.status]).toEqual(['rejected', 'CARRIER_AUTH_FAILED', 401]);
    expect(err.message).not.toContain('shippo_test_wrong');
  });

  it('lists the service levels that carry returns, with QR where the carrier prints it', async () => {
    const services = await shippo.services({ fromCountry: 'US', toCountry: 'US' });
    expect(services.map((s) => s.code).sort()).toEqual([
      'dhl_express_worldwide',
      'ups_ground',
      'usps_ground_advantage',
      'usps_priority',
    ]);
    expect(services.find((s) => s.code === 'usps_priority')).toMatchObject({ carrier: 'usps', methods: ['label', 'qr'] });
    expect(services.find((s) => s.code === 'ups_ground')?.methods).toEqual(['label']);
    const fromNl = await shippo.services({ fromCountry: 'NL', toCountry: 'US' });
    expect(fromNl.every((s) => !s.methods.includes('qr'))).toBe(true);
  });

  it('quotes rates of a return, cheapest first, asking each carrier the way round Shippo wants', async () => {
    const rates = await shippo.rates({ from: shopper, to: warehouse, parcels: [{ weightGrams: 1000 }] });
    expect(rates.map((r) => r.service)).toEqual(['usps_ground_advantage', 'usps_priority', 'ups_ground']);
    expect(rates[0]).toMatchObject({ amount: 630, currency: 'USD', estimatedDays: 4, serviceName: 'USPS Ground Advantage' });
    const only = await shippo.rates({ from: shopper, to: warehouse, parcels: [{ weightGrams: 1000 }], services: ['ups_ground'] });
    expect(only.map((r) => r.service)).toEqual(['ups_ground']);
    const shipment = sent('POST', /^\/shipments$/);
    // UPS is sent the outbound way (shop → shopper): Shippo swaps it for a return.
    expect(shipment.address_from?.street1).toBe(warehouse.line1);
    expect(shipment.extra?.is_return).toBe(true);
    expect(shipment.parcels).toEqual([
      { length: '30', width: '20', height: '12', distance_unit: 'cm', weight: '1000', mass_unit: 'g' },
    ]);
  });
});

describe('Shippo: booking return labels', () => {
  it('buys a PDF return label and serves it', async () => {
    const r = request();
    const booked = await shippo.createReturn(r);
    expect(booked).toMatchObject({ ready: true, qrCode: null, pickup: null, cost: { amount: 994, currency: 'USD' } });
    expect(booked.parcels).toHaveLength(1);
    expect(booked.parcels[0]?.trackingNumber).toMatch(/^9205\d{18}$/);
    const shipment = sent('POST', /^\/shipments$/);
    expect(shipment.address_from?.street1).toBe(warehouse.line1);
    expect(shipment.address_to?.street1).toBe(shopper.line1);
    expect(shipment.extra).toMatchObject({ is_return: true, reference_1: r.reference, reference_2: r.orderNumber });
    expect(shipment.extra?.qr_code_requested).toBeUndefined();
    expect(fake.requests('POST', /^\/transactions$/).at(-1)?.body).toMatchObject({
      label_file_type: 'PDF_A6',
      async: false,
      metadata: r.reference,
    });
    const label = await shippo.document(booked, 'label', 'pdf');
    expect(label.contentType).toBe('application/pdf');
    expect(label.body.subarray(0, 5).toString()).toBe('%PDF-');
    // The file host is not Shippo's API: the token stays home.
    expect(fake.requests('GET', /^\/files\/labels\//).at(-1)?.headers.authorization).toBeUndefined();
  });

  it('asks for a QR code on a QR return and serves it as PNG', async () => {
    const booked = await shippo.createReturn(request({ method: 'qr', service: 'usps_ground_advantage' }));
    expect(booked.qrCode).toMatch(/\/files\/qr\/.+\.png/);
    expect(sent('POST', /^\/shipments$/).extra).toMatchObject({
      qr_code_requested: true,
    });
    const qr = await shippo.document(booked, 'qr', 'pdf');
    expect(qr.contentType).toBe('image/png');
    expect(qr.body.subarray(1, 4).toString()).toBe('PNG');
  });

  it('buys ZPL for a label printer and will not pass it off as PDF', async () => {
    const booked = await shippo.createReturn(request({ labelFormat: 'zpl', service: 'ups_ground' }));
    expect(fake.requests('POST', /^\/transactions$/).at(-1)?.body).toMatchObject({ label_file_type: 'ZPLII' });
    const zpl = await shippo.document(booked, 'label', 'zpl');
    expect(zpl.contentType).toBe('application/zpl');
    expect(zpl.body.toString()).toMatch(/^\^XA[\s\S]*\^XZ$/);
    const err = await carrierFailure(shippo.document(booked, 'label', 'pdf'));
    expect([err.kind, err.code, err.field]).toEqual(['rejected', 'CARRIER_FORMAT_UNAVAILABLE', 'format']);
  });

  it('sends a cross-border return the way it travels, with its customs declaration and invoice', async () => {
    const r = request({
      service: 'dhl_express_worldwide',
      to: amsterdam,
      customs: { invoiceNumber: 'INV-77' },
      items: [
        {
          description: 'Jacket',
          sku: 'JK-9',
          quantity: 2,
          unitValue: 8900,
          currency: 'EUR',
          weightGrams: 800,
          hsCode: '620193',
          originCountry: 'PT',
        },
      ],
    });
    const booked = await shippo.createReturn(r);
    expect(booked.parcels[0]?.trackingNumber).toMatch(/^\d{10}$/);
    const shipment = sent('POST', /^\/shipments$/);
    expect(shipment.address_from?.street1).toBe(shopper.line1);
    expect(shipment.address_to).toMatchObject({ street1: 'Keizersgracht', street_no: '12a', country: 'NL' });
    expect(shipment.customs_declaration).toMatchObject({ contents_type: 'RETURN_MERCHANDISE', invoice: 'INV-77' });
    expect((shipment.customs_declaration?.items as unknown[] | undefined)?.[0]).toMatchObject({
      quantity: 2,
      value_amount: '178.00',
      value_currency: 'EUR',
      tariff_number: '620193',
      origin_country: 'PT',
      net_weight: '1600',
    });
    const invoice = await shippo.document(booked, 'customs', 'pdf');
    expect(invoice.body.subarray(0, 4).toString()).toBe('%PDF');
  });

  it('picks the cheapest rate when the service is left to the carrier', async () => {
    const booked = await shippo.createReturn(request({ service: 'cheapest' }));
    const tx = fake.transactions.find((t) => t.object_id === booked.remoteId);
    expect(fake.rates.get(String(tx?.rate))?.servicelevel).toMatchObject({ token: 'usps_ground_advantage' });
  });

  it('books one label per box of a multi-parcel return', async () => {
    const booked = await shippo.createReturn(request({ parcels: [{ weightGrams: 900 }, { weightGrams: 2100 }] }));
    expect(booked.parcels).toHaveLength(2);
    expect(new Set(booked.parcels.map((p) => p.trackingNumber)).size).toBe(2);
    expect(booked.parcels[0]?.remoteId).toBe(booked.remoteId);
    await expect(shippo.getReturn(booked.remoteId)).resolves.toMatchObject({ parcels: booked.parcels, cost: booked.cost });
    // Each box's own label is its own transaction's.
    const before = fake.requests('GET', /^\/transactions\//).length;
    const box2 = await shippo.document(booked, 'label', 'pdf', 1);
    expect(box2.body.subarray(0, 4).toString()).toBe('%PDF');
    expect(
      fake
        .requests('GET', /^\/transactions\//)
        .slice(before)
        .map((r) => r.path),
    ).toEqual([`/transactions/${booked.parcels[1]?.remoteId}`]);
    expect((await carrierFailure(shippo.document(booked, 'label', 'pdf', 2))).code).toBe('CARRIER_NO_BOX');
  });

  it('answers "not ready" while Shippo queues the purchase, and the label once bought', async () => {
    fake.transactionOutcome = 'QUEUED';
    const booked = await shippo.createReturn(request());
    expect(booked).toMatchObject({ ready: false, parcels: [{ trackingNumber: null }] });
    expect((await carrierFailure(shippo.document(booked, 'label', 'pdf'))).kind).toBe('transient');
    fake.settle();
    const later = await shippo.getReturn(booked.remoteId);
    expect(later.ready).toBe(true);
    expect(later.parcels[0]?.trackingNumber).toBeTruthy();
    expect(later.cost).toEqual(booked.cost);
  });

  it("turns a refused purchase into a rejection with the carrier's words", async () => {
    fake.transactionOutcome = 'ERROR';
    const err = await carrierFailure(shippo.createReturn(request()));
    expect([err.kind, err.code]).toEqual(['rejected', 'CARRIER_LABEL_REFUSED']);
    expect(err.message).toContain('USPS: The recipient address could not be validated.');
  });

  it('names the service when Shippo offers no rate for it', async () => {
    const err = await carrierFailure(shippo.createReturn(request({ service: 'fedex_ground' })));
    expect([err.kind, err.code, err.field]).toEqual(['rejected', 'CARRIER_SERVICE_UNAVAILABLE', 'service']);
  });

  it('names the field Shippo blames for bad input', async () => {
    const err = await carrierFailure(shippo.createReturn(request({ from: { ...shopper, postcode: '' } })));
    expect([err.kind, err.code, err.status, err.field]).toEqual(['rejected', 'CARRIER_REJECTED', 400, 'address_to.zip']);
    expect(err.message).toContain('This field is required.');
  });
});

describe('Shippo: finding, voiding', () => {
  it('finds the label booked under a reference, also pages back, and nothing for an unknown one', async () => {
    const r = request();
    const booked = await shippo.createReturn(r);
    fake.transactionOutcome = 'ERROR';
    await carrierFailure(shippo.createReturn(request({ reference: 'R-FAILED' })));
    for (let i = 0; i < 120; i++) fake.transactions.push({ object_id: `tx_other_${i}`, status: 'SUCCESS', metadata: `R-X${i}` });
    const found = await shippo.findReturn(r.reference);
    expect(found?.remoteId).toBe(booked.remoteId);
    expect(found?.parcels[0]?.trackingNumber).toBe(booked.parcels[0]?.trackingNumber);
    expect(fake.requests('GET', /^\/transactions$/).some((q) => q.query.get('page') === '2')).toBe(true);
    await expect(shippo.findReturn('R-FAILED')).resolves.toBeNull();
    await expect(shippo.findReturn('R-NEVER')).resolves.toBeNull();
  });

  it('voids unused labels: requested while Shippo refunds, voided when refunded, not once scanned', async () => {
    const pending = await shippo.createReturn(request());
    await expect(shippo.voidReturn(pending)).resolves.toBe('requested');
    expect(fake.transactions.find((t) => t.object_id === pending.remoteId)?.status).toBe('REFUNDPENDING');
    fake.refundOutcome = 'SUCCESS';
    await expect(shippo.voidReturn(await shippo.createReturn(request()))).resolves.toBe('voided');
    const scanned = await shippo.createReturn(request());
    fake.moveParcel(scanned.parcels[0]?.trackingNumber ?? '', 'TRANSIT');
    await expect(shippo.voidReturn(scanned)).resolves.toBe('not_voidable');
  });

  it('offers no drop-off points or pickups, as its capabilities say', async () => {
    expect(shippo.capabilities).toBe(CARRIER_CAPABILITIES.shippo);
    expect(shippo.capabilities).toMatchObject({ servicePoints: false, pickups: false, webhooks: true, voids: true, zpl: true });
    expect((await carrierFailure(shippo.servicePoints({ country: 'US', postcode: '94117' }))).kind).toBe('unsupported');
    expect((await carrierFailure(shippo.pickupSlots(shopper))).kind).toBe('unsupported');
  });
});

describe('Shippo: failures of the API', () => {
  it('is asked to slow down: transient, after the Retry-After it sent', async () => {
    fake.failNext({ status: 429, body: { detail: 'Request was throttled.' }, headers: { 'retry-after': '7' } });
    const err = await carrierFailure(shippo.createReturn(request()));
    expect([err.kind, err.code, err.status, err.retryAfterMs]).toEqual(['transient', 'CARRIER_RATE_LIMITED', 429, 7000]);
  });

  it('has an outage: transient, and no label was bought', async () => {
    const before = fake.transactions.length;
    fake.failNext({ status: 503, body: { detail: 'Service unavailable' }, path: /^\/transactions$/ });
    const err = await carrierFailure(shippo.createReturn(request()));
    expect([err.kind, err.status]).toEqual(['transient', 503]);
    expect(fake.transactions.length).toBe(before);
  });

  it('sends an answer Retour cannot read: a clear error, never a TypeError', async () => {
    fake.failNext({ status: 201, body: { object_id: 'tx_1' }, path: /^\/transactions$/ });
    expect((await carrierFailure(shippo.createReturn(request()))).code).toBe('CARRIER_BAD_ANSWER');
    fake.failNext({ status: 200, body: ['not', 'an', 'object'], path: /^\/transactions\// });
    expect((await carrierFailure(shippo.getReturn('tx_any'))).code).toBe('CARRIER_BAD_ANSWER');
    fake.failNext({
      status: 200,
      body: { tracking_number: 'SHIPPO_TRANSIT', tracking_history: [{ status: 'TRANSIT' }] },
      path: /^\/tracks\//,
    });
    expect((await carrierFailure(shippo.track('SHIPPO_TRANSIT'))).code).toBe('CARRIER_BAD_ANSWER');
  });

  it('cannot be reached: transient', async () => {
    const gone = new ShippoCarrier({ ...fake.credentials(), baseUrl: 'http://127.0.0.1:9' });
    expect(await carrierFailure(gone.testConnection())).toMatchObject({ kind: 'transient', code: 'CARRIER_UNREACHABLE' });
  });
});
