import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RISK_SETTINGS } from '../src/domain/risk/settings.js';
import type { RiskSignal } from '../src/domain/risk/signals.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

const serial: RiskSignal = {
  code: 'SERIAL_RETURNING',
  points: 45,
  strength: 3,
  threshold: 2,
  weight: 60,
  detail: { returns: 5, valueRate: 0.6, baseline: 0.2 },
};
const emptyBox: RiskSignal = {
  code: 'EMPTY_BOX',
  points: 50,
  strength: 1,
  threshold: 1,
  weight: 100,
  detail: { before: 1, now: false },
};

describe.each(DB_KINDS)('risk API (%s)', (kind) => {
  let t: TestApp;
  let admin: StaffClient;
  let agent: StaffClient;
  let analyst: StaffClient;
  const returns: Record<string, string> = {};
  const customers: Record<string, string> = {};

  async function requestReturn(order: string, line: string) {
    const token = await t.shopperToken(order, `${order}@example.nl`);
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: token,
      payload: { method: 'qr', lines: [{ orderLineId: line, quantity: 1, reasonCode: 'too_small', resolution: 'refund' }] },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().returnId as string;
  }

  /** Scores set as the assessment would have, so the queue's order is the test's, not the weights'. */
  async function scored(returnId: string, score: number, signals: RiskSignal[]) {
    const r = await t.ctx.db
      .updateTable('returns')
      .set({ risk_score: score, risk_signals: JSON.stringify(signals) })
      .where('id', '=', returnId)
      .returning('customer_id')
      .executeTakeFirstOrThrow();
    await t.ctx.db
      .updateTable('customers')
      .set({ risk_score: score, risk_signals: JSON.stringify(signals), risk_assessed_at: t.clock.now })
      .where('id', '=', r.customer_id)
      .execute();
    return r.customer_id;
  }

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin', 'agent', 'analyst']);
    [admin, agent, analyst] = await Promise.all([t.login('admin'), t.login('agent'), t.login('analyst')]);
    const delivered = new Date(t.clock.now.getTime() - 3 * DAY);
    const orders = await seedOrders(
      t.ctx,
      ['R1', 'R2', 'R3'].map((n) => orderFixture(n, delivered)),
    );
    for (const o of orders) returns[o.number] = await requestReturn(o.number, o.lineBySku['TEE-M'] as string);
    customers.R1 = await scored(returns.R1 as string, 80, [serial, emptyBox]);
    customers.R2 = await scored(returns.R2 as string, 20, []);
    customers.R3 = await scored(returns.R3 as string, 50, [serial]);
  });
  afterAll(() => t?.close());

  const get = (url: string, staff = analyst) => t.request({ method: 'GET', url, staff });

  it('lists returns by risk, highest first, with each signal explained, a page at a time', async () => {
    const res = await get('/api/v1/risk/returns?limit=2');
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json();
    expect(page.items.map((i: { id: string }) => i.id)).toEqual([returns.R1, returns.R3]);
    const top = page.items[0];
    expect(top).toMatchObject({
      score: 80,
      level: 'high',
      customer: { id: customers.R1, email: 'r1@example.nl' },
      reviewed: false,
    });
    expect(top.signals.map((s: { code: string }) => s.code)).toEqual(['SERIAL_RETURNING', 'EMPTY_BOX']);
    for (const s of top.signals) expect(s.explanation.length).toBeGreaterThan(10);
    expect(page.nextCursor).toBeTruthy();
    const next = (await get(`/api/v1/risk/returns?limit=2&cursor=${page.nextCursor}`)).json();
    expect(next.items.map((i: { id: string }) => i.id)).toEqual([returns.R2]);
    expect(next.nextCursor).toBeNull();
  });

  it('filters the queue by signal and minimum score, and explains in Dutch when asked', async () => {
    const bySignal = (await get('/api/v1/risk/returns?signal=EMPTY_BOX')).json();
    expect(bySignal.items.map((i: { id: string }) => i.id)).toEqual([returns.R1]);
    const byScore = (await get('/api/v1/risk/returns?minScore=50')).json();
    expect(byScore.items.map((i: { id: string }) => i.id)).toEqual([returns.R1, returns.R3]);
    const en = (await get('/api/v1/risk/returns?signal=EMPTY_BOX')).json().items[0].signals[1].explanation;
    const nl = (await get('/api/v1/risk/returns?signal=EMPTY_BOX&locale=nl')).json().items[0].signals[1].explanation;
    expect(nl).not.toEqual(en);
    expect((await get('/api/v1/risk/returns?cursor=nonsense')).json().code).toBe('INVALID_CURSOR');
  });

  it('lists customers by their latest score', async () => {
    const res = await get('/api/v1/risk/customers');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { id: string; score: number; listed: string | null; linked: number }[];
    expect(items.map((i) => i.id)).toEqual([customers.R1, customers.R3, customers.R2]);
    expect(items[0]).toMatchObject({ score: 80, level: 'high', listed: null });
    const serials = (await get('/api/v1/risk/customers?signal=SERIAL_RETURNING')).json().items;
    expect(serials.map((i: { id: string }) => i.id)).toEqual([customers.R1, customers.R3]);
  });

  it("explains a return's risk with the law's sentence", async () => {
    const res = await get(`/api/v1/returns/${returns.R1}/risk`, agent);
    expect(res.statusCode, res.body).toBe(200);
    const risk = res.json();
    expect(risk).toMatchObject({ score: 80, level: 'high', onHoldForRisk: false });
    expect(risk.signals[1]).toMatchObject({ code: 'EMPTY_BOX', weight: 100, detail: { before: 1 } });
    expect(typeof risk.law.withinWithdrawalPeriod).toBe('boolean');
    expect(risk.law.sentence).toMatch(/never refuse|only the policy/);
    const customer = (await get(`/api/v1/customers/${customers.R1}/risk`)).json();
    expect(customer).toMatchObject({ score: 80, level: 'high' });
    expect((await get('/api/v1/customers/cus_missing/risk')).statusCode).toBe(404);
  });

  it('reads and replaces the settings; an invalid document is refused with its field', async () => {
    const read = (await get('/api/v1/risk/settings')).json();
    expect(read).toMatchObject({ customised: false, settings: DEFAULT_RISK_SETTINGS, defaults: DEFAULT_RISK_SETTINGS });
    const changed = { ...DEFAULT_RISK_SETTINGS, reviewFrom: 70 };
    const byAgent = await t.request({ method: 'PUT', url: '/api/v1/risk/settings', staff: agent, payload: changed });
    expect(byAgent.statusCode).toBe(403);
    const put = await t.request({ method: 'PUT', url: '/api/v1/risk/settings', staff: admin, payload: changed });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({
      customised: true,
      settings: { reviewFrom: 70 },
      defaults: { reviewFrom: DEFAULT_RISK_SETTINGS.reviewFrom },
    });
    expect((await get('/api/v1/risk/settings')).json().settings.reviewFrom).toBe(70);
    const bad = await t.request({
      method: 'PUT',
      url: '/api/v1/risk/settings',
      staff: admin,
      payload: { ...changed, reviewFrom: 500 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
    expect(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .join(),
    ).toContain('reviewFrom');
    expect((await get('/api/v1/risk/settings')).json().settings.reviewFrom).toBe(70);
  });
});
