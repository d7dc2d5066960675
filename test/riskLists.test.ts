import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateRiskSettings } from '../src/app/risk/riskSettings.js';
import { DEFAULT_RISK_SETTINGS } from '../src/domain/risk/settings.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

type Seeded = { id: string; number: string; lineBySku: Record<string, string> };

describe.each(DB_KINDS)('block and allow lists (%s)', (kind) => {
  let t: TestApp;
  let agent: StaffClient;
  let analyst: StaffClient;
  const orders: Record<string, Seeded> = {};

  const add = (payload: object, staff = agent) => t.request({ method: 'POST', url: '/api/v1/risk/lists', staff, payload });
  const list = async (query: string) =>
    (await t.request({ method: 'GET', url: `/api/v1/risk/lists?${query}`, staff: analyst })).json().items as {
      id: string;
      active: boolean;
      value: string;
    }[];
  const customerOf = async (order: string) =>
    (
      await t.ctx.db
        .selectFrom('orders')
        .select('customer_id')
        .where('id', '=', orders[order]?.id as string)
        .executeTakeFirstOrThrow()
    ).customer_id;
  const ask = async (order: string) => {
    const token = await t.shopperToken(order, `${order.toLowerCase()}@example.nl`);
    return t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: token,
      payload: {
        method: 'qr',
        lines: [{ orderLineId: orders[order]?.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small', resolution: 'refund' }],
      },
    });
  };

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['agent', 'analyst']);
    [agent, analyst] = await Promise.all([t.login('agent'), t.login('analyst')]);
    const recent = new Date(t.clock.now.getTime() - 3 * DAY);
    const older = new Date(t.clock.now.getTime() - 20 * DAY);
    const door = { line1: 'Prinsengracht 263', postcode: '1016 GV', city: 'Amsterdam', country: 'NL' };
    const seeded = await seedOrders(t.ctx, [
      orderFixture('L1', recent),
      orderFixture('B1', recent, { shippingAddress: door }),
      orderFixture('B2', older, { shippingAddress: { ...door, line1: 'Prinsengracht 263 ' } }),
      orderFixture('A1', recent),
      orderFixture('A2', recent),
    ]);
    for (const o of seeded) orders[o.number] = o;
  });
  afterAll(() => t?.close());

  it('keeps an e-mail in its normal form with what was entered, who and why', async () => {
    const res = await add({ list: 'block', kind: 'email', value: ' Sanne.de.Vries+sale@GoogleMail.com ', reason: 'chargebacks' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      list: 'block',
      kind: 'email',
      value: 'sannedevries@gmail.com',
      display: 'Sanne.de.Vries+sale@GoogleMail.com',
      reason: 'chargebacks',
      createdByName: 'agent',
      until: null,
      removedAt: null,
      active: true,
    });
    const events = await t.ctx.db.selectFrom('events').select('type').where('subject_id', '=', res.json().id).execute();
    expect(events.map((e) => e.type)).toEqual(['risk.list_entry_added']);
    // The same person spelled otherwise is the same entry.
    const again = await add({ list: 'block', kind: 'email', value: 'sannedevries@gmail.com', reason: 'again' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('RISK_LIST_DUPLICATE');
    // On the other list it is another entry.
    expect((await add({ list: 'allow', kind: 'email', value: 'sannedevries@gmail.com', reason: 'known' })).statusCode).toBe(201);
  });

  it('refuses values without a normal form, unknown customers and staff without the right', async () => {
    const phone = await add({ list: 'block', kind: 'phone', value: 'call me 12', reason: 'x' });
    expect(phone.statusCode).toBe(422);
    expect(phone.json()).toMatchObject({ code: 'RISK_LIST_VALUE_INVALID', errors: [{ path: 'body.value' }] });
    const address = await add({ list: 'block', kind: 'address', value: 'Prinsengracht 263', reason: 'x' });
    expect(address.json().code).toBe('RISK_LIST_VALUE_INVALID');
    const customer = await add({ list: 'block', kind: 'customer', value: 'cus_nobody', reason: 'x' });
    expect(customer.statusCode).toBe(404);
    expect(customer.json().code).toBe('CUSTOMER_NOT_FOUND');
    expect((await add({ list: 'block', kind: 'payment', value: 'fp_1', reason: 'x' }, analyst)).statusCode).toBe(403);
  });

  it('removes an entry for the record and lets an end date lapse', async () => {
    const added = (await add({ list: 'block', kind: 'phone', value: '+31 6 1234 5678', reason: 'abuse' })).json();
    expect(added.value).toBe('612345678');
    const removed = await t.request({ method: 'DELETE', url: `/api/v1/risk/lists/${added.id}`, staff: agent });
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json()).toMatchObject({ active: false, removedBy: expect.any(String) });
    expect(removed.json().removedAt).toBeTruthy();
    expect((await list('kind=phone&active=true')).map((e) => e.id)).not.toContain(added.id);
    expect((await list('kind=phone&active=false')).map((e) => e.id)).toContain(added.id);
    // Once removed it may be added again.
    const until = new Date(t.clock.now.getTime() + DAY).toISOString();
    const timed = (await add({ list: 'block', kind: 'phone', value: '06-12345678', reason: 'a day', until })).json();
    expect(timed).toMatchObject({ active: true, value: '612345678' });
    // Its end passes (set on the row: sessions would not outlive a clock moved on by days).
    await t.ctx.db
      .updateTable('risk_list_entries')
      .set({ until: new Date(t.clock.now.getTime() - 1000) })
      .where('id', '=', timed.id)
      .execute();
    expect((await list('kind=phone&active=true')).map((e) => e.id)).not.toContain(timed.id);
    expect((await list('kind=phone')).find((e) => e.id === timed.id)?.active).toBe(false);
    // A lapsed entry is no duplicate.
    expect((await add({ list: 'block', kind: 'phone', value: '0612345678', reason: 'again' })).statusCode).toBe(201);
  });

  it('sends a blocked door to a person within the withdrawal period and refuses it after', async () => {
    const entry = await add({
      list: 'block',
      kind: 'address',
      value: { line1: 'Prinsengracht 263', postcode: '1016GV', country: 'nl' },
      reason: 'empty boxes',
    });
    expect(entry.statusCode, entry.body).toBe(201);
    expect(entry.json().value).toBe('NL|1016GV|263');
    const within = await ask('B1');
    expect(within.statusCode, within.body).toBe(201);
    const detail = (await t.request({ method: 'GET', url: `/api/v1/returns/${within.json().returnId}`, staff: agent })).json();
    expect(detail.status, JSON.stringify(detail)).toBe('under_review');
    expect(JSON.stringify(detail)).toContain('CUSTOMER_BLOCKED_REVIEW');
    const after = await ask('B2');
    expect(after.statusCode).toBe(422);
    expect(after.body).toContain('CUSTOMER_BLOCKED');
    // Taken off the list, the same door asks freely again.
    await t.request({ method: 'DELETE', url: `/api/v1/risk/lists/${entry.json().id}`, staff: agent });
    expect((await ask('B2')).statusCode).toBe(201);
  });

  it('scores an allow-listed customer 0, keeping the signals that fired', async () => {
    // Every request fires velocity under these settings, so the allow list is what makes the difference.
    const signals = { ...DEFAULT_RISK_SETTINGS.signals, RETURN_VELOCITY: { enabled: true, weight: 40, threshold: 1 } };
    await updateRiskSettings(t.ctx, { actor: { type: 'cli', id: null } }, { ...DEFAULT_RISK_SETTINGS, signals });
    expect(
      (await add({ list: 'allow', kind: 'customer', value: await customerOf('A1'), reason: 'wholesale buyer' })).statusCode,
    ).toBe(201);
    const allowed = (await ask('A1')).json().returnId;
    const other = (await ask('A2')).json().returnId;
    const risk = async (id: string) =>
      (await t.request({ method: 'GET', url: `/api/v1/returns/${id}/risk`, staff: agent })).json();
    const [a, o] = [await risk(allowed), await risk(other)];
    expect(o.score).toBeGreaterThan(0);
    expect(a).toMatchObject({ score: 0, allowListed: true });
    expect(a.signals.map((s: { code: string }) => s.code)).toContain('RETURN_VELOCITY');
  });
});
