import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { notifyStaff } from '../src/app/messaging/notifications/notifyStaff.js';
import { DB_KINDS } from './support/databases.js';
import { seedStaff } from './support/fixtures.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

describe.each(DB_KINDS)('API keys with scopes, an expiry and their last use (%s)', (kind) => {
  let t: TestApp;
  let admin: StaffClient;

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedStaff(t.ctx, ['admin']);
  });
  beforeEach(async () => {
    admin = await t.login('admin');
  });
  afterAll(() => t?.close());

  const create = (payload: object) => t.request({ method: 'POST', url: '/api/v1/api-keys', staff: admin, payload });
  const call = (url: string, key: string) => t.request({ method: 'GET', url, bearer: key });
  // Signs in afresh: the tests move the clock on past a session's life.
  const listed = async (id: string) =>
    (await t.request({ method: 'GET', url: '/api/v1/api-keys', staff: await t.login('admin') }))
      .json()
      .find((k: { id: string }) => k.id === id);
  const keyCount = async () =>
    Number(
      (
        await t.ctx.db
          .selectFrom('api_keys')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('refuses scopes that are no permission or beyond the role, and an expiry in the past, writing nothing', async () => {
    const before = await keyCount();
    const unknown = await create({ name: 'x', role: 'agent', scopes: ['returns.read', 'returns.destroy'] });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ code: 'API_KEY_SCOPE_INVALID', errors: [{ path: 'scopes.1' }] });
    const beyond = await create({ name: 'x', role: 'analyst', scopes: ['returns.review'] });
    expect(beyond.statusCode).toBe(422);
    expect(beyond.json()).toMatchObject({ code: 'API_KEY_SCOPE_INVALID', errors: [{ path: 'scopes.0' }] });
    const past = await create({ name: 'x', role: 'agent', expiresAt: new Date(t.clock.now.getTime() - MINUTE).toISOString() });
    expect(past.statusCode).toBe(422);
    expect(past.json()).toMatchObject({ code: 'API_KEY_EXPIRY_PAST', errors: [{ path: 'expiresAt' }] });
    // A key that may do nothing is a mistake, not a key.
    expect((await create({ name: 'x', role: 'agent', scopes: [] })).statusCode).toBe(400);
    expect(await keyCount()).toBe(before);
  });

  it('lets a scoped key use its scopes only, within its role', async () => {
    const made = await create({ name: 'returns reader', role: 'agent', scopes: ['returns.read', 'returns.read'] });
    expect(made.statusCode).toBe(201);
    expect(made.json()).toMatchObject({ scopes: ['returns.read'], expiresAt: null });
    const key = made.json().key;
    expect((await call('/api/v1/returns', key)).statusCode).toBe(200);
    // Its role may read orders; its scopes say it may not.
    const orders = await call('/api/v1/orders', key);
    expect(orders.statusCode).toBe(403);
    expect(orders.json()).toMatchObject({ code: 'API_KEY_OUT_OF_SCOPE', permission: 'orders.read' });
    // What its role may not do stays refused as before.
    expect((await call('/api/v1/api-keys', key)).json().code).toBe('FORBIDDEN');
    // A key without scopes does all its role may.
    const whole = (await create({ name: 'whole agent', role: 'agent' })).json();
    expect(whole.scopes).toBeNull();
    expect((await call('/api/v1/orders', whole.key)).statusCode).toBe(200);
    // Each key can ask what it may do.
    expect((await call('/api/v1/auth/me', key)).json()).toEqual({
      kind: 'api_key',
      apiKeyId: made.json().id,
      role: 'agent',
      scopes: ['returns.read'],
      permissions: ['returns.read'],
    });
    const wholeMe = (await call('/api/v1/auth/me', whole.key)).json();
    expect(wholeMe.scopes).toBeNull();
    expect(wholeMe.permissions).toEqual(expect.arrayContaining(['returns.read', 'orders.read', 'returns.review']));
    expect(wholeMe.permissions).not.toContain('api_keys.manage');
  });

  it('lets a narrowed or expiring key make no key that does more or lasts longer, and no staff user', async () => {
    const expiresAt = new Date(t.clock.now.getTime() + DAY).toISOString();
    const scopes = ['api_keys.manage', 'returns.read', 'staff.manage'];
    const granting = (await create({ name: 'key maker', role: 'admin', scopes, expiresAt })).json();
    const byKey = (payload: object) => t.request({ method: 'POST', url: '/api/v1/api-keys', bearer: granting.key, payload });
    for (const wider of [
      { name: 'whole admin', role: 'admin', expiresAt },
      { name: 'orders too', role: 'admin', scopes: ['returns.read', 'orders.read'], expiresAt },
      { name: 'forever', role: 'admin', scopes: ['returns.read'] },
      {
        name: 'longer',
        role: 'admin',
        scopes: ['returns.read'],
        expiresAt: new Date(t.clock.now.getTime() + 2 * DAY).toISOString(),
      },
    ]) {
      const res = await byKey(wider);
      expect(res.statusCode, wider.name).toBe(403);
      expect(res.json(), wider.name).toMatchObject({ code: 'API_KEY_CANNOT_GRANT' });
    }
    const narrower = await byKey({ name: 'reader', role: 'agent', scopes: ['returns.read'], expiresAt });
    expect(narrower.statusCode, narrower.body).toBe(201);
    const staff = await t.request({
      method: 'POST',
      url: '/api/v1/staff',
      bearer: granting.key,
      payload: { email: 'made-by-key@shop.test', name: 'By key', role: 'admin', password: 'correct horse battery staple' },
    });
    expect(staff.statusCode).toBe(403);
    expect(staff.json()).toMatchObject({ code: 'API_KEY_CANNOT_GRANT' });
  });

  it('tells a scoped key only of notifications its scopes cover', async () => {
    const notice = {
      kind: 'review_needed' as const,
      dedupeKey: 'scoped-key',
      subjectType: 'return',
      subjectId: 'ret_none',
      facts: {},
    };
    await t.ctx.db.transaction().execute((tx) => notifyStaff(t.ctx, tx, [notice], t.clock.now));
    const kinds = async (key: string) =>
      (await call('/api/v1/notifications', key)).json().items.map((n: { kind: string }) => n.kind);
    const whole = (await create({ name: 'agent inbox', role: 'agent' })).json();
    expect(await kinds(whole.key)).toContain('review_needed');
    const reader = (await create({ name: 'reader inbox', role: 'agent', scopes: ['returns.read'] })).json();
    expect(await kinds(reader.key)).not.toContain('review_needed');
  });

  it('refuses a key once it has expired, with its own code', async () => {
    const made = (
      await create({ name: 'for a day', role: 'analyst', expiresAt: new Date(t.clock.now.getTime() + DAY).toISOString() })
    ).json();
    expect(made.expiresAt).toBe(new Date(t.clock.now.getTime() + DAY).toISOString());
    expect((await call('/api/v1/returns', made.key)).statusCode).toBe(200);
    t.clock.advance(DAY - 1);
    expect((await call('/api/v1/returns', made.key)).statusCode).toBe(200);
    t.clock.advance(1);
    const expired = await call('/api/v1/returns', made.key);
    expect(expired.statusCode).toBe(401);
    expect(expired.json().code).toBe('API_KEY_EXPIRED');
    expect((await listed(made.id)).expiresAt).toBe(made.expiresAt);
  });

  it('notes the last use at most once a minute and lists it with the scopes and expiry', async () => {
    const expiresAt = new Date(t.clock.now.getTime() + 30 * DAY).toISOString();
    const made = (await create({ name: 'checkout', role: 'agent', scopes: ['returns.read', 'credit.redeem'], expiresAt })).json();
    expect(await listed(made.id)).toMatchObject({ scopes: ['returns.read', 'credit.redeem'], expiresAt, lastUsedAt: null });
    const first = t.clock.now.toISOString();
    await call('/api/v1/returns', made.key);
    expect((await listed(made.id)).lastUsedAt).toBe(first);
    t.clock.advance(MINUTE / 2);
    await call('/api/v1/returns', made.key);
    // Half a minute later: not written again.
    expect((await listed(made.id)).lastUsedAt).toBe(first);
    t.clock.advance(MINUTE);
    await call('/api/v1/returns', made.key);
    expect((await listed(made.id)).lastUsedAt).toBe(t.clock.now.toISOString());
  });
});
