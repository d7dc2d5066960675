import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookingJob } from '../src/app/logistics/shipments/bookingQueue.js';
import { bookingRequest } from '../src/app/logistics/shipments/bookingRequest.js';
import { bookReturnParcel } from '../src/app/logistics/shipments/bookReturnParcel.js';
import { giveUpBooking } from '../src/app/logistics/shipments/shipmentClaim.js';
import { sendEmail } from '../src/app/messaging/emails/sendEmail.js';
import { QUEUES, txExecutor } from '../src/jobs/jobQueue.js';
import { connectCarrier } from './support/carrierSetup.js';
import { FakeSendcloud } from './support/carriers/fakeSendcloud.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, orderLine, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { pdfText } from './support/pdfText.js';
import { publishPolicy } from './support/policies.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

type Seeded = Awaited<ReturnType<typeof seedOrders>>[number];

const SERVICE = 'postnl:standard/return';
const ORDERS = ['5101', '5102', '5103', '5104', '5105', '5106', '5107', '5108', '5109', '5110', '5111', '5112'];

/** Booking return parcels with a carrier (Sendcloud, against its fake over HTTP): on approval, once
 * whatever happens on the way, with its label, cost, boxes and customs; failing loudly; voided when
 * the return is called off; Retour's own label where no carrier is set up. */
describe.each(DB_KINDS)('return parcels booked with a carrier (%s)', (kind) => {
  let t: TestApp;
  let agent: StaffClient;
  let analyst: StaffClient;
  let warehouse: StaffClient;
  const fake = new FakeSendcloud();
  const orders: Record<string, Seeded> = {};
  // Never started: it only reads and writes job rows, on the test's database.
  const boss = new PgBoss({ db: { executeSql: () => Promise.reject(new Error('unused')) }, schema: 'pgboss' });

  beforeAll(async () => {
    await fake.start();
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin', 'agent', 'analyst', 'warehouse']);
    const admin = await t.login('admin');
    agent = await t.login('agent');
    analyst = await t.login('analyst');
    warehouse = await t.login('warehouse');
    await publishPolicy(t, admin, 'Carrier returns', {
      defaults: { window: { days: 30, from: 'delivery' }, resolutions: ['refund'], methods: ['label', 'qr'] },
      rules: [],
    });
    const delivered = new Date(t.clock.now.getTime() - 3 * DAY);
    const swiss = { line1: 'Bahnhofstrasse 10', postcode: '8001', city: 'Zürich', country: 'CH' };
    const seeded = await seedOrders(t.ctx, [
      ...ORDERS.map((n) =>
        orderFixture(n, delivered, { lines: [orderLine('TEE-M', 2, 2000, delivered), orderLine('JACKET', 1, 9000, delivered)] }),
      ),
      orderFixture('5199', delivered, { shippingAddress: swiss, lines: [orderLine('TEE-M', 2, 2000, delivered)] }),
    ]);
    for (const o of seeded) orders[o.number] = o;
  });
  afterAll(async () => {
    await t?.close();
    await fake.stop();
  });

  const jobDb = () => ({ db: txExecutor(t.ctx.db) }) as PgBoss.ConnectionOptions;

  /** Runs the booking jobs queued so far, as a worker would; one that fails goes back to the queue. */
  async function runBookingJobs(): Promise<number> {
    let ran = 0;
    for (;;) {
      const jobs = await boss.fetch<BookingJob>(QUEUES.book, { batchSize: 20, ...jobDb() });
      if (jobs.length === 0) return ran;
      for (const job of jobs) {
        ran++;
        try {
          await bookReturnParcel(t.ctx, job.data.shipmentId);
          await boss.complete(QUEUES.book, job.id, {}, jobDb());
        } catch (err) {
          await boss.fail(QUEUES.book, job.id, { message: String(err) }, jobDb());
        }
      }
    }
  }

  let connected = false;
  async function connectSendcloud() {
    if (connected) return;
    connected = true;
    await connectCarrier(t.ctx.db, t.ctx, {
      carrier: 'sendcloud',
      credentials: fake.credentials(),
      methods: ['NL', 'CH'].flatMap((country) =>
        (['label', 'qr'] as const).map((method) => ({
          method,
          country,
          // PostNL collects returns in the Benelux only; UPS from Switzerland too.
          serviceCode: country === 'CH' ? 'ups:standard/return' : SERVICE,
          serviceName: country === 'CH' ? 'UPS Standard Return' : 'PostNL return',
        })),
      ),
    });
  }

  /** The shopper of an order asks to return its tees; approved at once by the policy. */
  async function requestReturn(number: string, method: 'label' | 'qr' = 'label') {
    const bearer = await t.shopperToken(number, `${number}@example.nl`);
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer,
      payload: {
        method,
        lines: [{ orderLineId: orders[number]?.lineBySku['TEE-M'], quantity: 2, reasonCode: 'too_small', resolution: 'refund' }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().status).toBe('approved');
    return { id: res.json().returnId as string, number: res.json().number as string, bearer };
  }

  const shipmentOf = (returnId: string) =>
    t.ctx.db.selectFrom('shipments').selectAll().where('return_id', '=', returnId).executeTakeFirstOrThrow();
  const eventsOf = async (returnId: string) =>
    (
      await t.ctx.db
        .selectFrom('events')
        .select('type')
        .where('return_id', '=', returnId)
        .where('subject_type', '=', 'shipment')
        .orderBy('occurred_at')
        .orderBy('id')
        .execute()
    ).map((e) => e.type);
  const carrierReturns = (reference: string) => [...fake.returns.values()].filter((r) => r.external_reference === reference);

  it("keeps Retour's own label, and books nothing, while no carrier is set up", async () => {
    const ret = await requestReturn('5101');
    expect(await t.ctx.db.selectFrom('shipments').select('id').where('return_id', '=', ret.id).execute()).toEqual([]);
    // With no carrier service and no routing rule there is nothing to route: no follow-up runs at all.
    const routing = await t.ctx.db.selectFrom('returns').select('routing').where('id', '=', ret.id).executeTakeFirstOrThrow();
    expect(routing.routing).toBeNull();
    const label = await t.request({ method: 'GET', url: `/api/v1/returns/${ret.id}/label`, staff: agent });
    expect(label.statusCode).toBe(200);
    expect(label.headers['content-type']).toBe('application/pdf');
    expect(label.body).toContain(ret.number);
    const listed = await t.request({ method: 'GET', url: `/api/v1/returns/${ret.id}/shipments`, staff: agent });
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json()).toMatchObject({ items: [], routing: null });
  });

  it("books the parcel on approval and serves the carrier's label at both label routes, with its cost", async () => {
    await connectSendcloud();
    const ret = await requestReturn('5102');
    const pending = await shipmentOf(ret.id);
    expect(pending).toMatchObject({ status: 'pending', carrier: 'sendcloud', reference: ret.number, service_code: SERVICE });
    expect(await runBookingJobs()).toBe(1);

    const booked = await shipmentOf(ret.id);
    expect(booked).toMatchObject({ status: 'booked', label_content_type: 'application/pdf', cost_currency: 'EUR' });
    expect(Number(booked.cost_amount)).toBeGreaterThan(0);
    expect(carrierReturns(ret.number)).toHaveLength(1);
    expect(await eventsOf(ret.id)).toEqual(['shipment.booked']);
    const event = await t.ctx.db
      .selectFrom('events')
      .select('data')
      .where('return_id', '=', ret.id)
      .where('type', '=', 'shipment.booked')
      .executeTakeFirstOrThrow();
    expect(event.data).toMatchObject({ carrier: 'sendcloud', service: SERVICE, cost: { currency: 'EUR' } });
    expect((event.data.trackingNumbers as string[])[0]).toMatch(/^3S/);

    const staffLabel = await t.request({ method: 'GET', url: `/api/v1/returns/${ret.id}/label`, staff: agent });
    expect(staffLabel.headers['content-type']).toBe('application/pdf');
    expect(staffLabel.rawPayload.equals(booked.label as Buffer)).toBe(true);
    const shopperLabel = await t.request({ method: 'GET', url: `/api/v1/shopper/returns/${ret.id}/label`, bearer: ret.bearer });
    expect(shopperLabel.statusCode).toBe(200);
    expect(shopperLabel.rawPayload.equals(booked.label as Buffer)).toBe(true);
    const direct = await t.request({ method: 'GET', url: `/api/v1/shipments/${booked.id}/label`, staff: warehouse });
    expect(direct.rawPayload.equals(booked.label as Buffer)).toBe(true);
    // Another shopper gets nothing of it.
    const other = await t.shopperToken('5103', '5103@example.nl');
    expect((await t.request({ method: 'GET', url: `/api/v1/shopper/returns/${ret.id}/label`, bearer: other })).statusCode).toBe(
      404,
    );

    const listed = (await t.request({ method: 'GET', url: `/api/v1/returns/${ret.id}/shipments`, staff: analyst })).json();
    expect(listed.routing).toMatchObject({ fallback: false, candidates: [{ carrier: 'sendcloud', chosen: true }] });
    expect(listed.items[0]).toMatchObject({
      status: 'booked',
      carrier: 'sendcloud',
      documents: { label: true, qr: false, customs: false },
      parcels: [{ collo: 1, trackingNumber: expect.stringMatching(/^3S/) }],
    });
    expect(listed.items[0].cost.amount).toBe(Number(booked.cost_amount));
  });

  it("e-mails the shopper the carrier's label with the tracking link, and the approval says it follows", async () => {
    const ret = await requestReturn('5111');
    await runBookingJobs();
    await t.followUps();
    const emails = await t.ctx.db
      .selectFrom('emails')
      .select(['id', 'kind'])
      .where('return_id', '=', ret.id)
      .orderBy('created_at')
      .execute();
    expect(emails.map((e) => e.kind)).toEqual(['approved', 'label_ready']);
    for (const e of emails) expect(await sendEmail(t.ctx, e.id)).toMatch(/sent|stored/);
    const sent = await t.ctx.db
      .selectFrom('emails')
      .select(['kind', 'subject', 'text_body', 'attachments'])
      .where('return_id', '=', ret.id)
      .orderBy('created_at')
      .execute();
    const [approved, ready] = sent;
    // Retour's own label is no use where a carrier books the parcel.
    expect(approved?.attachments).toEqual([]);
    expect(approved?.text_body).toContain('in een aparte e-mail');
    const shipment = await shipmentOf(ret.id);
    expect(ready?.subject).toContain(ret.number);
    expect(ready?.text_body).toContain(shipment.tracking_url);
    expect(ready?.attachments).toEqual([
      { filename: `return-label-${ret.number}.pdf`, contentType: 'application/pdf', source: 'carrier_label' },
    ]);
  });

  it('books once after a 429: the label is said to be delayed, then booked', async () => {
    const ret = await requestReturn('5103');
    fake.rateLimitNext(1, /\/api\/v3\/returns$/);
    await runBookingJobs();
    const delayed = await shipmentOf(ret.id);
    expect(delayed).toMatchObject({ status: 'pending', attempts: 1 });
    expect(delayed.last_error).toMatch(/429|throttl|rate/i);
    expect(await eventsOf(ret.id)).toEqual(['shipment.booking_delayed']);
    // The job's retry.
    expect(await bookReturnParcel(t.ctx, delayed.id)).toBe('booked');
    expect(await eventsOf(ret.id)).toEqual(['shipment.booking_delayed', 'shipment.booked']);
    expect(carrierReturns(ret.number)).toHaveLength(1);
  });

  it('finds the parcel booked under the reference after a lost answer instead of booking a second', async () => {
    const ret = await requestReturn('5104');
    const shipment = await shipmentOf(ret.id);
    // An attempt reached the carrier, which booked the parcel, but its answer never came back.
    const connection = await t.ctx.carriers.connection(shipment.connection_id as string);
    const { request } = await bookingRequest(t.ctx.db, shipment);
    await connection?.adapter.createReturn(request);
    await t.ctx.db
      .updateTable('shipments')
      .set({ attempts: 1, last_error: 'CARRIER_TIMEOUT: no answer' })
      .where('id', '=', shipment.id)
      .execute();
    expect(carrierReturns(ret.number)).toHaveLength(1);
    const before = fake.seen.length;
    expect(await bookReturnParcel(t.ctx, shipment.id)).toBe('booked');
    expect(carrierReturns(ret.number)).toHaveLength(1);
    // It looked the parcel up by its reference and booked nothing: the fake's own refusal of a
    // second booking under the same reference must not be what saved it.
    const asked = fake.seen.slice(before).filter((r) => r.path === '/api/v3/returns');
    expect(asked.map((r) => r.method)).toEqual(['GET']);
    expect(asked[0]?.query.get('external_reference')).toBe(ret.number);
    expect((await shipmentOf(ret.id)).remote_id).toBe(String(carrierReturns(ret.number)[0]?.id));
  });

  it('books one parcel however many attempts run at the same time', async () => {
    const ret = await requestReturn('5105');
    const shipment = await shipmentOf(ret.id);
    const runs = await Promise.allSettled(Array.from({ length: 10 }, () => bookReturnParcel(t.ctx, shipment.id)));
    expect(runs.filter((r) => r.status === 'fulfilled' && r.value === 'booked')).toHaveLength(1);
    // The others found it taken (and would retry) or already booked.
    for (const r of runs) if (r.status === 'rejected') expect((r.reason as Error).name).toBe('ShipmentBusy');
    expect(carrierReturns(ret.number)).toHaveLength(1);
    expect((await shipmentOf(ret.id)).status).toBe('booked');
    expect(await bookReturnParcel(t.ctx, shipment.id)).toBe('nothing_to_do');
  });

  it('fails a booking the carrier refuses, or that never gets through, and tells staff', async () => {
    const refused = await requestReturn('5106');
    fake.failNext({
      status: 422,
      body: { errors: [{ status: '422', code: 'invalid', title: 'Invalid', detail: 'Unknown postal code.' }] },
      path: /\/api\/v3\/returns$/,
    });
    await runBookingJobs();
    expect((await shipmentOf(refused.id)).status).toBe('failed');

    const down = await requestReturn('5107');
    fake.failNext({ status: 503, body: {}, path: /\/api\/v3\/returns$/ });
    await runBookingJobs();
    const waiting = await shipmentOf(down.id);
    expect(waiting.status).toBe('pending');
    // Its retries spent, the dead-letter queue gives it up.
    await giveUpBooking(t.ctx, waiting.id);
    expect((await shipmentOf(down.id)).status).toBe('failed');
    expect(await eventsOf(down.id)).toEqual(['shipment.booking_delayed', 'shipment.failed']);
    expect(carrierReturns(down.number)).toHaveLength(0);

    await t.followUps();
    const notes = await t.ctx.db
      .selectFrom('staff_notifications')
      .select(['kind', 'return_id'])
      .where('kind', '=', 'label_failed')
      .execute();
    expect(notes.map((n) => n.return_id).sort()).toEqual([refused.id, down.id].sort());

    // Staff try again once the carrier is back: the same shipment is booked, once.
    const forbidden = await t.request({ method: 'POST', url: `/api/v1/shipments/${waiting.id}/retry`, staff: analyst });
    expect(forbidden.statusCode).toBe(403);
    const retried = await t.request({ method: 'POST', url: `/api/v1/shipments/${waiting.id}/retry`, staff: agent });
    expect(retried.statusCode, retried.body).toBe(202);
    await runBookingJobs();
    expect((await shipmentOf(down.id)).status).toBe('booked');
    expect(carrierReturns(down.number)).toHaveLength(1);
    const again = await t.request({ method: 'POST', url: `/api/v1/shipments/${waiting.id}/retry`, staff: agent });
    expect(again.json()).toMatchObject({ code: 'SHIPMENT_NOT_FAILED' });
  });

  it('voids the label with the carrier when the return is cancelled', async () => {
    const ret = await requestReturn('5108');
    await runBookingJobs();
    const cancelled = await t.request({ method: 'POST', url: `/api/v1/returns/${ret.id}/cancel`, staff: agent, payload: {} });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const shipment = await shipmentOf(ret.id);
    expect(['voided', 'void_requested']).toContain(shipment.status);
    expect(await eventsOf(ret.id)).toEqual(['shipment.booked', 'shipment.voided']);
    expect(carrierReturns(ret.number)[0]?.is_cancellable).toBe(false);
    expect(fake.requests('PATCH', /^\/api\/v3\/returns\/\d+\/cancel$/)).toHaveLength(1);
  });

  it('books two boxes for a return packed in two', async () => {
    const ret = await requestReturn('5109');
    await t.ctx.db.updateTable('returns').set({ parcel_count: 2 }).where('id', '=', ret.id).execute();
    await runBookingJobs();
    const parcels = await t.ctx.db
      .selectFrom('shipment_parcels')
      .select(['collo', 'tracking_number'])
      .where('return_id', '=', ret.id)
      .orderBy('collo')
      .execute();
    expect(parcels.map((p) => p.collo)).toEqual([1, 2]);
    expect(new Set(parcels.map((p) => p.tracking_number)).size).toBe(2);
    expect(carrierReturns(ret.number)[0]?.collo_count).toBe(2);

    // The shipment's label holds both boxes; each box keeps its own, to print one again.
    const [first, second] = parcels.map((p) => p.tracking_number as string);
    const shipment = await shipmentOf(ret.id);
    const whole = pdfText(shipment.label as Buffer);
    expect(whole).toContain(first);
    expect(whole).toContain(second);
    const listed = (await t.request({ method: 'GET', url: `/api/v1/returns/${ret.id}/shipments`, staff: analyst })).json();
    expect(listed.items[0].parcels.map((p: { document: string | null }) => p.document)).toEqual(['label', 'label']);
    const box2 = await t.request({ method: 'GET', url: `/api/v1/shipments/${shipment.id}/boxes/2/label`, staff: analyst });
    expect(box2.statusCode, box2.body).toBe(200);
    expect(box2.headers['content-type']).toBe('application/pdf');
    expect(pdfText(box2.rawPayload)).toContain(second);
    expect(pdfText(box2.rawPayload)).not.toContain(first);
    const box3 = await t.request({ method: 'GET', url: `/api/v1/shipments/${shipment.id}/boxes/3/label`, staff: analyst });
    expect(box3.statusCode).toBe(404);

    // The shopper gets the same box, and no box of another shopper's return.
    const own = await t.request({ method: 'GET', url: `/api/v1/shopper/returns/${ret.id}/boxes/1/label`, bearer: ret.bearer });
    expect(own.statusCode, own.body).toBe(200);
    expect(pdfText(own.rawPayload)).toContain(first);
    const view = (await t.request({ method: 'GET', url: `/api/v1/shopper/returns/${ret.id}`, bearer: ret.bearer })).json();
    expect(view.logistics.shipment.parcels.map((p: { document: string | null }) => p.document)).toEqual(['label', 'label']);
    const other = await requestReturn('5112');
    const foreign = await t.request({
      method: 'GET',
      url: `/api/v1/shopper/returns/${ret.id}/boxes/1/label`,
      bearer: other.bearer,
    });
    expect(foreign.statusCode).toBe(404);
  });

  it('sends the customs declaration with a return from Switzerland, and keeps the document', async () => {
    const ret = await requestReturn('5199');
    await runBookingJobs();
    const shipment = await shipmentOf(ret.id);
    expect(shipment.status).toBe('booked');
    expect(shipment.customs).toMatchObject({ invoiceNumber: ret.number, from: 'CH', to: 'NL', weightEstimated: true });
    expect(carrierReturns(ret.number)[0]?.customs_invoice_nr).toBe(ret.number);
    const doc = await t.request({ method: 'GET', url: `/api/v1/shipments/${shipment.id}/customs`, staff: agent });
    expect(doc.statusCode).toBe(200);
    expect(doc.headers['content-type']).toBe('application/pdf');
    expect(doc.rawPayload.subarray(0, 4).toString()).toBe('%PDF');
  });

  it("keeps the carrier's QR image for a label-free return and shows it to its shopper", async () => {
    const ret = await requestReturn('5110', 'qr');
    await runBookingJobs();
    const shipment = await shipmentOf(ret.id);
    expect(shipment).toMatchObject({ status: 'booked', label_content_type: 'image/png' });
    const qr = await t.request({ method: 'GET', url: `/api/v1/shopper/returns/${ret.id}/carrier-qr.png`, bearer: ret.bearer });
    expect(qr.statusCode).toBe(200);
    expect(qr.headers['content-type']).toBe('image/png');
    const staffQr = await t.request({ method: 'GET', url: `/api/v1/shipments/${shipment.id}/qr`, staff: agent });
    expect(staffQr.rawPayload.equals(qr.rawPayload)).toBe(true);
    expect((await t.request({ method: 'GET', url: `/api/v1/shipments/${shipment.id}/label`, staff: agent })).statusCode).toBe(
      404,
    );
  });
});
