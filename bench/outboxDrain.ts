import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cliActor } from '../src/app/kernel/context.js';
import { inUnit } from '../src/app/kernel/transaction.js';
import { createWebhookEndpoint } from '../src/app/messaging/webhooks/createWebhookEndpoint.js';
import { loadConfig } from '../src/config/env.js';
import { openDb } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { startJobQueue } from '../src/jobs/jobQueue.js';
import { startWorkers } from '../src/jobs/worker.js';
import { createAppContext } from '../src/runtime/appContext.js';
import { type JobCost, measureJobCost } from './jobCost.js';

/**
 * Events delivered per second to a local webhook receiver: `events` events are written to the
 * outbox first (in transactions of 100), then the workers start and the clock runs until the
 * receiver has every delivery once — relay, pg-boss queueing, signing, HTTP and the delivery log.
 */
export async function measureOutboxDrain(
  options: { databaseUrl?: string; dataDir?: string; events?: number; concurrency?: number },
  log: (line: string) => void,
): Promise<{ perSecond: number; events: number; seconds: number; duplicates: number; cost: JobCost }> {
  const events = options.events ?? 1000;
  const seen = new Set<string>();
  let duplicates = 0;
  let done: () => void = () => undefined;
  const all = new Promise<void>((resolve) => {
    done = resolve;
  });
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const id = String(req.headers['retour-delivery']);
      if (seen.has(id)) duplicates++;
      seen.add(id);
      res.writeHead(204).end();
      if (seen.size >= events) done();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

  const handle = await openDb({ databaseUrl: options.databaseUrl, dataDir: options.dataDir });
  try {
    await migrateToLatest(handle.db);
    const config = loadConfig({
      RETOUR_DATA_DIR: options.dataDir ?? 'bench',
      RETOUR_ENCRYPTION_KEY: 'bench-outbox-key',
      // The receiver listens on loopback, which an installation calls only when allowed.
      RETOUR_ALLOW_PRIVATE_URLS: '127.0.0.1',
    });
    const ctx = await createAppContext(config, handle.db);
    await createWebhookEndpoint(ctx, { actor: cliActor }, { url, description: 'bench', eventTypes: ['bench.*'] });
    // The endpoint's own creation event is not subscribed; only these count.
    for (let i = 0; i < events; i += 100) {
      await inUnit(ctx, { actor: cliActor }, async (unit) => {
        for (let j = i; j < Math.min(i + 100, events); j++) {
          unit.record({ type: 'bench.ping', subjectType: 'bench', subjectId: `b${j}`, data: { n: j } });
        }
      });
    }
    // The queues exist before the clock runs, as they do for a worker that has run before.
    await (await startJobQueue(handle)).stop({ graceful: false, wait: true });
    log(`[outbox] ${events} events written; draining`);
    const cost = await measureJobCost(options.databaseUrl);
    const started = performance.now();
    const workers = await startWorkers(ctx, handle, { pollMs: 50, concurrency: options.concurrency ?? 4 });
    try {
      void workers.relayNow();
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`only ${seen.size} of ${events} delivered in 180 s`)), 180_000).unref(),
      );
      await Promise.race([all, timeout]);
      const seconds = (performance.now() - started) / 1000;
      return { perSecond: events / seconds, events, seconds, duplicates, cost: await cost.stop() };
    } finally {
      await workers.stop();
    }
  } finally {
    await handle.close();
    receiver.close();
  }
}
