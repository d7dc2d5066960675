import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireOverdueReturns } from '../src/app/returns/expireOverdueReturns.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

describe.each(DB_KINDS)('return lifecycle over the API (%s)', (kind) => {
  let t: TestApp;
  let agent: StaffClient;
  let warehouse: StaffClient;
  let order: Awaited<ReturnType<typeof seedOrders>>[number];
  let other: Awaited<ReturnType<typeof seedOrders>>[number];

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin', 'agent', 'warehouse']);
    const delivered = new Date(t.clock.now.getTime() - 3 * DAY);
    // Tests that use up an order's lines have an order of their own (1004 and on).
    const seeded = await seedOrders(
      t.ctx,
      ['1001', '1002', '1003', '1004', '1005', '1006', '1007'].map((n) => orderFixture(n, delivered)),
    );
    order = seeded[0] as typeof order;
    other = seeded[1] as typeof order;
    for (const o of seeded) own[o.number] = o;
    agent = await t.login('agent');
    warehouse = await t.login('warehouse');
  });
  afterAll(() => t?.close());

  const own: Record<string, typeof order> = {};
  const shopper = () => t.shopperToken('1001', '1001@example.nl');

  async function requestReturn(token: string, lines: object[], key?: string) {
    return t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: token,
      headers: key ? { 'idempotency-key': key } : {},
      payload: { method: 'qr', lines },
    });
  }

  it('walks a return from request to close, writing an event and an outbox message for each step', async () => {
    const token = await shopper();
    const created = await requestReturn(token, [
      { orderLineId: order.lineBySku['TEE-M'], quantity: 2, reasonCode: 'too_small', resolution: 'refund' },
    ]);
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body.status).toBe('approved');
    expect(body.number).toMatch(/^R-\d+$/);
    const id = body.returnId as string;
    const lineId = body.lines[0].id as string;

    const post = (path: string, payload: object = {}, who: StaffClient = agent) =>
      t.request({ method: 'POST', url: `/api/v1/returns/${id}/${path}`, staff: who, payload });

    expect((await post('in-transit', { trackingNumber: '3SABCD1234' }, warehouse)).json().status).toBe('in_transit');
    const received = await post('receive', { lines: [{ returnLineId: lineId, quantity: 1 }] }, warehouse);
    expect(received.statusCode).toBe(200);
    expect(received.json().status).toBe('received');
    expect(
      (await post('inspect', { lines: [{ returnLineId: lineId, grade: 'A', disposition: 'restock' }] }, warehouse)).json().status,
    ).toBe('inspected');
    const settled = await post('settlements', {
      kind: 'refund',
      reference: 'bank-123',
      lines: [{ returnLineId: lineId, amount: 2000 }],
    });
    expect(settled.statusCode).toBe(200);
    expect(settled.json().status).toBe('resolved');
    expect((await post('close')).json().status).toBe('closed');

    const detail = (await t.request({ method: 'GET', url: `/api/v1/returns/${id}`, staff: agent })).json();
    expect(detail.lines[0]).toMatchObject({
      reception: 'short_received',
      quantityReceived: 1,
      grade: 'A',
      disposition: 'restock',
      settlement: 'succeeded',
      settledAmount: 2000,
    });
    expect(detail.settlements).toHaveLength(1);
    expect(detail.timeline.map((e: { type: string }) => e.type)).toEqual([
      'return.requested',
      'return.approved',
      'return.in_transit',
      'return.lines_received',
      'return.received',
      'return.policy_rechecked',
      'return.lines_inspected',
      'return.inspected',
      // Scored again with what inspection found (docs/fraud.md).
      'return.risk_assessed',
      // Graded A and restocked: the unit goes back into the stock ledger.
      'stock.moved',
      'return.settlement_recorded',
      'return.resolved',
      'return.closed',
    ]);
    const outbox = await t.ctx.db
      .selectFrom('outbox')
      .innerJoin('events', 'events.id', 'outbox.event_id')
      .select('outbox.topic')
      .where('events.return_id', '=', id)
      .execute();
    expect(outbox).toHaveLength(detail.timeline.length);
  });

  it('answers 409 ILLEGAL_TRANSITION for a transition the state does not allow', async () => {
    const token = await t.shopperToken('1004', '1004@example.nl');
    const created = (
      await t.request({
        method: 'POST',
        url: '/api/v1/shopper/returns',
        bearer: token,
        payload: { lines: [{ orderLineId: own['1004']?.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small' }] },
      })
    ).json();
    const res = await t.request({ method: 'POST', url: `/api/v1/returns/${created.returnId}/close`, staff: agent, payload: {} });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'ILLEGAL_TRANSITION', status: 409 });
    const cancel = await t.request({
      method: 'POST',
      url: `/api/v1/returns/${created.returnId}/cancel`,
      staff: agent,
      payload: { reason: 'shopper called' },
    });
    expect(cancel.json().status).toBe('cancelled');
    const again = await t.request({
      method: 'POST',
      url: `/api/v1/returns/${created.returnId}/cancel`,
      staff: agent,
      payload: {},
    });
    expect(again.statusCode).toBe(409);
  });

  it('sends sealed goods to review, and an agent approves them', async () => {
    const token = await shopper();
    const res = await requestReturn(token, [
      { orderLineId: order.lineBySku.BUDS, quantity: 1, reasonCode: 'too_small', resolution: 'refund' },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().status).toBe('under_review');
    expect(res.json().lines[0].codes).toContain('STATUTORY_EXCEPTION_HYGIENE');
    const id = res.json().returnId;
    const held = await t.request({
      method: 'POST',
      url: `/api/v1/returns/${id}/hold`,
      staff: agent,
      payload: { reason: 'fraud review' },
    });
    expect(held.statusCode).toBe(200);
    const blocked = await t.request({
      method: 'POST',
      url: `/api/v1/returns/${id}/approve`,
      staff: agent,
      payload: { lines: [{ returnLineId: res.json().lines[0].id }] },
    });
    expect(blocked.json().code).toBe('RETURN_ON_HOLD');
    await t.request({ method: 'POST', url: `/api/v1/returns/${id}/release`, staff: agent, payload: {} });
    const approved = await t.request({
      method: 'POST',
      url: `/api/v1/returns/${id}/approve`,
      staff: agent,
      payload: { lines: [{ returnLineId: res.json().lines[0].id }] },
    });
    expect(approved.json().status).toBe('approved');
  });

  it('refuses personalised goods and final sale after the EU window, with every reason', async () => {
    const token = await shopper();
    const res = await requestReturn(token, [{ orderLineId: order.lineBySku.PEN, quantity: 1, reasonCode: 'too_small' }]);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'LINE_NOT_ELIGIBLE', errors: [{ path: 'lines.0.orderLineId' }] });
    expect(res.json().verdicts[0].codes).toContain('STATUTORY_EXCEPTION_PERSONALISED');

    // Inside the 14-day EU withdrawal period a final-sale item may still come back…
    const inWindow = await t.request({
      method: 'POST',
      url: '/api/v1/returns',
      staff: agent,
      payload: { orderId: other.id, lines: [{ orderLineId: other.lineBySku.JACKET, quantity: 1, reasonCode: 'too_small' }] },
    });
    expect(inWindow.statusCode).toBe(201);
    await t.request({ method: 'POST', url: `/api/v1/returns/${inWindow.json().returnId}/cancel`, staff: agent, payload: {} });
    // …after it the shop's final-sale rule applies.
    t.clock.advance(20 * DAY);
    try {
      const late = await requestReturn(await shopper(), [
        { orderLineId: order.lineBySku.JACKET, quantity: 1, reasonCode: 'too_small' },
      ]);
      expect(late.statusCode).toBe(422);
      // Still inside the shop's 30 days, so the only refusal is the final sale.
      expect(late.json().verdicts[0].codes).toEqual(['FINAL_SALE', 'RETURN_WINDOW']);
    } finally {
      t.clock.advance(-20 * DAY);
    }
  });

  it('never returns more units than were ordered', async () => {
    const token = await t.shopperToken('1005', '1005@example.nl');
    const tee = own['1005']?.lineBySku['TEE-M'];
    // Both tees go back; a third cannot.
    expect((await requestReturn(token, [{ orderLineId: tee, quantity: 2, reasonCode: 'too_small' }])).statusCode).toBe(201);
    const res = await requestReturn(token, [{ orderLineId: tee, quantity: 1, reasonCode: 'too_small' }]);
    expect(res.statusCode).toBe(422);
    expect(res.json().verdicts[0].codes).toContain('ALREADY_RETURNED');
  });

  it('replays a POST with the same Idempotency-Key and refuses the key with another body', async () => {
    const token = await t.shopperToken('1002', '1002@example.nl');
    const lines = [{ orderLineId: other.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small' }];
    const send = (l: object[]) =>
      t.request({
        method: 'POST',
        url: '/api/v1/shopper/returns',
        bearer: token,
        headers: { 'idempotency-key': 'abc-123' },
        payload: { lines: l },
      });
    const [first, second] = await Promise.all([send(lines), send(lines)]);
    const statuses = [first.statusCode, second.statusCode].sort();
    // Two at once: one runs, the other is told it is in flight (or replays if the first finished).
    expect([
      [201, 201],
      [201, 409],
    ]).toContainEqual(statuses);
    const third = await send(lines);
    expect(third.statusCode).toBe(201);
    expect(third.headers['idempotent-replayed']).toBe('true');
    expect(third.json()).toEqual(first.statusCode === 201 ? first.json() : second.json());
    const count = await t.ctx.db
      .selectFrom('returns')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('order_id', '=', other.id)
      .where('status', '!=', 'cancelled')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
    const mismatch = await send([{ ...lines[0], quantity: 2 }]);
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('expires an approved return after its ship-by date and marks a parcel lost', async () => {
    const token = await t.shopperToken('1006', '1006@example.nl');
    const tee = own['1006']?.lineBySku['TEE-M'];
    const requestTee = async () =>
      (
        await t.request({
          method: 'POST',
          url: '/api/v1/shopper/returns',
          bearer: token,
          payload: { lines: [{ orderLineId: tee, quantity: 1, reasonCode: 'too_small' }] },
        })
      ).json();
    const r1 = await requestTee();
    const early = await t.request({ method: 'POST', url: `/api/v1/returns/${r1.returnId}/expire`, staff: agent, payload: {} });
    expect(early.json().code).toBe('SHIP_BY_NOT_PASSED');
    t.clock.advance(15 * DAY);
    try {
      // Sessions last hours, not weeks: sign in again in the future.
      const later = await t.login('agent');
      const expired = await t.request({ method: 'POST', url: `/api/v1/returns/${r1.returnId}/expire`, staff: later });
      expect(expired.json(), expired.body).toMatchObject({ status: 'expired' });
    } finally {
      t.clock.advance(-15 * DAY);
    }
    const r2 = await requestTee();
    await t.request({ method: 'POST', url: `/api/v1/returns/${r2.returnId}/in-transit`, staff: warehouse, payload: {} });
    const lost = await t.request({
      method: 'POST',
      url: `/api/v1/returns/${r2.returnId}/lost`,
      staff: warehouse,
      payload: { reason: 'carrier lost it' },
    });
    expect(lost.json().status).toBe('lost');
    expect(
      (await t.request({ method: 'POST', url: `/api/v1/returns/${r2.returnId}/close`, staff: agent, payload: {} })).json().status,
    ).toBe('closed');
  });

  it('expires on its own a return not sent in time, after a grace, but not one on hold', async () => {
    const token = await t.shopperToken('1003', '1003@example.nl');
    const lines = (await t.request({ method: 'GET', url: '/api/v1/shopper/order', bearer: token })).json().lines as {
      id: string;
      sku: string;
    }[];
    const make = async (sku: string) =>
      (
        await t.request({
          method: 'POST',
          url: '/api/v1/shopper/returns',
          bearer: token,
          payload: { lines: [{ orderLineId: lines.find((l) => l.sku === sku)?.id, quantity: 1, reasonCode: 'too_small' }] },
        })
      ).json().returnId as string;
    const [late, graced, held] = [await make('TEE-M'), await make('TEE-M'), await make('JACKET')];
    const shipBy = (id: string, daysAgo: number) =>
      t.ctx.db
        .updateTable('returns')
        .set({ ship_by: new Date(t.clock.now.getTime() - daysAgo * DAY) })
        .where('id', '=', id)
        .execute();
    await shipBy(late, 3);
    await shipBy(graced, 1);
    await shipBy(held, 3);
    await t.request({
      method: 'POST',
      url: `/api/v1/returns/${held}/hold`,
      staff: agent,
      payload: { reason: 'asked the shopper' },
    });
    expect(await expireOverdueReturns(t.ctx)).toEqual({ expired: 1, skipped: 0 });
    expect(await expireOverdueReturns(t.ctx)).toEqual({ expired: 0, skipped: 0 });
    const status = async (id: string) => (await t.request({ method: 'GET', url: `/api/v1/returns/${id}`, staff: agent })).json();
    const expired = await status(late);
    expect(expired.status).toBe('expired');
    expect(expired.timeline.at(-1)).toMatchObject({ type: 'return.expired', actor: { type: 'system' } });
    expect((await status(graced)).status).toBe('approved');
    expect((await status(held)).status).toBe('approved');
  });

  it('lets a shopper see only returns of their own order', async () => {
    const mine = await t.shopperToken('1007', '1007@example.nl');
    const made = await requestReturn(mine, [
      { orderLineId: own['1007']?.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small' },
    ]);
    expect(made.statusCode).toBe(201);
    const list = (await t.request({ method: 'GET', url: '/api/v1/shopper/returns', bearer: mine })).json();
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((r: { order: { id: string } }) => r.order.id === own['1007']?.id)).toBe(true);
    const theirs = await t.shopperToken('1002', '1002@example.nl');
    const foreign = await t.request({ method: 'GET', url: `/api/v1/shopper/returns/${list.items[0].id}`, bearer: theirs });
    expect(foreign.statusCode).toBe(404);
  });
});
