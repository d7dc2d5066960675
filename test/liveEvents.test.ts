import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/app/admin/createApiKey.js';
import { cliActor } from '../src/app/kernel/context.js';
import { credentialStillValid, idFloorAt, type LiveEvent, LiveEventFeed } from '../src/app/messaging/liveEvents.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

/** Reads a server-sent event stream as it arrives: its events and its comment lines. */
function eventStream(res: Response) {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const seen = { events: [] as { id: string; data: LiveEvent }[], comments: [] as string[] };
  let buffer = '';
  return {
    /** Reads on until `check` holds for what arrived; a stream that ends first fails the test
     * (one that never gets there runs into the test's timeout). */
    async until(check: (s: typeof seen) => boolean) {
      while (!check(seen)) {
        const chunk = await reader.read();
        if (chunk.done) throw new Error(`the stream ended; it had sent ${JSON.stringify(seen)}`);
        buffer += decoder.decode(chunk.value, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end).split('\n');
          buffer = buffer.slice(end + 2);
          const field = (name: string) => block.find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
          const data = field('data');
          if (data) seen.events.push({ id: field('id') ?? '', data: JSON.parse(data) });
          for (const l of block) if (l.startsWith(': ')) seen.comments.push(l.slice(2));
          end = buffer.indexOf('\n\n');
        }
      }
      return seen.events;
    },
    /** Resolves once the server has subscribed the stream to the feed: it says so before anything else. */
    connected() {
      return this.until((s) => s.comments.includes('connected'));
    },
    close: () => reader.cancel().catch(() => {}),
  };
}

/** The events of a stream up to the moment `check` holds for them. */
async function readEvents(res: Response, check: (events: { id: string; data: LiveEvent }[]) => boolean) {
  const s = eventStream(res);
  const events = await s.until((seen) => check(seen.events));
  await s.close();
  return events;
}

describe.each(DB_KINDS)('live updates over server-sent events (%s)', (kind) => {
  let t: TestApp;
  let base: string;
  let agent: StaffClient;
  let returnIds: string[];

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin', 'agent', 'warehouse']);
    const delivered = new Date(t.clock.now.getTime() - 3 * DAY);
    // A return of its own for each test that changes one.
    const seeded = await seedOrders(
      t.ctx,
      ['7001', '7002', '7003', '7004'].map((n) => orderFixture(n, delivered)),
    );
    returnIds = [];
    for (const o of seeded) {
      const token = await t.shopperToken(o.number, `${o.number}@example.nl`);
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/shopper/returns',
        bearer: token,
        payload: { method: 'qr', lines: [{ orderLineId: o.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small' }] },
      });
      expect(res.statusCode, res.body).toBe(201);
      returnIds.push(res.json().returnId);
    }
    agent = await t.login('agent');
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => t?.close());

  const stream = (query = '', headers: Record<string, string> = {}, staff: StaffClient | null = agent) =>
    fetch(`${base}/api/v1/events/stream${query}`, {
      headers: { accept: 'text/event-stream', ...(staff ? { cookie: staff.cookie } : {}), ...headers },
    });
  const hold = (returnId: string, reason: string) =>
    t.request({ method: 'POST', url: `/api/v1/returns/${returnId}/hold`, staff: agent, payload: { reason } });

  it('tells a signed-in colleague of a change made after they started listening, and nothing older', async () => {
    const res = await stream();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    // Once the stream is subscribed to the feed, change something.
    const s = eventStream(res);
    await s.connected();
    expect((await hold(returnIds[0] as string, 'check the address')).statusCode).toBe(200);
    const events = await s.until(({ events: es }) => es.some((e) => e.data.type === 'return.held'));
    await s.close();
    const held = events.find((e) => e.data.type === 'return.held');
    expect(held?.data).toMatchObject({ type: 'return.held', returnId: returnIds[0], actorType: 'staff' });
    expect(held?.id).toBe(held?.data.id);
    // The returns requested before the stream opened are not news.
    expect(events.filter((e) => e.data.type === 'return.requested')).toEqual([]);
  });

  it('narrows to one return, and resumes after Last-Event-ID without losing or repeating', async () => {
    const [, first, second] = returnIds as [string, string, string];
    expect((await hold(first, 'another return')).statusCode).toBe(200);
    const narrowed = eventStream(await stream(`?returnId=${second}`));
    await narrowed.connected();
    await t.request({ method: 'POST', url: `/api/v1/returns/${first}/release`, staff: agent, payload: {} });
    await hold(second, 'waiting for the shopper');
    const events = await narrowed.until(({ events: es }) => es.length > 0);
    await narrowed.close();
    expect(events.map((e) => [e.data.type, e.data.returnId])).toEqual([['return.held', second]]);

    // A client that lost its connection after the first of two events gets exactly the second.
    const resumeFrom = events[0]?.id as string;
    await t.request({ method: 'POST', url: `/api/v1/returns/${second}/release`, staff: agent, payload: {} });
    const resumed = await stream(`?returnId=${second}`, { 'last-event-id': resumeFrom });
    const again = await readEvents(resumed, (es) => es.length > 0);
    expect(again.map((e) => e.data.type)).toEqual(['return.released']);
  });

  it('answers only event-stream clients and staff who may read returns', async () => {
    const plain = await fetch(`${base}/api/v1/events/stream`, { headers: { cookie: agent.cookie } });
    expect(plain.status).toBe(406);
    expect(plain.headers.get('content-type')).toContain('application/problem+json');
    expect(((await plain.json()) as { code: string }).code).toBe('EVENT_STREAM_ONLY');
    const anonymous = await stream('', {}, null);
    expect(anonymous.status).toBe(401);
    await anonymous.body?.cancel();
    const token = await t.shopperToken('7001', '7001@example.nl');
    const shopper = await stream('', { authorization: `Bearer ${token}` }, null);
    expect(shopper.status).toBe(403);
    await shopper.body?.cancel();
  });

  it('knows when the session behind a stream has ended', async () => {
    const warehouse = await t.login('warehouse');
    const session = await t.ctx.db.selectFrom('staff_sessions').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(await credentialStillValid(t.ctx.db, { sessionId: session.id }, t.ctx.now())).toBe(true);
    await t.request({ method: 'POST', url: '/api/v1/auth/logout', staff: warehouse, payload: {} });
    expect(await credentialStillValid(t.ctx.db, { sessionId: session.id }, t.ctx.now())).toBe(false);
  });

  it('knows when the API key behind a stream has expired', async () => {
    const expiresAt = new Date(t.ctx.now().getTime() + 60_000);
    const key = await createApiKey(
      t.ctx,
      { actor: cliActor },
      { name: 'stream', role: 'agent', expiresAt: expiresAt.toISOString() },
    );
    expect(await credentialStillValid(t.ctx.db, { apiKeyId: key.id }, t.ctx.now())).toBe(true);
    expect(await credentialStillValid(t.ctx.db, { apiKeyId: key.id }, new Date(expiresAt.getTime() + 1))).toBe(false);
  });

  it('delivers each event once to every subscriber, however often the window is re-read', async () => {
    const feed = new LiveEventFeed(t.ctx.db, 60_000);
    const a: string[] = [];
    const b: string[] = [];
    const stopA = feed.subscribe((e) => a.push(e.id));
    const stopB = feed.subscribe((e) => b.push(e.id));
    await feed.poll();
    expect((await hold(returnIds[3] as string, 'once')).statusCode).toBe(200);
    await feed.poll();
    await feed.poll();
    await t.request({ method: 'POST', url: `/api/v1/returns/${returnIds[3]}/release`, staff: agent, payload: {} });
    await feed.poll();
    expect(a).toHaveLength(2);
    expect(new Set(a).size).toBe(2);
    expect(b).toEqual(a);
    stopA();
    stopB();
    expect(feed.subscribers).toBe(0);
    feed.close();
  });

  it('computes the id floor of a moment so that every later id sorts above it', () => {
    const at = Date.UTC(2026, 11, 2, 10, 0, 0);
    expect(idFloorAt(at) <= idFloorAt(at + 1)).toBe(true);
    expect(idFloorAt(at)).toMatch(/^evt_[0-9a-z]{26}$/);
  });
});
