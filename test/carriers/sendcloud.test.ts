import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { MAX_ANSWER_BYTES } from '../../src/integrations/carriers/http.js';
import { SendcloudCarrier } from '../../src/integrations/carriers/sendcloud/adapter.js';
import { carrierFailure, dutchReturnRequest } from '../support/carriers/carrierTestKit.js';
import { FakeSendcloud } from '../support/carriers/fakeSendcloud.js';
import { FakeHttpServer } from '../support/carriers/fakeServer.js';

const fake = new FakeSendcloud();
const manual = new FakeSendcloud({ announce: 'manual', publicKey: 'other-public', secretKey: 'other-secret' });
beforeAll(async () => {
  await fake.start();
  await manual.start();
});
afterAll(async () => {
  await fake.stop();
  await manual.stop();
});

const sendcloud = () => new SendcloudCarrier(fake.credentials());

describe('Sendcloud: account, services and rates', () => {
  it('proves the credentials and names the account; a wrong key pair is refused as bad credentials', async () => {
    expect(await sendcloud().testConnection()).toEqual({ account: 'Retour Test Shop' });
    const wrong = new SendcloudCarrier({ ...fake.credentials(), apiSecret: 'not-the-secret' });
    const err = await carrierFailure(wrong.testConnection());
    expect(err).toMatchObject({ kind: 'rejected', code: 'CARRIER_AUTH_FAILED', status: 401 });
    expect(err.message).not.toContain('not-the-secret');
    const v3 = await carrierFailure(wrong.services({ fromCountry: 'NL', toCountry: 'NL' }));
    expect(v3.code).toBe('CARRIER_AUTH_FAILED');
  });

  it('lists the return options per country with the methods their functionalities allow', async () => {
    const nl = await sendcloud().services({ fromCountry: 'NL', toCountry: 'NL' });
    expect(nl.map((s) => s.code).sort()).toEqual([
      'dhl:return/dropoff',
      'dpd:return/return',
      'postnl:standard/return',
      'ups:standard/return',
    ]);
    expect(nl.find((s) => s.code === 'postnl:standard/return')).toEqual({
      code: 'postnl:standard/return',
      name: 'PostNL Return',
      carrier: 'postnl',
      methods: ['label', 'partner', 'qr'],
      needsServicePoint: false,
      fromCountries: ['NL'],
    });
    expect(nl.find((s) => s.code === 'dhl:return/dropoff')?.methods).toEqual(['label', 'partner']);
    const ch = await sendcloud().services({ fromCountry: 'ch', toCountry: 'NL' });
    expect(ch).toEqual([
      expect.objectContaining({ code: 'ups:standard/return', methods: ['label', 'partner', 'pickup'], fromCountries: ['CH'] }),
    ]);
    const sent = fake.requests('POST', /\/api\/v3\/shipping-options$/).at(-1)?.body;
    expect(sent).toMatchObject({ from_country_code: 'CH', to_country_code: 'NL', functionalities: { returns: true } });
  });

  it('quotes rates in minor units with the lead time in days, for the services asked', async () => {
    const base = dutchReturnRequest();
    const rates = await sendcloud().rates({
      from: base.from,
      to: base.to,
      parcels: [{ weightGrams: 2000 }, { weightGrams: 500 }],
    });
    expect(rates.find((r) => r.service === 'postnl:standard/return')).toEqual({
      service: 'postnl:standard/return',
      serviceName: 'PostNL Return',
      amount: 1090,
      currency: 'EUR',
      estimatedDays: 1,
    });
    const only = await sendcloud().rates({
      from: base.from,
      to: base.to,
      parcels: [{ weightGrams: 2000 }],
      services: ['dpd:return/return'],
    });
    expect(only).toEqual([expect.objectContaining({ service: 'dpd:return/return', amount: 610, estimatedDays: 2 })]);
    const heavy = await sendcloud().rates({ from: base.from, to: base.to, parcels: [{ weightGrams: 40_000 }] });
    expect(heavy.map((r) => r.service)).toEqual(['ups:standard/return']);
  });
});

describe('Sendcloud: booking return parcels', () => {
  it('books a labelled return: the request carries the split address, reference and items; the answer its tracking and cost', async () => {
    const r = dutchReturnRequest();
    const booked = await sendcloud().createReturn(r);
    expect(booked).toMatchObject({ ready: true, cost: { amount: 545, currency: 'EUR' }, qrCode: null, pickup: null });
    expect(booked.parcels).toEqual([
      {
        remoteId: expect.any(String),
        trackingNumber: expect.stringMatching(/^3SSEND\d+$/),
        trackingUrl: expect.stringContaining('3SSEND'),
      },
    ]);
    const stored = fake.returns.get(Number(booked.remoteId));
    expect(stored).toMatchObject({
      external_reference: r.reference,
      order_number: r.orderNumber,
      delivery_option: 'drop_off_point',
      from_address: { address_line_1: 'Keizersgracht', house_number: '12a', postal_code: '1015 CS', country_code: 'NL' },
      weight: { value: '1.200', unit: 'kg' },
      send_tracking_emails: false,
    });
    expect(stored?.parcel_items[0]).toMatchObject({
      sku: 'SHIRT-M',
      price: { value: '49.95', currency: 'EUR' },
      return_reason_id: 22,
    });
    expect(await sendcloud().getReturn(booked.remoteId)).toEqual(booked);
  });

  it('waits for the asynchronous announcement: not ready and no documents until the carrier accepted it', async () => {
    const adapter = new SendcloudCarrier(manual.credentials());
    const booked = await adapter.createReturn(dutchReturnRequest());
    expect(booked).toMatchObject({ ready: false, parcels: [{ trackingNumber: null }], cost: null });
    expect(await carrierFailure(adapter.document(booked, 'label', 'pdf'))).toMatchObject({
      kind: 'transient',
      code: 'CARRIER_NOT_READY',
    });
    manual.announce(booked.remoteId);
    const ready = await adapter.getReturn(booked.remoteId);
    expect(ready).toMatchObject({ ready: true, parcels: [{ trackingNumber: expect.stringMatching(/^3SSEND/) }] });
    expect((await adapter.document(ready, 'label', 'pdf')).body.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('says so when the carrier refused the announcement', async () => {
    const adapter = new SendcloudCarrier(manual.credentials());
    const booked = await adapter.createReturn(dutchReturnRequest());
    manual.failAnnouncement(booked.remoteId, 'Postal code does not match the house number');
    const err = await carrierFailure(adapter.getReturn(booked.remoteId));
    expect(err).toMatchObject({ kind: 'rejected', code: 'CARRIER_ANNOUNCEMENT_FAILED' });
    expect(err.message).toContain('Postal code does not match');
  });

  it('never books twice under one reference, and finds a booking after its answer was lost', async () => {
    const r = dutchReturnRequest();
    const first = await sendcloud().createReturn(r);
    const again = await sendcloud().createReturn(r);
    expect(again.remoteId).toBe(first.remoteId);
    expect([...fake.returns.values()].filter((x) => x.external_reference === r.reference)).toHaveLength(1);
    expect((await sendcloud().findReturn(r.reference))?.remoteId).toBe(first.remoteId);
    expect(await sendcloud().findReturn('R-never-booked')).toBeNull();
    const listed = fake.requests('GET', /^\/api\/v3\/returns$/).at(-1);
    expect(listed?.query.get('from_date')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('books one parcel per box of a multi-collo return, each with its own tracking number and label', async () => {
    const adapter = sendcloud();
    const booked = await adapter.createReturn(
      dutchReturnRequest({ parcels: [{ weightGrams: 800 }, { weightGrams: 2500 }, { weightGrams: 900 }] }),
    );
    expect(booked.parcels).toHaveLength(3);
    expect(new Set(booked.parcels.map((p) => p.trackingNumber)).size).toBe(3);
    expect(fake.returns.get(Number(booked.remoteId))).toMatchObject({ collo_count: 3, weight: { value: '2.500' } });
    expect(booked.cost).toEqual({ amount: 1635, currency: 'EUR' });
    const zpl = (await adapter.document(booked, 'label', 'zpl')).body.toString();
    expect(zpl.match(/\^XA/g)).toHaveLength(3);
    for (const p of booked.parcels) expect(zpl).toContain(p.trackingNumber);
    const pdf = await adapter.document(booked, 'label', 'pdf');
    expect(pdf).toMatchObject({ contentType: 'application/pdf' });
    expect(
      fake
        .requests('GET', /^\/api\/v3\/parcel-documents\/label$/)
        .at(-1)
        ?.query.getAll('parcels'),
    ).toHaveLength(3);
  });

  it('requires the items for a return from outside the EU, and sends the customs data with them', async () => {
    const from = { name: 'Lea Meier', line1: 'Bahnhofstrasse 10', postcode: '8001', city: 'Zürich', country: 'CH' };
    const service = 'ups:standard/return';
    const missing = await carrierFailure(sendcloud().createReturn(dutchReturnRequest({ from, service, items: [] })));
    expect(missing).toMatchObject({ kind: 'rejected', code: 'CARRIER_REJECTED', field: 'parcel_items', status: 400 });
    const customs = { invoiceNumber: 'INV-2040', outboundTrackingNumber: '1Z999', outboundShippedAt: '2026-11-20T10:00:00Z' };
    const booked = await sendcloud().createReturn(dutchReturnRequest({ from, service, customs }));
    expect(fake.returns.get(Number(booked.remoteId))).toMatchObject({
      customs_invoice_nr: 'INV-2040',
      customs_information: {
        export_reason: 'returned_goods',
        return_data: { outbound_tracking_number: '1Z999', outbound_shipment_date: '2026-11-20' },
      },
    });
    const declaration = await sendcloud().document(booked, 'customs', 'pdf');
    expect(declaration.body.subarray(0, 5).toString()).toBe('%PDF-');
    const domestic = await sendcloud().createReturn(dutchReturnRequest());
    expect(await carrierFailure(sendcloud().document(domestic, 'customs', 'pdf'))).toMatchObject({ code: 'CARRIER_NOT_FOUND' });
  });

  it('names the field Sendcloud blames when it refuses a booking', async () => {
    const noPostcode = dutchReturnRequest({ from: { ...dutchReturnRequest().from, postcode: '' } });
    expect(await carrierFailure(sendcloud().createReturn(noPostcode))).toMatchObject({
      kind: 'rejected',
      field: 'from_address.postal_code',
    });
    const unknown = await carrierFailure(sendcloud().createReturn(dutchReturnRequest({ service: 'postnl:does-not-exist' })));
    expect(unknown).toMatchObject({ kind: 'rejected', field: 'ship_with.shipping_option_code' });
    expect(unknown.message).toContain('postnl:does-not-exist');
    const noQr = await carrierFailure(
      sendcloud().createReturn(dutchReturnRequest({ service: 'dhl:return/dropoff', method: 'qr' })),
    );
    expect(noQr.field).toBe('ship_with.functionalities.labelless');
  });
});

describe('Sendcloud: documents and voids', () => {
  it('serves a label-free return its QR code as a PNG, and labels as PDF or ZPL', async () => {
    const adapter = sendcloud();
    const qr = await adapter.createReturn(dutchReturnRequest({ method: 'qr' }));
    expect(fake.returns.get(Number(qr.remoteId))).toMatchObject({
      delivery_option: 'drop_off_labelless',
      ship_with: { functionalities: { labelless: true } },
    });
    expect(qr.qrCode).toMatch(/\/api\/v2\/parcels\/\d+\/documents\/qr$/);
    const png = await adapter.document(qr, 'qr', 'pdf');
    expect(png.contentType).toBe('image/png');
    expect(png.body.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const labelled = await adapter.createReturn(dutchReturnRequest());
    expect(await carrierFailure(adapter.document(labelled, 'qr', 'pdf'))).toMatchObject({ code: 'CARRIER_NO_QR' });
    const zpl = await adapter.document(labelled, 'label', 'zpl');
    expect(zpl.contentType).toBe('application/zpl');
    expect(zpl.body.toString()).toMatch(/^\^XA[\s\S]*\^XZ$/);
    expect(fake.requests('GET', /\/api\/v3\/parcels\/\d+\/documents\/label$/).at(-1)?.headers.accept).toBe('application/zpl');
  });

  it('asks to cancel an unused label; one that moved or was cancelled already cannot be voided', async () => {
    const adapter = sendcloud();
    const booked = await adapter.createReturn(dutchReturnRequest());
    expect(await adapter.voidReturn(booked)).toBe('requested');
    expect(fake.returns.get(Number(booked.remoteId))?.status_history.at(-1)?.parent_status).toBe('cancelling');
    expect(await adapter.voidReturn(booked)).toBe('not_voidable');
    const scanned = await adapter.createReturn(dutchReturnRequest());
    fake.setStatus(scanned.parcels[0]?.trackingNumber as string, 'to-sorting');
    expect(await adapter.voidReturn(scanned)).toBe('not_voidable');
    expect(await carrierFailure(adapter.voidReturn({ ...booked, remoteId: '1' }))).toMatchObject({
      code: 'CARRIER_NOT_FOUND',
      status: 404,
    });
  });
});

describe('Sendcloud: service points and pickups', () => {
  it('finds points near a postcode, nearest first, with lockers, distances and opening hours', async () => {
    const points = await sendcloud().servicePoints({ country: 'NL', postcode: '1012 AB' });
    expect(points.map((p) => p.name)).toEqual([
      'Albert Heijn Nieuwezijds',
      'Primera Kalverstraat',
      'PostNL Pakketautomaat Damrak',
    ]);
    const locker = points.find((p) => p.kind === 'locker');
    expect(locker).toMatchObject({
      carrier: 'postnl',
      address: { line1: 'Damrak 1', postcode: '1012 LG', city: 'Amsterdam', country: 'NL' },
    });
    expect(locker?.openingHours).toHaveLength(7);
    const ah = points[0];
    expect(ah?.distanceMeters).toBeGreaterThan(0);
    expect(ah?.distanceMeters).toBeLessThan(points[1]?.distanceMeters ?? 0);
    expect(ah?.openingHours[0]).toEqual({ day: 0, open: '08:00', close: '22:00' });
    const dhl = await sendcloud().servicePoints({ country: 'NL', postcode: '3511 AZ', carrier: 'dhl' });
    expect(dhl.map((p) => [p.name, p.kind])).toEqual([
      ['DHL ServicePoint Oudegracht', 'service_point'],
      ['DHL Parcelstation Neude', 'locker'],
    ]);
    expect(
      fake
        .requests('GET', /\/api\/v3\/service-points$/)
        .at(-1)
        ?.query.get('carrier_code'),
    ).toBe('dhl');
    expect(await sendcloud().servicePoints({ country: 'NL', postcode: '9999 ZZ' })).toEqual([]);
  });

  it('offers day windows from two working days ahead by the shop clock and books, moves and cancels a pickup', async () => {
    const adapter = sendcloud();
    const r = dutchReturnRequest({ method: 'pickup', service: 'ups:standard/return' });
    // Friday 00:30 in Amsterdam (still Thursday in UTC): Monday is the first working day ahead,
    // Tuesday the earliest Sendcloud books; the weekend has none. The real date plays no part.
    const now = new Date('2026-06-11T22:30:00Z');
    const slots = await adapter.pickupSlots(r.from, now);
    expect(slots.map((s) => s.start)).toEqual(
      ['2026-06-16', '2026-06-17', '2026-06-18', '2026-06-19', '2026-06-22'].map((d) => `${d}T07:00:00.000Z`),
    );
    for (const slot of slots) expect(new Date(slot.end).getTime() - new Date(slot.start).getTime()).toBe(8 * 3_600_000);
    // In winter 09:00 in Amsterdam is 08:00 UTC.
    expect((await adapter.pickupSlots(r.from, new Date('2026-12-07T10:00:00Z')))[0]?.start).toBe('2026-12-09T08:00:00.000Z');
    // The carrier's clock is the same fixed day: the windows are in its future.
    fake.now = () => now;
    onTestFinished(() => {
      fake.now = () => new Date();
    });
    const booked = await adapter.createReturn({ ...r, pickup: slots[0] });
    expect(booked.pickup?.slot).toEqual(slots[0]);
    const first = fake.pickups.get(Number(booked.pickup?.confirmation));
    expect(first).toMatchObject({
      carrier_code: 'ups',
      status: 'ANNOUNCING',
      reference: r.reference,
      address: { postal_code: '1015 CS' },
    });
    expect(first?.time_slots).toEqual([{ start_at: slots[0]?.start, end_at: slots[0]?.end }]);
    const moved = await adapter.changePickup(booked, slots[2] ?? null);
    expect(first?.status).toBe('CANCELLED');
    expect(moved.pickup?.confirmation).not.toBe(booked.pickup?.confirmation);
    expect(fake.pickups.get(Number(moved.pickup?.confirmation))).toMatchObject({ carrier_code: 'ups', items: [{ quantity: 1 }] });
    const cancelled = await adapter.changePickup(moved, null);
    expect(cancelled.pickup).toBeNull();
    expect(fake.pickups.get(Number(moved.pickup?.confirmation))?.status).toBe('CANCELLED');
    expect(await carrierFailure(adapter.changePickup(moved, null))).toMatchObject({
      code: 'CARRIER_PICKUP_NOT_CANCELLABLE',
      status: 409,
    });
  });
});

describe('Sendcloud: failures', () => {
  it('a 429 is transient with the Retry-After in milliseconds; a 5xx is transient', async () => {
    fake.rateLimitNext(7, /\/api\/v3\/returns$/);
    const limited = await carrierFailure(sendcloud().createReturn(dutchReturnRequest()));
    expect(limited).toMatchObject({ kind: 'transient', code: 'CARRIER_RATE_LIMITED', status: 429, retryAfterMs: 7000 });
    fake.failNext({ status: 503, body: { errors: [{ status: '503', code: 'unavailable', detail: 'Try later' }] } });
    expect(await carrierFailure(sendcloud().servicePoints({ country: 'NL', postcode: '1012' }))).toMatchObject({
      kind: 'transient',
      status: 503,
    });
  });

  it('a malformed answer is a clear CarrierError, never a TypeError', async () => {
    const booked = await sendcloud().createReturn(dutchReturnRequest());
    fake.failNext({ status: 200, body: 'surprise', path: /\/api\/v3\/returns\/\d+$/ });
    expect(await carrierFailure(sendcloud().getReturn(booked.remoteId))).toMatchObject({ code: 'CARRIER_BAD_ANSWER' });
    fake.failNext({ status: 200, body: { data: { results: 'none' } } });
    expect(await carrierFailure(sendcloud().servicePoints({ country: 'NL', postcode: '1012' }))).toMatchObject({
      code: 'CARRIER_BAD_ANSWER',
    });
    fake.failNext({ status: 201, body: { message: 'ok' }, path: /\/api\/v3\/returns$/ });
    expect(await carrierFailure(sendcloud().createReturn(dutchReturnRequest()))).toMatchObject({ code: 'CARRIER_BAD_ANSWER' });
    fake.failNext({ status: 200, body: { data: { events: null } } });
    expect(await carrierFailure(sendcloud().track('3SSEND1'))).toMatchObject({ code: 'CARRIER_BAD_ANSWER' });
    fake.failNext({ status: 200, body: [] });
    expect(await carrierFailure(sendcloud().testConnection())).toMatchObject({ code: 'CARRIER_BAD_ANSWER' });
  });

  it('never follows a redirect with the keys, and refuses an answer over 10 MB', async () => {
    const elsewhere = await new FakeHttpServer().start();
    onTestFinished(() => elsewhere.stop());
    fake.failNext({ status: 302, headers: { location: `${elsewhere.url}/collect` } });
    expect(await carrierFailure(sendcloud().testConnection())).toMatchObject({
      kind: 'rejected',
      code: 'CARRIER_REDIRECTED',
      status: 302,
    });
    fake.failNext({ status: 307, headers: { location: `${elsewhere.url}/collect` }, path: /\/api\/v3\/returns$/ });
    expect(await carrierFailure(sendcloud().createReturn(dutchReturnRequest()))).toMatchObject({ code: 'CARRIER_REDIRECTED' });
    expect(elsewhere.seen).toHaveLength(0);
    fake.failNext({ status: 200, body: { data: 'x'.repeat(MAX_ANSWER_BYTES) } });
    expect(await carrierFailure(sendcloud().testConnection())).toMatchObject({ code: 'CARRIER_BAD_ANSWER' });
    // The next plain answer is read as ever.
    await expect(sendcloud().testConnection()).resolves.toBeDefined();
  });

  it('a booking whose read-back fails is handed back not ready, with its id, so it is never booked again', async () => {
    fake.failNext({ status: 502, path: /\/api\/v3\/returns\/\d+$/ });
    const booked = await sendcloud().createReturn(dutchReturnRequest());
    expect(booked).toMatchObject({ ready: false, parcels: [{ remoteId: expect.any(String), trackingNumber: null }] });
    expect(fake.returns.has(Number(booked.remoteId))).toBe(true);
    expect((await sendcloud().getReturn(booked.remoteId)).ready).toBe(true);
  });
});
