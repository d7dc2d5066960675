import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CarrierError, WebhookRequest } from '../../src/app/logistics/carriers/port.js';
import { ShippoCarrier } from '../../src/integrations/carriers/shippo/adapter.js';
import { carrierOfToken } from '../../src/integrations/carriers/shippo/mapping.js';
import { carrierTokenOf } from '../../src/integrations/carriers/shippo/shipments.js';
import { trackingStateOf } from '../../src/integrations/carriers/shippo/tracking.js';
import { webhookRequest } from '../support/carriers/carrierTestKit.js';
import { FakeShippo } from '../support/carriers/fakeShippo.js';

/** The code of the CarrierError a call throws (or rejects with). */
async function codeOf(call: () => unknown): Promise<string> {
  try {
    await call();
  } catch (err) {
    return (err as CarrierError).code;
  }
  return 'accepted';
}

let fake: FakeShippo;
let shippo: ShippoCarrier;

beforeAll(async () => {
  fake = await new FakeShippo().start();
  shippo = new ShippoCarrier(fake.credentials());
});
afterAll(() => fake.stop());

describe('Shippo: tracking', () => {
  it.each([
    ['PRE_TRANSIT', null, 'label_created'],
    ['TRANSIT', 'package_accepted', 'handed_in'],
    ['TRANSIT', 'package_departed', 'in_transit'],
    ['TRANSIT', null, 'in_transit'],
    ['TRANSIT', 'pickup_available', 'at_pickup_point'],
    ['DELIVERED', null, 'delivered'],
    ['RETURNED', null, 'returned_to_sender'],
    ['FAILURE', null, 'exception'],
    ['UNKNOWN', null, 'unknown'],
    ['SOMETHING_NEW', null, 'unknown'],
  ])('maps %s (%s) to %s', (status, substatus, state) => {
    expect(trackingStateOf(status, substatus)).toBe(state);
  });

  it.each([
    ['SHIPPO_PRE_TRANSIT', ['label_created']],
    ['SHIPPO_TRANSIT', ['label_created', 'in_transit']],
    ['SHIPPO_DELIVERED', ['label_created', 'in_transit', 'delivered']],
    ['SHIPPO_RETURNED', ['label_created', 'in_transit', 'returned_to_sender']],
    ['SHIPPO_FAILURE', ['label_created', 'in_transit', 'exception']],
    ['SHIPPO_UNKNOWN', ['unknown']],
  ])('reads the history of test number %s', async (number, states) => {
    const updates = await shippo.track(number);
    expect(updates.map((u) => u.state)).toEqual(states);
    expect(fake.requests('GET', /^\/tracks\//).at(-1)?.path).toBe(`/tracks/shippo/${number}`);
    expect(updates.every((u) => u.trackingNumber === number && u.occurredAt instanceof Date)).toBe(true);
  });

  it("polls a bought label's parcel at its carrier", async () => {
    const address = { name: 'Jane Doe', line1: '215 Clayton St', postcode: '94117', city: 'San Francisco', country: 'US' };
    const booked = await shippo.createReturn({
      reference: 'R-T1',
      orderNumber: '#1',
      service: 'usps_priority',
      method: 'label',
      from: address,
      to: { ...address, name: 'Acme Returns', line1: '965 Mission St' },
      parcels: [{ weightGrams: 500 }],
      items: [],
      labelFormat: 'pdf',
    });
    const number = booked.parcels[0]?.trackingNumber ?? '';
    fake.moveParcel(number, 'TRANSIT', { substatus: 'package_accepted' });
    const updates = await shippo.track(number);
    expect(fake.requests('GET', /^\/tracks\//).at(-1)?.path).toBe(`/tracks/usps/${number}`);
    expect(updates.map((u) => [u.state, u.carrierStatus])).toEqual([
      ['label_created', 'PRE_TRANSIT'],
      ['handed_in', 'TRANSIT/package_accepted'],
    ]);
    expect(updates[1]?.location).toBe('Memphis, TN, 38118, US');
    expect(await codeOf(() => shippo.track('ABC'))).toBe('CARRIER_UNKNOWN_TRACKING_NUMBER');
    // The booking names each box's carrier, as Shippo's tracking path wants it.
    expect(booked.parcels.map((p) => p.carrier)).toEqual(['usps']);
  });

  it('asks for a parcel at the carrier its booking named, also where the number does not tell it', async () => {
    const number = 'RM123456785GB';
    fake.moveParcel(number, 'TRANSIT', { carrier: 'royal_mail', substatus: 'package_accepted' });
    expect(await codeOf(() => shippo.track(number))).toBe('CARRIER_UNKNOWN_TRACKING_NUMBER');

    const updates = await shippo.track(number, 'Royal Mail');
    expect(fake.requests('GET', /^\/tracks\//).at(-1)?.path).toBe(`/tracks/royal_mail/${number}`);
    expect(updates.map((u) => u.state)).toEqual(['handed_in']);
    // Asked at another carrier, Shippo knows nothing of it: the hint is what found the parcel.
    expect((await shippo.track(number, 'usps')).map((u) => u.state)).toEqual(['unknown']);
  });

  it("names a multi-box return's carrier on every box, from the rate it was bought on", async () => {
    const address = { name: 'Jane Doe', line1: '215 Clayton St', postcode: '94117', city: 'San Francisco', country: 'US' };
    const booked = await shippo.createReturn({
      reference: 'R-T2',
      orderNumber: '#2',
      service: 'ups_ground',
      method: 'label',
      from: address,
      to: { ...address, name: 'Acme Returns', line1: '965 Mission St' },
      parcels: [{ weightGrams: 500 }, { weightGrams: 700 }],
      items: [],
      labelFormat: 'pdf',
    });
    expect(booked.parcels.map((p) => p.carrier)).toEqual(['ups', 'ups']);
    const again = await shippo.getReturn(booked.remoteId);
    expect(again.parcels.map((p) => p.carrier)).toEqual(['ups', 'ups']);
  });
});

describe("Shippo: a rate's carrier token", () => {
  const rate = (token: string | null, provider: string | null) => ({
    object_id: 'rate_1',
    amount: '5.00',
    ...(provider ? { provider } : {}),
    ...(token ? { servicelevel: { token, name: token } } : {}),
  });

  it.each([
    ['usps_priority', 'USPS', 'usps'],
    ['dhl_express_worldwide', 'DHL Express', 'dhl_express'],
    ['royal_mail_tracked_48', 'Royal Mail', 'royal_mail'],
    // Tokens of carriers not known here: their first word would name another carrier.
    ['dhl_germany_paket', 'DHL Germany', 'dhl_germany'],
    ['hermes_uk_parcelshop', 'Hermes UK', 'hermes_uk'],
    ['dpd_uk_next_day', 'DPD UK', 'dpd_uk'],
    ['gls_de_business_parcel', 'GLS DE', 'gls_de'],
    ['mondial_relay_pointrelais', 'Mondial Relay', 'mondial_relay'],
    ['deutsche_post_warenpost', 'Deutsche Post', 'deutsche_post'],
    ['poste_italiane_crono', 'Poste Italiane', 'poste_italiane'],
    [null, 'DHL Express', 'dhl_express'],
  ])('reads token %s of provider %s as %s', (token, provider, carrier) => {
    expect(carrierTokenOf(rate(token, provider))).toBe(carrier);
  });

  it('names no carrier where a rate has neither a known token nor a provider', () => {
    expect(carrierOfToken('dhl_germany_paket')).toBeNull();
    expect(carrierTokenOf(rate('dhl_germany_paket', null))).toBeNull();
  });

  it('escapes the carrier in the tracking path, whatever the booking named', async () => {
    const number = 'JJD000390007772215';
    fake.moveParcel(number, 'TRANSIT', { carrier: 'dhl_germany', substatus: 'package_accepted' });
    expect((await shippo.track(number, 'DHL Germany')).map((u) => u.state)).toEqual(['handed_in']);
    expect(fake.requests('GET', /^\/tracks\//).at(-1)?.path).toBe(`/tracks/dhl_germany/${number}`);
    await shippo.track(number, 'dhl/germany?x=1');
    expect(fake.requests('GET', /^\/tracks\//).at(-1)?.path).toBe(`/tracks/dhl%2Fgermany%3Fx%3D1/${number}`);
  });
});

describe('Shippo: webhooks', () => {
  it('reads a signed track_updated delivery as updates, with a key that is the same when resent', () => {
    const at = new Date('2025-03-03T10:00:00Z');
    const { body, headers } = fake.trackWebhook('usps', '9205000000000000000001', 'DELIVERED', at);
    const batch = shippo.parseWebhook(webhookRequest(body, headers));
    expect(batch.updates.at(-1)).toMatchObject({ trackingNumber: '9205000000000000000001', state: 'delivered', occurredAt: at });
    expect(shippo.parseWebhook(webhookRequest(body, headers)).dedupeKey).toBe(batch.dedupeKey);
    const next = fake.trackWebhook('usps', '9205000000000000000001', 'DELIVERED', at);
    expect(shippo.parseWebhook(webhookRequest(next.body, next.headers)).dedupeKey).not.toBe(batch.dedupeKey);
  });

  it('refuses a tampered body, a wrong secret, a stale or missing signature', async () => {
    const { body, headers } = fake.trackWebhook('shippo', 'SHIPPO_TRANSIT', 'TRANSIT');
    const refused = (request: WebhookRequest, adapter = shippo) => codeOf(() => adapter.parseWebhook(request));
    expect(await refused(webhookRequest(body.replace('TRANSIT', 'DELIVERED'), headers))).toBe('WEBHOOK_SIGNATURE_INVALID');
    expect(await refused(webhookRequest(body, fake.signedHeaders(body, new Date(), 'not-the-secret')))).toBe(
      'WEBHOOK_SIGNATURE_INVALID',
    );
    expect(await refused(webhookRequest(body, fake.signedHeaders(body, new Date(Date.now() - 10 * 60_000))))).toBe(
      'WEBHOOK_SIGNATURE_INVALID',
    );
    expect(await refused(webhookRequest(body, { 'shippo-auth-signature': 'v1=abc' }))).toBe('WEBHOOK_SIGNATURE_INVALID');
    expect(await refused(webhookRequest(body, {}))).toBe('WEBHOOK_SIGNATURE_INVALID');
    const noSecret = new ShippoCarrier({ ...fake.credentials(), webhookSecret: undefined });
    expect(await refused(webhookRequest(body, headers), noSecret)).toBe('WEBHOOK_SIGNATURE_INVALID');
    expect(await refused(webhookRequest(body, headers))).toBe('accepted');
    // The header's format is not Shippo's own word: a v1 over the body alone is read too, with the
    // secret only, and still within five minutes.
    const t = Math.floor(Date.now() / 1000);
    const bodyOnly = (secret: string, at = t) =>
      webhookRequest(body, { 'shippo-auth-signature': `t=${at},v1=${createHmac('sha256', secret).update(body).digest('hex')}` });
    expect(await refused(bodyOnly(fake.webhookSecret))).toBe('accepted');
    expect(await refused(bodyOnly('not-the-secret'))).toBe('WEBHOOK_SIGNATURE_INVALID');
    expect(await refused(bodyOnly(fake.webhookSecret, t - 600))).toBe('WEBHOOK_SIGNATURE_INVALID');
    // Which reading vouched is said (for a debug log), never the signature.
    expect(shippo.parseWebhook(webhookRequest(body, headers)).verifiedBy).toBe('signature of timestamp and body');
    expect(shippo.parseWebhook(bodyOnly(fake.webhookSecret)).verifiedBy).toBe('signature of body alone');
    expect(shippo.parseWebhook(webhookRequest(body, {}, { token: fake.webhookSecret })).verifiedBy).toBe('URL token');
  });

  it('accepts the secret token in the URL instead of a signature, compared in full', () => {
    const { body } = fake.trackWebhook('shippo', 'SHIPPO_TRANSIT', 'TRANSIT', undefined, { substatus: 'package_accepted' });
    const batch = shippo.parseWebhook(webhookRequest(body, {}, { token: fake.webhookSecret }));
    expect(batch.updates.at(-1)?.state).toBe('handed_in');
    const wrong = () => shippo.parseWebhook(webhookRequest(body, {}, { token: fake.webhookSecret.slice(0, -1) }));
    expect(wrong).toThrow(expect.objectContaining({ code: 'WEBHOOK_SIGNATURE_INVALID' }));
  });

  it('says an unreadable delivery is malformed, and reads a refunded label as cancelled', () => {
    for (const body of ['not json', '{"event":"track_updated","data":{"carrier":"usps"}}', '{"data":{}}'])
      expect(() => shippo.parseWebhook(webhookRequest(body, fake.signedHeaders(body)))).toThrow(
        expect.objectContaining({ code: 'WEBHOOK_MALFORMED' }),
      );
    const refunded = JSON.stringify({
      event: 'transaction_updated',
      test: true,
      data: {
        object_id: 'tx_1',
        status: 'REFUNDED',
        tracking_number: '1Z999AA10123456784',
        object_updated: '2025-03-04T08:00:00Z',
      },
    });
    expect(shippo.parseWebhook(webhookRequest(refunded, fake.signedHeaders(refunded))).updates).toEqual([
      expect.objectContaining({ trackingNumber: '1Z999AA10123456784', state: 'cancelled', carrierStatus: 'REFUNDED' }),
    ]);
  });
});
