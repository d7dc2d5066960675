import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignArm } from '../src/domain/policy/experiment.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { publishPolicy } from './support/policies.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

const STRICT = {
  defaults: {
    window: { days: 7, from: 'delivery' },
    resolutions: ['refund', 'store_credit', 'exchange'],
    methods: ['qr', 'label'],
    returnShippingFee: { amount: 495, perMethod: { qr: 295 } },
    feeWaivers: { controllableReasons: true, resolutions: ['store_credit'] },
    bonus: { percent: 10, for: ['store_credit'] },
  },
  rules: [
    {
      id: 'tee-no-exchange',
      name: 'Tees: no exchange',
      when: { skus: ['TEE-M', 'TEE-L'] },
      effects: { resolutions: ['refund', 'store_credit'] },
    },
  ],
};

describe.each(DB_KINDS)('return policy over the API (%s)', (kind) => {
  let t: TestApp;
  let admin: StaffClient;
  let agent: StaffClient;
  const abroad = { line1: '5th Avenue 1', postcode: '10001', city: 'New York', country: 'US' };

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin', 'agent', 'analyst']);
    admin = await t.login('admin');
    agent = await t.login('agent');
  });
  afterAll(() => t?.close());

  const post = (url: string, payload: object, staff: StaffClient = admin) => t.request({ method: 'POST', url, staff, payload });

  it('starts with the standard policy, keeps published versions immutable and judges each return by the version in force', async () => {
    const list = await t.request({ method: 'GET', url: '/api/v1/policy-versions', staff: agent });
    // Other tests add drafts and versions of their own (and put the standard one back in force).
    expect(list.json().activeVersionId).toBe('pol_standard');
    expect(list.json().items).toContainEqual(expect.objectContaining({ id: 'pol_standard', status: 'published', active: true }));
    expect(
      (
        await t.request({ method: 'PUT', url: '/api/v1/policy-versions/pol_standard', staff: admin, payload: { name: 'x' } })
      ).json().code,
    ).toBe('POLICY_VERSION_PUBLISHED');

    const draft = await post('/api/v1/policy-versions', { name: 'Stricter', document: STRICT });
    expect(draft.statusCode).toBe(201);
    const draftId = draft.json().id as string;
    const edited = await t.request({
      method: 'PUT',
      url: `/api/v1/policy-versions/${draftId}`,
      staff: admin,
      payload: { notes: 'a week is enough' },
    });
    expect(edited.statusCode).toBe(200);
    const bad = await t.request({
      method: 'PUT',
      url: `/api/v1/policy-versions/${draftId}`,
      staff: admin,
      payload: { document: { ...STRICT, rules: [STRICT.rules[0], STRICT.rules[0]] } },
    });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().errors)).toContain('rules');

    // A return requested under the standard policy keeps it, also when goods arrive after the switch.
    const delivered = new Date(t.clock.now.getTime() - 10 * DAY);
    const [order] = await seedOrders(t.ctx, [orderFixture('3001', delivered)]);
    const token = await t.shopperToken('3001', '3001@example.nl');
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: token,
      payload: {
        method: 'qr',
        lines: [{ orderLineId: order?.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small', resolution: 'refund' }],
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().policy).toMatchObject({ versionId: 'pol_standard', versionNumber: 1, arm: null });

    const published = await post(`/api/v1/policy-versions/${draftId}/publish`, {});
    expect(published.json()).toMatchObject({ status: 'published', active: true });
    const row = await t.ctx.db.selectFrom('shop_settings').select('active_policy_version_id').executeTakeFirstOrThrow();
    expect(row.active_policy_version_id).toBe(draftId);

    const returnId = created.json().returnId as string;
    const detail = (await t.request({ method: 'GET', url: `/api/v1/returns/${returnId}`, staff: admin })).json();
    expect(detail.policy).toMatchObject({ versionId: 'pol_standard', versionNumber: 1, arm: null });
    expect(detail.lines[0].verdict).toMatchObject({ eligible: true, decidedBy: { window: 'defaults' } });
    const own = (await t.request({ method: 'GET', url: `/api/v1/shopper/returns/${returnId}`, bearer: token })).json();
    expect(own.policy).toBeUndefined();
    expect(own.lines[0].verdict).toBeUndefined();
    const lineId = detail.lines[0].id;
    for (const step of [
      ['in-transit', { trackingNumber: '3SABC' }],
      ['receive', { lines: [{ returnLineId: lineId, quantity: 1 }] }],
    ] as const) {
      const res = await post(`/api/v1/returns/${returnId}/${step[0]}`, step[1]);
      expect(res.statusCode, res.body).toBe(200);
    }
    const recheck = await t.ctx.db
      .selectFrom('events')
      .select('data')
      .where('return_id', '=', returnId)
      .where('type', '=', 'return.policy_rechecked')
      .executeTakeFirstOrThrow();
    expect(recheck.data).toMatchObject({ policyVersion: 'pol_standard', eligible: true, changes: [] });

    // The next return is judged by the new version: 10 days is past its 7, but inside the EU 14.
    const next = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: token,
      payload: {
        lines: [{ orderLineId: order?.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small', resolution: 'exchange' }],
      },
    });
    expect(next.statusCode).toBe(422);
    expect(next.json().errors[0]).toMatchObject({ path: 'lines.0.resolution', code: 'RESOLUTION_NOT_ALLOWED' });
    const ok = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: token,
      payload: {
        method: 'qr',
        lines: [{ orderLineId: order?.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small', resolution: 'store_credit' }],
      },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({
      policy: { versionId: draftId },
      totals: { returnShippingFee: 0, bonus: 200, storeCredit: 2200 },
    });
    const stored = await t.ctx.db
      .selectFrom('return_lines')
      .select(['verdict', 'eligibility'])
      .where('return_id', '=', ok.json().returnId)
      .executeTakeFirstOrThrow();
    expect(stored.eligibility).toContain('EU_WITHDRAWAL_RIGHT');
    expect(stored.verdict).toMatchObject({
      eligible: true,
      firedRules: ['tee-no-exchange'],
      decidedBy: { resolutions: 'tee-no-exchange' },
    });

    // Rolling back is activating an older published version.
    expect((await post('/api/v1/policy-versions/pol_standard/publish', {})).json()).toMatchObject({ active: true });
    // The events of this draft, and the rollback from it (other tests write policy events too).
    const events = (
      await t.ctx.db
        .selectFrom('events')
        .select(['type', 'actor_type', 'subject_id', 'data'])
        .where('subject_type', '=', 'policy_version')
        .orderBy('id')
        .execute()
    ).filter((e) => e.subject_id === draftId || (e.data as { previous?: string }).previous === draftId);
    expect(events.map((e) => e.type)).toEqual([
      'policy.draft_created',
      'policy.draft_updated',
      'policy.published',
      'policy.activated',
      'policy.activated',
    ]);
    expect(events.every((e) => e.actor_type === 'staff')).toBe(true);
  });

  it('explains to the shopper, in their language, what may come back and what it costs', async () => {
    const [order] = await seedOrders(t.ctx, [orderFixture('3101', new Date(t.clock.now.getTime() - 3 * DAY))]);
    const token = await t.shopperToken('3101', '3101@example.nl');
    const nl = await t.request({
      method: 'GET',
      url: '/api/v1/shopper/policy-evaluation',
      bearer: token,
      headers: { 'accept-language': 'nl-NL,nl;q=0.9' },
    });
    expect(nl.statusCode).toBe(200);
    const body = nl.json();
    expect(body.locale).toBe('nl');
    const pen = body.lines.find((l: { orderLineId: string }) => l.orderLineId === order?.lineBySku.PEN);
    expect(pen.eligible).toBe(false);
    expect(pen.reasons[0]).toMatchObject({ code: 'STATUTORY_EXCEPTION_PERSONALISED', severity: 'refusal' });
    expect(pen.reasons[0].message.length).toBeGreaterThan(10);
    // Rule ids and unpublished internals stay with the shop.
    expect(JSON.stringify(body)).not.toContain('firedRules');
    const en = await t.request({ method: 'GET', url: '/api/v1/shopper/policy-evaluation?locale=en', bearer: token });
    expect(en.json().lines[2].reasons[0].message).not.toBe(pen.reasons[0].message);

    const priced = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/policy-evaluation',
      bearer: token,
      payload: {
        locale: 'en',
        selection: {
          lines: [{ orderLineId: order?.lineBySku['TEE-M'], quantity: 2, reasonCode: 'too_small', resolution: 'refund' }],
          method: 'label',
        },
      },
    });
    expect(priced.statusCode).toBe(200);
    // A reason added by staff can be chosen at once (the cached catalogue is dropped on change).
    const reason = await post('/api/v1/reasons', { code: 'wrong_colour', labels: { en: 'Wrong colour' }, controllable: true });
    expect(reason.statusCode).toBe(201);
    const withNewReason = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: token,
      payload: {
        lines: [{ orderLineId: order?.lineBySku['TEE-M'], quantity: 1, reasonCode: 'wrong_colour', resolution: 'refund' }],
      },
    });
    expect(withNewReason.statusCode, withNewReason.body).toBe(201);
    const foreign = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/policy-evaluation',
      bearer: token,
      payload: { selection: { lines: [{ orderLineId: 'ol_someone_else', quantity: 1 }] } },
    });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().errors[0]).toMatchObject({ path: 'selection.lines.0.orderLineId', code: 'ORDER_LINE_NOT_FOUND' });
    expect(priced.json()).toMatchObject({ eligible: true, method: 'label', totals: { value: 4000 } });
  });

  it('refuses a blocked customer outside their legal rights, and lets staff make an exception on the record', async () => {
    const [order] = await seedOrders(t.ctx, [
      orderFixture('3201', new Date(t.clock.now.getTime() - 40 * DAY), { shippingAddress: abroad }),
    ]);
    const customer = await t.ctx.db
      .selectFrom('orders')
      .select('customer_id')
      .where('id', '=', order?.id ?? '')
      .executeTakeFirstOrThrow();
    const blocked = await post(
      `/api/v1/customers/${customer.customer_id}/segment`,
      { segment: 'blocked', reason: 'chargebacks' },
      agent,
    );
    expect(blocked.statusCode).toBe(200);
    const token = await t.shopperToken('3201', '3201@example.nl');
    const request = () =>
      t.request({
        method: 'POST',
        url: '/api/v1/shopper/returns',
        bearer: token,
        payload: {
          lines: [{ orderLineId: order?.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small', resolution: 'refund' }],
        },
      });
    const refused = await request();
    expect(refused.statusCode).toBe(422);
    expect(refused.json().verdicts[0].codes).toEqual(expect.arrayContaining(['CUSTOMER_BLOCKED', 'WINDOW_EXPIRED']));

    const exception = await post(
      '/api/v1/policy-exceptions',
      { orderId: order?.id, allowReturn: true, reason: 'goodwill after call #4411' },
      agent,
    );
    expect(exception.statusCode).toBe(201);
    const allowed = await request();
    expect(allowed.statusCode, allowed.body).toBe(201);
    expect(allowed.json().lines[0].codes).toContain('STAFF_EXCEPTION');
    const audit = await t.ctx.db
      .selectFrom('events')
      .select(['type', 'actor_type', 'actor_id', 'reason'])
      .where('type', 'in', ['customer.segment_changed', 'policy.exception_granted'])
      .orderBy('id')
      .execute();
    expect(audit).toMatchObject([
      { type: 'customer.segment_changed', actor_type: 'staff', reason: 'chargebacks' },
      { type: 'policy.exception_granted', actor_type: 'staff', reason: 'goodwill after call #4411' },
    ]);
    expect(audit.every((a) => a.actor_id)).toBe(true);
    const revoked = await post(`/api/v1/policy-exceptions/${exception.json().id}/revoke`, { reason: 'one-off' }, agent);
    expect(revoked.statusCode).toBe(200);
    expect((await request()).statusCode).toBe(422);
  });

  it('records a withdrawal from the contract without a reason, only within the statutory period', async () => {
    const [recent, old, abroadOrder] = await seedOrders(t.ctx, [
      orderFixture('3401', new Date(t.clock.now.getTime() - 3 * DAY)),
      orderFixture('3402', new Date(t.clock.now.getTime() - 20 * DAY)),
      orderFixture('3403', new Date(t.clock.now.getTime() - 3 * DAY), { shippingAddress: abroad }),
    ]);
    const withdraw = async (number: string, lineId: string | undefined, withdrawal = true) =>
      t.request({
        method: 'POST',
        url: '/api/v1/shopper/returns',
        bearer: await t.shopperToken(number, `${number}@example.nl`),
        payload: { withdrawal, lines: [{ orderLineId: lineId, quantity: 1 }] },
      });
    const noReason = await withdraw('3401', recent?.lineBySku['TEE-M'], false);
    expect(noReason.json().errors[0]).toMatchObject({ path: 'lines.0.reasonCode', code: 'REASON_REQUIRED' });
    for (const [number, line] of [
      ['3402', old?.lineBySku['TEE-M']],
      ['3403', abroadOrder?.lineBySku['TEE-M']],
    ] as const) {
      const refused = await withdraw(number, line);
      expect(refused.statusCode).toBe(422);
      expect(refused.json().errors[0].code).toBe('WITHDRAWAL_NOT_AVAILABLE');
    }
    // Inside the period even the final-sale jacket comes back, for a refund.
    const ok = await withdraw('3401', recent?.lineBySku.JACKET);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().withdrawal).toEqual({ declaredAt: t.clock.now.toISOString() });
    const declared = await t.ctx.db
      .selectFrom('events')
      .select(['data', 'occurred_at'])
      .where('return_id', '=', ok.json().returnId)
      .where('type', '=', 'return.withdrawal_declared')
      .executeTakeFirstOrThrow();
    expect(declared.data).toMatchObject({ declaredAt: t.clock.now.toISOString(), orderNumber: '3401' });
    const row = await t.ctx.db
      .selectFrom('returns')
      .select('withdrawal_declared_at')
      .where('id', '=', ok.json().returnId)
      .executeTakeFirstOrThrow();
    expect(row.withdrawal_declared_at?.toISOString()).toBe(t.clock.now.toISOString());
  });

  it('runs an experiment: customers split deterministically, each return records its arm, results per arm', async () => {
    const variant = await post('/api/v1/policy-versions', {
      name: 'Bonus 20%',
      document: {
        ...STRICT,
        defaults: { ...STRICT.defaults, window: { days: 30 }, bonus: { percent: 20, for: ['store_credit'] } },
      },
    });
    const started = await post('/api/v1/policy-experiments', {
      name: 'Bigger bonus',
      variantVersionId: variant.json().id,
      variantPercent: 50,
    });
    expect(started.statusCode, started.body).toBe(201);
    const experimentId = started.json().id as string;
    expect(
      (await post('/api/v1/policy-experiments', { name: 'again', variantVersionId: variant.json().id, variantPercent: 5 })).json()
        .code,
    ).toBe('EXPERIMENT_RUNNING');
    const numbers = Array.from({ length: 12 }, (_, i) => String(3300 + i));
    const orders = await seedOrders(
      t.ctx,
      numbers.map((n) => orderFixture(n, new Date(t.clock.now.getTime() - 2 * DAY))),
    );
    for (const [i, n] of numbers.entries()) {
      const token = await t.shopperToken(n, `${n}@example.nl`);
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/shopper/returns',
        bearer: token,
        payload: {
          lines: [
            { orderLineId: orders[i]?.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small', resolution: 'store_credit' },
          ],
        },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const rows = await t.ctx.db
      .selectFrom('returns')
      .select(['customer_id', 'policy_arm', 'policy_version', 'experiment_id'])
      .where('experiment_id', '=', experimentId)
      .execute();
    expect(rows).toHaveLength(12);
    for (const r of rows) {
      expect(r.policy_arm).toBe(assignArm(experimentId, r.customer_id, 5000));
      expect(r.policy_version).toBe(r.policy_arm === 'variant' ? variant.json().id : 'pol_standard');
    }
    const results = (await t.request({ method: 'GET', url: `/api/v1/policy-experiments/${experimentId}`, staff: agent })).json()
      .results;
    expect(results.control.returns + results.variant.returns).toBe(12);
    expect(results.variant.resolutions.store_credit).toBe(results.variant.lines);
    const stopped = await post(`/api/v1/policy-experiments/${experimentId}/stop`, { promote: true });
    expect(stopped.json()).toMatchObject({ status: 'stopped', activeVersionId: variant.json().id });
    await post('/api/v1/policy-versions/pol_standard/publish', {});
  });

  it('simulates a stricter draft over the API for an analyst, next to the active policy', async () => {
    // A return of this test's own for the simulator to replay.
    const [order] = await seedOrders(t.ctx, [orderFixture('3961', new Date(t.clock.now.getTime() - 3 * DAY))]);
    const token = await t.shopperToken('3961', '3961@example.nl');
    const made = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: token,
      payload: { method: 'qr', lines: [{ orderLineId: order?.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small' }] },
    });
    expect(made.statusCode, made.body).toBe(201);
    const analyst = await t.login('analyst');
    const draft = await post('/api/v1/policy-versions', { name: 'Seven days', document: STRICT });
    const res = await post('/api/v1/policy-simulations', { versionId: draft.json().id, days: 30 }, analyst);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report.baseline.id).toBe('pol_standard');
    expect(report.candidate).toMatchObject({ id: draft.json().id, status: 'draft' });
    expect(report.returns).toBeGreaterThan(0);
    expect(report.changes.becameEligible).toBe(0);
    expect(report.sides.current.lines).toBe(report.sides.current.eligible + report.sides.current.ineligible);
    // Agents may read policies but not run the simulator.
    expect((await post('/api/v1/policy-simulations', { versionId: draft.json().id }, agent)).statusCode).toBe(403);
  });

  it('judges a real order under an unsaved document, as the policy editor does while a draft is typed', async () => {
    // Twenty days after delivery: past the EU's 14 days, inside the standard policy's window.
    const [order] = await seedOrders(t.ctx, [orderFixture('3951', new Date(t.clock.now.getTime() - 20 * DAY))]);
    const lineId = order?.lineBySku['TEE-M'] as string;
    const url = `/api/v1/orders/${order?.id}/policy-evaluation`;
    const now = (await post(url, { locale: 'en' }, agent)).json();
    expect(now.policy).toMatchObject({ id: 'pol_standard' });
    const tee = (v: { verdict: { lines: { orderLineId: string; eligible: boolean; codes: string[] }[] } }) =>
      v.verdict.lines.find((l) => l.orderLineId === lineId);
    expect(tee(now)?.eligible).toBe(true);

    const res = await post(url, { document: STRICT, locale: 'en' }, agent);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().policy).toBeNull();
    expect(tee(res.json())).toMatchObject({ eligible: false });
    expect(tee(res.json())?.codes).toContain('WINDOW_EXPIRED');
    // Nothing was saved: the order is judged as before by the policy in force.
    expect(tee((await post(url, {}, agent)).json())?.codes).toEqual(tee(now)?.codes);

    const broken = await post(url, { document: { ...STRICT, defaults: { window: { days: -1 } } } }, agent);
    expect(broken.statusCode).toBe(400);
    expect(JSON.stringify(broken.json().errors)).toContain('document.defaults.window.days');
    const both = await post(url, { versionId: 'pol_standard', document: STRICT }, agent);
    expect(both.statusCode).toBe(400);
  });

  it('answers "what would happen if" for an order that does not exist, under a version or an unsaved document', async () => {
    const res = await post(
      '/api/v1/policy-evaluations',
      {
        document: STRICT,
        now: '2026-06-15T10:00:00Z',
        order: {
          placedAt: '2026-05-01T10:00:00Z',
          shippingCountry: 'US',
          lines: [
            { sku: 'JACKET', quantity: 1, paidAmount: 9000, deliveredAt: '2026-06-10T10:00:00Z' },
            { sku: 'TEE-M', quantity: 1, paidAmount: 2000, deliveredAt: '2026-05-10T10:00:00Z' },
          ],
        },
        selection: {
          lines: [
            { orderLineId: 'line-1', quantity: 1, reasonCode: 'too_small', resolution: 'refund' },
            { orderLineId: 'line-2', quantity: 1, reasonCode: 'too_small', resolution: 'refund' },
          ],
        },
        locale: 'en',
      },
      agent,
    );
    expect(res.statusCode, res.body).toBe(200);
    const [jacket, tee] = res.json().verdict.lines;
    expect(jacket.codes).toContain('FINAL_SALE');
    expect(tee.codes).toContain('WINDOW_EXPIRED');
    expect(tee.reasons[0].message).toMatch(/\w/);
    const both = await post('/api/v1/policy-evaluations', {
      versionId: 'pol_standard',
      document: STRICT,
      order: { placedAt: '2026-05-01T10:00:00Z', shippingCountry: 'NL', lines: [{ sku: 'X', quantity: 1, paidAmount: 1 }] },
    });
    expect(both.statusCode).toBe(400);
  });
});

describe.each(DB_KINDS)('the public policy page (%s)', (kind) => {
  let t: TestApp;
  let admin: StaffClient;
  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedStaff(t.ctx, ['admin']);
    admin = await t.login('admin');
  });
  afterAll(() => t?.close());

  it('shows the rules still in force in the shopper’s language, falling back to the shop’s', async () => {
    const daysFrom = (days: number) => new Date(t.clock.now.getTime() + days * DAY).toISOString().slice(0, 10);
    const document = {
      defaults: { window: { days: 30 } },
      rules: [
        {
          id: 'sale',
          name: 'Uitverkoop: alleen tegoed',
          description: 'Afgeprijsde artikelen ruil je voor tegoed.',
          translations: {
            en: { name: 'Sale: store credit only', description: 'Reduced items come back as store credit.' },
            de: { name: 'Sale: nur Guthaben' },
          },
          when: { productTags: ['sale'] },
          effects: { resolutions: ['store_credit'] },
        },
        { id: 'ended', name: 'Feestdagen', when: { orderedBetween: { to: daysFrom(-2) } }, effects: { window: { days: 60 } } },
        { id: 'soon', name: 'Nog even', when: { orderedBetween: { to: daysFrom(2) } }, effects: {} },
      ],
    };
    const bad = await t.request({
      method: 'POST',
      url: '/api/v1/policy-versions',
      staff: admin,
      payload: {
        name: 'Untitled',
        document: { ...document, rules: [{ ...document.rules[0], translations: { de: { name: '' } } }] },
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().errors)).toContain('translations');
    await publishPolicy(t, admin, 'Texts', document);
    await t.request({ method: 'PATCH', url: '/api/v1/settings/shop', staff: admin, payload: { defaultLocale: 'nl' } });

    const page = async (query: string, headers: Record<string, string> = {}) => {
      const res = await t.request({ method: 'GET', url: `/api/v1/public/policy${query}`, headers });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().rules as { name: string; description: string | null }[];
    };
    expect(await page('?locale=en')).toEqual([
      { name: 'Sale: store credit only', description: 'Reduced items come back as store credit.' },
      { name: 'Nog even', description: null },
    ]);
    expect((await page('?locale=de'))[0]).toEqual({ name: 'Sale: nur Guthaben', description: null });
    // French was not written: the shop's default language.
    expect((await page('?locale=fr'))[0]).toEqual({
      name: 'Uitverkoop: alleen tegoed',
      description: 'Afgeprijsde artikelen ruil je voor tegoed.',
    });
    expect((await page('', { 'accept-language': 'en-GB,en;q=0.9' }))[0]?.name).toBe('Sale: store credit only');
    expect((await t.request({ method: 'GET', url: '/api/v1/public/policy?locale=xx' })).statusCode).toBe(400);
  });
});
