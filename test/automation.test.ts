import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { giveUpAutomation, runAutomation } from '../src/app/messaging/automation/runAutomation.js';
import { conditionsHold, matchingRules } from '../src/domain/automation.js';
import { QUEUES } from '../src/jobs/jobQueue.js';
import { startWorkers, type Workers } from '../src/jobs/worker.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';
import { until, untilSettled } from './support/until.js';

describe('automation conditions', () => {
  const facts = { reasons: ['too_small'], segment: 'vip', channel: 'webshop', method: 'qr', value: 5000, risk: 10 };
  it('hold when every condition that is set holds', () => {
    expect(conditionsHold({}, facts)).toBe(true);
    expect(conditionsHold({ reasons: ['damaged', 'too_small'], segments: ['vip'], methods: ['qr'] }, facts)).toBe(true);
    expect(conditionsHold({ reasons: ['damaged'] }, facts)).toBe(false);
    expect(conditionsHold({ minValue: 5000, maxValue: 5000 }, facts)).toBe(true);
    expect(conditionsHold({ minValue: 5001 }, facts)).toBe(false);
    expect(conditionsHold({ maxRisk: 9 }, facts)).toBe(false);
    expect(conditionsHold({ channels: ['marketplace'] }, facts)).toBe(false);
    expect(conditionsHold({ methods: ['pickup'] }, { ...facts, method: null })).toBe(false);
    const rule = (id: string, trigger: string, enabled = true) => ({
      id,
      name: id,
      enabled,
      trigger: trigger as 'return.requested',
      conditions: {},
      actions: [{ type: 'approve' as const }],
    });
    expect(
      matchingRules(
        [rule('a', 'return.requested'), rule('b', 'return.in_transit'), rule('c', 'return.requested', false)],
        'return.requested',
        facts,
      ).map((r) => r.id),
    ).toEqual(['a']);
  });
});

describe.each(DB_KINDS)('automation rules (%s)', (kind) => {
  let t: TestApp;
  let workers: Workers;
  let admin: StaffClient;
  let warehouse: StaffClient;
  const lines: Record<string, Record<string, string>> = {};

  const rules = async () =>
    (await t.request({ method: 'GET', url: '/api/v1/automation-rules', staff: admin })).json().items as {
      id: string;
      name: string;
      enabled: boolean;
    }[];
  const addRule = async (body: object) => {
    const res = await t.request({ method: 'POST', url: '/api/v1/automation-rules', staff: admin, payload: body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; name: string };
  };
  async function requestReturn(order: string, sku: string) {
    const token = await t.shopperToken(order, `${order}@example.nl`);
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: token,
      payload: {
        method: 'qr',
        lines: [{ orderLineId: lines[order]?.[sku], quantity: 1, reasonCode: 'too_small', resolution: 'refund' }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { returnId: string; number: string; status: string };
  }
  const detail = async (id: string) => (await t.request({ method: 'GET', url: `/api/v1/returns/${id}`, staff: admin })).json();
  const byRule = (d: { timeline: { type: string; actor: { type: string; name?: string } }[] }, type: string) =>
    d.timeline.find((e) => e.type === type && e.actor.type === 'rule');

  beforeAll(async () => {
    t = await createTestApp(kind, { RETOUR_ENCRYPTION_KEY: 'automation-test-key' });
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin', 'agent', 'warehouse']);
    const delivered = new Date(t.clock.now.getTime() - 3 * DAY);
    const seeded = await seedOrders(
      t.ctx,
      ['7301', '7302', '7303', '7304'].map((n) => orderFixture(n, delivered)),
    );
    for (const o of seeded) if (o) lines[o.number] = o.lineBySku;
    for (const [order, segment] of [
      ['7302', 'vip'],
      ['7303', 'watch'],
    ] as const) {
      const o = await t.ctx.db
        .selectFrom('orders')
        .select('customer_id')
        .where('order_number', '=', order)
        .executeTakeFirstOrThrow();
      await t.ctx.db.updateTable('customers').set({ segment }).where('id', '=', o.customer_id).execute();
    }
    admin = await t.login('admin');
    warehouse = await t.login('warehouse');
    workers = await startWorkers(t.ctx, t.handle, { pollMs: 50 });
  }, 60_000);
  afterAll(async () => {
    await workers?.stop();
    await t?.close();
  });

  it('ships sensible defaults, which admins see and edit', async () => {
    // The defaults come first; rules admins add go after them.
    expect((await rules()).slice(0, 3).map((r) => r.name)).toEqual([
      'High-risk returns go to a person',
      'Refund trusted shoppers at the first carrier scan',
      'Tag returns worth more than €250',
    ]);
    const agent = await t.login('agent');
    const refused = await t.request({ method: 'POST', url: '/api/v1/automation-rules', staff: agent, payload: {} });
    expect(refused.statusCode).toBe(403);
    const bad = await t.request({
      method: 'POST',
      url: '/api/v1/automation-rules',
      staff: admin,
      payload: { name: 'x', enabled: true, trigger: 'return.requested', conditions: { minValue: 10, maxValue: 5 }, actions: [] },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['actions', 'conditions.minValue']);
    const odd = await t.request({
      method: 'POST',
      url: '/api/v1/automation-rules',
      staff: admin,
      payload: { name: 'x', enabled: true, trigger: 'return.requested', conditions: {}, actions: [{ type: 'delete' }] },
    });
    expect(odd.statusCode).toBe(400);
  });

  it('tags and tells staff, as the rule, once per event', async () => {
    const rule = await addRule({
      name: 'Sizing questions',
      enabled: true,
      trigger: 'return.requested',
      conditions: { reasons: ['too_small', 'too_big'], methods: ['qr'] },
      actions: [
        { type: 'tag', tag: 'sizing' },
        { type: 'notify', message: 'Check the size chart of this product' },
      ],
    });
    const ret = await requestReturn('7301', 'TEE-M');
    await until(async () => (await detail(ret.returnId)).tags.includes('sizing'));
    const d = await detail(ret.returnId);
    expect(byRule(d, 'return.tagged')?.actor).toMatchObject({ type: 'rule', id: rule.id, name: 'Sizing questions' });
    const told = await t.ctx.db
      .selectFrom('staff_notifications')
      .selectAll()
      .where('kind', '=', 'rule_matched')
      .where('return_id', '=', ret.returnId)
      .execute();
    expect(told.map((n) => n.facts)).toEqual([
      { number: ret.number, rule: 'Sizing questions', message: 'Check the size chart of this product' },
    ]);
    // Running the event again (a retried job) does nothing twice.
    const event = await t.ctx.db
      .selectFrom('events')
      .select('id')
      .where('return_id', '=', ret.returnId)
      .where('type', '=', 'return.requested')
      .executeTakeFirstOrThrow();
    await runAutomation(t.ctx, event.id);
    const tagged = await t.ctx.db
      .selectFrom('events')
      .select('id')
      .where('return_id', '=', ret.returnId)
      .where('type', '=', 'return.tagged')
      .execute();
    expect(tagged).toHaveLength(1);
    const run = await t.ctx.db.selectFrom('automation_runs').selectAll().where('rule_id', '=', rule.id).execute();
    expect(run.map((r) => [r.status, r.outcome])).toEqual([
      [
        'done',
        [
          { action: 'tag', result: 'tagged' },
          { action: 'notify', result: 'staff notified' },
        ],
      ],
    ]);
    // Rules that could not run after every try are a notification for those who manage them.
    await giveUpAutomation(t.ctx, event.id);
    const forAdmin = (await t.request({ method: 'GET', url: '/api/v1/notifications', staff: admin })).json().items;
    expect(forAdmin.find((n: { kind: string }) => n.kind === 'automation_failed')).toMatchObject({
      facts: { number: ret.number, event: 'return.requested' },
      path: `/returns/${ret.returnId}`,
    });
    // Once fixed, an admin runs the rules for the event again: what was left unfinished runs now.
    await t.ctx.db.updateTable('automation_runs').set({ status: 'started' }).where('rule_id', '=', rule.id).execute();
    const replayed = await t.request({
      method: 'POST',
      url: `/api/v1/automation-runs/${event.id}/replay`,
      staff: admin,
      payload: {},
    });
    expect(replayed.statusCode, replayed.body).toBe(200);
    await until(async () => {
      const r = await t.ctx.db.selectFrom('automation_runs').select('status').where('rule_id', '=', rule.id).executeTakeFirst();
      return r?.status === 'done';
    });
    const agent = await t.login('agent');
    const forAgent = (await t.request({ method: 'GET', url: '/api/v1/notifications', staff: agent })).json().items;
    expect(forAgent.map((n: { kind: string }) => n.kind)).not.toContain('automation_failed');
    // A rule that ran is kept, switched off, when removed.
    const removed = await t.request({ method: 'DELETE', url: `/api/v1/automation-rules/${rule.id}`, staff: admin });
    expect(removed.json()).toMatchObject({ deleted: false, disabled: true });
    expect((await rules()).find((r) => r.id === rule.id)?.enabled).toBe(false);
  });

  it('approves a trusted shopper’s return under review, and refunds it at the first carrier scan', async () => {
    await addRule({
      name: 'Trust VIPs on sizing',
      enabled: true,
      trigger: 'return.requested',
      conditions: { segments: ['vip'], reasons: ['too_small'] },
      actions: [{ type: 'approve' }],
    });
    const ret = await requestReturn('7302', 'BUDS');
    expect(ret.status).toBe('under_review');
    await until(async () => (await detail(ret.returnId)).status === 'approved');
    expect(byRule(await detail(ret.returnId), 'return.approved')?.actor.name).toBe('Trust VIPs on sizing');

    const scan = await t.request({
      method: 'POST',
      url: `/api/v1/returns/${ret.returnId}/in-transit`,
      staff: warehouse,
      payload: { trackingNumber: '3SVIP0001' },
    });
    expect(scan.statusCode).toBe(200);
    // The default rule: trusted shoppers get their money at the first scan, before the parcel is in.
    await until(async () => (await detail(ret.returnId)).settlements.length > 0);
    const d = await detail(ret.returnId);
    expect(d.settlements[0]).toMatchObject({ kind: 'refund', trigger: 'rule' });
    expect(byRule(d, 'return.settlement_started')?.actor.name).toBe('Refund trusted shoppers at the first carrier scan');
  });

  it('sends a return to a person whatever the policy decided', async () => {
    await addRule({
      name: 'Watched customers',
      enabled: true,
      trigger: 'return.requested',
      conditions: { segments: ['watch'] },
      actions: [{ type: 'review' }],
    });
    const ret = await requestReturn('7303', 'TEE-M');
    expect(ret.status).toBe('approved');
    await until(async () => (await detail(ret.returnId)).onHold === true);
    const d = await detail(ret.returnId);
    expect(d.holdReasons).toEqual(['Rule: Watched customers']);
    expect(byRule(d, 'return.held')?.actor.name).toBe('Watched customers');
    // A rule never ran for the plain return of another customer: once the workers are done with
    // its events (the automation job of its request has run), it is not on hold.
    const other = await requestReturn('7304', 'TEE-M');
    await untilSettled(t.ctx.db);
    const requested = await t.ctx.db
      .selectFrom('events')
      .select('id')
      .where('return_id', '=', other.returnId)
      .where('type', '=', 'return.requested')
      .executeTakeFirstOrThrow();
    const automationJob = await sql<{ state: string }>`
      select state::text as state from pgboss.job where name = ${QUEUES.automation} and singleton_key = ${requested.id}`.execute(
      t.ctx.db,
    );
    expect(automationJob.rows).toEqual([{ state: 'completed' }]);
    expect((await detail(other.returnId)).onHold).toBe(false);
  });
});
