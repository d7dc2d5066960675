import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config/env.js';
import { buildServer } from '../src/http/server.js';
import { startWorkers } from '../src/jobs/worker.js';
import { boot } from '../src/runtime/boot.js';
import type { BenchOrder } from './fixtures.js';
import { measureJobCost } from './jobCost.js';
import { jsonClient } from './loadClient.js';
import { watchBacklog } from './serverProcess.js';

/** Returns made before statements are counted (the caches fill, the statements get prepared). */
const UNCOUNTED_RETURNS = 5;

export interface CreateStatements {
  /** Statements the server sends per return on the shopper's two calls. */
  request: number;
  /** Statements its workers send per return for what follows: relay, e-mails, webhooks, analytics. */
  followUps: number;
}

/**
 * The statements a return request costs, counted where they are sent: a server in this process
 * (its background work off) takes orders through lookup + request one after the other, the first
 * few not counted; that is the request's share. Then workers start in this process, finish what
 * those left, and the same is done again with them running, until the outbox, the due jobs and the
 * analytics marks are done: the rest is the follow-ups' share (relay, e-mails, webhooks, automation,
 * analytics). Steady where throughput is not: a busy machine changes neither. With
 * BENCH_STATEMENTS=1 it prints how often each statement was sent. Takes 2 × `counted` + 5 orders.
 */
export async function countCreateStatements(
  databaseUrl: string,
  orders: BenchOrder[],
  counted: number,
  createReturn: (client: ReturnType<typeof jsonClient>, order: BenchOrder) => Promise<void>,
): Promise<CreateStatements> {
  if (orders.length < 2 * counted + UNCOUNTED_RETURNS) throw new Error('too few orders to count statements');
  // The bench's orders are all looked up from one address: its limit is the server process's.
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    RETOUR_WORKERS: 'false',
    RETOUR_LOOKUP_RATE_LIMIT: '100000000',
    RETOUR_TRUST_PROXY: 'true',
  });
  const runtime = await boot(config);
  const app = await buildServer({ config, ctx: runtime.ctx, logger: false });
  const backlog = await watchBacklog(databaseUrl);
  // The outbox, the due jobs and the analytics marks done (the refresh waits a moment for marks).
  const settled = () => backlog.untilDone();
  let workers: Awaited<ReturnType<typeof startWorkers>> | null = null;
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const client = jsonClient(`http://127.0.0.1:${port}`, 1);
    const next = orders.values();
    const make = async (n: number) => {
      for (let i = 0; i < n; i++) await createReturn(client, next.next().value as BenchOrder);
    };
    await make(UNCOUNTED_RETURNS);
    const requests = await measureJobCost(undefined);
    await make(counted);
    const request = (await requests.stop()).statements / counted;

    workers = await startWorkers(runtime.ctx, runtime.handle);
    await settled();
    const all = await measureJobCost(undefined);
    await make(counted);
    await settled();
    const total = (await all.stop()).statements / counted;
    client.close();
    return { request, followUps: total - request };
  } finally {
    await workers?.stop();
    await backlog.close();
    await app.close();
    await runtime.handle.close();
  }
}
