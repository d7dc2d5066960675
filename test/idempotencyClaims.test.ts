import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/app/admin/createApiKey.js';
import { cliActor } from '../src/app/kernel/context.js';
import { completeIdempotency, requestFingerprint } from '../src/app/kernel/idempotency.js';
import { LEASE_SECONDS } from '../src/app/kernel/processLease.js';
import { savePaymentProvider } from '../src/app/money/payments/savePaymentProvider.js';
import { createTestDb, DB_KINDS, postgresOnly } from './support/databases.js';
import { FakePaymentProvider } from './support/fakePaymentProviders.js';
import { DAY, orderFixture, seedCatalogue, seedOrders } from './support/fixtures.js';
import { startRetour } from './support/retourProcess.js';
import { createTestApp, type TestApp } from './support/testApp.js';
import { testContext } from './support/testContext.js';
import { until } from './support/until.js';

describe.each(DB_KINDS)('Idempotency-Key claims (%s)', (kind) => {
  let t: TestApp;
  let order: Awaited<ReturnType<typeof seedOrders>>[number];
  let orderToken: string;

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    const delivered = new Date(t.clock.now.getTime() - 3 * DAY);
    [order] = (await seedOrders(t.ctx, [orderFixture('6101', delivered)])) as [typeof order];
    orderToken = await t.shopperToken('6101', '6101@example.nl');
  });
  afterAll(() => t?.close());

  const lineOf = (sku: string) => [{ orderLineId: order.lineBySku[sku], quantity: 1, reasonCode: 'too_small' }];
  const createReturn = (bearer: string, key: string, sku: string) =>
    t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer,
      headers: { 'idempotency-key': key },
      payload: { method: 'qr', lines: lineOf(sku) },
    });

  it("keeps a status link within its return: it never replays what the order token's requests were answered", async () => {
    const a = await createReturn(orderToken, 'create-a', 'TEE-M');
    expect(a.statusCode, a.body).toBe(201);
    const statusLinkA = a.json().statusToken as string;
    const b = await createReturn(orderToken, 'create-b', 'JACKET');
    expect(b.statusCode, b.body).toBe(201);
    const returnB = b.json() as { returnId: string; statusToken: string };

    // The order token repeating its request gets its answer again.
    const replay = await createReturn(orderToken, 'create-b', 'JACKET');
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json().statusToken).toBe(returnB.statusToken);

    // Return A's status link sending the same request with the same key is not the order token:
    // it is refused for what it is, and learns nothing of return B.
    const fromLinkA = await createReturn(statusLinkA, 'create-b', 'JACKET');
    expect(fromLinkA.headers['idempotent-replayed']).toBeUndefined();
    expect(fromLinkA.statusCode).toBe(403);
    expect(fromLinkA.json().code).toBe('STATUS_LINK_SCOPE');
    expect(fromLinkA.body).not.toContain(returnB.returnId);
    expect(fromLinkA.body).not.toContain(returnB.statusToken);

    // Nor does a status link replay the order token's cancel of its own return.
    const cancel = (bearer: string) =>
      t.request({
        method: 'POST',
        url: `/api/v1/shopper/returns/${returnB.returnId}/cancel`,
        bearer,
        headers: { 'idempotency-key': 'cancel-b' },
      });
    const cancelled = await cancel(orderToken);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect((await cancel(orderToken)).headers['idempotent-replayed']).toBe('true');
    const fromLinkB = await cancel(returnB.statusToken);
    expect(fromLinkB.headers['idempotent-replayed']).toBeUndefined();
    const keys = await t.ctx.db
      .selectFrom('idempotency_keys')
      .select(['principal', 'key'])
      .where('key', '=', 'cancel-b')
      .execute();
    expect(keys.map((k) => k.principal).sort()).toEqual([
      expect.stringMatching(/^shopper:[^:]+:[^:]+$/),
      ...(fromLinkB.statusCode < 400 ? [expect.stringMatching(new RegExp(`^shopper:[^:]+:[^:]+:${returnB.returnId}$`))] : []),
    ]);
  });

  /** A claim on `key` for the request below, as a process that stopped mid-request left it. */
  async function strandedClaim(key: string, ownerLease: string | null, lockedForMs: number) {
    const payload = { method: 'qr', lines: lineOf('JACKET') };
    const [customer] = await t.ctx.db.selectFrom('orders').select(['customer_id', 'id']).where('id', '=', order.id).execute();
    await t.ctx.db
      .insertInto('idempotency_keys')
      .values({
        principal: `shopper:${customer?.customer_id}:${order.id}`,
        key,
        request_hash: requestFingerprint('POST', '/api/v1/shopper/returns', JSON.stringify(payload)),
        status: 'in_progress',
        locked_until: new Date(t.clock.now.getTime() + lockedForMs),
        created_at: t.clock.now,
        owner_lease: ownerLease,
        claim_token: 'stranded',
      })
      .execute();
    return () =>
      t.request({
        method: 'POST',
        url: '/api/v1/shopper/returns',
        bearer: orderToken,
        headers: { 'idempotency-key': key },
        payload,
      });
  }

  it("frees a claim at once when its process's lease is gone or ran out, and only then", async () => {
    // The process is alive (its lease runs ahead): a duplicate waits.
    await t.ctx.db
      .insertInto('process_leases')
      .values([
        { id: 'lse_alive', holder: 'elsewhere:1', expires_at: sql<Date>`now() + interval '1 hour'` },
        { id: 'lse_ran_out', holder: 'elsewhere:2', expires_at: sql<Date>`now() - interval '1 second'` },
      ])
      .execute();
    const alive = await strandedClaim('claim-alive', 'lse_alive', 60_000);
    const busy = await alive();
    expect(busy.statusCode).toBe(409);
    expect(busy.json().code).toBe('IDEMPOTENCY_IN_PROGRESS');

    // A claim of an older server without a lease waits for its lock as before.
    const unowned = await strandedClaim('claim-unowned', null, 60_000);
    expect((await unowned()).statusCode).toBe(409);

    // The process's lease ran out, or it is gone altogether (pruned): the claim is free although
    // its lock would hold it for another minute.
    for (const [key, lease] of [
      ['claim-ran-out', 'lse_ran_out'],
      ['claim-gone', 'lse_gone'],
    ] as const) {
      const retry = await strandedClaim(key, lease, 60_000);
      const res = await retry();
      expect(res.statusCode, res.body).toBeLessThan(300);
      const claim = await t.ctx.db
        .selectFrom('idempotency_keys')
        .select(['status', 'owner_lease', 'claim_token'])
        .where('key', '=', key)
        .executeTakeFirstOrThrow();
      expect(claim.status).toBe('done');
      expect(claim.owner_lease).toMatch(/^lse_/);
      expect(claim.owner_lease).not.toBe(lease);
      expect(claim.claim_token).not.toBe('stranded');
      // Only one return came of it: a repeat replays.
      expect((await retry()).headers['idempotent-replayed']).toBe('true');
      await t.request({
        method: 'POST',
        url: `/api/v1/shopper/returns/${res.json().returnId}/cancel`,
        bearer: orderToken,
      });
    }

    // This server's own lease is alive while it runs.
    const own = await t.ctx.db
      .selectFrom('process_leases')
      .select(['id', 'holder'])
      .where('expires_at', '>', sql<Date>`now()`)
      .where('id', 'not in', ['lse_alive'])
      .execute();
    expect(own).toHaveLength(1);
    expect(own[0]?.holder).toMatch(new RegExp(`:${process.pid}$`));
  });

  it('lets only the request holding a claim store its answer: one whose claim was taken over rolls back', async () => {
    await strandedClaim('claim-fenced', 'lse_gone', 60_000);
    const [customer] = await t.ctx.db.selectFrom('orders').select('customer_id').where('id', '=', order.id).execute();
    const claim = {
      principal: `shopper:${customer?.customer_id}:${order.id}`,
      key: 'claim-fenced',
      token: 'not-the-holder',
      respond: () => ({ status: 201, body: { late: true } }),
    };
    await expect(t.ctx.db.transaction().execute((tx) => completeIdempotency(tx, claim, null))).rejects.toMatchObject({
      code: 'IDEMPOTENCY_IN_PROGRESS',
    });
    const row = await t.ctx.db
      .selectFrom('idempotency_keys')
      .select(['status', 'response_body'])
      .where('key', '=', 'claim-fenced')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'in_progress', response_body: null });
  });
});

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

// Two server processes on one database: PostgreSQL only.
describe.skipIf(!DB_KINDS.includes('postgres'))(postgresOnly('a server killed while it holds an Idempotency-Key'), () => {
  it("frees the key when the dead server's lease runs out, long before the claim's lock", async () => {
    const mollie = new FakePaymentProvider('mollie');
    await mollie.start();
    const db = await createTestDb('postgres');
    const dataDir = mkdtempSync(join(tmpdir(), 'retour-claims-'));
    dirs.push(dataDir);
    const servers: ChildProcess[] = [];
    try {
      const ctx = testContext(db.db, {}, { RETOUR_ENCRYPTION_KEY: 'claims-test-encryption-key' });
      const meta = { actor: cliActor };
      await seedCatalogue(ctx);
      const payment = mollie.addPayment(26_395);
      const [order] = await seedOrders(ctx, [
        orderFixture('6201', new Date(Date.now() - 3 * DAY), { paymentProvider: 'mollie', paymentReference: payment }),
      ]);
      if (!order) throw new Error('no order');
      await savePaymentProvider(ctx, meta, { provider: 'mollie', apiKey: mollie.apiKey, baseUrl: mollie.url });
      const { key: apiKey } = await createApiKey(ctx, meta, { name: 'checkout', role: 'admin' });
      const env = { DATABASE_URL: db.url ?? '', RETOUR_DATA_DIR: dataDir, RETOUR_ENCRYPTION_KEY: 'claims-test-encryption-key' };
      const call = (url: string, path: string, body: object, idempotencyKey?: string) =>
        fetch(`${url}${path}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${apiKey}`,
            'content-type': 'application/json',
            ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
          },
          body: JSON.stringify(body),
        });

      const first = await startRetour(['serve'], { LOG_LEVEL: 'warn', RETOUR_WORKERS: 'false', ...env });
      servers.push(first.child);
      const second = await startRetour(['serve'], { LOG_LEVEL: 'warn', RETOUR_WORKERS: 'false', ...env });
      servers.push(second.child);
      const created = await call(first.url, '/api/v1/returns', {
        orderId: order.id,
        method: 'qr',
        lines: [{ orderLineId: order.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small' }],
      });
      expect(created.status, await created.clone().text()).toBe(201);
      const { returnId } = (await created.json()) as { returnId: string };

      // The first server takes the key and waits on the provider; it dies there.
      mollie.holdAnswers();
      void call(first.url, `/api/v1/returns/${returnId}/settle`, {}, 'settle-once').catch(() => null);
      const claim = await until(
        () => db.db.selectFrom('idempotency_keys').selectAll().where('key', '=', 'settle-once').executeTakeFirst(),
        { what: 'the claim of the first server' },
      );
      expect(claim.status).toBe('in_progress');
      await until(() => (mollie.payments.get(payment)?.refunds.length ?? 0) > 0, { what: 'the refund at the provider' });
      first.child.kill('SIGKILL');
      await first.exit;
      mollie.releaseAnswers();

      // While the dead server's lease lasts, the client is told its request is in flight; once it
      // has run out, the same request goes through, while the claim's own lock still holds.
      const retried = await until(
        async () => {
          const res = await call(second.url, `/api/v1/returns/${returnId}/settle`, {}, 'settle-once');
          if (res.status === 409) return null;
          return { status: res.status, body: await res.text(), at: Date.now() };
        },
        { ms: (LEASE_SECONDS + 30) * 1000, what: "the dead server's claim to be freed" },
      );
      expect(retried.status, retried.body).toBeLessThan(300);
      expect(retried.at).toBeLessThan(new Date(claim.locked_until).getTime());
      const lease = await db.db
        .selectFrom('process_leases')
        .select(sql<boolean>`expires_at < now()`.as('ran_out'))
        .where('id', '=', claim.owner_lease as string)
        .executeTakeFirstOrThrow();
      expect(lease.ran_out).toBe(true);
      const after = await db.db
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('key', '=', 'settle-once')
        .executeTakeFirstOrThrow();
      expect(after.status).toBe('done');
      expect(after.owner_lease).not.toBe(claim.owner_lease);
      // One refund at the provider, whatever the retry did.
      expect(mollie.payments.get(payment)?.refunds).toHaveLength(1);
    } finally {
      for (const s of servers) if (s.exitCode === null) s.kill('SIGKILL');
      await db.close();
      await mollie.stop();
    }
  }, 180_000);
});
