import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliActor } from '../src/app/kernel/context.js';
import { createWebhookEndpoint } from '../src/app/messaging/webhooks/createWebhookEndpoint.js';
import { createTestDb, DB_KINDS, postgresOnly } from './support/databases.js';
import { startRetour } from './support/retourProcess.js';
import { testContext } from './support/testContext.js';
import { until, untilSettled } from './support/until.js';

const KEY = 'worker-process-test-key';
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

// Separate server and worker processes share one database: PostgreSQL only.
describe.skipIf(!DB_KINDS.includes('postgres'))(postgresOnly('retour worker beside a server without workers'), () => {
  it('the server leaves the outbox alone; the worker process relays and delivers the webhook', async () => {
    const hits: string[] = [];
    const receiver = createServer((req, res) => {
      hits.push(String(req.headers['retour-event']));
      req.resume();
      res.writeHead(204).end();
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    const db = await createTestDb('postgres');
    const dataDir = mkdtempSync(join(tmpdir(), 'retour-worker-'));
    dirs.push(dataDir);
    const children: ChildProcess[] = [];
    try {
      const env = { DATABASE_URL: db.url ?? '', RETOUR_DATA_DIR: dataDir, RETOUR_ENCRYPTION_KEY: KEY };
      // The server says it runs no background work (no relay, no job workers): an event written
      // beside it stays in the outbox until a worker process comes.
      children.push(
        (await startRetour(['serve'], { LOG_LEVEL: 'warn', ...env, RETOUR_WORKERS: 'false' }, /background workers are off here/))
          .child,
      );
      const ctx = testContext(db.db, {}, { RETOUR_ENCRYPTION_KEY: KEY });
      // Creating the endpoint is itself an event the endpoint subscribes to.
      await createWebhookEndpoint(ctx, { actor: cliActor }, { url, eventTypes: ['webhook.*'] });
      expect(hits).toEqual([]);
      const unpublished = await db.db.selectFrom('outbox').select('id').where('published_at', 'is', null).execute();
      expect(unpublished.length).toBeGreaterThan(0);

      children.push((await startRetour(['worker'], { LOG_LEVEL: 'warn', ...env }, /Retour worker is running/)).child);
      await until(() => hits.length > 0, { what: 'the webhook from the worker process' });
      await untilSettled(db.db);
      expect(hits).toEqual(['webhook.endpoint_created']);
      const delivery = await db.db.selectFrom('webhook_deliveries').select(['status']).executeTakeFirstOrThrow();
      expect(delivery.status).toBe('delivered');
    } finally {
      for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
      await db.close();
      receiver.closeAllConnections();
      await new Promise<void>((r) => receiver.close(() => r()));
    }
  }, 120_000);
});
