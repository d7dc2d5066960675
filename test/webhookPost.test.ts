import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeWebhookConnections, postWebhook, SOCKETS_PER_ORIGIN } from '../src/app/messaging/webhooks/webhookPost.js';
import { until } from './support/until.js';

/** A receiver on loopback that counts the connections opened to it and the requests on them;
 * `answer` decides what each request gets (by default 204 at once). */
class Receiver {
  connections = 0;
  open = 0;
  requests: { path: string; body: string }[] = [];
  answer: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(204).end();
  private server: Server | null = null;
  url = '';
  async start() {
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      this.requests.push({ path: req.url ?? '', body: Buffer.concat(chunks).toString('utf8') });
      this.answer(req, res);
    });
    server.on('connection', (socket) => {
      this.connections++;
      this.open++;
      socket.on('close', () => this.open--);
    });
    this.server = server;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  stop() {
    this.server?.closeAllConnections();
    return new Promise<void>((r) => this.server?.close(() => r()));
  }
}

const headers = { 'content-type': 'application/json', 'retour-delivery': 'whd_test' };

describe('webhook POSTs', () => {
  const receiver = new Receiver();
  beforeAll(() => receiver.start());
  afterEach(() => {
    closeWebhookConnections();
    receiver.connections = 0;
    receiver.requests = [];
    receiver.answer = (_req, res) => res.writeHead(204).end();
  });
  afterAll(() => receiver.stop());

  it('sends one event after another over one kept connection', async () => {
    for (let i = 0; i < 5; i++) {
      expect(await postWebhook(`${receiver.url}/hooks`, headers, `{"n":${i}}`, 5_000)).toEqual({ status: 204, error: null });
    }
    expect(receiver.requests.map((r) => r.body)).toEqual([0, 1, 2, 3, 4].map((n) => `{"n":${n}}`));
    expect(receiver.connections).toBe(1);
  });

  it('opens no more connections to one receiver than its pool allows', async () => {
    // Answers only once more requests wait than there are connections: all are open at once then.
    const held: ServerResponse[] = [];
    receiver.answer = (_req, res) => {
      held.push(res);
      if (held.length >= SOCKETS_PER_ORIGIN) for (const r of held.splice(0)) r.writeHead(200).end();
    };
    const posts = Array.from({ length: SOCKETS_PER_ORIGIN * 3 }, (_, i) =>
      postWebhook(`${receiver.url}/hooks`, headers, `{"n":${i}}`, 10_000),
    );
    const answers = await Promise.all(posts);
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(receiver.connections).toBe(SOCKETS_PER_ORIGIN);
  });

  it('runs a request’s deadline from its connection, and bounds its wait for one apart', async () => {
    // Every connection of the pool is taken by a request the receiver holds.
    const held: ServerResponse[] = [];
    receiver.answer = (_req, res) => held.push(res);
    const first = Array.from({ length: SOCKETS_PER_ORIGIN }, (_, i) =>
      postWebhook(`${receiver.url}/hooks`, headers, `{"n":${i}}`, 10_000),
    );
    await until(() => held.length === SOCKETS_PER_ORIGIN);
    // One request may wait long but must be answered soon once sent; one after it may wait only as
    // long as the first's deadline, and gives up unsent, so the first has waited past its deadline.
    const patient = postWebhook(`${receiver.url}/hooks`, headers, '{"n":"patient"}', 200, 10_000);
    const impatient = postWebhook(`${receiver.url}/hooks`, headers, '{"n":"impatient"}', 10_000, 200);
    expect(await impatient).toEqual({ status: null, error: 'no free connection to it within 0.2 s' });
    receiver.answer = (_req, res) => res.writeHead(204).end();
    for (const res of held.splice(0)) res.writeHead(200).end();
    expect(await patient).toEqual({ status: 204, error: null });
    expect(await Promise.all(first)).toEqual(first.map(() => ({ status: 200, error: null })));
    expect(receiver.requests.map((r) => r.body)).not.toContain('{"n":"impatient"}');
    expect(receiver.requests.map((r) => r.body)).toContain('{"n":"patient"}');
  });

  it('ends a request the receiver does not answer in time, and the next one goes through', async () => {
    receiver.answer = () => undefined; // never answers
    expect(await postWebhook(`${receiver.url}/slow`, headers, '{}', 200)).toEqual({
      status: null,
      error: 'no answer within 0.2 s',
    });
    receiver.answer = (_req, res) => res.writeHead(204).end();
    expect(await postWebhook(`${receiver.url}/hooks`, headers, '{}', 5_000)).toEqual({ status: 204, error: null });
  });

  it('does not follow a redirect: the 3xx is the answer', async () => {
    receiver.answer = (_req, res) => res.writeHead(302, { location: '/elsewhere' }).end();
    expect(await postWebhook(`${receiver.url}/hooks`, headers, '{}', 5_000)).toEqual({ status: 302, error: null });
    expect(receiver.requests.map((r) => r.path)).toEqual(['/hooks']);
  });

  it('tells a receiver that cannot be reached, and an address that is not HTTP', async () => {
    const closed = new Receiver();
    await closed.start();
    await closed.stop();
    expect(await postWebhook(`${closed.url}/hooks`, headers, '{}', 5_000)).toEqual({
      status: null,
      error: 'could not be reached',
    });
    expect(await postWebhook('ftp://127.0.0.1/hooks', headers, '{}', 5_000)).toEqual({
      status: null,
      error: 'could not be reached',
    });
  });

  it('sends again on a fresh connection when the kept one is reset as it is used, so the receiver may get it twice', async () => {
    // The receiver resets a connection at its second request, after reading it: the retry on a
    // fresh connection delivers it again. Delivery is at least once; a receiver drops the repeat by
    // its Retour-Delivery header.
    const served = new WeakMap<object, number>();
    receiver.answer = (req, res) => {
      const n = (served.get(req.socket) ?? 0) + 1;
      served.set(req.socket, n);
      if (n === 2) req.socket.destroy();
      else res.writeHead(204).end();
    };
    expect(await postWebhook(`${receiver.url}/hooks`, headers, '{"n":1}', 5_000)).toEqual({ status: 204, error: null });
    expect(await postWebhook(`${receiver.url}/hooks`, headers, '{"n":2}', 5_000)).toEqual({ status: 204, error: null });
    expect(receiver.connections).toBe(2);
    expect(receiver.requests.map((r) => r.body)).toEqual(['{"n":1}', '{"n":2}', '{"n":2}']);
  });
});
