import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CarrierError, ReturnParcelRequest, WebhookRequest } from '../../src/app/logistics/carriers/port.js';
import { createCarrierAdapter } from '../../src/integrations/carriers/index.js';
import { SHIPSTATION_STATES, shipStationState } from '../../src/integrations/carriers/shipstation/mapping.js';
import { carrierFailure, webhookRequest } from '../support/carriers/carrierTestKit.js';
import { FakeShipStation } from '../support/carriers/fakeShipStation.js';

const shopper = {
  name: 'Sam Shopper',
  line1: '500 Congress Ave',
  postcode: '78701',
  city: 'Austin',
  country: 'US',
  phone: '5125550100',
};
const warehouse = {
  name: 'Returns Dept',
  company: 'Retour Shop',
  line1: '1 Warehouse Way',
  postcode: '73301',
  city: 'Austin',
  country: 'US',
};

const request = (reference: string, over: Partial<ReturnParcelRequest> = {}): ReturnParcelRequest => ({
  reference,
  orderNumber: 'ORD-1',
  service: 'se-1001:usps_ground_advantage',
  method: 'label',
  from: shopper,
  to: warehouse,
  parcels: [{ weightGrams: 900, lengthCm: 30, widthCm: 20, heightCm: 10 }],
  items: [{ description: 'Shirt', sku: 'SH-1', quantity: 1, unitValue: 2500, currency: 'USD', weightGrams: 300 }],
  labelFormat: 'pdf',
  ...over,
});

const webhook = (delivery: { body: string; headers: Record<string, string> }) => webhookRequest(delivery.body, delivery.headers);

describe('ShipStation adapter against its fake', () => {
  const fake = new FakeShipStation();
  const adapter = () => createCarrierAdapter('shipstation', fake.credentials());

  beforeAll(async () => {
    await fake.start();
  });
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.asyncLabels = false;
    fake.failures.length = 0;
  });

  it('tests the connection and lists domestic services with their carrier', async () => {
    expect(await adapter().testConnection()).toEqual({ account: 'Retour test account' });
    const services = await adapter().services({ fromCountry: 'US', toCountry: 'US' });
    expect(services.map((s) => s.code)).toEqual([
      'se-1001:usps_ground_advantage',
      'se-1001:usps_priority_mail',
      'se-2002:ups_ground',
    ]);
    expect(services[2]).toMatchObject({ carrier: 'ups', methods: ['label'], needsServicePoint: false });
    // Return labels are domestic only.
    expect(await adapter().services({ fromCountry: 'CA', toCountry: 'US' })).toEqual([]);
  });

  it('quotes rates in minor units, with surcharges, only for the services asked', async () => {
    const all = await adapter().rates({ from: shopper, to: warehouse, parcels: [{ weightGrams: 900 }] });
    expect(all).toHaveLength(3);
    const only = await adapter().rates({
      from: shopper,
      to: warehouse,
      parcels: [{ weightGrams: 900 }],
      services: ['se-1001:usps_priority_mail'],
    });
    expect(only).toEqual([
      {
        service: 'se-1001:usps_priority_mail',
        serviceName: 'USPS Priority Mail',
        amount: 990,
        currency: 'USD',
        estimatedDays: 2,
      },
    ]);
    expect(fake.requests('POST', /^\/v2\/rates$/).at(-1)?.body).toMatchObject({ rate_options: { carrier_ids: ['se-1001'] } });
  });

  it('books a return label charged on carrier acceptance and prints it as PDF and ZPL', async () => {
    const booked = await adapter().createReturn(request('R-100'));
    expect(booked).toMatchObject({ ready: true, cost: { amount: 685, currency: 'USD' }, qrCode: null, pickup: null });
    const label = fake.labels.get(booked.remoteId);
    expect(label?.request).toMatchObject({ is_return_label: true, charge_event: 'on_carrier_acceptance', label_format: 'pdf' });
    expect(label?.request.shipment).toMatchObject({
      external_shipment_id: 'R-100',
      ship_from: { name: 'Sam Shopper' },
      ship_to: { company_name: 'Retour Shop' },
    });
    expect(booked.parcels[0]?.trackingNumber).toBe(label?.tracking_number);
    const pdf = await adapter().document(booked, 'label', 'pdf');
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    const zpl = await adapter().document(booked, 'label', 'zpl');
    expect(zpl).toMatchObject({ contentType: 'application/zpl' });
    expect(zpl.body.toString()).toMatch(/^\^XA.*\^XZ$/);
    // The key goes to ShipStation's own host only; the downloads here are on it.
    expect(fake.requests('GET', /^\/v2\/downloads\//).every((r) => r.headers['api-key'] === fake.apiKey)).toBe(true);
    expect((await carrierFailure(adapter().document(booked, 'qr', 'pdf'))).kind).toBe('unsupported');
    // The label names its carrier, kept with the box for tracking.
    expect(booked.parcels[0]?.carrier).toBe('stamps_com');
    // One label for all packages: a box of several has none of its own.
    const twoBoxes = { ...booked, parcels: [...booked.parcels, ...booked.parcels] };
    expect((await carrierFailure(adapter().document(twoBoxes, 'label', 'pdf', 1))).code).toBe('CARRIER_NO_BOX_DOCUMENT');
  });

  it('reports a processing label as not ready, and ready once ShipStation completes it', async () => {
    fake.asyncLabels = true;
    const booked = await adapter().createReturn(request('R-101'));
    expect(booked).toMatchObject({ ready: false, parcels: [{ trackingNumber: null }] });
    expect((await carrierFailure(adapter().document(booked, 'label', 'pdf'))).code).toBe('CARRIER_NOT_READY');
    fake.complete(booked.remoteId);
    const again = await adapter().getReturn(booked.remoteId);
    expect(again.ready).toBe(true);
    expect(again.parcels[0]?.trackingNumber).toMatch(/^9400/);
  });

  it('never buys a second label for a reference: the first is found and returned', async () => {
    const first = await adapter().createReturn(request('R-102'));
    expect(await adapter().findReturn('R-102')).toMatchObject({ remoteId: first.remoteId });
    expect(await adapter().findReturn('R-NONE')).toBeNull();
    const second = await adapter().createReturn(request('R-102'));
    expect(second.remoteId).toBe(first.remoteId);
    expect([...fake.labels.values()].filter((l) => l.external_shipment_id === 'R-102')).toHaveLength(1);
  });

  it('voids an unused label, and says a scanned one cannot be voided', async () => {
    const unused = await adapter().createReturn(request('R-103'));
    expect(await adapter().voidReturn(unused)).toBe('voided');
    expect(await adapter().voidReturn(unused)).toBe('voided');
    expect(fake.labels.get(unused.remoteId)?.status).toBe('voided');
    // A voided label is no longer what a reference finds.
    expect(await adapter().findReturn('R-103')).toBeNull();
    const used = await adapter().createReturn(request('R-104'));
    fake.move(used.parcels[0]?.trackingNumber ?? '', 'AC');
    expect(await adapter().voidReturn(used)).toBe('not_voidable');
  });

  it('tracks a parcel by its tracking number through ShipStation status codes', async () => {
    const booked = await adapter().createReturn(request('R-105'));
    const tn = booked.parcels[0]?.trackingNumber ?? '';
    fake.move(tn, 'AC', new Date('2025-03-01T09:00:00Z'));
    fake.move(tn, 'IT', new Date('2025-03-01T18:00:00Z'));
    fake.move(tn, 'DE', new Date('2025-03-03T11:00:00Z'));
    const updates = await adapter().track(tn);
    expect(updates.map((u) => [u.state, u.carrierStatus])).toEqual([
      ['handed_in', 'AC'],
      ['in_transit', 'IT'],
      ['delivered', 'DE'],
    ]);
    expect(updates[2]).toMatchObject({ trackingNumber: tn, occurredAt: new Date('2025-03-03T11:00:00Z'), location: 'Austin' });
    expect((await carrierFailure(adapter().track('UNKNOWN1'))).code).toBe('CARRIER_NOT_FOUND');
  });

  it("tracks the label of the carrier the booking named where two carriers' labels share a tracking number", async () => {
    const stamps = await adapter().createReturn(request('R-170'));
    const ups = await adapter().createReturn(request('R-171', { service: 'se-2002:ups_ground' }));
    const tn = stamps.parcels[0]?.trackingNumber ?? '';
    const upsLabel = fake.labels.get(ups.remoteId);
    if (!upsLabel) throw new Error('the UPS label was not made');
    // The UPS label comes second in the list ShipStation gives for the number.
    upsLabel.tracking_number = tn;
    upsLabel.trackingStatus = 'DE';
    upsLabel.events.push({
      occurred_at: '2025-03-04T10:00:00Z',
      status_code: 'DE',
      description: 'Delivered',
      city_locality: 'Reno',
    });
    fake.move(tn, 'IT', new Date('2025-03-02T10:00:00Z'));
    expect(ups.parcels[0]?.carrier).toBe('ups');

    const tracked = await adapter().track(tn, ups.parcels[0]?.carrier);
    expect(fake.requests('GET', /\/track$/).at(-1)?.path).toBe(`/v2/labels/${ups.remoteId}/track`);
    expect(tracked.map((u) => [u.state, u.location])).toEqual([['delivered', 'Reno']]);
    expect((await adapter().track(tn, stamps.parcels[0]?.carrier)).map((u) => u.state)).toEqual(['in_transit']);
    expect(fake.requests('GET', /\/track$/).at(-1)?.path).toBe(`/v2/labels/${stamps.remoteId}/track`);
  });

  it('maps every ShipStation status code as the tracking table says', () => {
    expect(SHIPSTATION_STATES).toEqual({
      UN: 'unknown',
      NY: 'label_created',
      AC: 'handed_in',
      IT: 'in_transit',
      DE: 'delivered',
      EX: 'exception',
      AT: 'exception',
      SP: 'at_pickup_point',
    });
    expect(shipStationState('ex', 'Returned to sender')).toBe('returned_to_sender');
    expect(shipStationState('ZZ')).toBe('unknown');
  });

  it('offers no drop-off points or pickups', async () => {
    expect((await carrierFailure(adapter().servicePoints({ country: 'US', postcode: '78701' }))).kind).toBe('unsupported');
    expect((await carrierFailure(adapter().pickupSlots(shopper))).kind).toBe('unsupported');
  });

  describe('failures', () => {
    it('refuses wrong credentials', async () => {
      const wrong = createCarrierAdapter('shipstation', { ...fake.credentials(), apiKey: 'TEST_wrong' });
      const err = await carrierFailure(wrong.testConnection());
      expect(err).toMatchObject({ kind: 'rejected', code: 'CARRIER_AUTH_FAILED', status: 401 });
      expect(err.message).not.toContain('TEST_wrong');
    });

    it('turns a 429 with Retry-After into a transient error with the wait', async () => {
      fake.failNext({
        status: 429,
        headers: { 'retry-after': '7' },
        body: { request_id: 'x', errors: [] },
        path: /^\/v2\/labels$/,
      });
      expect(await carrierFailure(adapter().createReturn(request('R-106')))).toMatchObject({
        kind: 'transient',
        status: 429,
        retryAfterMs: 7000,
      });
    });

    it('turns a 5xx into a transient error', async () => {
      fake.failNext({ status: 503 });
      expect(await carrierFailure(adapter().testConnection())).toMatchObject({ kind: 'transient', status: 503 });
    });

    it('names the field ShipStation blames for a bad request', async () => {
      const err = await carrierFailure(adapter().createReturn(request('R-107', { from: { ...shopper, postcode: '' } })));
      expect(err).toMatchObject({
        kind: 'rejected',
        status: 400,
        field: 'shipment.ship_from.postal_code',
        code: 'SHIPSTATION_FIELD_VALUE_REQUIRED',
      });
      expect(err.message).toContain('postal_code is required');
    });

    it('reads a malformed answer as a clear carrier error, not a TypeError', async () => {
      fake.failNext({ status: 200, body: { unexpected: true }, path: /^\/v2\/labels$/ });
      expect(await carrierFailure(adapter().createReturn(request('R-108')))).toMatchObject({
        name: 'CarrierError',
        code: 'CARRIER_BAD_ANSWER',
      });
      fake.failNext({ status: 200, body: null, path: /^\/v2\/carriers$/ });
      expect(await carrierFailure(adapter().testConnection())).toMatchObject({
        name: 'CarrierError',
        code: 'CARRIER_BAD_ANSWER',
      });
      fake.failNext({ status: 200, body: { approved: 'perhaps' }, path: /void$/ });
      const booked = await adapter().createReturn(request('R-109'));
      expect(await carrierFailure(adapter().voidReturn(booked))).toMatchObject({ code: 'CARRIER_BAD_ANSWER' });
    });
  });

  describe('webhooks', () => {
    it('reads a signed tracking delivery into updates, with a key stable for a resend', async () => {
      const booked = await adapter().createReturn(request('R-110'));
      const tn = booked.parcels[0]?.trackingNumber ?? '';
      const delivery = fake.trackWebhook(tn, 'IT', new Date());
      const batch = adapter().parseWebhook(webhook(delivery));
      expect(batch.updates).toEqual([expect.objectContaining({ trackingNumber: tn, state: 'in_transit', carrierStatus: 'IT' })]);
      expect(adapter().parseWebhook(webhook(delivery)).dedupeKey).toBe(batch.dedupeKey);
      expect(adapter().parseWebhook(webhook(fake.trackWebhook(tn, 'DE'))).dedupeKey).not.toBe(batch.dedupeKey);
    });

    it('accepts a signature over the body alone, and a JWKS document as the stored key', () => {
      const { body } = fake.trackWebhook('9400BODYONLY', 'DE');
      const bodyOnly = webhook({ body, headers: fake.signedHeaders(body, new Date().toISOString(), 'body') });
      expect(adapter().parseWebhook(bodyOnly).updates[0]).toMatchObject({ trackingNumber: '9400BODYONLY', state: 'delivered' });
      const withJwks = createCarrierAdapter('shipstation', { ...fake.credentials(), webhookSecret: fake.jwks() });
      expect(withJwks.parseWebhook(webhook(fake.trackWebhook('9400JWKS', 'SP'))).updates[0]?.state).toBe('at_pickup_point');
      const otherKeyId = webhook({
        body,
        headers: { ...fake.signedHeaders(body), 'x-shipengine-rsa-sha256-key-id': 'unknown-key' },
      });
      expect(() => withJwks.parseWebhook(otherKeyId)).toThrow(expect.objectContaining({ code: 'WEBHOOK_SIGNATURE_INVALID' }));
    });

    it('refuses a tampered body, a wrong key, missing headers and a stale timestamp', () => {
      const delivery = fake.trackWebhook('9400TAMPER', 'DE');
      const code = (req: WebhookRequest, creds = fake.credentials()) => {
        try {
          createCarrierAdapter('shipstation', creds).parseWebhook(req);
        } catch (err) {
          return (err as CarrierError).code;
        }
        return 'accepted';
      };
      expect(code(webhook({ ...delivery, body: delivery.body.replace('"DE"', '"EX"') }))).toBe('WEBHOOK_SIGNATURE_INVALID');
      const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
        .publicKey.export({ type: 'spki', format: 'pem' })
        .toString();
      expect(code(webhook(delivery), { ...fake.credentials(), webhookSecret: other })).toBe('WEBHOOK_SIGNATURE_INVALID');
      const { 'x-shipengine-rsa-sha256-signature': _, ...unsigned } = delivery.headers;
      expect(code(webhook({ ...delivery, headers: unsigned }))).toBe('WEBHOOK_SIGNATURE_INVALID');
      const stale = {
        body: delivery.body,
        headers: fake.signedHeaders(delivery.body, new Date(Date.now() - 10 * 60_000).toISOString()),
      };
      expect(code(webhook(stale))).toBe('WEBHOOK_SIGNATURE_INVALID');
      expect(code(webhook(delivery), { ...fake.credentials(), webhookSecret: undefined })).toBe('WEBHOOK_SIGNATURE_INVALID');
    });

    it('says a signed body that is not JSON is malformed', () => {
      const body = 'not json';
      expect(() => adapter().parseWebhook(webhook({ body, headers: fake.signedHeaders(body) }))).toThrow(
        expect.objectContaining({ code: 'WEBHOOK_MALFORMED' }),
      );
    });
  });
});
