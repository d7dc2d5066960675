import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/app/admin/createApiKey.js';
import { cliActor } from '../src/app/kernel/context.js';
import { savePaymentProvider } from '../src/app/money/payments/savePaymentProvider.js';
import { createTestDb, DB_KINDS, postgresOnly } from './support/databases.js';
import { FakePaymentProvider } from './support/fakePaymentProviders.js';
import { DAY, orderFixture, seedCatalogue, seedOrders } from './support/fixtures.js';
import { startRetour } from './support/retourProcess.js';
import { testContext } from './support/testContext.js';
import { until } from './support/until.js';

const ENCRYPTION_KEY = 'crash-test-encryption-key';
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

// Two server processes share one database one after the other: PostgreSQL only.
describe.skipIf(!DB_KINDS.includes('postgres'))(postgresOnly('a server killed between the refund and its commit'), () => {
  it('leaves the settlement pending; the restarted server finds the refund at the provider and records it once', async () => {
    const mollie = new FakePaymentProvider('mollie');
    await mollie.start();
    const db = await createTestDb('postgres');
    const dataDir = mkdtempSync(join(tmpdir(), 'retour-crash-'));
    dirs.push(dataDir);
    const servers: ChildProcess[] = [];
    try {
      const ctx = testContext(db.db, {}, { RETOUR_ENCRYPTION_KEY: ENCRYPTION_KEY });
      const meta = { actor: cliActor };
      await seedCatalogue(ctx);
      const payment = mollie.addPayment(26_395);
      const delivered = new Date(Date.now() - 3 * DAY);
      const [order] = await seedOrders(ctx, [
        orderFixture('9001', delivered, { paymentProvider: 'mollie', paymentReference: payment }),
      ]);
      if (!order) throw new Error('no order');
      await savePaymentProvider(ctx, meta, {
        provider: 'mollie',
        apiKey: mollie.apiKey,
        baseUrl: mollie.url,
      });
      const { key } = await createApiKey(ctx, meta, { name: 'checkout', role: 'admin' });
      const env = {
        DATABASE_URL: db.url ?? '',
        RETOUR_DATA_DIR: dataDir,
        RETOUR_ENCRYPTION_KEY: ENCRYPTION_KEY,
        RETOUR_RECONCILE_AFTER_SECONDS: '1',
      };
      const call = (url: string, path: string, body: object) =>
        fetch(`${url}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });

      const first = await startRetour(['serve'], { LOG_LEVEL: 'warn', ...env });
      servers.push(first.child);
      const created = await call(first.url, '/api/v1/returns', {
        orderId: order.id,
        method: 'qr',
        lines: [{ orderLineId: order.lineBySku['TEE-M'], quantity: 2, reasonCode: 'too_small' }],
      });
      expect(created.status, await created.clone().text()).toBe(201);
      const { returnId, status } = (await created.json()) as { returnId: string; status: string };
      expect(status).toBe('approved');

      // The provider makes the refund and its answer is slow; the server dies before it arrives.
      mollie.holdAnswers();
      void call(first.url, `/api/v1/returns/${returnId}/settle`, {}).catch(() => null);
      await until(() => (mollie.payments.get(payment)?.refunds.length ?? 0) > 0, { what: 'the refund at the provider' });
      first.child.kill('SIGKILL');
      await first.exit;
      mollie.releaseAnswers();
      const pending = await db.db.selectFrom('settlements').selectAll().where('return_id', '=', returnId).execute();
      expect(pending.map((s) => s.status)).toEqual(['pending']);

      const second = await startRetour(['serve'], { LOG_LEVEL: 'warn', ...env });
      servers.push(second.child);
      const done = await until(
        () =>
          db.db
            .selectFrom('settlements')
            .selectAll()
            .where('return_id', '=', returnId)
            .where('status', '=', 'succeeded')
            .executeTakeFirst(),
        { what: 'the reconciled settlement' },
      );
      const refunds = mollie.payments.get(payment)?.refunds ?? [];
      expect(refunds).toHaveLength(1);
      expect(done).toMatchObject({ provider_refund_id: refunds[0]?.id, amount: refunds[0]?.amount });
      const lines = await db.db.selectFrom('return_lines').select('settlement').where('return_id', '=', returnId).execute();
      expect(lines.map((l) => l.settlement)).toEqual(['succeeded']);
      // Settling again (a client retrying after the crash) changes nothing.
      const again = await call(second.url, `/api/v1/returns/${returnId}/settle`, {});
      expect(((await again.json()) as { started: string[] }).started).toEqual([]);
      expect(mollie.payments.get(payment)?.refunds).toHaveLength(1);
    } finally {
      for (const s of servers) if (s.exitCode === null) s.kill('SIGKILL');
      await db.close();
      await mollie.stop();
    }
  }, 120_000);
});
