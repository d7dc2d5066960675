import PgBoss from 'pg-boss';
import type { PlatformPushJob } from '../../src/app/platforms/platformPushQueue.js';
import { runPlatformPush } from '../../src/app/platforms/runPlatformPush.js';
import { QUEUES, txExecutor } from '../../src/jobs/jobQueue.js';
import type { FakeShopify } from './shops/fakeShopify.js';
import type { TestApp } from './testApp.js';

/**
 * What follows from the events so far, then the `platforms.push` jobs they queued, run in this
 * process as a worker would, until none is left; a job that fails goes back to its queue (retried
 * after its back-off, so not here). Answers the jobs that ran. `app` gives the test's app once made.
 */
export function platformJobRunner(app: () => TestApp): () => Promise<PlatformPushJob[]> {
  // Never started: it only reads and writes job rows, on the test's database.
  const boss = new PgBoss({ db: { executeSql: () => Promise.reject(new Error('unused')) }, schema: 'pgboss' });
  return async () => {
    const t = app();
    const jobDb = () => ({ db: txExecutor(t.ctx.db) }) as PgBoss.ConnectionOptions;
    const ran: PlatformPushJob[] = [];
    for (;;) {
      await t.followUps();
      const jobs = await boss.fetch<PlatformPushJob>(QUEUES.platformPush, { batchSize: 10, ...jobDb() });
      if (jobs.length === 0) return ran;
      for (const job of jobs) {
        ran.push(job.data);
        try {
          await runPlatformPush(t.ctx, job.data);
          await boss.complete(QUEUES.platformPush, job.id, {}, jobDb());
        } catch (err) {
          await boss.fail(QUEUES.platformPush, job.id, { message: String(err) }, jobDb());
        }
      }
    }
  };
}

/** The next call of a GraphQL operation is answered otherwise: `lost` (Shopify did the work, the
 * caller never hears of it) or an HTTP status before Shopify does anything (503: down). Calls of
 * other operations go through as before. */
export function interceptNextShopifyCall(shopify: FakeShopify, operationName: string, answer: 'lost' | { status: number }) {
  const fake = shopify as unknown as { graphql(req: unknown): Promise<unknown> | unknown };
  const real = fake.graphql.bind(shopify);
  fake.graphql = async (req) => {
    const body = (req as { body?: { query?: string } }).body;
    if (!String(body?.query ?? '').includes(operationName)) return real(req);
    fake.graphql = real;
    if (answer !== 'lost') return { status: answer.status, body: { errors: 'Service unavailable' } };
    return { ...((await real(req)) as object), drop: true };
  };
}
