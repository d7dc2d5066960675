import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReturnParcelRequest } from '../../src/app/logistics/carriers/port.js';
import type { TrackingState } from '../../src/domain/tracking.js';
import { PostNLCarrier } from '../../src/integrations/carriers/postnl/adapter.js';
import { stateOfEvent, stateOfStatus } from '../../src/integrations/carriers/postnl/mapping.js';
import { parsePostNLTime, toPostNLTime } from '../../src/integrations/carriers/postnl/time.js';
import { updatedWindows } from '../../src/integrations/carriers/postnl/updatedShipments.js';
import { carrierFailure } from '../support/carriers/carrierTestKit.js';
import { FakePostNL } from '../support/carriers/fakePostNL.js';

const shop = {
  name: 'Returns desk',
  company: 'Retour Test Shop B.V.',
  line1: 'Molengraaffplantsoen 74',
  postcode: '3571 ZZ',
  city: 'Utrecht',
  country: 'NL',
  email: 'returns@shop.example',
};
const shopper = {
  name: 'Anna de Vries',
  line1: 'Keizersgracht 12a',
  postcode: '1015 CS',
  city: 'Amsterdam',
  country: 'NL',
  email: 'anna@example.nl',
};

const request = (reference: string, over: Partial<ReturnParcelRequest> = {}): ReturnParcelRequest => ({
  reference,
  orderNumber: `ORD-${reference}`,
  service: '2285',
  method: 'label',
  from: shopper,
  to: shop,
  parcels: [{ weightGrams: 1200, lengthCm: 30, widthCm: 40, heightCm: 10 }],
  items: [],
  labelFormat: 'pdf',
  ...over,
});

describe('PostNL adapter against a local fake of its API', () => {
  const fake = new FakePostNL();
  let postnl: PostNLCarrier;
  beforeAll(async () => {
    await fake.start();
    postnl = new PostNLCarrier(fake.credentials());
  });
  afterAll(() => fake.stop());

  it('proves the credentials with a barcode, and refuses a wrong key, a missing key and a wrong customer', async () => {
    expect(await postnl.testConnection()).toEqual({ account: 'DEVC 11223344' });
    const wrongKey = await carrierFailure(new PostNLCarrier({ ...fake.credentials(), apiKey: 'nope' }).testConnection());
    expect([wrongKey.kind, wrongKey.code, wrongKey.status]).toEqual(['rejected', 'CARRIER_AUTH_FAILED', 401]);
    expect(wrongKey.message).not.toContain('nope');
    expect((await carrierFailure(new PostNLCarrier({ ...fake.credentials(), apiKey: '' }).testConnection())).code).toBe(
      'CARRIER_AUTH_FAILED',
    );
    const wrongCustomer = await carrierFailure(
      new PostNLCarrier({ ...fake.credentials(), customerNumber: '99999999' }).testConnection(),
    );
    expect([wrongCustomer.kind, wrongCustomer.code]).toEqual(['rejected', 'CARRIER_REJECTED']);
    const incomplete = await carrierFailure(new PostNLCarrier({ apiKey: fake.apiKey, baseUrl: fake.url }).testConnection());
    expect([incomplete.code, incomplete.field]).toEqual(['CARRIER_CREDENTIALS_INCOMPLETE', 'customerCode']);
  });

  it('offers the return label and Smart Returns from NL, only the label from BE, nothing from elsewhere; quotes no prices', async () => {
    const nl = await postnl.services({ fromCountry: 'NL', toCountry: 'NL' });
    expect(nl.map((s) => [s.code, s.methods])).toEqual([
      ['2285', ['label', 'partner', 'pickup']],
      ['2285-152-025', ['qr']],
    ]);
    expect((await postnl.services({ fromCountry: 'BE', toCountry: 'NL' })).map((s) => s.code)).toEqual(['2285']);
    expect(await postnl.services({ fromCountry: 'DE', toCountry: 'NL' })).toEqual([]);
    const before = fake.seen.length;
    expect(await postnl.rates({ from: shopper, to: shop, parcels: [{ weightGrams: 1000 }] })).toEqual([]);
    expect(fake.seen.length).toBe(before);
  });

  it('books a return label: a 3S barcode, then a confirmed label with the shop as receiver and the shopper as sender', async () => {
    const booked = await postnl.createReturn(request('R-1001'));
    expect(booked.remoteId).toMatch(/^3SDEVC\d{9}$/);
    expect(booked).toMatchObject({ ready: true, cost: null, qrCode: null, pickup: null });
    expect(booked.parcels).toEqual([
      {
        remoteId: booked.remoteId,
        trackingNumber: booked.remoteId,
        trackingUrl: `https://jouw.postnl.nl/track-and-trace/${booked.remoteId}-NL-3571ZZ`,
      },
    ]);
    const [label] = fake.requests('POST', /\/shipment\/v2_2\/label$/).slice(-1);
    expect(label?.query.get('confirm')).toBe('true');
    const body = label?.body as { Message: { Printertype: string }; Shipments: Record<string, unknown>[] };
    expect(body.Message.Printertype).toBe('GraphicFile|PDF');
    expect(body.Shipments[0]).toMatchObject({
      Barcode: booked.remoteId,
      ProductCodeDelivery: '2285',
      Reference: 'R-1001',
      Dimension: { Weight: 1200, Length: 400, Width: 300, Height: 100 },
      Addresses: [
        {
          AddressType: '01',
          CompanyName: 'Retour Test Shop B.V.',
          Street: 'Molengraaffplantsoen',
          HouseNr: '74',
          Zipcode: '3571ZZ',
          Countrycode: 'NL',
        },
        {
          AddressType: '02',
          FirstName: 'Anna',
          Name: 'de Vries',
          Street: 'Keizersgracht',
          HouseNr: '12',
          HouseNrExt: 'a',
          Zipcode: '1015CS',
        },
      ],
    });
    expect(fake.shipments.get(booked.remoteId)?.reference).toBe('R-1001');

    const labelsBefore = fake.requests('POST', /label$/).length;
    const pdf = await postnl.document(booked, 'label', 'pdf');
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.body.subarray(0, 4).toString()).toBe('%PDF');
    expect(fake.requests('POST', /label$/).length).toBe(labelsBefore);
  });

  it('prints a label again later (other format, other process) without announcing it again', async () => {
    const booked = await postnl.createReturn(request('R-1002'));
    const zpl = await postnl.document(booked, 'label', 'zpl');
    expect(zpl.contentType).toBe('application/zpl');
    expect(zpl.body.toString()).toContain(`^FD${booked.remoteId}^FS`);
    const [reprint] = fake.requests('POST', /label$/).slice(-1);
    expect(reprint?.query.get('confirm')).toBe('false');
    expect((reprint!.body as { Shipments: { Barcode: string }[] }).Shipments[0]?.Barcode).toBe(booked.remoteId);

    const fresh = new PostNLCarrier(fake.credentials());
    const pdf = await fresh.document(booked, 'label', 'pdf');
    expect(pdf.body.subarray(0, 4).toString()).toBe('%PDF');
    expect([...fake.shipments.values()].filter((s) => s.reference === 'R-1002')).toHaveLength(1);
  });

  it('books several boxes as one multi-collo return with one merged PDF', async () => {
    const booked = await postnl.createReturn(request('R-1003', { parcels: [{ weightGrams: 900 }, { weightGrams: 2500 }] }));
    expect(booked.parcels).toHaveLength(2);
    const [main, second] = booked.parcels.map((p) => p.trackingNumber);
    expect(main).toBe(booked.remoteId);
    const [label] = fake.requests('POST', /label$/).slice(-1);
    const body = label?.body as { Message: { Printertype: string }; Shipments: { Groups: unknown[] }[] };
    expect(body.Message.Printertype).toBe('GraphicFile|PDF|Merge');
    expect(body.Shipments[1]?.Groups).toEqual([{ GroupType: '03', GroupSequence: 2, GroupCount: 2, MainBarcode: main }]);
    expect((await postnl.getReturn(booked.remoteId)).parcels.map((p) => p.trackingNumber)).toEqual([main, second]);
    const pdf = await postnl.document(booked, 'label', 'pdf');
    expect(pdf.body.subarray(0, 4).toString()).toBe('%PDF');

    // One box's own label: printed again on its barcode alone, keeping its place in the group.
    const box2 = await postnl.document(booked, 'label', 'zpl', 1);
    expect(box2.body.toString()).toContain(`^FD${second}^FS`);
    expect(box2.body.toString()).not.toContain(`^FD${main}^FS`);
    const [reprint] = fake.requests('POST', /label$/).slice(-1);
    expect(reprint?.query.get('confirm')).toBe('false');
    const one = reprint?.body as { Shipments: { Barcode: string; Groups: unknown[] }[] };
    expect(one.Shipments.map((s) => s.Barcode)).toEqual([second]);
    expect(one.Shipments[0]?.Groups).toEqual([{ GroupType: '03', GroupSequence: 2, GroupCount: 2, MainBarcode: main }]);
    expect((await carrierFailure(postnl.document(booked, 'label', 'pdf', 2))).code).toBe('CARRIER_NO_BOX');
  });

  it('books a Smart Return: option 152/025, the shopper e-mailed, the barcode as the QR code rendered to PNG', async () => {
    const booked = await postnl.createReturn(request('R-1004', { method: 'qr', service: '2285-152-025' }));
    expect(booked.qrCode).toBe(booked.remoteId);
    const [label] = fake.requests('POST', /label$/).slice(-1);
    expect((label!.body as { Shipments: Record<string, unknown>[] }).Shipments[0]).toMatchObject({
      ProductCodeDelivery: '2285',
      ProductOptions: [{ Characteristic: '152', Option: '025' }],
      Contacts: [{ ContactType: '01', Email: 'anna@example.nl' }],
    });
    const png = await postnl.document(booked, 'qr', 'pdf');
    expect(png.contentType).toBe('image/png');
    expect(png.body.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect((await postnl.getReturn(booked.remoteId)).qrCode).toBe(booked.remoteId);
    expect(
      (
        await carrierFailure(
          postnl.document(await postnl.getReturn((await postnl.createReturn(request('R-1005'))).remoteId), 'qr', 'pdf'),
        )
      ).code,
    ).toBe('CARRIER_NO_QR');
  });

  it("names the field PostNL blames: a Smart Return without the shopper's e-mail, a bad postcode", async () => {
    const noEmail = await carrierFailure(
      postnl.createReturn(request('R-1006', { method: 'qr', from: { ...shopper, email: null } })),
    );
    expect([noEmail.kind, noEmail.code, noEmail.status, noEmail.field]).toEqual([
      'rejected',
      'CARRIER_REJECTED',
      400,
      'from.email',
    ]);
    expect(noEmail.message).toContain('Smart Returns');
    const badPostcode = await carrierFailure(postnl.createReturn(request('R-1007', { from: { ...shopper, postcode: '10' } })));
    expect([badPostcode.kind, badPostcode.field]).toEqual(['rejected', 'from.postcode']);
    expect([...fake.shipments.values()].some((s) => s.reference === 'R-1006' || s.reference === 'R-1007')).toBe(false);
  });

  it('finds a booked return by its reference after a lost answer, so a retry does not book twice', async () => {
    const booked = await postnl.createReturn(request('R-1008'));
    const found = await postnl.findReturn('R-1008');
    expect(found?.remoteId).toBe(booked.remoteId);
    expect(found?.parcels).toEqual(booked.parcels);
    expect(await postnl.findReturn('R-unknown')).toBeNull();
    const [lookup] = fake.requests('GET', /status\/reference\//).slice(-1);
    expect([lookup?.query.get('customerCode'), lookup?.query.get('customerNumber')]).toEqual(['DEVC', '11223344']);
  });

  it('turns 429 with Retry-After and 5xx into transient errors, and changes nothing', async () => {
    fake.failNext({ status: 429, headers: { 'retry-after': '7' }, body: { message: 'Too many requests' }, path: /barcode/ });
    const limited = await carrierFailure(postnl.createReturn(request('R-1009')));
    expect([limited.kind, limited.code, limited.retryAfterMs]).toEqual(['transient', 'CARRIER_RATE_LIMITED', 7000]);
    fake.failNext({ status: 503, body: { fault: { faultstring: 'Service unavailable' } }, path: /label/ });
    const down = await carrierFailure(postnl.createReturn(request('R-1009')));
    expect([down.kind, down.code, down.status]).toEqual(['transient', 'CARRIER_UNAVAILABLE', 503]);
    expect(await postnl.findReturn('R-1009')).toBeNull();
  });

  it('calls a malformed answer what it is', async () => {
    fake.failNext({ status: 200, body: { Barcode: 42 }, path: /barcode/ });
    expect((await carrierFailure(postnl.testConnection())).code).toBe('CARRIER_BAD_ANSWER');
    fake.failNext({
      status: 200,
      body: { ResponseShipments: [{ Barcode: '3SDEVC000000001', Labels: [{ Content: 'bm90IGEgcGRm' }] }] },
      path: /label/,
    });
    const notPdf = await carrierFailure(postnl.createReturn(request('R-1010')));
    expect([notPdf.kind, notPdf.code]).toEqual(['transient', 'CARRIER_BAD_ANSWER']);
    fake.failNext({ status: 200, body: { Something: 'else' }, path: /status\/barcode/ });
    expect((await carrierFailure(postnl.track('3SDEVC000000001'))).code).toBe('CARRIER_BAD_ANSWER');
    fake.failNext({
      status: 200,
      body: { ResponseShipments: [{ Barcode: 'x', Errors: [{ code: '10302', description: 'Barcode refused' }] }] },
      path: /label/,
    });
    const refused = await carrierFailure(postnl.createReturn(request('R-1011')));
    expect([refused.kind, refused.message]).toEqual(['rejected', 'PostNL: Barcode refused']);
  });

  it('reads the whole tracking history by polling: statuses, hand-in and locker events, in Dutch time', async () => {
    const booked = await postnl.createReturn(request('R-1012'));
    const barcode = booked.remoteId;
    const t0 = fake.shipments.get(barcode)!.status.at;
    const at = (minutes: number) => new Date(Math.floor(t0.getTime() / 1000) * 1000 + minutes * 60_000);
    fake.setStatus(barcode, 2, at(60), 'X40');
    fake.setStatus(barcode, 5, at(300));
    fake.setStatus(barcode, 11, at(1500));
    const history = await postnl.track(barcode);
    expect(history.map((u) => [u.carrierStatus, u.state])).toEqual([
      ['1', 'label_created'],
      ['2', 'handed_in'],
      ['X40', 'handed_in'],
      ['5', 'in_transit'],
      ['11', 'delivered'],
    ]);
    expect(history.slice(1).map((u) => u.occurredAt.getTime())).toEqual(
      [at(60), at(60), at(300), at(1500)].map((d) => d.getTime()),
    );
    expect(history[4]).toMatchObject({ trackingNumber: barcode, description: 'Zending afgeleverd' });
    expect(await postnl.track('3SDEVC999999999')).toEqual([]);
  });

  it('maps every PostNL status and the return events onto Retour states', () => {
    const expected: Record<string, TrackingState> = {
      1: 'label_created',
      13: 'label_created',
      2: 'handed_in',
      3: 'handed_in',
      23: 'handed_in',
      5: 'in_transit',
      7: 'in_transit',
      20: 'in_transit',
      21: 'in_transit',
      11: 'delivered',
      22: 'delivered',
      12: 'at_pickup_point',
      4: 'exception',
      6: 'exception',
      8: 'exception',
      9: 'exception',
      14: 'exception',
      15: 'exception',
      16: 'exception',
      17: 'exception',
      18: 'exception',
      19: 'exception',
      99: 'unknown',
    };
    for (const [code, state] of Object.entries(expected)) expect([code, stateOfStatus(code)]).toEqual([code, state]);
    expect([stateOfStatus('42', '2'), stateOfStatus('43', '4'), stateOfStatus('44')]).toEqual([
      'in_transit',
      'delivered',
      'unknown',
    ]);
    const events: Record<string, TrackingState | null> = {
      X40: 'handed_in',
      B01: 'handed_in',
      A27: 'at_pickup_point',
      H31: 'cancelled',
      M03: 'cancelled',
      X42: 'exception',
      D09: 'exception',
      A01: null,
    };
    for (const [code, state] of Object.entries(events)) expect([code, stateOfEvent(code)]).toEqual([code, state]);
  });

  it('polls updated shipments in windows of at most two hours, within the 48 hours PostNL keeps', async () => {
    const booked = await postnl.createReturn(request('R-1013'));
    // Periods are whole seconds: a moment past the booking, so its own status falls inside the span.
    const now = new Date(fake.shipments.get(booked.remoteId)!.status.at.getTime() + 2000);
    fake.setStatus(booked.remoteId, 2, new Date(now.getTime() - 4 * 3600_000), 'B01');
    fake.setStatus(booked.remoteId, 7, new Date(now.getTime() - 30 * 60_000));
    const before = fake.requests('GET', /updatedshipments$/).length;
    const updates = await postnl.updatedShipments(new Date(now.getTime() - 5 * 3600_000), now, now);
    const calls = fake.requests('GET', /updatedshipments$/).slice(before);
    expect(calls).toHaveLength(3);
    for (const call of calls) {
      const [from, to] = call.query.getAll('period').map((p) => parsePostNLTime(p)!.getTime());
      expect(to! - from!).toBeLessThanOrEqual(2 * 3600_000);
    }
    const mine = updates.filter((u) => u.trackingNumber === booked.remoteId);
    expect(mine.map((u) => [u.carrierStatus, u.state])).toEqual([
      ['2', 'handed_in'],
      ['7', 'in_transit'],
      ['1', 'label_created'],
    ]);
    const windows = updatedWindows(new Date(now.getTime() - 72 * 3600_000), now, now);
    expect(windows[0]!.from.getTime()).toBeGreaterThanOrEqual(now.getTime() - 48 * 3600_000);
    await postnl.updatedShipments(new Date(now.getTime() - 72 * 3600_000), new Date(now.getTime() - 40 * 3600_000), now);
  });

  it('finds PostNL points and lockers near a postcode with their opening hours', async () => {
    const points = await postnl.servicePoints({ country: 'NL', postcode: '3511 ax', houseNumber: '12a' });
    const [call] = fake.requests('GET', /locations\/nearest$/).slice(-1);
    expect([call?.query.get('CountryCode'), call?.query.get('PostalCode'), call?.query.get('HouseNumber')]).toEqual([
      'NL',
      '3511AX',
      '12',
    ]);
    expect(points.map((p) => [p.id, p.kind, p.distanceMeters])).toEqual([
      ['163043', 'service_point', 230],
      ['205118', 'locker', 540],
    ]);
    expect(points[0]).toMatchObject({
      carrier: 'postnl',
      address: { line1: 'Oudegracht 120A', postcode: '3511AX', city: 'Utrecht', country: 'NL' },
    });
    expect(points[0]?.openingHours.filter((h) => h.day === 5)).toEqual([
      { day: 5, open: '09:00', close: '12:30' },
      { day: 5, open: '13:30', close: '17:00' },
    ]);
    expect(points[1]?.openingHours).toHaveLength(7);
    expect(await postnl.servicePoints({ country: 'NL', postcode: '3511AX', radiusMeters: 300 })).toHaveLength(1);
    expect(await postnl.servicePoints({ country: 'NL', postcode: '3511AX', limit: 1 })).toHaveLength(1);
    expect(await postnl.servicePoints({ country: 'NL', postcode: '3511AX', carrier: 'dhl' })).toEqual([]);
  });

  it('books, moves and cancels a Return on Demand pickup in a slot PostNL offers', async () => {
    const slots = await postnl.pickupSlots(shopper);
    expect(slots).toHaveLength(6);
    expect(new Date(slots[1]!.end).getTime() - new Date(slots[1]!.start).getTime()).toBe(4 * 3600_000);
    const booked = await postnl.createReturn(request('R-1014', { method: 'pickup', pickup: slots[0]! }));
    expect(booked.pickup?.slot).toEqual(slots[0]);
    const first = fake.pickups.get(booked.pickup!.confirmation);
    expect(first).toMatchObject({ barcode: booked.remoteId, cancelled: false, timeframe: { From: '09:00:00', To: '13:00:00' } });

    const moved = await postnl.changePickup(booked, slots[3]!);
    expect(moved.pickup?.slot).toEqual(slots[3]);
    expect(first?.cancelled).toBe(true);
    const cancelled = await postnl.changePickup(moved, null);
    expect(cancelled.pickup).toBeNull();
    expect(fake.pickups.get(moved.pickup!.confirmation)?.cancelled).toBe(true);

    const offHours = { start: slots[0]!.start, end: slots[3]!.end };
    expect((await carrierFailure(postnl.changePickup(booked, offHours))).field).toBe('pickup');
    expect((await carrierFailure(postnl.pickupSlots({ ...shopper, country: 'BE', postcode: '1000' }))).kind).toBe('rejected');
  });

  it('says what PostNL does not offer: voids, webhooks, customs documents', async () => {
    const booked = await postnl.createReturn(request('R-1015'));
    expect(postnl.capabilities.voids).toBe(false);
    expect(postnl.capabilities.webhooks).toBe(false);
    expect((await carrierFailure(postnl.voidReturn(booked))).kind).toBe('unsupported');
    expect((await carrierFailure(() => postnl.parseWebhook())).kind).toBe('unsupported');
    expect((await carrierFailure(postnl.document(booked, 'customs', 'pdf'))).kind).toBe('unsupported');
  });
});

describe('PostNL times', () => {
  it('reads its layouts as Dutch time, in winter and in summer', () => {
    expect(parsePostNLTime('07-11-2022 19:10:28')?.toISOString()).toBe('2022-11-07T18:10:28.000Z');
    expect(parsePostNLTime('11/07/2022 19:10:28')?.toISOString()).toBe('2022-11-07T18:10:28.000Z');
    expect(parsePostNLTime('2022-07-01T10:00:00')?.toISOString()).toBe('2022-07-01T08:00:00.000Z');
    expect(parsePostNLTime('2022-07-01T10:00:00Z')?.toISOString()).toBe('2022-07-01T10:00:00.000Z');
    expect(parsePostNLTime('yesterday')).toBeNull();
    expect(toPostNLTime(new Date('2022-07-01T08:00:00Z'))).toBe('01-07-2022 10:00:00');
  });
});
