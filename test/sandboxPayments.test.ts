import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CredentialBox, credentialSecret } from '../src/app/kernel/credentialBox.js';
import { StoredProviderGateway } from '../src/app/money/payments/gateway.js';
import { runProviderRefund } from '../src/app/money/settlementRun.js';
import { createPaymentProvider } from '../src/integrations/payments/index.js';
import { SandboxProvider } from '../src/integrations/payments/sandbox.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

const KEY = 'sandbox-test-key';

describe.each(DB_KINDS)('the sandbox payment provider (%s)', (kind) => {
  let t: TestApp;
  let admin: StaffClient;
  let agent: StaffClient;
  let orders: Awaited<ReturnType<typeof seedOrders>>;

  beforeAll(async () => {
    t = await createTestApp(kind, { RETOUR_ENCRYPTION_KEY: KEY });
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin', 'agent']);
    const delivered = new Date(t.clock.now.getTime() - 3 * DAY);
    orders = await seedOrders(t.ctx, [
      orderFixture('5501', delivered, { paymentProvider: 'sandbox', paymentReference: `sbx_tr_5501_${kind}` }),
      orderFixture('5502', delivered, { paymentProvider: 'sandbox', paymentReference: `sbx_tr_5502_${kind}` }),
    ]);
    admin = await t.login('admin');
    agent = await t.login('agent');
  });
  afterAll(() => t?.close());

  const post = (url: string, payload: object | undefined, staff = agent) => t.request({ method: 'POST', url, staff, payload });

  async function approvedReturn(order: (typeof orders)[number]) {
    const res = await post('/api/v1/returns', {
      orderId: order.id,
      method: 'qr',
      lines: [{ orderLineId: order.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small', resolution: 'refund' }],
    });
    expect(res.statusCode, res.body).toBe(201);
    const { returnId, status } = res.json() as { returnId: string; status: string };
    if (status !== 'approved') {
      const detail = (await t.request({ method: 'GET', url: `/api/v1/returns/${returnId}`, staff: agent })).json();
      const approve = await post(`/api/v1/returns/${returnId}/approve`, {
        lines: detail.lines.map((l: { id: string }) => ({ returnLineId: l.id })),
      });
      expect(approve.statusCode, approve.body).toBe(200);
    }
    return returnId;
  }

  it('is set up like the other providers, with sandbox_test as its key', async () => {
    const list = (await t.request({ method: 'GET', url: '/api/v1/payment-providers', staff: admin })).json();
    expect(list.items).toContainEqual(expect.objectContaining({ provider: 'sandbox', configured: false }));
    const wrong = await t.request({
      method: 'PUT',
      url: '/api/v1/payment-providers/sandbox',
      staff: admin,
      payload: { apiKey: 'live_abcdefghijklmnopqrstuvwxyz' },
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json()).toMatchObject({ code: 'API_KEY_FORMAT', errors: [{ path: 'apiKey' }] });
    const saved = await t.request({
      method: 'PUT',
      url: '/api/v1/payment-providers/sandbox',
      staff: admin,
      payload: { apiKey: 'sandbox_test' },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ provider: 'sandbox', configured: true, enabled: true });
  });

  it('refunds at once, says so on the settlement, and never twice', async () => {
    const returnId = await approvedReturn(orders[0] as (typeof orders)[number]);
    const res = await post(`/api/v1/returns/${returnId}/settle`, {});
    expect(res.statusCode, res.body).toBe(200);
    const [s] = res.json().settlements;
    expect(s).toMatchObject({ kind: 'refund', provider: 'sandbox', status: 'succeeded', attempts: 1 });
    expect(s.providerRefundId).toMatch(/^sbx_re_/);
    expect(s.reference).toBe(s.providerRefundId);

    // Settling again starts nothing; the settlement itself asked again is answered as it stands.
    const again = await post(`/api/v1/returns/${returnId}/settle`, {});
    expect(again.json().started ?? []).toHaveLength(0);
    const box = new CredentialBox(credentialSecret(KEY, t.dataDir));
    const gateway = new StoredProviderGateway(t.ctx.db, box, createPaymentProvider);
    expect(await runProviderRefund({ ...t.ctx, payments: gateway }, s.id)).toBe('succeeded');
    const rows = await t.ctx.db.selectFrom('settlements').selectAll().where('return_id', '=', returnId).execute();
    expect(rows).toHaveLength(1);

    // A retry after a crash (another process, nothing remembered) gets the refund it had.
    const row = rows[0] as (typeof rows)[number];
    const retried = await new SandboxProvider().refund({
      paymentReference: `sbx_tr_5501_${kind}`,
      amount: row.amount,
      currency: row.currency,
      idempotencyKey: row.idempotency_key as string,
      settlementId: row.id,
      returnNumber: 'R-1',
      description: 'retry',
    });
    expect(retried.id).toBe(row.provider_refund_id);
    expect(await new SandboxProvider().listRefunds(`sbx_tr_5501_${kind}`)).toEqual([
      expect.objectContaining({ id: row.provider_refund_id }),
    ]);

    // The finance journal books it on an account of its own: no money moved.
    const journal = await t.request({
      method: 'GET',
      url: '/api/v1/finance/journal?from=2026-06-01&to=2026-12-31&format=json',
      staff: admin,
    });
    expect(journal.statusCode, journal.body).toBe(200);
    expect(journal.json().items.find((l: { movementId: string }) => l.movementId === row.id)).toMatchObject({
      amount: row.amount,
      debitAccount: '8010',
      creditAccount: '1199',
    });
  });

  it('refuses like any provider when it is switched off', async () => {
    const off = await t.request({
      method: 'PUT',
      url: '/api/v1/payment-providers/sandbox',
      staff: admin,
      payload: { enabled: false },
    });
    expect(off.statusCode, off.body).toBe(200);
    const returnId = await approvedReturn(orders[1] as (typeof orders)[number]);
    const res = await post(`/api/v1/returns/${returnId}/settle`, {});
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().code).toBe('PROVIDER_NOT_CONFIGURED');
  });
});
