import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CarrierError, ReturnParcelRequest } from '../../src/app/logistics/carriers/port.js';
import { EASYSHIP_STATES, easyshipState } from '../../src/integrations/carriers/easyship/mapping.js';
import { createCarrierAdapter } from '../../src/integrations/carriers/index.js';
import { carrierFailure, webhookRequest } from '../support/carriers/carrierTestKit.js';
import { FakeEasyship } from '../support/carriers/fakeEasyship.js';

const shopper = {
  name: 'Eva de Vries',
  line1: 'Keizersgracht 12',
  postcode: '1015CJ',
  city: 'Amsterdam',
  country: 'NL',
  email: 'eva@example.com',
};
const warehouse = {
  name: 'Returns',
  company: 'Retour Shop',
  line1: 'Havenweg 1',
  postcode: '3011AA',
  city: 'Rotterdam',
  country: 'NL',
};

const request = (reference: string, over: Partial<ReturnParcelRequest> = {}): ReturnParcelRequest => ({
  reference,
  orderNumber: 'ORD-9',
  service: 'cs-postnl-standard',
  method: 'label',
  from: shopper,
  to: warehouse,
  parcels: [{ weightGrams: 1200, lengthCm: 30, widthCm: 20, heightCm: 10 }],
  items: [{ description: 'Jacket', sku: 'JK-1', quantity: 1, unitValue: 8995, currency: 'EUR', weightGrams: 1000 }],
  labelFormat: 'pdf',
  ...over,
});

const webhook = (delivery: { body: string; headers: Record<string, string> }) => webhookRequest(delivery.body, delivery.headers);

describe('Easyship adapter against its fake', () => {
  const fake = new FakeEasyship();
  const adapter = () => createCarrierAdapter('easyship', fake.credentials());

  beforeAll(async () => {
    await fake.start();
  });
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.asyncLabels = false;
    fake.failures.length = 0;
  });

  it('tests the connection and lists courier services', async () => {
    expect(await adapter().testConnection()).toEqual({ account: 'Retour Test Shop' });
    const services = await adapter().services({ fromCountry: 'nl', toCountry: 'NL' });
    expect(services.map((s) => [s.code, s.carrier])).toEqual([
      ['cs-dhl-express', 'dhl'],
      ['cs-postnl-standard', 'postnl'],
    ]);
    expect(services[0]).toMatchObject({ methods: ['label'], needsServicePoint: false, fromCountries: ['NL'] });
  });

  it('falls back to another authenticated call when the account cannot be read', async () => {
    fake.failNext({ status: 404, body: { error: { code: 'resource_not_found', message: 'Not found' } }, path: /account$/ });
    expect(await adapter().testConnection()).toEqual({ account: null });
  });

  it('quotes rates in minor units, only for the services asked', async () => {
    const rates = await adapter().rates({
      from: shopper,
      to: warehouse,
      parcels: [{ weightGrams: 1200 }],
      services: ['cs-postnl-standard'],
    });
    expect(rates).toEqual([
      { service: 'cs-postnl-standard', serviceName: 'PostNL Standard', amount: 695, currency: 'EUR', estimatedDays: 2 },
    ]);
    expect(fake.requests('POST', /\/rates$/).at(-1)?.body).toMatchObject({ parcels: [{ total_actual_weight: 1.2 }] });
  });

  it('books a return as a shipment from the shopper to the warehouse, buys its label and prints it', async () => {
    const booked = await adapter().createReturn(request('R-200'));
    const shipment = fake.shipments.get(booked.remoteId);
    expect(shipment?.request).toMatchObject({
      origin_address: { contact_name: 'Eva de Vries', line_1: 'Keizersgracht 12', country_alpha2: 'NL' },
      destination_address: { company_name: 'Retour Shop' },
      order_data: { platform_order_number: 'R-200' },
      courier_settings: { courier_service_id: 'cs-postnl-standard' },
      parcels: [{ items: [{ sku: 'JK-1', declared_customs_value: 89.95, declared_currency: 'EUR', actual_weight: 1 }] }],
    });
    expect(booked).toMatchObject({ ready: true, cost: { amount: 695, currency: 'EUR' }, qrCode: null, pickup: null });
    expect(booked.parcels).toEqual([
      { remoteId: null, trackingNumber: shipment?.tracking_number, trackingUrl: expect.stringContaining(booked.remoteId) },
    ]);
    const pdf = await adapter().document(booked, 'label', 'pdf');
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await carrierFailure(adapter().document(booked, 'label', 'zpl'))).kind).toBe('unsupported');
    expect((await carrierFailure(adapter().document(booked, 'qr', 'pdf'))).kind).toBe('unsupported');
    // One label for all boxes: the one box of one is the whole, a box of several has none of its own.
    const box1 = await adapter().document(booked, 'label', 'pdf', 0);
    expect(box1.body.subarray(0, 5).toString()).toBe('%PDF-');
    const twoBoxes = { ...booked, parcels: [...booked.parcels, ...booked.parcels] };
    expect(await carrierFailure(adapter().document(twoBoxes, 'label', 'pdf', 1))).toMatchObject({
      kind: 'unsupported',
      code: 'CARRIER_NO_BOX_DOCUMENT',
    });
  });

  it('reports a pending label as not ready, then ready once generated', async () => {
    fake.asyncLabels = true;
    const booked = await adapter().createReturn(request('R-201'));
    expect(booked).toMatchObject({ ready: false, parcels: [{ trackingNumber: null }] });
    expect((await carrierFailure(adapter().document(booked, 'label', 'pdf'))).code).toBe('CARRIER_NOT_READY');
    fake.generate(booked.remoteId);
    expect(await adapter().getReturn(booked.remoteId)).toMatchObject({
      ready: true,
      parcels: [{ trackingNumber: expect.stringMatching(/^3S/) }],
    });
  });

  it('books once per reference: a retry reuses the shipment and never buys a second label', async () => {
    const first = await adapter().createReturn(request('R-202'));
    expect(await adapter().findReturn('R-202')).toMatchObject({ remoteId: first.remoteId });
    expect(await adapter().findReturn('R-NONE')).toBeNull();
    expect((await adapter().createReturn(request('R-202'))).remoteId).toBe(first.remoteId);
    // The label purchase failed after the shipment was made: the retry buys the label of that shipment.
    fake.failNext({ status: 503, path: /\/labels$/ });
    expect((await carrierFailure(adapter().createReturn(request('R-203')))).kind).toBe('transient');
    const retried = await adapter().createReturn(request('R-203'));
    expect(retried.ready).toBe(true);
    expect([...fake.shipments.values()].filter((s) => s.platform_order_number === 'R-203')).toHaveLength(1);
    expect(fake.requests('POST', /\/labels$/).filter((r) => JSON.stringify(r.body).includes(retried.remoteId))).toHaveLength(2);
  });

  it('finds a shipment by reference on a later page, also where the list does not filter on it', async () => {
    const booked = [];
    for (const ref of ['R-301', 'R-302', 'R-303']) booked.push(await adapter().createReturn(request(ref)));
    fake.filtersByReference = false;
    fake.maxPerPage = 2;
    try {
      expect(await adapter().findReturn('R-303')).toMatchObject({ remoteId: booked[2]?.remoteId });
      expect(
        fake
          .requests('GET', /\/shipments$/)
          .at(-1)
          ?.query.get('page'),
      ).not.toBe('1');
      expect(await adapter().findReturn('R-NONE-3')).toBeNull();
    } finally {
      fake.filtersByReference = true;
      fake.maxPerPage = 100;
    }
  });

  it('reads on past a short page that does not say whether a next one follows, to an empty page', async () => {
    const booked = [];
    for (const ref of ['R-311', 'R-312', 'R-313']) booked.push(await adapter().createReturn(request(ref)));
    fake.filtersByReference = false;
    fake.saysNextPage = false;
    // Easyship's own cap on a page, below the 100 asked for: a short page is no sign of the end.
    fake.maxPerPage = Math.max(2, Math.ceil(fake.shipments.size / 4));
    try {
      expect(await adapter().findReturn('R-313')).toMatchObject({ remoteId: booked[2]?.remoteId });
      const pages = Math.ceil(fake.shipments.size / fake.maxPerPage);
      const before = fake.requests('GET', /\/shipments$/).length;
      expect(await adapter().findReturn('R-NONE-4')).toBeNull();
      // Every page read, and one past the last, which came empty.
      expect(fake.requests('GET', /\/shipments$/).length - before).toBe(pages + 1);
    } finally {
      fake.filtersByReference = true;
      fake.saysNextPage = true;
      fake.maxPerPage = 100;
    }
  });

  it('says a search that ran out of pages before the end is to be tried again, never "not found"', async () => {
    while (fake.shipments.size <= 10) await adapter().createReturn(request(`R-32${fake.shipments.size}`));
    fake.filtersByReference = false;
    fake.maxPerPage = 1;
    try {
      expect(await carrierFailure(adapter().findReturn('R-NONE-5'))).toMatchObject({
        kind: 'transient',
        code: 'CARRIER_SEARCH_INCOMPLETE',
      });
      fake.saysNextPage = false;
      expect((await carrierFailure(adapter().findReturn('R-NONE-5'))).kind).toBe('transient');
    } finally {
      fake.filtersByReference = true;
      fake.saysNextPage = true;
      fake.maxPerPage = 100;
    }
  });

  it('voids an unused label by cancelling the shipment; a scanned one is not voidable', async () => {
    const unused = await adapter().createReturn(request('R-204'));
    expect(await adapter().voidReturn(unused)).toBe('voided');
    expect(fake.shipments.get(unused.remoteId)).toMatchObject({ shipment_state: 'cancelled', label_state: 'voided' });
    expect(await adapter().findReturn('R-204')).toBeNull();
    const used = await adapter().createReturn(request('R-205'));
    fake.move(used.parcels[0]?.trackingNumber ?? '', 'Shipped');
    expect(await adapter().voidReturn(used)).toBe('not_voidable');
  });

  it('tracks a parcel through its checkpoints', async () => {
    const booked = await adapter().createReturn(request('R-206'));
    const tn = booked.parcels[0]?.trackingNumber ?? '';
    fake.move(tn, 'Shipped', new Date('2025-04-01T10:00:00Z'));
    fake.move(tn, 'In Transit to Customer', new Date('2025-04-01T20:00:00Z'));
    fake.move(tn, 'Delivered', new Date('2025-04-02T09:30:00Z'));
    const updates = await adapter().track(tn);
    expect(updates.map((u) => [u.state, u.carrierStatus])).toEqual([
      ['handed_in', 'Shipped'],
      ['in_transit', 'In Transit to Customer'],
      ['delivered', 'Delivered'],
    ]);
    expect(updates[2]).toMatchObject({
      trackingNumber: tn,
      occurredAt: new Date('2025-04-02T09:30:00Z'),
      location: 'Amsterdam, NL',
    });
    expect((await carrierFailure(adapter().track('NOPE'))).code).toBe('CARRIER_NOT_FOUND');
  });

  it('maps Easyship statuses, in words or snake_case', () => {
    const cases: [string, string][] = [
      ['Shipped', 'handed_in'],
      ['Shipped (No Tracking Provided)', 'handed_in'],
      ['In Transit to Customer', 'in_transit'],
      ['Out for Delivery', 'in_transit'],
      ['out_for_delivery', 'in_transit'],
      ['Delivered', 'delivered'],
      ['Exception', 'exception'],
      ['Failed Delivery Attempt', 'exception'],
      ['Lost by Courier', 'exception'],
      ['To be returned', 'returned_to_sender'],
      ['Cancelled', 'cancelled'],
      ['No Recent Tracking Updates', 'unknown'],
      ['Something new', 'unknown'],
    ];
    for (const [status, state] of cases) expect([status, easyshipState(status)]).toEqual([status, state]);
    expect(Object.keys(EASYSHIP_STATES).every((k) => k === k.toLowerCase())).toBe(true);
  });

  it('offers no drop-off points or pickups', async () => {
    expect((await carrierFailure(adapter().servicePoints({ country: 'NL', postcode: '1015CJ' }))).kind).toBe('unsupported');
    expect((await carrierFailure(adapter().changePickup(await adapter().createReturn(request('R-207')), null))).kind).toBe(
      'unsupported',
    );
  });

  describe('failures', () => {
    it('refuses a wrong token without repeating it', async () => {
      const err = await carrierFailure(
        createCarrierAdapter('easyship', { ...fake.credentials(), apiKey: 'sand_wrong' }).testConnection(),
      );
      expect(err).toMatchObject({ kind: 'rejected', code: 'CARRIER_AUTH_FAILED', status: 401 });
      expect(err.message).not.toContain('sand_wrong');
    });

    it('turns a 429 with Retry-After into a transient error with the wait', async () => {
      fake.failNext({
        status: 429,
        headers: { 'retry-after': '12' },
        body: { error: { code: 'too_many_requests', message: 'Slow down' } },
      });
      expect(
        await carrierFailure(adapter().rates({ from: shopper, to: warehouse, parcels: [{ weightGrams: 500 }] })),
      ).toMatchObject({
        kind: 'transient',
        status: 429,
        retryAfterMs: 12_000,
      });
    });

    it('turns a 5xx into a transient error', async () => {
      fake.failNext({ status: 500, body: { error: { type: 'api_error', code: 'internal_server_error', message: 'Oops' } } });
      expect(await carrierFailure(adapter().testConnection())).toMatchObject({ kind: 'transient', status: 500 });
    });

    it('names the field Easyship blames', async () => {
      const err = await carrierFailure(adapter().createReturn(request('R-208', { from: { ...shopper, postcode: '' } })));
      expect(err).toMatchObject({
        kind: 'rejected',
        status: 422,
        code: 'EASYSHIP_INVALID_CONTENT',
        field: 'origin_address.postal_code',
      });
      expect(err.message).toContain('origin_address.postal_code is missing');
    });

    it('reads a malformed answer as a clear carrier error, not a TypeError', async () => {
      fake.failNext({ status: 200, body: { shipments: 'many' }, path: /\/shipments$/ });
      expect(await carrierFailure(adapter().findReturn('R-200'))).toMatchObject({
        name: 'CarrierError',
        code: 'CARRIER_BAD_ANSWER',
      });
      fake.failNext({ status: 200, body: { shipment: { id: 1 } }, path: /\/shipments\/ES/ });
      expect(await carrierFailure(adapter().getReturn('ESNL10001'))).toMatchObject({
        name: 'CarrierError',
        code: 'CARRIER_BAD_ANSWER',
      });
      fake.failNext({ status: 200, body: [], path: /\/rates$/ });
      expect(
        await carrierFailure(adapter().rates({ from: shopper, to: warehouse, parcels: [{ weightGrams: 500 }] })),
      ).toMatchObject({
        code: 'CARRIER_BAD_ANSWER',
      });
    });
  });

  describe('webhooks', () => {
    it('reads a signed tracking delivery into updates, with a key stable for a resend', async () => {
      const booked = await adapter().createReturn(request('R-209'));
      const tn = booked.parcels[0]?.trackingNumber ?? '';
      // Whole seconds: the token says when it was issued to the second.
      const at = new Date(Math.floor(Date.now() / 1000) * 1000);
      const delivery = fake.trackWebhook(tn, 'In Transit to Customer', at);
      const batch = adapter().parseWebhook(webhook(delivery));
      expect(batch.updates).toEqual([
        {
          trackingNumber: tn,
          state: 'in_transit',
          carrierStatus: 'In Transit to Customer',
          description: 'In Transit to Customer',
          occurredAt: at,
          location: null,
        },
      ]);
      // Resent with a fresh token: still the same delivery.
      const resent = {
        body: delivery.body,
        headers: { ...delivery.headers, 'x-easyship-signature': fake.jwt({ iat: at.getTime() / 1000 + 60 }) },
      };
      expect(adapter().parseWebhook(webhook(resent)).dedupeKey).toBe(batch.dedupeKey);
      expect(adapter().parseWebhook(webhook(fake.trackWebhook(tn, 'Delivered', at))).dedupeKey).not.toBe(batch.dedupeKey);

      // The event names are unconfirmed: a tracking status under another name, or the name under
      // another key, is read all the same.
      const renamed = { ...JSON.parse(delivery.body), event_type: undefined, event: 'tracking.updated' };
      const read = adapter().parseWebhook(webhook({ body: JSON.stringify(renamed), headers: delivery.headers }));
      expect(read.updates.map((u) => [u.trackingNumber, u.state])).toEqual([[tn, 'in_transit']]);
    });

    it('refuses a tampered token, a wrong secret, a missing header, an expired token and alg none', () => {
      const delivery = fake.trackWebhook('3STAMPER', 'Delivered');
      const code = (headers: Record<string, string>, secret = fake.webhookSecret) => {
        try {
          createCarrierAdapter('easyship', { ...fake.credentials(), webhookSecret: secret }).parseWebhook(
            webhook({ body: delivery.body, headers }),
          );
        } catch (err) {
          return (err as CarrierError).code;
        }
        return 'accepted';
      };
      const token = delivery.headers['x-easyship-signature'] ?? '';
      const [head, , sig] = token.split('.');
      const forgedClaims = Buffer.from(JSON.stringify({ easyship_company_id: 'OTHER' })).toString('base64url');
      expect(code(delivery.headers)).toBe('accepted');
      expect(code({ 'x-easyship-signature': `${head}.${forgedClaims}.${sig}` })).toBe('WEBHOOK_SIGNATURE_INVALID');
      expect(code(delivery.headers, 'webh_wrong')).toBe('WEBHOOK_SIGNATURE_INVALID');
      expect(code({ 'content-type': 'application/json' })).toBe('WEBHOOK_SIGNATURE_INVALID');
      const now = Math.floor(Date.now() / 1000);
      expect(code({ 'x-easyship-signature': fake.jwt({ iat: now, exp: 1_000_000_000 }) })).toBe('WEBHOOK_SIGNATURE_INVALID');
      const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${forgedClaims}.`;
      expect(code({ 'x-easyship-signature': none })).toBe('WEBHOOK_SIGNATURE_INVALID');
      expect(code(delivery.headers, '')).toBe('WEBHOOK_SIGNATURE_INVALID');
    });

    it('refuses a token that does not say when it was issued, or was issued more than five minutes from now', () => {
      const delivery = fake.trackWebhook('3STIMING', 'Delivered');
      const now = Math.floor(Date.now() / 1000);
      const code = (claims: Record<string, unknown>) => {
        try {
          adapter().parseWebhook(webhook({ body: delivery.body, headers: { 'x-easyship-signature': fake.jwt(claims) } }));
        } catch (err) {
          return (err as CarrierError).code;
        }
        return 'accepted';
      };
      expect(code({ iat: now - 240 })).toBe('accepted');
      expect(code({ iat: now + 240 })).toBe('accepted');
      // A token seen once, replayed with another body later on: refused.
      expect(code({ iat: now - 360 })).toBe('WEBHOOK_SIGNATURE_INVALID');
      expect(code({ iat: now + 360 })).toBe('WEBHOOK_SIGNATURE_INVALID');
      expect(code({})).toBe('WEBHOOK_SIGNATURE_INVALID');
      expect(code({ iat: String(now) })).toBe('WEBHOOK_SIGNATURE_INVALID');
      // Even one that never expires.
      expect(code({ iat: now - 3600, exp: now + 86_400 })).toBe('WEBHOOK_SIGNATURE_INVALID');
    });

    it('says a signed body that cannot be read is malformed', () => {
      const headers = { 'x-easyship-signature': fake.jwt({ iat: Math.floor(Date.now() / 1000) }) };
      const parse = (body: string) => () => adapter().parseWebhook(webhook({ body, headers }));
      expect(parse('not json')).toThrow(expect.objectContaining({ code: 'WEBHOOK_MALFORMED' }));
      expect(parse('{"event_type":"shipment.tracking.status.changed","tracking_status":{}}')).toThrow(
        expect.objectContaining({ code: 'WEBHOOK_MALFORMED' }),
      );
      expect(adapter().parseWebhook(webhook({ body: '{"event_type":"pickup.created"}', headers })).updates).toEqual([]);
    });
  });
});
