import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAutomation } from '../src/app/messaging/automation/runAutomation.js';
import { updateRiskSettings } from '../src/app/risk/riskSettings.js';
import { conditionsHold } from '../src/domain/automation.js';
import { DEFAULT_RISK_SETTINGS } from '../src/domain/risk/settings.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { publishPolicy } from './support/policies.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

const DEFAULTS = {
  window: { days: 30, from: 'delivery' },
  resolutions: ['refund', 'store_credit', 'exchange'],
  methods: ['qr'],
  autoApprove: true,
};

describe('automation condition on risk signals', () => {
  const facts = { reasons: [], segment: 'standard', channel: 'webshop', method: 'qr', value: 0, risk: 40 };
  it('holds when any of the signals fired, and not on a return never scored', () => {
    expect(conditionsHold({ signals: ['EMPTY_BOX', 'WRONG_ITEM'] }, { ...facts, signals: ['WRONG_ITEM'] })).toBe(true);
    expect(conditionsHold({ signals: ['EMPTY_BOX'] }, { ...facts, signals: ['WRONG_ITEM'] })).toBe(false);
    expect(conditionsHold({ signals: ['EMPTY_BOX'] }, facts)).toBe(false);
  });
});

describe.each(DB_KINDS)('policy and automation on risk (%s)', (kind) => {
  let t: TestApp;
  let admin: StaffClient;
  const lines: Record<string, string> = {};

  /** Asks a return of the tee of `order` for the customer `who` (velocity counts their returns). */
  async function ask(order: string, who: string) {
    // Velocity counts the customer's returns asked before this one.
    t.clock.advance(60_000);
    const token = await t.shopperToken(order, `${who}@example.nl`);
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: token,
      payload: {
        method: 'qr',
        lines: [{ orderLineId: lines[order], quantity: 1, reasonCode: 'too_small', resolution: 'refund' }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { returnId: string; status: string };
  }
  const returnRow = (id: string) =>
    t.ctx.db
      .selectFrom('returns')
      .select(['status', 'risk_score', 'refund_after_receipt', 'tags'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    t = await createTestApp(kind, {}, { followUps: 'manual' });
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin']);
    admin = await t.login('admin');
    const delivered = new Date(t.clock.now.getTime() - 3 * DAY);
    const fixtures = ['P1', 'P2', 'S1', 'S2', 'A1', 'A2', 'L1', 'L2'].map((n) =>
      orderFixture(n, delivered, {
        customer: { email: `${n.slice(0, 1).toLowerCase()}@example.nl`, firstName: 'Ada', lastName: 'Smit' },
      }),
    );
    for (const o of await seedOrders(t.ctx, fixtures)) lines[o.number] = o.lineBySku['TEE-M'] as string;
    // A customer's second return within the week fires velocity: 10 points, below every decision.
    const signals = { ...DEFAULT_RISK_SETTINGS.signals, RETURN_VELOCITY: { enabled: true, weight: 20, threshold: 2 } };
    await updateRiskSettings(t.ctx, { actor: { type: 'cli', id: null } }, { ...DEFAULT_RISK_SETTINGS, signals });
  });
  afterAll(() => t?.close());

  it('lets a policy rule send a return to a person when a signal fired', async () => {
    await publishPolicy(t, admin, 'Velocity to review', {
      defaults: DEFAULTS,
      rules: [{ id: 'velocity', name: 'Velocity', when: { riskSignals: ['RETURN_VELOCITY'] }, effects: { autoApprove: false } }],
    });
    const first = await ask('P1', 'p');
    expect(first.status).toBe('approved');
    const second = await ask('P2', 'p');
    expect(second.status).toBe('under_review');
    expect((await returnRow(second.returnId)).risk_score).toBe(10);
  });

  it("leaves an allow-listed customer's signals acting on no rule, though they are kept for the record", async () => {
    // Every lookup here comes from one IP: an hour on, the earlier tests' lookups no longer count,
    // and this test's two leave the next tests' below the lookup velocity's threshold.
    t.clock.advance(61 * 60_000);
    const listed = await t.request({
      method: 'POST',
      url: '/api/v1/risk/lists',
      staff: admin,
      payload: { list: 'allow', kind: 'email', value: 'l@example.nl', reason: 'Wholesale buyer' },
    });
    expect(listed.statusCode, listed.body).toBe(201);
    await publishPolicy(t, admin, 'Velocity to review, again', {
      defaults: DEFAULTS,
      rules: [{ id: 'velocity', name: 'Velocity', when: { riskSignals: ['RETURN_VELOCITY'] }, effects: { autoApprove: false } }],
    });
    expect((await ask('L1', 'l')).status).toBe('approved');
    const second = await ask('L2', 'l');
    expect(second.status).toBe('approved');
    const row = await t.ctx.db
      .selectFrom('returns')
      .select(['risk_score', 'risk_signals'])
      .where('id', '=', second.returnId)
      .executeTakeFirstOrThrow();
    expect(row.risk_score).toBe(0);
    expect((row.risk_signals as { code: string }[]).map((s) => s.code)).toContain('RETURN_VELOCITY');
  });

  it('lets a policy rule act on the score within a range', async () => {
    await publishPolicy(t, admin, 'Score to review', {
      defaults: DEFAULTS,
      rules: [{ id: 'score', name: 'Score', when: { riskScore: { min: 5, max: 20 } }, effects: { autoApprove: false } }],
    });
    expect((await ask('S1', 's')).status).toBe('approved');
    expect((await ask('S2', 's')).status).toBe('under_review');
  });

  it('lets automation make money wait for the goods on a signal; its refund then pays nothing before receipt', async () => {
    // Money on the carrier's first scan, which these returns never reach.
    await publishPolicy(t, admin, 'Approve all', { defaults: { ...DEFAULTS, refundTiming: 'first_scan' }, rules: [] });
    const rule = async (body: object) => {
      const res = await t.request({ method: 'POST', url: '/api/v1/automation-rules', staff: admin, payload: body });
      expect(res.statusCode, res.body).toBe(201);
    };
    await rule({
      name: 'Velocity waits for the goods',
      enabled: true,
      trigger: 'return.requested',
      conditions: { signals: ['RETURN_VELOCITY'] },
      actions: [{ type: 'refund_after_receipt' }, { type: 'tag', tag: 'velocity' }, { type: 'refund' }],
    });
    const run = async (returnId: string) => {
      const event = await t.ctx.db
        .selectFrom('events')
        .select('id')
        .where('return_id', '=', returnId)
        .where('type', '=', 'return.requested')
        .executeTakeFirstOrThrow();
      await runAutomation(t.ctx, event.id);
      return t.ctx.db.selectFrom('automation_runs').select('outcome').where('event_id', '=', event.id).execute();
    };
    const first = await ask('A1', 'a');
    expect(await run(first.returnId)).toEqual([]);
    expect(await returnRow(first.returnId)).toMatchObject({ refund_after_receipt: false, tags: [] });
    const second = await ask('A2', 'a');
    const [outcome] = await run(second.returnId);
    expect(outcome?.outcome).toEqual([
      { action: 'refund_after_receipt', result: 'refund after receipt' },
      { action: 'tag', result: 'tagged' },
      { action: 'refund', result: 'waiting for the goods' },
    ]);
    expect(await returnRow(second.returnId)).toMatchObject({ refund_after_receipt: true, tags: ['velocity'] });
    const settlements = await t.ctx.db.selectFrom('settlements').select('id').where('return_id', '=', second.returnId).execute();
    expect(settlements).toEqual([]);
    // Every way money or an exchange moves reads the lines: they wait for receipt too, the policy's
    // own timing kept beside it for a person who clears the score.
    const verdicts = await t.ctx.db
      .selectFrom('return_lines')
      .select('verdict')
      .where('return_id', '=', second.returnId)
      .execute();
    expect(verdicts.length).toBeGreaterThan(0);
    for (const { verdict } of verdicts) {
      expect(verdict).toMatchObject({ refundTiming: 'receipt', policyRefundTiming: 'first_scan' });
      expect((verdict as { instantExchange?: boolean }).instantExchange ?? false).toBe(false);
    }
  });
});
