import { expect } from 'vitest';
import { cliActor } from '../../src/app/kernel/context.js';
import { flagStalledParcels } from '../../src/app/logistics/claims/flagStalledParcels.js';
import { applyStoredWebhooks } from '../../src/app/logistics/tracking/applyStoredWebhooks.js';
import { savePaymentProvider } from '../../src/app/money/payments/savePaymentProvider.js';
import { bookedParcels } from './bookedParcels.js';
import { FakeSendcloud } from './carriers/fakeSendcloud.js';
import type { DbKind } from './databases.js';
import { FakePaymentProvider } from './fakePaymentProviders.js';
import { DAY, orderFixture, seedCatalogue, seedOrders, seedStaff } from './fixtures.js';
import { publishPolicy } from './policies.js';
import { createTestApp, type StaffClient, type TestApp } from './testApp.js';

const HOUR = 3_600_000;
let nextOrder = 9600;
let nextTracking = 1;

/**
 * A Retour with staff, a Sendcloud connection and Mollie, under a policy that approves at once and
 * pays at inspection (so a claim's payment is the first money of a return): what the claim tests
 * share. Each test makes its own returns.
 */
export async function claimsHarness(kind: DbKind) {
  const sendcloud = new FakeSendcloud();
  const mollie = new FakePaymentProvider('mollie');
  await sendcloud.start();
  await mollie.start();
  const t: TestApp = await createTestApp(kind, { RETOUR_ENCRYPTION_KEY: 'claims-test-key' });
  await seedCatalogue(t.ctx);
  await seedStaff(t.ctx, ['admin', 'agent', 'warehouse']);
  const admin = await t.login('admin');
  const agent = await t.login('agent');
  const warehouse = await t.login('warehouse');
  const standard = (await t.request({ method: 'GET', url: '/api/v1/policy-versions/pol_standard', staff: admin })).json();
  await publishPolicy(t, admin, 'Store credit at inspection', {
    ...standard.document,
    defaults: {
      ...standard.document.defaults,
      autoApprove: true,
      refundTiming: 'inspection',
      resolutions: ['refund', 'store_credit'],
    },
  });
  const { apiKey, apiSecret, baseUrl } = sendcloud.credentials();
  const connected = await t.request({
    method: 'POST',
    url: '/api/v1/carriers',
    staff: admin,
    payload: { carrier: 'sendcloud', name: 'Sendcloud', apiKey, apiSecret, baseUrl },
  });
  const connectionId = connected.json().id as string;
  await savePaymentProvider(t.ctx, { actor: cliActor }, { provider: 'mollie', apiKey: mollie.apiKey, baseUrl: mollie.url });

  const hoursAgo = (h: number) => new Date(t.clock.now.getTime() - h * HOUR);

  /** An approved return of one tee (paid 2000), its parcel(s) booked with a label that cost 695;
   * paid by Mollie for a refund (`paidByMollie` is what the shopper paid there), else store credit. */
  async function returnWithParcels(opts: { boxes?: number; paidByMollie?: number } = {}) {
    const number = String(nextOrder++);
    const payment = opts.paidByMollie === undefined ? null : mollie.addPayment(opts.paidByMollie);
    const overrides = payment ? { paymentProvider: 'mollie' as const, paymentReference: payment } : {};
    const [order] = await seedOrders(t.ctx, [orderFixture(number, new Date(t.clock.now.getTime() - 3 * DAY), overrides)]);
    const token = await t.shopperToken(number, `${number}@example.nl`);
    const resolution = payment ? 'refund' : 'store_credit';
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: token,
      payload: { lines: [{ orderLineId: order?.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small', resolution }] },
    });
    expect(created.json().status, created.body).toBe('approved');
    const returnId = created.json().returnId as string;
    const trackingNumbers = Array.from({ length: opts.boxes ?? 1 }, () => `3SCLAIM${String(nextTracking++).padStart(7, '0')}`);
    const { shipmentId, parcelIds } = await bookedParcels(t.ctx, {
      returnId,
      connectionId,
      carrier: 'sendcloud',
      trackingNumbers,
    });
    await t.ctx.db
      .updateTable('shipments')
      .set({ cost_amount: 695, cost_currency: 'EUR' })
      .where('id', '=', shipmentId)
      .execute();
    return {
      returnId,
      trackingNumber: trackingNumbers[0] as string,
      parcelId: parcelIds[0] as string,
      trackingNumbers,
      parcelIds,
      payment,
    };
  }

  /** The carrier's webhook, as the job applies it, and what follows from its events. */
  async function carrierSays(trackingNumber: string, status: string, at: Date) {
    const delivery = sendcloud.statusWebhook(trackingNumber, status, at);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/carriers/${connectionId}/webhooks`,
      headers: delivery.headers,
      payload: delivery.body,
    });
    expect(res.statusCode, res.body).toBe(200);
    await applyStoredWebhooks(t.ctx, connectionId);
    await t.followUps();
  }

  /** Runs the stalled check as the tracking round would at a later moment, then puts the clock back. */
  async function stalledCheckAt(later: number) {
    const now = t.clock.now;
    t.clock.now = new Date(now.getTime() + later);
    try {
      const flagged = await flagStalledParcels(t.ctx);
      await t.followUps();
      return flagged;
    } finally {
      t.clock.now = now;
    }
  }

  const parcel = (id: string) =>
    t.ctx.db.selectFrom('shipment_parcels').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const eventsOf = async (returnId: string, type: string) =>
    (await t.ctx.db.selectFrom('events').select('id').where('return_id', '=', returnId).where('type', '=', type).execute())
      .length;
  const notes = (returnId: string) =>
    t.ctx.db.selectFrom('staff_notifications').selectAll().where('return_id', '=', returnId).orderBy('created_at').execute();
  const post = (url: string, payload: object, staff: StaffClient = agent, key?: string) =>
    t.request({ method: 'POST', url, staff, payload, ...(key ? { headers: { 'idempotency-key': key } } : {}) });

  return {
    t,
    admin,
    agent,
    warehouse,
    mollie,
    returnWithParcels,
    carrierSays,
    stalledCheckAt,
    hoursAgo,
    parcel,
    eventsOf,
    notes,
    post,
    async close() {
      await t.close();
      await sendcloud.stop();
      await mollie.stop();
    },
  };
}

export type ClaimsHarness = Awaited<ReturnType<typeof claimsHarness>>;
