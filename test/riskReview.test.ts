import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../src/app/kernel/context.js';
import { holdReturn } from '../src/app/returns/holdReturn.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

describe.each(DB_KINDS)('reviewing a risk score (%s)', (kind) => {
  let t: TestApp;
  let agent: StaffClient;
  let analyst: StaffClient;
  let warehouse: StaffClient;
  const orders: Record<string, { lineBySku: Record<string, string> }> = {};

  /** A return the score held for a person after inspection, its money waiting for the goods. */
  async function heldReturn(order: string, otherHold?: string) {
    const token = await t.shopperToken(order, `${order.toLowerCase()}@example.nl`);
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: token,
      payload: {
        method: 'qr',
        lines: [{ orderLineId: orders[order]?.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small', resolution: 'refund' }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const returnId = res.json().returnId as string;
    await holdReturn(t.ctx, { actor: cliActor }, { returnId, reason: 'risk_review' });
    if (otherHold) await holdReturn(t.ctx, { actor: cliActor }, { returnId, reason: otherHold });
    await t.ctx.db
      .updateTable('returns')
      .set({ refund_after_receipt: true, risk_score: 72 })
      .where('id', '=', returnId)
      .execute();
    return returnId;
  }
  const review = (returnId: string, body: object, staff = agent) =>
    t.request({ method: 'POST', url: `/api/v1/returns/${returnId}/risk/review`, staff, payload: body });
  const row = (id: string) =>
    t.ctx.db
      .selectFrom('returns')
      .select(['on_hold', 'hold_reasons', 'refund_after_receipt'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['agent', 'analyst', 'warehouse']);
    [agent, analyst, warehouse] = await Promise.all([t.login('agent'), t.login('analyst'), t.login('warehouse')]);
    const delivered = new Date(t.clock.now.getTime() - 3 * DAY);
    for (const o of await seedOrders(
      t.ctx,
      ['V1', 'V2', 'V3', 'V4'].map((n) => orderFixture(n, delivered)),
    ))
      orders[o.number] = o;
  });
  afterAll(() => t?.close());

  it('keeps the hold and the wait when a person confirms the score, on the record with who and why', async () => {
    const id = await heldReturn('V1');
    const res = await review(id, { outcome: 'confirmed', note: 'Third empty box from this address' });
    expect(res.statusCode, res.body).toBe(200);
    const risk = res.json();
    expect(risk).toMatchObject({ score: 72, onHoldForRisk: true, refundAfterReceipt: true });
    expect(risk.history.at(-1)).toMatchObject({
      stage: 'review',
      score: 72,
      decision: { review: true, refundAfterReceipt: true },
      actor: { type: 'staff', name: 'agent' },
      note: 'Third empty box from this address',
    });
    expect(await row(id)).toMatchObject({ on_hold: true, refund_after_receipt: true });
    const events = await t.ctx.db.selectFrom('events').select(['type', 'reason']).where('return_id', '=', id).execute();
    expect(events).toContainEqual({ type: 'return.risk_reviewed', reason: 'Third empty box from this address' });
  });

  it('lifts the score’s hold and lets money go before receipt when a person clears it', async () => {
    const id = await heldReturn('V2');
    const res = await review(id, { outcome: 'cleared', note: 'Known customer, box was damaged by the carrier' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ onHoldForRisk: false, refundAfterReceipt: false });
    expect(res.json().history.at(-1)).toMatchObject({ stage: 'review', decision: { review: false, refundAfterReceipt: false } });
    expect(await row(id)).toMatchObject({ on_hold: false, hold_reasons: [], refund_after_receipt: false });
  });

  it('lifts only the score’s hold: another reason to hold stays', async () => {
    const id = await heldReturn('V3', 'Waiting for photos');
    const res = await review(id, { outcome: 'cleared', note: 'Score was wrong' });
    expect(res.statusCode, res.body).toBe(200);
    expect(await row(id)).toMatchObject({ on_hold: true, hold_reasons: ['Waiting for photos'], refund_after_receipt: false });
  });

  it('refuses a review without a note, by staff without the right, and of a cancelled return', async () => {
    const id = await heldReturn('V4');
    expect((await review(id, { outcome: 'cleared' })).statusCode).toBe(400);
    expect((await review(id, { outcome: 'maybe', note: 'x' })).statusCode).toBe(400);
    expect((await review(id, { outcome: 'cleared', note: 'x' }, analyst)).statusCode).toBe(403);
    expect((await review(id, { outcome: 'cleared', note: 'x' }, warehouse)).statusCode).toBe(403);
    await t.ctx.db.updateTable('returns').set({ status: 'cancelled' }).where('id', '=', id).execute();
    const closed = await review(id, { outcome: 'cleared', note: 'too late' });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().code).toBe('RETURN_CLOSED');
    const stages = await t.ctx.db.selectFrom('risk_assessments').select('stage').where('return_id', '=', id).execute();
    expect(stages.filter((s) => s.stage === 'review')).toEqual([]);
  });
});
