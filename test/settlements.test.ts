import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { DB_KINDS } from './support/databases.js';
import { FakePaymentProvider } from './support/fakePaymentProviders.js';
import { DAY, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { connectPaymentProvider, paidOrderFixture } from './support/paidOrders.js';
import { publishPolicy } from './support/policies.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

type Seeded = Awaited<ReturnType<typeof seedOrders>>[number];

describe.each(DB_KINDS)('settlements through payment providers (%s)', (kind) => {
  let t: TestApp;
  let admin: StaffClient;
  let agent: StaffClient;
  const mollie = new FakePaymentProvider('mollie');
  const stripe = new FakePaymentProvider('stripe');
  const orders: Record<string, Seeded> = {};
  const payments: Record<string, string> = {};

  beforeAll(async () => {
    await mollie.start();
    await stripe.start();
    t = await createTestApp(kind, { RETOUR_ENCRYPTION_KEY: 'settlement-test-key' });
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin', 'agent', 'warehouse', 'analyst']);
    const delivered = new Date(t.clock.now.getTime() - 3 * DAY);
    const paidBy = (n: string, provider: FakePaymentProvider | null) => {
      const order = paidOrderFixture(n, delivered, provider);
      if (order.paymentReference) payments[n] = order.paymentReference;
      return order;
    };
    const seeded = await seedOrders(t.ctx, [
      paidBy('7001', mollie),
      paidBy('7002', mollie),
      paidBy('7003', stripe),
      paidBy('7004', mollie),
      paidBy('7005', null),
      paidBy('7006', mollie),
      paidBy('7007', stripe),
      paidBy('7008', mollie),
      paidBy('7009', null),
      paidBy('7010', mollie),
      paidBy('7011', mollie),
    ]);
    for (const o of seeded) orders[o.number] = o;
    admin = await t.login('admin');
    agent = await t.login('agent');
    // Every test refunds through the providers, whatever ran before it.
    for (const provider of [mollie, stripe]) await configure(provider);
  });
  afterAll(async () => {
    await t?.close();
    await mollie.stop();
    await stripe.stop();
  });

  const post = (url: string, payload: object | undefined, staff: StaffClient = agent, headers: Record<string, string> = {}) =>
    t.request({ method: 'POST', url, staff, payload, headers });
  const get = (url: string, staff: StaffClient = agent) => t.request({ method: 'GET', url, staff });

  async function configure(provider: FakePaymentProvider) {
    const res = await connectPaymentProvider(t, admin, provider);
    expect(res.statusCode, res.body).toBe(200);
    return res;
  }

  async function approvedReturn(orderNumber: string, lines: { sku: string; quantity: number; resolution?: string }[]) {
    const o = orders[orderNumber] as Seeded;
    const res = await post('/api/v1/returns', {
      orderId: o.id,
      method: 'qr',
      lines: lines.map((l) => ({
        orderLineId: o.lineBySku[l.sku],
        quantity: l.quantity,
        reasonCode: 'too_small',
        resolution: l.resolution ?? 'refund',
      })),
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json() as { returnId: string; status: string };
    if (created.status !== 'approved') {
      const detail = (await get(`/api/v1/returns/${created.returnId}`)).json();
      const approve = await post(`/api/v1/returns/${created.returnId}/approve`, {
        lines: detail.lines.map((l: { id: string }) => ({ returnLineId: l.id })),
      });
      expect(approve.statusCode, approve.body).toBe(200);
    }
    return created.returnId;
  }

  it('keeps provider keys sealed: shown only as a hint, never stored or answered in clear', async () => {
    expect((await get('/api/v1/payment-providers', admin)).json().items).toEqual([
      expect.objectContaining({ provider: 'mollie', configured: true }),
      expect.objectContaining({ provider: 'stripe', configured: true }),
      expect.objectContaining({ provider: 'sandbox', configured: false }),
    ]);
    const bad = await t.request({
      method: 'PUT',
      url: '/api/v1/payment-providers/mollie',
      staff: admin,
      payload: { apiKey: 'sk_live_nope_nope_nope' },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ code: 'API_KEY_FORMAT', errors: [{ path: 'apiKey' }] });
    const saved = await configure(mollie);
    expect(saved.body).not.toContain(mollie.apiKey);
    expect(saved.json()).toMatchObject({
      provider: 'mollie',
      configured: true,
      enabled: true,
      keyHint: `…${mollie.apiKey.slice(-4)}`,
    });
    await configure(stripe);
    const stored = await t.ctx.db.selectFrom('payment_providers').selectAll().execute();
    expect(stored).toHaveLength(2);
    for (const row of stored) expect(row.credentials).not.toContain(row.provider === 'mollie' ? mollie.apiKey : stripe.apiKey);
    const events = await t.ctx.db
      .selectFrom('events')
      .select('data')
      .where('type', '=', 'settings.payment_provider_saved')
      .execute();
    expect(JSON.stringify(events)).not.toContain(mollie.apiKey);
    // Agents do not manage providers.
    expect((await get('/api/v1/payment-providers', agent)).statusCode).toBe(403);
  });

  it('refunds through Mollie exactly what the calculator says, with the settlement on the return', async () => {
    const returnId = await approvedReturn('7001', [{ sku: 'TEE-M', quantity: 1 }]);
    const res = await post(`/api/v1/returns/${returnId}/settle`, {});
    expect(res.statusCode, res.body).toBe(200);
    const out = res.json();
    expect(out.started).toHaveLength(1);
    const [s] = out.settlements;
    expect(s).toMatchObject({ kind: 'refund', provider: 'mollie', status: 'succeeded', trigger: 'staff', attempts: 1 });
    expect(s.breakdown.paid).toBe(2000);
    expect(s.amount).toBe(s.breakdown.total);
    const refunds = mollie.payments.get(payments['7001'] as string)?.refunds ?? [];
    expect(refunds.map((r) => r.amount)).toEqual([s.amount]);
    expect(s.providerRefundId).toBe(refunds[0]?.id);
    const detail = (await get(`/api/v1/returns/${returnId}`)).json();
    expect(detail.lines[0]).toMatchObject({ settlement: 'succeeded' });
    expect(detail.timeline.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['return.settlement_started', 'return.settlement_recorded']),
    );
    // Nothing left: a second settle changes nothing and refunds nothing.
    const again = await post(`/api/v1/returns/${returnId}/settle`, {});
    expect(again.statusCode).toBe(200);
    expect(again.json().started).toEqual([]);
    expect(mollie.payments.get(payments['7001'] as string)?.refunds).toHaveLength(1);
  });

  it('makes one refund when 100 settle requests for one return arrive at once', async () => {
    const returnId = await approvedReturn('7002', [
      { sku: 'TEE-M', quantity: 2 },
      { sku: 'JACKET', quantity: 1 },
    ]);
    const before = mollie.requests;
    const answers = await Promise.all(Array.from({ length: 100 }, () => post(`/api/v1/returns/${returnId}/settle`, {})));
    for (const a of answers) expect(a.statusCode, a.body).toBe(200);
    expect(answers.filter((a) => a.json().started.length > 0)).toHaveLength(1);
    const refunds = mollie.payments.get(payments['7002'] as string)?.refunds ?? [];
    expect(refunds).toHaveLength(1);
    expect(refunds[0]?.amount).toBe(answers[0]?.json().settlements[0].amount);
    // The provider was asked once: the others found the settlement under way.
    expect(mollie.requests - before).toBe(1);
    const rows = await t.ctx.db.selectFrom('settlements').selectAll().where('return_id', '=', returnId).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.idempotency_key).toBe(`retour-${rows[0]?.id}`);
  });

  it('recovers a refund whose answer was lost: pending until reconciliation finds it at the provider, never paid twice', async () => {
    const returnId = await approvedReturn('7003', [{ sku: 'JACKET', quantity: 1 }]);
    stripe.dropAnswers = 1;
    const res = await post(`/api/v1/returns/${returnId}/settle`, {});
    expect(res.statusCode, res.body).toBe(200);
    const [pending] = res.json().settlements;
    expect(pending).toMatchObject({ status: 'pending', provider: 'stripe', attempts: 1 });
    expect(pending.lastError).toMatch(/could not be reached/);
    const refunds = () => stripe.payments.get(payments['7003'] as string)?.refunds ?? [];
    expect(refunds()).toHaveLength(1);
    // The lines are pending: settling again starts nothing new.
    expect((await post(`/api/v1/returns/${returnId}/settle`, {})).json().started).toEqual([]);

    // Too fresh to reconcile: a request might still be talking to the provider.
    const early = await post('/api/v1/settlements/reconcile', {}, admin);
    expect(early.statusCode, early.body).toBe(200);
    expect(early.json().checked).toBe(0);
    t.clock.advance(2 * 60_000);
    const report = (await post('/api/v1/settlements/reconcile', {}, admin)).json();
    expect(report).toMatchObject({ checked: 1, succeeded: 1 });
    expect(refunds()).toHaveLength(1);
    const [done] = (await get(`/api/v1/returns/${returnId}/settlements`)).json().items;
    expect(done).toMatchObject({ status: 'succeeded', providerRefundId: refunds()[0]?.id, amount: refunds()[0]?.amount });
    expect((await post('/api/v1/settlements/reconcile', {}, admin)).json().checked).toBe(0);
    // Only admins reconcile.
    expect((await post('/api/v1/settlements/reconcile', {}, agent)).statusCode).toBe(403);
  });

  it('asks again with the same key when the provider was down, and records a refusal as failed so it can be retried', async () => {
    const returnId = await approvedReturn('7004', [{ sku: 'TEE-M', quantity: 1 }]);
    mollie.failNext = [503];
    const first = (await post(`/api/v1/returns/${returnId}/settle`, {})).json();
    expect(first.settlements[0]).toMatchObject({ status: 'pending' });
    expect(mollie.payments.get(payments['7004'] as string)?.refunds).toHaveLength(0);
    t.clock.advance(2 * 60_000);
    expect((await post('/api/v1/settlements/reconcile', {}, admin)).json()).toMatchObject({ checked: 1, succeeded: 1 });
    expect(mollie.payments.get(payments['7004'] as string)?.refunds).toHaveLength(1);

    // A refusal (the payment was refunded elsewhere already): failed, the lines open again.
    const other = await approvedReturn('7006', [{ sku: 'JACKET', quantity: 1 }]);
    const payment = mollie.payments.get(payments['7006'] as string);
    if (payment)
      payment.refunds.push({ id: 're_elsewhere', amount: 26_395, currency: 'EUR', metadata: {}, createdAt: new Date() });
    const refused = (await post(`/api/v1/returns/${other}/settle`, {})).json();
    expect(refused.settlements[0]).toMatchObject({ status: 'failed' });
    expect(refused.settlements[0].lastError).toMatch(/REFUND_REFUSED/);
    const detail = (await get(`/api/v1/returns/${other}`)).json();
    expect(detail.lines[0].settlement).toBe('failed');
    expect(detail.timeline.map((e: { type: string }) => e.type)).toContain('return.settlement_failed');
    // Staff who settle hear of the refusal once the outbox is relayed.
    await t.followUps();
    const told = await t.ctx.db
      .selectFrom('staff_notifications')
      .selectAll()
      .where('kind', '=', 'refund_failed')
      .where('return_id', '=', other)
      .execute();
    expect(told).toHaveLength(1);
    expect(String(told[0]?.facts.error)).toMatch(/refund/i);
    if (payment) payment.refunds.pop();
    const retried = (await post(`/api/v1/returns/${other}/settle`, {})).json();
    expect(retried.started).toHaveLength(1);
    expect(retried.settlements.map((s: { status: string }) => s.status)).toEqual(['failed', 'succeeded']);
  });

  it('waits for staff to confirm a bank transfer for an order paid outside the providers', async () => {
    const returnId = await approvedReturn('7005', [{ sku: 'TEE-M', quantity: 1 }]);
    const out = (await post(`/api/v1/returns/${returnId}/settle`, {})).json();
    const [s] = out.settlements;
    expect(s).toMatchObject({ provider: 'manual', status: 'pending' });
    const missing = await post(`/api/v1/settlements/${s.id}/confirm`, {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].path).toBe('reference');
    const confirmed = await post(`/api/v1/settlements/${s.id}/confirm`, { reference: 'NL91ABNA0417164300 / 2026-06-15' });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: 'succeeded', reference: 'NL91ABNA0417164300 / 2026-06-15' });
    expect((await get(`/api/v1/returns/${returnId}`)).json().lines[0].settlement).toBe('succeeded');
    expect((await post('/api/v1/settlements/stl_nope/confirm', { reference: 'x' })).statusCode).toBe(404);
  });

  it('issues store credit on the ledger for lines granted as credit, and refunds the others', async () => {
    const returnId = await approvedReturn('7007', [
      { sku: 'TEE-M', quantity: 1, resolution: 'store_credit' },
      { sku: 'JACKET', quantity: 1 },
    ]);
    const out = (await post(`/api/v1/returns/${returnId}/settle`, {})).json();
    expect(out.settlements.map((s: { kind: string; status: string }) => [s.kind, s.status])).toEqual([
      ['refund', 'succeeded'],
      ['store_credit', 'succeeded'],
    ]);
    const credit = out.settlements[1];
    expect(credit.reference).toMatch(/^RC-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const entries = await t.ctx.db.selectFrom('store_credit_entries').selectAll().where('return_id', '=', returnId).execute();
    expect(entries.reduce((s, e) => s + e.amount, 0)).toBe(credit.amount);
    expect(stripe.payments.get(payments['7007'] as string)?.refunds.map((r) => r.amount)).toEqual([out.settlements[0].amount]);
  });

  it('refuses to settle what cannot be settled, writing nothing', async () => {
    const count = async () =>
      Number(
        (
          await t.ctx.db
            .selectFrom('settlements')
            .select((e) => e.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    expect((await post('/api/v1/returns/ret_nope/settle', {})).statusCode).toBe(404);
    const returnId = await approvedReturn('7001', [{ sku: 'JACKET', quantity: 1 }]);
    const wrongLine = await post(`/api/v1/returns/${returnId}/settle`, { lineIds: ['rl_nope'] });
    expect(wrongLine.statusCode).toBe(422);
    expect(wrongLine.json()).toMatchObject({ code: 'RETURN_LINE_NOT_FOUND', errors: [{ path: 'lineIds.0' }] });
    // Switched off: the order's provider is not available, so nothing starts.
    await t.request({ method: 'PUT', url: '/api/v1/payment-providers/mollie', staff: admin, payload: { enabled: false } });
    const off = await post(`/api/v1/returns/${returnId}/settle`, {});
    expect(off.statusCode).toBe(409);
    expect(off.json().code).toBe('PROVIDER_NOT_CONFIGURED');
    expect(await count()).toBe(before);
    await t.request({ method: 'PUT', url: '/api/v1/payment-providers/mollie', staff: admin, payload: { enabled: true } });
    const analyst = await t.login('analyst');
    expect((await post(`/api/v1/returns/${returnId}/settle`, {}, analyst)).statusCode).toBe(403);
    expect(await count()).toBe(before);
  });
  it('lets a shopper dispute a deduction, which reopens the return; staff refund part of the line and goodwill, all in the timeline', async () => {
    const returnId = await approvedReturn('7010', [{ sku: 'TEE-M', quantity: 1 }]);
    const [line] = (await get(`/api/v1/returns/${returnId}`)).json().lines;
    const warehouse = await t.login('warehouse');
    expect(
      (await post(`/api/v1/returns/${returnId}/receive`, { lines: [{ returnLineId: line.id, quantity: 1 }] }, warehouse))
        .statusCode,
    ).toBe(200);
    // Judged not the shop's item: nothing is paid back, and the return resolves by itself.
    const inspected = await post(
      `/api/v1/returns/${returnId}/inspect`,
      { lines: [{ returnLineId: line.id, grade: 'X', disposition: 'return_to_customer' }] },
      warehouse,
    );
    expect(inspected.statusCode, inspected.body).toBe(200);
    // Another item than the one sold: the risk score holds the return for a person (docs/fraud.md),
    // who lets the policy decide.
    let detail = (await get(`/api/v1/returns/${returnId}`)).json();
    expect(detail).toMatchObject({ status: 'inspected', onHold: true, holdReasons: ['risk_review'] });
    const reviewed = await post(`/api/v1/returns/${returnId}/risk/review`, { outcome: 'cleared', note: 'Let the policy decide' });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    detail = (await get(`/api/v1/returns/${returnId}`)).json();
    expect(detail.status).toBe('resolved');
    expect(detail.settlements[0]).toMatchObject({ amount: 0, status: 'succeeded', trigger: 'inspection' });
    expect(detail.settlements[0].breakdown.withheld).toBe(2000);

    const token = await t.shopperToken('7010', '7010@example.nl');
    const dispute = await t.request({
      method: 'POST',
      url: `/api/v1/shopper/returns/${returnId}/dispute`,
      bearer: token,
      payload: { message: 'This is the shirt I bought, the label was cut off' },
    });
    expect(dispute.statusCode, dispute.body).toBe(200);
    detail = (await get(`/api/v1/returns/${returnId}`)).json();
    expect(detail).toMatchObject({ status: 'inspected', onHold: true, holdReasons: ['dispute'] });
    // The shopper sees the money and how it was worked out, that the dispute is open, and nothing internal.
    const mine = (await t.request({ method: 'GET', url: `/api/v1/shopper/returns/${returnId}`, bearer: token })).json();
    expect(mine.disputeOpen).toBe(true);
    expect(mine.holdReasons).toBeUndefined();
    expect(mine.settlements[0]).toMatchObject({ amount: 0, status: 'succeeded', breakdown: { withheld: 2000 } });
    expect(mine.settlements[0].lastError).toBeUndefined();
    const again = await t.request({
      method: 'POST',
      url: `/api/v1/shopper/returns/${returnId}/dispute`,
      bearer: token,
      payload: { message: 'again' },
    });
    expect(again.statusCode).toBe(409);
    expect((await post(`/api/v1/returns/${returnId}/resolve`, {})).json().code).toBe('RETURN_ON_HOLD');

    // Upheld in part: 1,500 of the line back to the payment, 250 goodwill as store credit.
    const tooMuch = await post(`/api/v1/returns/${returnId}/adjustments`, {
      kind: 'partial_refund',
      returnLineId: line.id,
      amount: 2001,
      reason: 'x',
    });
    expect(tooMuch.json()).toMatchObject({ code: 'AMOUNT_EXCEEDS_PAID', errors: [{ path: 'amount' }] });
    const noLine = await post(`/api/v1/returns/${returnId}/adjustments`, { kind: 'partial_refund', amount: 100, reason: 'x' });
    expect(noLine.json()).toMatchObject({ errors: [{ path: 'returnLineId' }] });
    const partial = await post(`/api/v1/returns/${returnId}/adjustments`, {
      kind: 'partial_refund',
      returnLineId: line.id,
      amount: 1_500,
      reason: 'Dispute upheld: worn, but ours',
    });
    expect(partial.statusCode, partial.body).toBe(201);
    expect(partial.json()).toMatchObject({
      kind: 'partial_refund',
      provider: 'mollie',
      status: 'succeeded',
      amount: 1_500,
      note: 'Dispute upheld: worn, but ours',
    });
    expect(mollie.payments.get(payments['7010'] as string)?.refunds.map((r) => r.amount)).toEqual([1_500]);
    const goodwill = await post(`/api/v1/returns/${returnId}/adjustments`, {
      kind: 'goodwill',
      amount: 250,
      reason: 'For the trouble',
      via: 'store_credit',
    });
    expect(goodwill.json()).toMatchObject({ kind: 'goodwill', provider: 'ledger', status: 'succeeded' });
    expect((await post(`/api/v1/returns/${returnId}/release`, { reason: 'dispute decided' })).statusCode).toBe(200);
    expect((await post(`/api/v1/returns/${returnId}/resolve`, {})).json().status).toBe('resolved');
    detail = (await get(`/api/v1/returns/${returnId}`)).json();
    const types = detail.timeline.map((e: { type: string }) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['return.dispute_opened', 'return.money_adjusted', 'return.released', 'return.resolved']),
    );
    const adjusted = detail.timeline.filter((e: { type: string }) => e.type === 'return.money_adjusted');
    expect(adjusted.map((e: { reason: string; actor: { type: string } }) => [e.reason, e.actor.type])).toEqual([
      ['Dispute upheld: worn, but ours', 'staff'],
      ['For the trouble', 'staff'],
    ]);
  });

  it('flags a refund as overdue 14 days after the request (or withdrawal notice) while money is owed', async () => {
    const returnId = await approvedReturn('7009', [{ sku: 'TEE-M', quantity: 1 }]);
    const row = () => get(`/api/v1/returns/${returnId}`).then((r) => r.json());
    const first = await row();
    expect(new Date(first.refundBy).getTime() - new Date(first.createdAt).getTime()).toBe(14 * DAY);
    expect(first.refundOverdue).toBe(false);
    t.clock.advance(15 * DAY);
    // The shop's day goes back after this test: returns of the tests after it are made in their window.
    onTestFinished(async () => {
      t.clock.advance(-15 * DAY);
      agent = await t.login('agent');
      admin = await t.login('admin');
    });
    agent = await t.login('agent');
    admin = await t.login('admin');
    expect((await row()).refundOverdue).toBe(true);
    const overdue = (await get('/api/v1/returns?refundOverdue=true')).json().items.map((r: { id: string }) => r.id);
    expect(overdue).toContain(returnId);
    expect((await get('/api/v1/returns/counts')).json().refundOverdue).toBeGreaterThanOrEqual(1);
    const [s] = (await post(`/api/v1/returns/${returnId}/settle`, {})).json().settlements;
    await post(`/api/v1/settlements/${s.id}/confirm`, { reference: 'transfer-7009' });
    expect((await row()).refundOverdue).toBe(false);
    expect((await get('/api/v1/returns?refundOverdue=true')).json().items.map((r: { id: string }) => r.id)).not.toContain(
      returnId,
    );
  });

  it('moves money by itself at the moment the policy names (here: on receipt), not before', async () => {
    const standard = (await get('/api/v1/policy-versions/pol_standard', admin)).json();
    const document = { ...standard.document, defaults: { ...standard.document.defaults, refundTiming: 'receipt' } };
    await publishPolicy(t, admin, 'Refund on receipt', document);
    // The standard policy is in force again after this test.
    onTestFinished(async () => {
      expect((await post('/api/v1/policy-versions/pol_standard/publish', {}, admin)).statusCode).toBe(200);
    });

    const returnId = await approvedReturn('7008', [{ sku: 'TEE-M', quantity: 2 }]);
    const lines = (await get(`/api/v1/returns/${returnId}`)).json().lines;
    expect(lines[0].settlement).toBe('none');
    expect((await post(`/api/v1/returns/${returnId}/in-transit`, { trackingNumber: '3SRTR0001' })).statusCode).toBe(200);
    expect((await get(`/api/v1/returns/${returnId}`)).json().lines[0].settlement).toBe('none');
    const received = await post(`/api/v1/returns/${returnId}/receive`, { lines: [{ returnLineId: lines[0].id, quantity: 2 }] });
    expect(received.statusCode, received.body).toBe(200);
    const [s] = (await get(`/api/v1/returns/${returnId}/settlements`)).json().items;
    expect(s).toMatchObject({ status: 'succeeded', trigger: 'receipt', provider: 'mollie' });
    expect(mollie.payments.get(payments['7008'] as string)?.refunds.map((r) => r.amount)).toEqual([s.amount]);
    const detail = (await get(`/api/v1/returns/${returnId}`)).json();
    const started = detail.timeline.find((e: { type: string }) => e.type === 'return.settlement_started');
    expect(started.actor.type).toBe('system');
  });
  it("exports every refund and credit movement as a journal with the shop's account codes, and reconciles a provider's day", async () => {
    // A refund through Mollie and store credit of this test's own, besides what other tests paid.
    const returnId = await approvedReturn('7011', [
      { sku: 'TEE-M', quantity: 1, resolution: 'store_credit' },
      { sku: 'JACKET', quantity: 1 },
    ]);
    const paid = (await post(`/api/v1/returns/${returnId}/settle`, {})).json();
    expect(paid.settlements.map((s: { kind: string; status: string }) => [s.kind, s.status])).toEqual([
      ['refund', 'succeeded'],
      ['store_credit', 'succeeded'],
    ]);
    const analyst = await t.login('analyst');
    const saved = await t.request({
      method: 'PUT',
      url: '/api/v1/settings/finance-accounts',
      staff: admin,
      payload: { mollie: '1190' },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ mollie: '1190', stripe: '1106', storeCredit: '1600' });
    const range = 'from=2026-06-01&to=2026-12-31';
    const json = (await get(`/api/v1/finance/journal?${range}&format=json`, analyst)).json().items as {
      movement: string;
      movementId: string;
      debitAccount: string;
      creditAccount: string;
      amount: number;
    }[];
    const succeeded = await t.ctx.db
      .selectFrom('settlements')
      .selectAll()
      .where('status', '=', 'succeeded')
      .where('kind', '=', 'refund')
      .where('amount', '>', 0)
      .execute();
    for (const s of succeeded) {
      const line = json.find((l) => l.movementId === s.id);
      expect(line, s.id).toMatchObject({ amount: s.amount, debitAccount: '8010' });
      expect(line?.creditAccount).toBe(s.provider === 'mollie' ? '1190' : s.provider === 'stripe' ? '1106' : '1100');
    }
    expect(json.filter((l) => l.movement.startsWith('refund_'))).toHaveLength(succeeded.length);
    const credit = json.find((l) => l.movement === 'store_credit_issue');
    expect(credit).toMatchObject({ debitAccount: '8010', creditAccount: '1600' });
    const csv = await get(`/api/v1/finance/journal?${range}`, analyst);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const rows = csv.body.trim().split('\r\n');
    expect(rows[0]).toBe(
      'date,movement_id,movement,debit_account,credit_account,amount,currency,return_number,order_number,customer_id,provider,reference,note',
    );
    expect(rows).toHaveLength(json.length + 1);
    expect((await get(`/api/v1/finance/journal?${range}`, agent)).statusCode).toBe(403);
    expect((await get('/api/v1/finance/journal?from=2026-07-01&to=2026-06-01', analyst)).json()).toMatchObject({
      code: 'INVALID_RANGE',
    });

    // Someone refunded a payment in Mollie's dashboard: the day's reconciliation shows it.
    mollie.payments.get(payments['7011'] as string)?.refunds.push({
      id: 're_dashboard',
      amount: 500,
      currency: 'EUR',
      metadata: {},
      createdAt: new Date('2026-06-15T12:00:00Z'),
    });
    const day = (await get('/api/v1/finance/reconciliation?provider=mollie&day=2026-06-15', analyst)).json();
    expect(day.configured).toBe(true);
    const outcomes = day.rows.map((r: { outcome: string }) => r.outcome);
    expect(outcomes).toContain('matched');
    expect(outcomes).toContain('not_in_retour');
    expect(outcomes).not.toContain('missing_at_provider');
    expect(day.rows.find((r: { outcome: string }) => r.outcome === 'not_in_retour').provider).toMatchObject({
      refundId: 're_dashboard',
      amount: 500,
    });
    expect(day.totals.differences).toBe(1);
  });
});
