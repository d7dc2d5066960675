import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CarrierError, type ReturnParcelRequest, type WebhookRequest } from '../../src/app/logistics/carriers/port.js';
import type { TrackingState } from '../../src/domain/tracking.js';
import { SendcloudCarrier } from '../../src/integrations/carriers/sendcloud/adapter.js';
import { PARENT_STATUS_STATES, stateOfStatus } from '../../src/integrations/carriers/sendcloud/statuses.js';
import { signSendcloudBody } from '../../src/integrations/carriers/sendcloud/webhook.js';
import { FakeSendcloud } from '../support/carriers/fakeSendcloud.js';
import { SENDCLOUD_STATUSES } from '../support/carriers/fakeSendcloudData.js';

// Sendcloud's tracking: signed webhooks, polling and the status table (booking is in sendcloud.test.ts).
const fake = new FakeSendcloud();
beforeAll(() => fake.start());
afterAll(() => fake.stop());

const sendcloud = () => new SendcloudCarrier(fake.credentials());

let seq = 0;
function request(overrides: Partial<ReturnParcelRequest> = {}): ReturnParcelRequest {
  seq++;
  return {
    reference: `R-${Date.now()}-${seq}`,
    orderNumber: `#${2000 + seq}`,
    service: 'postnl:standard/return',
    method: 'label',
    from: {
      name: 'Anna de Vries',
      line1: 'Keizersgracht 12a',
      postcode: '1015 CS',
      city: 'Amsterdam',
      country: 'NL',
      email: 'anna@example.test',
    },
    to: { name: 'Retour Warehouse', line1: 'Industrieweg 5', postcode: '3542 AD', city: 'Utrecht', country: 'NL' },
    parcels: [{ weightGrams: 1200 }],
    items: [
      {
        description: 'Linen shirt',
        sku: 'SHIRT-M',
        quantity: 1,
        unitValue: 4995,
        currency: 'EUR',
        weightGrams: 400,
        returnReasonId: 22,
      },
    ],
    labelFormat: 'pdf',
    ...overrides,
  };
}

/** The CarrierError a promise (or call) fails with. */
async function failure(run: Promise<unknown> | (() => unknown)): Promise<CarrierError> {
  try {
    await (typeof run === 'function' ? run() : run);
  } catch (err) {
    expect(err).toBeInstanceOf(CarrierError);
    return err as CarrierError;
  }
  throw new Error('expected a CarrierError');
}

const webhook = (body: string, headers: Record<string, string>): WebhookRequest => ({
  rawBody: Buffer.from(body),
  headers,
  query: {},
});

describe('Sendcloud: tracking', () => {
  it('signs as the documentation shows (its test vector)', () => {
    expect(signSendcloudBody('{"key": "value"}', 'secretkey')).toBe(
      '1eed4b3d41f4653ac64fd56f1bf1cbfd349e4482cbc11dff7134bd93e5da4b0a',
    );
    // The vector's body passes the signature check and is then refused for what it is not: a delivery.
    const body = '{"key": "value"}';
    const vector = '1eed4b3d41f4653ac64fd56f1bf1cbfd349e4482cbc11dff7134bd93e5da4b0a';
    const adapter = new SendcloudCarrier({ apiKey: 'public', apiSecret: 'secretkey' });
    expect(() => adapter.parseWebhook(webhook(body, { 'sendcloud-signature': vector }))).toThrow(
      expect.objectContaining({ code: 'WEBHOOK_MALFORMED' }),
    );
    expect(() => adapter.parseWebhook(webhook(body, { 'sendcloud-signature': vector.toUpperCase() }))).toThrow(
      expect.objectContaining({ code: 'WEBHOOK_MALFORMED' }),
    );
    const created = '{"action": "return_created", "timestamp": 1764581400, "data": {"id": 7}}';
    const batch = adapter.parseWebhook(webhook(created, { 'sendcloud-signature': signSendcloudBody(created, 'secretkey') }));
    expect(batch).toEqual({ dedupeKey: expect.stringMatching(/^sendcloud:[0-9a-f]{64}$/), updates: [] });
  });

  it('reads a signed status change into a normalised update, with the same dedupe key when sent again', async () => {
    const booked = await sendcloud().createReturn(request());
    const tn = booked.parcels[0]?.trackingNumber as string;
    const at = new Date('2026-12-01T09:30:00Z');
    const delivery = fake.statusWebhook(tn, 'to-sorting', at);
    const batch = sendcloud().parseWebhook(webhook(delivery.body, delivery.headers));
    expect(batch.updates).toEqual([
      {
        trackingNumber: tn,
        state: 'handed_in',
        carrierStatus: 'to-sorting',
        description: 'En route to sorting center',
        occurredAt: at,
        location: null,
      },
    ]);
    expect(sendcloud().parseWebhook(webhook(delivery.body, delivery.headers)).dedupeKey).toBe(batch.dedupeKey);
    const later = fake.statusWebhook(tn, 'delivered', new Date('2026-12-02T11:00:00Z'));
    expect(sendcloud().parseWebhook(webhook(later.body, later.headers)).dedupeKey).not.toBe(batch.dedupeKey);
  });

  it('reads v2 payloads that carry only the numeric status id', () => {
    const body = JSON.stringify({
      action: 'parcel_status_changed',
      timestamp: 1764581400,
      parcel: { id: 1, tracking_number: 'JVGL0001', status: { id: 11, message: 'Delivered' } },
    });
    const [update] = sendcloud().parseWebhook(webhook(body, fake.signedHeaders(body))).updates;
    expect(update).toMatchObject({
      trackingNumber: 'JVGL0001',
      state: 'delivered',
      carrierStatus: 'delivered',
      occurredAt: new Date(1764581400 * 1000),
    });
  });

  it('refuses a tampered body, a wrong secret and a missing signature; an unreadable body is malformed', () => {
    const delivery = fake.statusWebhook('3SSEND-unknown', 'sorted');
    const tampered = delivery.body.replace('sorted', 'delivered');
    const cases = [
      webhook(tampered, delivery.headers),
      webhook(delivery.body, fake.signedHeaders(delivery.body, 'wrong-secret')),
      webhook(delivery.body, { 'content-type': 'application/json' }),
      webhook(delivery.body, { 'sendcloud-signature': 'abc' }),
    ];
    for (const c of cases) {
      let caught: unknown;
      try {
        sendcloud().parseWebhook(c);
      } catch (err) {
        caught = err;
      }
      expect(caught).toMatchObject({ kind: 'rejected', code: 'WEBHOOK_SIGNATURE_INVALID' });
    }
    const noSecret = new SendcloudCarrier({ apiKey: fake.publicKey, baseUrl: fake.url });
    expect(() => noSecret.parseWebhook(webhook(delivery.body, delivery.headers))).toThrow(/no secret key/);
    for (const body of ['not json', '{"action":"parcel_status_changed","timestamp":1}', '{"nothing":1}']) {
      expect(() => sendcloud().parseWebhook(webhook(body, fake.signedHeaders(body)))).toThrow(
        expect.objectContaining({ code: 'WEBHOOK_MALFORMED' }),
      );
    }
  });

  it('tracks a parcel by polling: its history oldest first, in Retour states', async () => {
    const booked = await sendcloud().createReturn(request());
    const tn = booked.parcels[0]?.trackingNumber as string;
    const t0 = Date.now();
    fake.setStatus(tn, 'picked-up-by-driver', new Date(t0 + 1000));
    fake.setStatus(tn, 'sorted', new Date(t0 + 2000));
    fake.statusWebhook(tn, 'delivered', new Date(t0 + 3000));
    const history = await sendcloud().track(tn);
    expect(history.map((u) => [u.carrierStatus, u.state])).toEqual([
      ['announcing', 'label_created'],
      ['announced', 'label_created'],
      ['picked-up-by-driver', 'handed_in'],
      ['sorted', 'in_transit'],
      ['delivered', 'delivered'],
    ]);
    expect(await failure(sendcloud().track('3SSEND-nope'))).toMatchObject({ code: 'CARRIER_NOT_FOUND' });
  });

  it('maps every Sendcloud status as the tracking table says, by name and by numeric id alike', () => {
    const expected: Record<TrackingState, string[]> = {
      label_created: ['ready-to-send', 'announcing', 'announced', 'no-label', 'announced-uncollected'],
      handed_in: ['picked-up-by-driver', 'to-sorting'],
      in_transit: ['sorting', 'sorted', 'at-sorting-centre', 'shipment-on-route', 'driver-on-route', 'delayed', 'unsorted'],
      delivered: ['delivered', 'collected-by-customer'],
      at_pickup_point: ['awaiting-customer-pickup'],
      exception: [
        'delivery-failed',
        'undeliverable',
        'exception',
        'address-invalid',
        'collect-error',
        'at-customs',
        'announcement-failed',
      ],
      returned_to_sender: ['returned-to-sender', 'refused-by-recipient'],
      cancelled: ['cancelling', 'cancelled', 'cancelled-upstream', 'cancelling-upstream'],
      unknown: ['unknown'],
    };
    for (const [state, statuses] of Object.entries(expected))
      for (const status of statuses) expect([status, stateOfStatus(status)]).toEqual([status, state]);
    for (const [parent, { id }] of Object.entries(SENDCLOUD_STATUSES)) {
      expect([id, stateOfStatus(id)]).toEqual([id, PARENT_STATUS_STATES[parent]]);
      expect(stateOfStatus(String(id))).toBe(PARENT_STATUS_STATES[parent]);
    }
    expect(stateOfStatus(94)).toBe('unknown');
    expect(stateOfStatus('something-new')).toBe('unknown');
    expect(stateOfStatus(null)).toBe('unknown');
  });
});
