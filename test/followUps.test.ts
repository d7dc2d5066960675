import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkers, type Workers } from '../src/jobs/worker.js';
import { createTestDb, DB_KINDS, postgresOnly } from './support/databases.js';
import { FakePaymentProvider } from './support/fakePaymentProviders.js';
import { DAY, orderFixture, PASSWORD, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { startRetour } from './support/retourProcess.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';
import { testContext } from './support/testContext.js';
import { until, untilSettled } from './support/until.js';

const KEY = 'follow-up-test-key';

/** A policy under which every return waits for a person, and money moves as soon as it is approved. */
async function payOnApproval(
  send: (method: string, url: string, payload?: object) => Promise<{ status: number; body: unknown }>,
) {
  const standard = (await send('GET', '/api/v1/policy-versions/pol_standard')).body as { document: { defaults: object } };
  const document = {
    ...standard.document,
    defaults: { ...standard.document.defaults, refundTiming: 'approval', autoApprove: false },
  };
  const draft = await send('POST', '/api/v1/policy-versions', { name: 'Reviewed, paid on approval', document });
  expect(draft.status, JSON.stringify(draft.body)).toBe(201);
  const published = await send('POST', `/api/v1/policy-versions/${(draft.body as { id: string }).id}/publish`, {});
  expect(published.status, JSON.stringify(published.body)).toBe(200);
}

describe.each(DB_KINDS)('follow-ups of a change made by an automation rule (%s)', (kind) => {
  let t: TestApp;
  let workers: Workers;
  let admin: StaffClient;
  const mollie = new FakePaymentProvider('mollie');
  let order: Awaited<ReturnType<typeof seedOrders>>[number] | undefined;
  let payment = '';

  beforeAll(async () => {
    await mollie.start();
    // Nothing runs the follow-ups but the workers: the requests here do not.
    t = await createTestApp(kind, { RETOUR_ENCRYPTION_KEY: KEY }, { followUps: 'manual' });
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin']);
    payment = mollie.addPayment(26_395);
    const delivered = new Date(t.clock.now.getTime() - 3 * DAY);
    [order] = await seedOrders(t.ctx, [
      orderFixture('7401', delivered, { paymentProvider: 'mollie', paymentReference: payment }),
    ]);
    admin = await t.login('admin');
    const send = async (method: string, url: string, payload?: object) => {
      const res = await t.request({ method: method as 'GET', url, staff: admin, payload });
      return { status: res.statusCode, body: res.json() };
    };
    const configured = await send('PUT', '/api/v1/payment-providers/mollie', { apiKey: mollie.apiKey, baseUrl: mollie.url });
    expect(configured.status, JSON.stringify(configured.body)).toBe(200);
    await payOnApproval(send);
    const rule = await send('POST', '/api/v1/automation-rules', {
      name: 'Approve every return',
      enabled: true,
      trigger: 'return.requested',
      conditions: {},
      actions: [{ type: 'approve' }],
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    // The relay's own poll does not come again during the test: only the wake-up after each commit
    // that wrote events relays them, as it must for a follow-up to start right after the change.
    workers = await startWorkers(t.ctx, t.handle, { pollMs: 3_600_000 });
  }, 60_000);
  afterAll(async () => {
    await workers?.stop();
    await t?.close();
    await mollie.stop();
  });

  it('an approval by the rule pays the refund due on approval, exactly once', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/returns',
      staff: admin,
      payload: {
        orderId: order?.id,
        method: 'qr',
        lines: [{ orderLineId: order?.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small', resolution: 'refund' }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { returnId, status } = res.json() as { returnId: string; status: string };
    expect(status).toBe('under_review');

    const refunds = () => mollie.payments.get(payment)?.refunds ?? [];
    await until(() => refunds().length > 0, { what: 'the refund of the approval the rule made' });
    await untilSettled(t.ctx.db);
    expect(refunds()).toHaveLength(1);
    const detail = (await t.request({ method: 'GET', url: `/api/v1/returns/${returnId}`, staff: admin })).json();
    expect(detail.status).toBe('approved');
    expect(detail.timeline.find((e: { type: string }) => e.type === 'return.approved').actor.type).toBe('rule');
    expect(detail.settlements).toEqual([
      expect.objectContaining({ kind: 'refund', status: 'succeeded', trigger: 'approval', amount: refunds()[0]?.amount }),
    ]);
  });
});

// A server and a worker process share one database: PostgreSQL only.
describe.skipIf(!DB_KINDS.includes('postgres'))(postgresOnly('follow-ups after a crash'), () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('an approval committed by a process killed before its follow-up ran is paid once by the next worker', async () => {
    const mollie = new FakePaymentProvider('mollie');
    await mollie.start();
    const db = await createTestDb('postgres');
    const dataDir = mkdtempSync(join(tmpdir(), 'retour-follow-up-'));
    dirs.push(dataDir);
    const children: ChildProcess[] = [];
    try {
      const ctx = testContext(db.db, {}, { RETOUR_ENCRYPTION_KEY: KEY });
      await seedCatalogue(ctx);
      await seedStaff(ctx, ['admin']);
      const payment = mollie.addPayment(26_395);
      const [order] = await seedOrders(ctx, [
        orderFixture('7402', new Date(Date.now() - 3 * DAY), { paymentProvider: 'mollie', paymentReference: payment }),
      ]);
      const env = { DATABASE_URL: db.url ?? '', RETOUR_DATA_DIR: dataDir, RETOUR_ENCRYPTION_KEY: KEY, LOG_LEVEL: 'warn' };
      // A server without workers: whatever follows from its changes waits in the outbox.
      const server = await startRetour(['serve'], { ...env, RETOUR_WORKERS: 'false' }, /background workers are off here/);
      children.push(server.child);
      const url = /Retour is running at (http:\/\/\S+)/.exec(server.output())?.[1] ?? '';
      const login = await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@shop.test', password: PASSWORD }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      const send = async (method: string, path: string, payload?: object) => {
        const res = await fetch(`${url}${path}`, {
          method,
          headers: { cookie, 'x-csrf-token': csrfToken, ...(payload ? { 'content-type': 'application/json' } : {}) },
          body: payload ? JSON.stringify(payload) : undefined,
        });
        return { status: res.status, body: (await res.json()) as unknown };
      };
      expect((await send('PUT', '/api/v1/payment-providers/mollie', { apiKey: mollie.apiKey, baseUrl: mollie.url })).status).toBe(
        200,
      );
      await payOnApproval(send);
      const created = await send('POST', '/api/v1/returns', {
        orderId: order?.id,
        method: 'qr',
        lines: [{ orderLineId: order?.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small', resolution: 'refund' }],
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const { returnId } = created.body as { returnId: string };
      const lines = ((await send('GET', `/api/v1/returns/${returnId}`)).body as { lines: { id: string }[] }).lines;
      const approved = await send('POST', `/api/v1/returns/${returnId}/approve`, {
        lines: lines.map((l) => ({ returnLineId: l.id })),
      });
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);

      // The approval is committed; the process dies before anything followed from it.
      server.child.kill('SIGKILL');
      await server.exit;
      expect(mollie.payments.get(payment)?.refunds ?? []).toEqual([]);
      const waiting = await db.db.selectFrom('outbox').select('topic').where('published_at', 'is', null).execute();
      expect(waiting.map((r) => r.topic)).toContain('return.approved');

      children.push((await startRetour(['worker'], env, /Retour worker is running/)).child);
      await until(() => (mollie.payments.get(payment)?.refunds.length ?? 0) > 0, { what: 'the refund, from the worker' });
      await untilSettled(db.db);
      expect(mollie.payments.get(payment)?.refunds).toHaveLength(1);
      const settlements = await db.db.selectFrom('settlements').select(['status', 'trigger']).execute();
      expect(settlements).toEqual([{ status: 'succeeded', trigger: 'approval' }]);
    } finally {
      for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
      await db.close();
      await mollie.stop();
    }
  }, 120_000);
});
