import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TimedValue } from '../src/app/kernel/timedValue.js';
import { buildServer } from '../src/http/server.js';
import { DB_KINDS } from './support/databases.js';
import { askWithPhoto, orderOf, type Person } from './support/erasureWorld.js';
import { seedCatalogue, seedStaff } from './support/fixtures.js';
import { approveAll, inspectAll, receiveAll } from './support/riskShop.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';
import { testConfig } from './support/testContext.js';

/** A person of a test's own, so no test relies on another's leftovers. */
let people = 0;
const someone = (first: string): Person => {
  people += 1;
  return {
    firstName: `${first}${people}q`,
    lastName: `Hobbema${people}k`,
    email: `${first.toLowerCase()}${people}@example.org`,
    phone: `+31 6 5550 ${String(3000 + people)}`,
    street: `Lijnbaansgracht ${people}3`,
    postcode: '1017 PS',
  };
};

/* A shopper write that adds personal data must find the customer erased under its lock, whatever
 * the process's copy of the erased ids says: a process that has not heard of an erasure (no
 * LISTEN/NOTIFY, or not yet) lets the shopper's token through for up to the copy's lifetime. Here
 * the second server over the same database never hears, and its copy lasts the whole test. */
describe.each(DB_KINDS)('shopper writes of an erased customer, through a process that has not heard (%s)', (kind) => {
  let t: TestApp;
  let admin: StaffClient;
  let agent: StaffClient;
  let stale: FastifyInstance;

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin', 'agent']);
    admin = await t.login('admin');
    agent = await t.login('agent');
    // The same database and clock, caches of its own: nothing it keeps is dropped by the
    // erasures made through `t`.
    const ctx = { ...t.ctx, caches: { ...t.ctx.caches, erasedCustomers: new TimedValue<ReadonlySet<string>>(3_600_000) } };
    stale = await buildServer({ config: testConfig({ RETOUR_STRICT_RESPONSES: 'true' }), ctx, logger: false });
    await stale.ready();
  }, 60_000);
  afterAll(async () => {
    await stale?.close();
    await t?.close();
  });

  const post = (url: string, token: string, payload: object) =>
    stale.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}` }, payload });
  /** The stale process reads the erased ids now (the customer not among them) and keeps them. */
  const keepErasedIds = async (token: string) => {
    const res = await stale.inject({
      method: 'GET',
      url: '/api/v1/shopper/order',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  const staffPost = (returnId: string, path: string, payload: object) =>
    t.request({ method: 'POST', url: `/api/v1/returns/${returnId}/${path}`, staff: agent, payload });

  /** A return of the person taken through to a refund of its line, resolved. */
  async function refundedReturn(p: Person) {
    const order = await orderOf(t, p);
    const { returnId } = await askWithPhoto(t, p, order);
    await approveAll(t, returnId);
    await receiveAll(t, returnId);
    await inspectAll(t, returnId, 'B');
    const line = await t.ctx.db
      .selectFrom('return_lines')
      .select('id')
      .where('return_id', '=', returnId)
      .executeTakeFirstOrThrow();
    const settled = await staffPost(returnId, 'settlements', {
      kind: 'refund',
      reference: `bank-${returnId.slice(-6)}`,
      lines: [{ returnLineId: line.id, amount: 2000 }],
    });
    expect(settled.statusCode, settled.body).toBe(200);
    return { order, returnId };
  }

  it('refuses feedback with a comment on a closed return after the erasure, writing nothing', async () => {
    const p = someone('Aaltje');
    const { order, returnId } = await refundedReturn(p);
    const closed = await staffPost(returnId, 'close', {});
    expect(closed.json().status, closed.body).toBe('closed');
    const token = await t.shopperToken(order.number, p.email);
    await keepErasedIds(token);

    const erased = await t.request({
      method: 'POST',
      url: `/api/v1/customers/${order.customerId}/erasure`,
      staff: admin,
      payload: { confirmEmail: p.email },
    });
    expect(erased.statusCode, erased.body).toBe(200);

    // The token check passes on the kept ids (a 401 would be that check); the command refuses.
    const res = await post(`/api/v1/shopper/returns/${returnId}/feedback`, token, {
      rating: 5,
      comment: `${p.firstName} here, call me on ${p.phone}`,
    });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json()).toMatchObject({ code: 'CUSTOMER_ERASED' });
    expect(await t.ctx.db.selectFrom('return_feedback').select('return_id').where('return_id', '=', returnId).execute()).toEqual(
      [],
    );
    const given = await t.ctx.db
      .selectFrom('events')
      .select('id')
      .where('return_id', '=', returnId)
      .where('type', '=', 'return.feedback_given')
      .execute();
    expect(given).toEqual([]);
  });

  it('refuses a dispute with a message of a customer marked erased, writing nothing', async () => {
    const p = someone('Geertje');
    const { order, returnId } = await refundedReturn(p);
    // The refund kept €5 back (written here by hand: a deduction is what can be disputed).
    await t.ctx.db
      .updateTable('settlements')
      .set({ breakdown: JSON.stringify({ withheld: 500 }) })
      .where('return_id', '=', returnId)
      .execute();
    const token = await t.shopperToken(order.number, p.email);
    await keepErasedIds(token);
    // A return that can still be disputed blocks an erasure; the guard under the return's lock is
    // for a customer marked erased all the same, so the mark is written as an erasure writes it.
    const blocked = await t.request({
      method: 'POST',
      url: `/api/v1/customers/${order.customerId}/erasure`,
      staff: admin,
      payload: { confirmEmail: p.email },
    });
    expect(blocked.json().code, blocked.body).toBe('ERASURE_BLOCKED_OPEN_RETURNS');
    await t.ctx.db.updateTable('customers').set({ erased_at: t.clock.now }).where('id', '=', order.customerId).execute();

    const res = await post(`/api/v1/shopper/returns/${returnId}/dispute`, token, {
      message: `${p.firstName} ${p.lastName}: the shirt was as new, ring me on ${p.phone}`,
    });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json()).toMatchObject({ code: 'CUSTOMER_ERASED' });
    const after = await t.ctx.db
      .selectFrom('returns')
      .select(['status', 'hold_reasons'])
      .where('id', '=', returnId)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ status: 'resolved', hold_reasons: [] });
    const opened = await t.ctx.db
      .selectFrom('events')
      .select('id')
      .where('return_id', '=', returnId)
      .where('type', '=', 'return.dispute_opened')
      .execute();
    expect(opened).toEqual([]);
  });
});
