import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppContext, cliActor } from '../src/app/kernel/context.js';
import { createWebhookEndpoint } from '../src/app/messaging/webhooks/createWebhookEndpoint.js';
import { DeliveryFailed, deliverWebhook } from '../src/app/messaging/webhooks/deliverWebhook.js';
import { closeWebhookConnections, postWebhook, SOCKETS_PER_ORIGIN } from '../src/app/messaging/webhooks/webhookPost.js';
import type { DbHandle } from '../src/db/connection.js';
import { createTestDb, DB_KINDS } from './support/databases.js';
import { testContext } from './support/testContext.js';
import { until } from './support/until.js';

/** The answer's deadline (10 s) and what a try keeps for its log (5 s): a job expiring this much
 * after its try starts leaves the try no time to wait for a connection. */
const ANSWER_AND_LOG_MS = 15_000;

describe.each(DB_KINDS)('a webhook delivery’s wait for a connection (%s)', (kind) => {
  let handle: DbHandle;
  let ctx: AppContext;
  let server: Server;
  let url = '';
  /** Requests the receiver holds unanswered, and the deliveries it was sent. */
  const held: ServerResponse[] = [];
  const received: string[] = [];
  beforeAll(async () => {
    handle = await createTestDb(kind);
    ctx = testContext(handle.db);
    server = createServer((req, res) => {
      received.push(String(req.headers['retour-delivery']));
      req.resume();
      held.push(res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  });
  afterAll(async () => {
    for (const res of held.splice(0)) res.writeHead(204).end();
    closeWebhookConnections();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    await handle.close();
  });

  async function pendingDelivery(id: string): Promise<string> {
    const endpoint = await createWebhookEndpoint(ctx, { actor: cliActor }, { url, eventTypes: ['return.requested'] });
    await sql`insert into events (id, type, subject_type, subject_id, actor_type, data, occurred_at)
      values (${`evt_${id}`}, 'return.requested', 'return', ${id}, 'cli', '{}', now())`.execute(handle.db);
    await sql`insert into webhook_deliveries (id, endpoint_id, event_id, event_type, payload, status, created_at, updated_at)
      values (${id}, ${endpoint.id}, ${`evt_${id}`}, 'return.requested', '{}', 'pending', now(), now())`.execute(handle.db);
    return id;
  }

  /** The delivery's try raced against its job's expiry, as the worker runs it. */
  async function tryWithin(id: string, expiresAt: number): Promise<unknown> {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise((resolve) => {
      timer = setTimeout(() => resolve('expired'), expiresAt - Date.now());
    });
    const tried = deliverWebhook(ctx, id, { expiresAt }).then(
      (outcome) => outcome,
      (err: unknown) => err,
    );
    try {
      return await Promise.race([tried, expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  it('fails unsent before its job expires while every connection to the receiver stays taken', async () => {
    const id = await pendingDelivery(`whd_${kind}_waits`);
    const holding = Array.from({ length: SOCKETS_PER_ORIGIN }, (_, i) =>
      postWebhook(url, { 'retour-delivery': `hold${i}` }, '{}', 60_000),
    );
    await until(() => held.length === SOCKETS_PER_ORIGIN);

    // A job that expires a moment after the answer's deadline and the log: the try waits that moment.
    const outcome = await tryWithin(id, Date.now() + ANSWER_AND_LOG_MS + 300);
    expect(outcome).toBeInstanceOf(DeliveryFailed);
    expect(String((outcome as Error).message)).toContain('no free connection to it within');
    expect(received).not.toContain(id);
    const tries = await handle.db.selectFrom('webhook_attempts').select(['error']).where('delivery_id', '=', id).execute();
    expect(tries).toHaveLength(1);

    for (const res of held.splice(0)) res.writeHead(204).end();
    await Promise.all(holding);
  });

  it('is not sent at all when its job has less time left than the answer and the log need', async () => {
    const id = await pendingDelivery(`whd_${kind}_late`);
    // Connections are free now: a try with time left would reach the receiver.
    const outcome = await tryWithin(id, Date.now() + ANSWER_AND_LOG_MS - 1_000);
    expect(outcome).toBeInstanceOf(DeliveryFailed);
    expect(String((outcome as Error).message)).toContain('no time left');
    expect(received).not.toContain(id);
    const sent = `whd_${kind}_sent`;
    await pendingDelivery(sent);
    server.removeAllListeners('request');
    server.on('request', (req, res) => {
      received.push(String(req.headers['retour-delivery']));
      req.resume();
      res.writeHead(204).end();
    });
    expect(await tryWithin(sent, Date.now() + 60_000)).toBe('delivered');
    expect(received).toContain(sent);
  });
});
