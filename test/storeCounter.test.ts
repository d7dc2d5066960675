import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/app/admin/createApiKey.js';
import { cliActor } from '../src/app/kernel/context.js';
import { renderEmailRow } from '../src/app/messaging/emails/renderEmailRow.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, FIXTURE_STORE, orderFixture, seedCatalogue, seedOrders, seedStaff, seedStore } from './support/fixtures.js';
import { pdfText } from './support/pdfText.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

describe.each(DB_KINDS)('the store counter (%s)', (kind) => {
  let t: TestApp;
  let store: StaffClient;
  let admin: StaffClient;
  let agent: StaffClient;
  let orders: Awaited<ReturnType<typeof seedOrders>>;
  let otherTillKey: string;
  let agentKey: string;
  const OTHER_STORE = 'wh_store_utr';

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin', 'agent', 'store']);
    await seedStore(t.ctx, OTHER_STORE);
    const delivered = new Date(t.clock.now.getTime() - 3 * DAY);
    const sandbox = (n: string) => ({ paymentProvider: 'sandbox' as const, paymentReference: `sbx_tr_${n}_${kind}` });
    orders = await seedOrders(t.ctx, [
      orderFixture('7101', delivered, sandbox('7101')),
      orderFixture('7102', delivered, sandbox('7102')),
      orderFixture('7103', delivered, sandbox('7103')),
      orderFixture('7104', delivered, sandbox('7104')),
      orderFixture('7105', delivered, sandbox('7105')),
      orderFixture('7106', delivered, { paymentProvider: 'mollie', paymentReference: `tr_7106_${kind}` }),
      orderFixture('7107', delivered, sandbox('7107')),
    ]);
    admin = await t.login('admin');
    agent = await t.login('agent');
    store = await t.login('store');
    const saved = await t.request({
      method: 'PUT',
      url: '/api/v1/payment-providers/sandbox',
      staff: admin,
      payload: { apiKey: 'sandbox_test' },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    otherTillKey = (await createApiKey(t.ctx, { actor: cliActor }, { name: 'till 2', role: 'store', storeId: OTHER_STORE })).key;
    agentKey = (await createApiKey(t.ctx, { actor: cliActor }, { name: 'agent', role: 'agent' })).key;
  });
  afterAll(() => t?.close());

  const order = (i: number) => orders[i] as (typeof orders)[number];
  const takeBack = (payload: object, key: string, who: { staff?: StaffClient; bearer?: string } = { staff: store }) =>
    t.request({ method: 'POST', url: '/api/v1/store-counter/returns', ...who, payload, headers: { 'idempotency-key': key } });
  const teeBack = (i: number, extra: object = {}) => ({
    orderId: order(i).id,
    lines: [{ orderLineId: order(i).lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small', grade: 'A' }],
    ...extra,
  });
  const onHandAt = async (warehouseId: string) => {
    const row = await t.ctx.db
      .selectFrom('stock_movements')
      .select(sql<string>`coalesce(sum(quantity), 0)`.as('n'))
      .where('variant_id', '=', 'var_tee_m')
      .where('warehouse_id', '=', warehouseId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };

  it('knows the store of its staff, and lets an admin choose one', async () => {
    const own = await t.request({ method: 'GET', url: '/api/v1/store-counter', staff: store });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({ store: { id: FIXTURE_STORE }, stores: [{ id: FIXTURE_STORE }] });
    expect(own.json().grades).toContain('A');
    expect(own.json().reasons.map((r: { code: string }) => r.code)).toContain('fit');
    const chosen = (await t.request({ method: 'GET', url: '/api/v1/store-counter', staff: admin })).json();
    expect(chosen.store).toBeNull();
    expect(chosen.stores.map((s: { id: string }) => s.id).sort()).toEqual([FIXTURE_STORE, OTHER_STORE].sort());
  });

  it('finds an order by its number, by the e-mail address, and by the QR code of a return to bring to the store', async () => {
    const byNumber = (await t.request({ method: 'GET', url: '/api/v1/store-counter/find?q=7101', staff: store })).json();
    expect(byNumber).toMatchObject({ matchedBy: 'number', orders: [{ number: '7101' }] });
    expect(byNumber.orders[0].lines.find((l: { sku: string }) => l.sku === 'TEE-M')).toMatchObject({
      quantity: 2,
      returnable: 2,
    });
    const byEmail = (
      await t.request({
        method: 'GET',
        url: `/api/v1/store-counter/find?q=${encodeURIComponent(' 7102@Example.NL ')}`,
        staff: store,
      })
    ).json();
    expect(byEmail).toMatchObject({ matchedBy: 'email', orders: [{ number: '7102' }] });

    const online = await t.request({
      method: 'POST',
      url: '/api/v1/returns',
      staff: agent,
      payload: {
        orderId: order(3).id,
        method: 'store',
        storeId: FIXTURE_STORE,
        lines: [{ orderLineId: order(3).lineBySku['TEE-M'], quantity: 2, reasonCode: 'too_small', resolution: 'refund' }],
      },
    });
    expect(online.statusCode, online.body).toBe(201);
    const { returnId, number } = online.json();
    // The portal shows the shopper this return's QR code, and it names the return and its order.
    const token = await t.shopperToken('7104', '7104@example.nl');
    const svg = await t.request({ method: 'GET', url: `/api/v1/shopper/returns/${returnId}/qr.svg`, bearer: token });
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    const qr = `RETOUR:${number}:7104`;
    const byQr = (
      await t.request({ method: 'GET', url: `/api/v1/store-counter/find?q=${encodeURIComponent(qr)}`, staff: store })
    ).json();
    expect(byQr).toMatchObject({ matchedBy: 'qr', returnId, orders: [{ number: '7104' }] });
    expect(byQr.orders[0].openReturns).toMatchObject([{ id: returnId, method: 'store', lines: [{ quantity: 2 }] }]);
    // A QR code naming a return with another order finds nothing.
    const forged = (
      await t.request({
        method: 'GET',
        url: `/api/v1/store-counter/find?q=${encodeURIComponent(`RETOUR:${number}:7101`)}`,
        staff: store,
      })
    ).json();
    expect(forged).toMatchObject({ matchedBy: 'qr', returnId: null, orders: [] });
  });

  it('takes a new return back, grades it, refunds the original payment through the provider, and stocks the store', async () => {
    const before = await onHandAt(FIXTURE_STORE);
    const res = await takeBack(teeBack(0), 'counter-7101');
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ outcome: 'taken_back' });
    expect(body.receipt).toMatchObject({
      orderNumber: '7101',
      store: { id: FIXTURE_STORE },
      lines: [{ sku: 'TEE-M', quantity: 1, grade: 'A', resolution: 'refund' }],
      money: [{ kind: 'refund', provider: 'sandbox', status: 'succeeded' }],
      storeCredit: null,
      pdfUrl: `/api/v1/store-counter/returns/${body.returnId}/receipt.pdf`,
    });
    expect(body.receipt.refunded).toBeGreaterThan(0);
    expect(body.receipt.lines[0].amount).toBe(body.receipt.refunded);
    const ret = await t.ctx.db.selectFrom('returns').selectAll().where('id', '=', body.returnId).executeTakeFirstOrThrow();
    expect(ret).toMatchObject({ source: 'store', method: 'store', store_id: FIXTURE_STORE });
    expect(await onHandAt(FIXTURE_STORE)).toBe(before + 1);
    const receipts = await t.ctx.db
      .selectFrom('events')
      .select('data')
      .where('type', '=', 'return.store_receipt')
      .where('return_id', '=', body.returnId)
      .execute();
    expect(receipts).toEqual([{ data: { storeId: FIXTURE_STORE } }]);

    const pdf = await t.request({ method: 'GET', url: body.receipt.pdfUrl, staff: store });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf.rawPayload);
    expect(text).toContain(ret.number);
    expect(text).toContain('Organic tee');
    expect(text).toContain('TEE-M');
  });

  it('takes back a return the risk score holds at grading: the receipt answers, and the money waits for a person', async () => {
    // Graded X, not our item: a wrong item weighs fully from the first, so the score asks a person.
    const line = { orderLineId: order(6).lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small', grade: 'X' };
    const res = await takeBack({ orderId: order(6).id, lines: [line] }, 'counter-7107');
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ outcome: 'taken_back' });
    expect(body.receipt).toMatchObject({ orderNumber: '7107', lines: [{ sku: 'TEE-M', grade: 'X' }], money: [], refunded: 0 });
    const ret = await t.ctx.db
      .selectFrom('returns')
      .select(['on_hold', 'hold_reasons'])
      .where('id', '=', body.returnId)
      .executeTakeFirstOrThrow();
    expect(ret).toMatchObject({ on_hold: true, hold_reasons: ['risk_review'] });
    const settled = await t.ctx.db.selectFrom('settlements').select('id').where('return_id', '=', body.returnId).execute();
    expect(settled).toEqual([]);
  });

  it('answers a double tap with the same return and one refund, even when both taps race', async () => {
    const payload = teeBack(1);
    const [a, b] = await Promise.all([takeBack(payload, 'tap-7102'), takeBack(payload, 'tap-7102')]);
    const done = [a, b].filter((r) => r.statusCode === 201);
    expect(done.length).toBeGreaterThan(0);
    for (const r of [a, b]) expect([201, 409]).toContain(r.statusCode);
    const again = await takeBack(payload, 'tap-7102');
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json().returnId).toBe(done[0]?.json().returnId);
    const returns = await t.ctx.db.selectFrom('returns').select('id').where('order_id', '=', order(1).id).execute();
    expect(returns).toHaveLength(1);
    const refunds = await t.ctx.db
      .selectFrom('settlements')
      .select('id')
      .where('return_id', '=', again.json().returnId)
      .execute();
    expect(refunds).toHaveLength(1);
  });

  it('gives store credit when the shopper chooses it, with the code on the receipt', async () => {
    const res = await takeBack(teeBack(2, { resolution: 'store_credit' }), 'credit-7103');
    expect(res.statusCode, res.body).toBe(201);
    const receipt = res.json().receipt;
    expect(receipt.money).toMatchObject([{ kind: 'store_credit', status: 'succeeded' }]);
    expect(receipt.refunded).toBe(0);
    expect(receipt.storeCredit).toMatchObject({ code: expect.any(String) });
    expect(receipt.storeCredit.amount).toBeGreaterThan(0);
    // The shopper has an e-mail address: the receipt goes there too, with the grades and the code.
    const emails = await t.ctx.db
      .selectFrom('emails')
      .select(['kind', 'return_id', 'event_id', 'notification_id', 'recipient'])
      .where('return_id', '=', res.json().returnId)
      .where('kind', '=', 'store_receipt')
      .execute();
    expect(emails).toHaveLength(1);
    // The steps the shopper watched at the counter send no e-mail of their own.
    const kinds = await t.ctx.db.selectFrom('emails').select('kind').where('return_id', '=', res.json().returnId).execute();
    expect(kinds.map((k) => k.kind).sort()).toEqual(['credited', 'store_receipt']);
    const mail = await renderEmailRow(t.ctx, emails[0] as (typeof emails)[number]);
    if (!mail.ok) throw new Error(mail.reason);
    expect(mail.recipient).toBe('7103@example.nl');
    expect(mail.subject).toContain(res.json().receipt.returnNumber);
    expect(mail.text).toContain(receipt.storeCredit.code);
    expect(mail.text).toContain('Organic tee');
    const nl = await t.request({ method: 'GET', url: `${receipt.pdfUrl}?locale=nl`, staff: store });
    const text = pdfText(nl.rawPayload);
    expect(text).toContain(receipt.storeCredit.code);
    expect(text).toContain('Retourbon');
  });

  it("takes back nothing in another store's name, and nothing for a role without a counter", async () => {
    const elsewhere = await takeBack(teeBack(4, { storeId: FIXTURE_STORE }), 'other-7105', { bearer: otherTillKey });
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.json()).toMatchObject({ code: 'OTHER_STORE', errors: [{ path: 'storeId' }] });
    const staffElsewhere = await takeBack(teeBack(4, { storeId: OTHER_STORE }), 'staff-other-7105');
    expect(staffElsewhere.statusCode).toBe(403);
    expect(staffElsewhere.json()).toMatchObject({ code: 'OTHER_STORE', errors: [{ path: 'storeId' }] });
    const denied = await takeBack(teeBack(4), 'agent-7105', { bearer: agentKey });
    expect(denied.statusCode).toBe(403);
    expect(await t.ctx.db.selectFrom('returns').select('id').where('order_id', '=', order(4).id).execute()).toEqual([]);
  });

  it('refuses, before booking anything in, a refund through a provider the shop has not set up', async () => {
    const refused = await takeBack(teeBack(5), 'mollie-7106');
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'PROVIDER_NOT_CONFIGURED' });
    expect(await t.ctx.db.selectFrom('returns').select('id').where('order_id', '=', order(5).id).execute()).toEqual([]);
    // Store credit needs no provider: the shopper can take that instead.
    const credited = await takeBack(teeBack(5, { resolution: 'store_credit' }), 'mollie-7106-credit');
    expect(credited.statusCode, credited.body).toBe(201);
    expect(credited.json().receipt.money).toMatchObject([{ kind: 'store_credit', status: 'succeeded' }]);
  });

  it('takes back nothing the policy refuses (an engraved pen, made to measure), and writes nothing', async () => {
    const pen = {
      orderId: order(4).id,
      lines: [{ orderLineId: order(4).lineBySku.PEN, quantity: 1, reasonCode: 'too_small', grade: 'A' }],
    };
    const refused = await takeBack(pen, 'pen-7105');
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'LINE_NOT_ELIGIBLE', errors: [{ path: 'lines.0.orderLineId' }] });
    expect(refused.json().verdicts[0].codes).toContain('STATUTORY_EXCEPTION_PERSONALISED');
    expect(await t.ctx.db.selectFrom('returns').select('id').where('order_id', '=', order(4).id).execute()).toEqual([]);
    const kept = await t.ctx.db.selectFrom('counter_returns').select('id').where('request_key', 'like', '%:pen-7105').execute();
    expect(kept).toEqual([]);
  });

  it('refuses a take-back without an Idempotency-Key, and a store account without a store', async () => {
    const bare = await t.request({ method: 'POST', url: '/api/v1/store-counter/returns', staff: store, payload: teeBack(4) });
    expect(bare.statusCode).toBe(422);
    expect(bare.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REQUIRED' });
    const key = await createApiKey(t.ctx, { actor: cliActor }, { name: 'till', role: 'store', storeId: FIXTURE_STORE });
    await t.ctx.db.updateTable('api_keys').set({ store_id: null }).where('id', '=', key.id).execute();
    const lost = await t.request({ method: 'GET', url: '/api/v1/store-counter', bearer: key.key });
    expect(lost.statusCode).toBe(403);
    expect(lost.json()).toMatchObject({ code: 'NO_STORE_ASSIGNED' });
    const admins = await t.request({
      method: 'POST',
      url: '/api/v1/store-counter/returns',
      staff: admin,
      payload: teeBack(4),
      headers: { 'idempotency-key': 'admin-7105' },
    });
    expect(admins.statusCode).toBe(422);
    expect(admins.json()).toMatchObject({ code: 'STORE_REQUIRED', errors: [{ path: 'storeId' }] });
  });

  it('needs a store to make a staff user or an API key of the store role', async () => {
    const payload = { email: 'till@shop.test', name: 'Till', password: 'a long enough password', role: 'store' };
    const missing = await t.request({ method: 'POST', url: '/api/v1/staff', staff: admin, payload });
    expect(missing.statusCode).toBe(422);
    expect(missing.json()).toMatchObject({ code: 'STORE_REQUIRED', errors: [{ path: 'storeId' }] });
    const notStore = await t.request({
      method: 'POST',
      url: '/api/v1/staff',
      staff: admin,
      payload: { ...payload, storeId: 'wh_dc' },
    });
    expect(notStore.json()).toMatchObject({ code: 'NOT_A_STORE' });
    const made = await t.request({
      method: 'POST',
      url: '/api/v1/staff',
      staff: admin,
      payload: { ...payload, storeId: OTHER_STORE },
    });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ role: 'store', storeId: OTHER_STORE });
    const key = await t.request({
      method: 'POST',
      url: '/api/v1/api-keys',
      staff: admin,
      payload: { name: 'Till', role: 'store' },
    });
    expect(key.json()).toMatchObject({ code: 'STORE_REQUIRED' });
    const moved = await t.request({
      method: 'PATCH',
      url: `/api/v1/staff/${made.json().id}`,
      staff: admin,
      payload: { role: 'agent' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ role: 'agent', storeId: null });
  });
});
