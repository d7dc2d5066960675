import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrackingState } from '../../src/domain/tracking.js';
import { SendcloudCarrier } from '../../src/integrations/carriers/sendcloud/adapter.js';
import { PARENT_STATUS_STATES, stateOfStatus } from '../../src/integrations/carriers/sendcloud/statuses.js';
import { signSendcloudBody } from '../../src/integrations/carriers/sendcloud/webhook.js';
import { carrierFailure, dutchReturnRequest, webhookRequest } from '../support/carriers/carrierTestKit.js';
import { FakeSendcloud } from '../support/carriers/fakeSendcloud.js';
import { SENDCLOUD_STATUSES } from '../support/carriers/fakeSendcloudData.js';

// Sendcloud's tracking: signed webhooks, polling and the status table (booking is in sendcloud.test.ts).
const fake = new FakeSendcloud();
beforeAll(() => fake.start());
afterAll(() => fake.stop());

const sendcloud = () => new SendcloudCarrier(fake.credentials());

describe('Sendcloud: tracking', () => {
  it('signs as the documentation shows (its test vector)', () => {
    expect(signSendcloudBody('{"key": "value"}', 'secretkey')).toBe(
      '1eed4b3d41f4653ac64fd56f1bf1cbfd349e4482cbc11dff7134bd93e5da4b0a',
    );
    // The vector's body passes the signature check and is then refused for what it is not: a delivery.
    const body = '{"key": "value"}';
    const vector = '1eed4b3d41f4653ac64fd56f1bf1cbfd349e4482cbc11dff7134bd93e5da4b0a';
    const adapter = new SendcloudCarrier({ apiKey: 'public', apiSecret: 'secretkey' });
    expect(() => adapter.parseWebhook(webhookRequest(body, { 'sendcloud-signature': vector }))).toThrow(
      expect.objectContaining({ code: 'WEBHOOK_MALFORMED' }),
    );
    expect(() => adapter.parseWebhook(webhookRequest(body, { 'sendcloud-signature': vector.toUpperCase() }))).toThrow(
      expect.objectContaining({ code: 'WEBHOOK_MALFORMED' }),
    );
    const created = '{"action": "return_created", "timestamp": 1764581400, "data": {"id": 7}}';
    const batch = adapter.parseWebhook(
      webhookRequest(created, { 'sendcloud-signature': signSendcloudBody(created, 'secretkey') }),
    );
    expect(batch).toEqual({ dedupeKey: expect.stringMatching(/^sendcloud:[0-9a-f]{64}$/), updates: [] });
  });

  it('reads a signed status change into a normalised update, with the same dedupe key when sent again', async () => {
    const booked = await sendcloud().createReturn(dutchReturnRequest());
    const tn = booked.parcels[0]?.trackingNumber as string;
    const at = new Date('2026-12-01T09:30:00Z');
    const delivery = fake.statusWebhook(tn, 'to-sorting', at);
    const batch = sendcloud().parseWebhook(webhookRequest(delivery.body, delivery.headers));
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
    expect(sendcloud().parseWebhook(webhookRequest(delivery.body, delivery.headers)).dedupeKey).toBe(batch.dedupeKey);
    const later = fake.statusWebhook(tn, 'delivered', new Date('2026-12-02T11:00:00Z'));
    expect(sendcloud().parseWebhook(webhookRequest(later.body, later.headers)).dedupeKey).not.toBe(batch.dedupeKey);
  });

  it('reads v2 payloads that carry only the numeric status id', () => {
    const body = JSON.stringify({
      action: 'parcel_status_changed',
      timestamp: 1764581400,
      parcel: { id: 1, tracking_number: 'JVGL0001', status: { id: 11, message: 'Delivered' } },
    });
    const [update] = sendcloud().parseWebhook(webhookRequest(body, fake.signedHeaders(body))).updates;
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
      webhookRequest(tampered, delivery.headers),
      webhookRequest(delivery.body, fake.signedHeaders(delivery.body, 'wrong-secret')),
      webhookRequest(delivery.body, { 'content-type': 'application/json' }),
      webhookRequest(delivery.body, { 'sendcloud-signature': 'abc' }),
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
    expect(() => noSecret.parseWebhook(webhookRequest(delivery.body, delivery.headers))).toThrow(/no secret key/);
    for (const body of ['not json', '{"action":"parcel_status_changed","timestamp":1}', '{"nothing":1}']) {
      expect(() => sendcloud().parseWebhook(webhookRequest(body, fake.signedHeaders(body)))).toThrow(
        expect.objectContaining({ code: 'WEBHOOK_MALFORMED' }),
      );
    }
  });

  it('tracks a parcel by polling: its history oldest first, in Retour states', async () => {
    const booked = await sendcloud().createReturn(dutchReturnRequest());
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
    expect(await carrierFailure(sendcloud().track('3SSEND-nope'))).toMatchObject({ code: 'CARRIER_NOT_FOUND' });
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
