import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialStillValid, idFloorAt, type LiveEvent, LiveEventFeed } from '../src/app/liveEvents.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

/** Reads server-sent events from a real HTTP response until `until` is satisfied or time runs out. */
async function readEvents(res: Response, until: (events: { id: string; data: LiveEvent }[]) => boolean, timeoutMs = 8000) {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const events: { id: string; data: LiveEvent }[] = [];
  let buffer = '';
  const deadline = Date.now() + timeoutMs;
  while (!until(events) && Date.now() < deadline) {
    const chunk = await Promise.race([
      reader.read(),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), Math.max(1, deadline - Date.now()))),
    ]);
    if (!chunk || chunk.done) break;
    buffer += decoder.decode(chunk.value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const field = (name: string) =>
        block
          .split('\n')
          .find((l) => l.startsWith(`${name}: `))
          ?.slice(name.length + 2);
      const data = field('data');
      if (data) events.push({ id: field('id') ?? '', data: JSON.parse(data) });
      end = buffer.indexOf('\n\n');
    }
  }
  await reader.cancel().catch(() => {});
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
    const seeded = await seedOrders(t.ctx, [orderFixture('7001', delivered), orderFixture('7002', delivered)]);
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
    // Give the feed its first read, then change something.
    await new Promise((r) => setTimeout(r, 300));
    expect((await hold(returnIds[0] as string, 'check the address')).statusCode).toBe(200);
    const events = await readEvents(res, (es) => es.some((e) => e.data.type === 'return.held'));
    const held = events.find((e) => e.data.type === 'return.held');
    expect(held?.data).toMatchObject({ type: 'return.held', returnId: returnIds[0], actorType: 'staff' });
    expect(held?.id).toBe(held?.data.id);
    // The returns requested before the stream opened are not news.
    expect(events.filter((e) => e.data.type === 'return.requested')).toEqual([]);
  });

  it('narrows to one return, and resumes after Last-Event-ID without losing or repeating', async () => {
    const [first, second] = returnIds as [string, string];
    const narrowed = await stream(`?returnId=${second}`);
    await new Promise((r) => setTimeout(r, 300));
    await t.request({ method: 'POST', url: `/api/v1/returns/${first}/release`, staff: agent, payload: {} });
    await hold(second, 'waiting for the shopper');
    const events = await readEvents(narrowed, (es) => es.length > 0);
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

  it('delivers each event once to every subscriber, however often the window is re-read', async () => {
    const feed = new LiveEventFeed(t.ctx.db, 60_000);
    const a: string[] = [];
    const b: string[] = [];
    const stopA = feed.subscribe((e) => a.push(e.id));
    const stopB = feed.subscribe((e) => b.push(e.id));
    await feed.poll();
    await hold(returnIds[0] as string, 'once');
    await feed.poll();
    await feed.poll();
    await t.request({ method: 'POST', url: `/api/v1/returns/${returnIds[0]}/release`, staff: agent, payload: {} });
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
