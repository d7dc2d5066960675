import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/app/admin/createApiKey.js';
import { saveShopConnection } from '../src/app/catalog/connections/saveShopConnection.js';
import { cliActor } from '../src/app/kernel/context.js';
import { openClaim } from '../src/app/logistics/claims/openClaim.js';
import { PERMISSIONS, STAFF_ROLES, type StaffRole } from '../src/domain/access.js';
import type { RouteAccess } from '../src/http/access.js';
import { bookedParcels } from './support/bookedParcels.js';
import { connectCarrier } from './support/carrierSetup.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, FIXTURE_STORE, orderFixture, PASSWORD, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

type Caller =
  | { name: string; kind: 'anonymous' }
  | { name: string; kind: 'staff'; role: StaffRole; client: StaffClient }
  | { name: string; kind: 'api_key'; role: StaffRole; key: string }
  | { name: string; kind: 'shopper'; token: string };

/** What the declared access rule says this caller gets: 'allowed', or the denial's status and code. */
function expected(access: RouteAccess, caller: Caller): 'allowed' | { status: number; code: string } {
  if (access.kind === 'public') return 'allowed';
  if (caller.kind === 'anonymous') return { status: 401, code: 'AUTHENTICATION_REQUIRED' };
  if (access.kind === 'shopper') return caller.kind === 'shopper' ? 'allowed' : { status: 403, code: 'FORBIDDEN' };
  if (caller.kind === 'shopper') return { status: 403, code: 'FORBIDDEN' };
  if (access.kind === 'signed_in') return 'allowed';
  return (PERMISSIONS[access.permission] as readonly string[]).includes(caller.role)
    ? 'allowed'
    : { status: 403, code: 'FORBIDDEN' };
}

describe.each(DB_KINDS)('access control (%s)', (kind) => {
  let t: TestApp;
  let callers: Caller[];
  let ids: Record<string, string>;

  async function countEvents(): Promise<number> {
    const row = await t.ctx.db.selectFrom('events').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    return row.n;
  }

  function send(method: string, url: string, caller: Caller, payload?: object) {
    const base = { method: method as 'GET', url, ...(method === 'GET' ? {} : { payload: payload ?? {} }) };
    if (caller.kind === 'staff') return t.request({ ...base, staff: caller.client });
    if (caller.kind === 'api_key') return t.request({ ...base, bearer: caller.key });
    if (caller.kind === 'shopper') return t.request({ ...base, bearer: caller.token });
    return t.request(base);
  }

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, STAFF_ROLES);
    const delivered = new Date(t.clock.now.getTime() - 3 * DAY);
    const [mine, theirs] = await seedOrders(t.ctx, [orderFixture('2001', delivered), orderFixture('2002', delivered)]);
    const ownToken = await t.shopperToken('2001', '2001@example.nl');
    const otherToken = await t.shopperToken('2002', '2002@example.nl');
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: ownToken,
      payload: { lines: [{ orderLineId: mine?.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small' }] },
    });
    expect(created.statusCode).toBe(201);
    const spareKey = await createApiKey(t.ctx, { actor: cliActor }, { name: 'spare', role: 'analyst' });
    const customer = await t.ctx.db
      .selectFrom('orders')
      .select('customer_id')
      .where('id', '=', mine?.id ?? '')
      .executeTakeFirstOrThrow();
    // A carrier that answers nothing (its test and services fail as the carrier's problem, not a 5xx).
    const carrier = await connectCarrier(t.ctx.db, t.ctx, {
      carrier: 'sendcloud',
      credentials: { apiKey: 'matrix-public', apiSecret: 'matrix-secret', baseUrl: 'http://127.0.0.1:9' },
      methods: [],
    });
    // A shop connection whose platform answers nothing (its test fails as the platform's problem).
    const shop = await saveShopConnection(
      t.ctx,
      { actor: cliActor },
      {
        platform: 'channelengine',
        name: 'Matrix',
        shop: 'matrix',
        credentials: { apiKey: 'matrix-ce-key' },
        baseUrl: 'http://127.0.0.1:9',
        webhookBase: null,
      },
    );
    await t.ctx.db
      .insertInto('routing_rules')
      .values({
        id: 'rr_matrix',
        name: 'All to the DC',
        conditions: '{}',
        destination: JSON.stringify({ kind: 'nearest_warehouse' }),
        created_at: t.clock.now,
        updated_at: t.clock.now,
      })
      .execute();
    // A claim with the carrier for a parcel of a return of its own (a booked parcel on the matrix's
    // return would make its cancel call the carrier).
    const [claimed] = await seedOrders(t.ctx, [orderFixture('2003', delivered)]);
    const claimedReturn = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: await t.shopperToken('2003', '2003@example.nl'),
      payload: { lines: [{ orderLineId: claimed?.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small' }] },
    });
    const claimedReturnId = claimedReturn.json().returnId as string;
    const { parcelIds } = await bookedParcels(t.ctx, {
      returnId: claimedReturnId,
      connectionId: carrier,
      carrier: 'sendcloud',
      trackingNumbers: ['3SMATRIX0000001'],
    });
    const claim = await openClaim(
      t.ctx,
      { actor: cliActor },
      { returnId: claimedReturnId, parcelId: parcelIds[0] ?? '', kind: 'lost' },
    );
    // A category to rename (the matrix sends an empty change, so it stays as it is).
    await t.ctx.db.insertInto('categories').values({ id: 'cat_matrix', code: 'matrix', name: 'Matrix' }).execute();
    ids = {
      returns: created.json().returnId,
      categories: 'cat_matrix',
      carriers: carrier,
      connections: shop.id,
      'routing-rules': 'rr_matrix',
      orders: theirs?.id ?? '',
      customers: customer.customer_id,
      products: 'prd_tee',
      'api-keys': spareKey.id,
      'policy-versions': 'pol_standard',
      claims: claim.id,
    };
    callers = [{ name: 'anonymous', kind: 'anonymous' }];
    for (const role of STAFF_ROLES) callers.push({ name: `staff:${role}`, kind: 'staff', role, client: await t.login(role) });
    for (const role of STAFF_ROLES) {
      const storeId = role === 'store' ? FIXTURE_STORE : null;
      const key = await createApiKey(t.ctx, { actor: cliActor }, { name: `key ${role}`, role, storeId });
      callers.push({ name: `api_key:${role}`, kind: 'api_key', role, key: key.key });
    }
    callers.push({ name: 'shopper:own', kind: 'shopper', token: ownToken });
    callers.push({ name: 'shopper:other', kind: 'shopper', token: otherToken });
  });
  afterAll(() => t?.close());

  it('declares an access rule on every route', () => {
    const undeclared = t.app.retourRoutes.filter((r) => !r.access).map((r) => `${r.method} ${r.url}`);
    expect(undeclared).toEqual([]);
    expect(t.app.retourRoutes.length).toBeGreaterThan(40);
  });

  it("guards an e-mail's HTML as the e-mail itself", () => {
    const rule = (url: string) => t.app.retourRoutes.find((r) => r.method === 'GET' && r.url === url)?.access;
    expect(rule('/api/v1/emails/:id/html')).toEqual(rule('/api/v1/emails/:id'));
    expect(rule('/api/v1/email-previews/html')).toEqual(rule('/api/v1/email-previews'));
    expect(rule('/api/v1/emails/:id')).toMatchObject({ kind: 'staff', permission: 'emails.read' });
  });

  it('lets the warehouse file claims with carriers, and only agents and admins record what the carrier decided', () => {
    const permissionOf = (method: string, url: string) => {
      const access = t.app.retourRoutes.find((r) => r.method === method && r.url === url)?.access as RouteAccess | undefined;
      return access?.kind === 'staff' ? access.permission : null;
    };
    const who = (method: string, url: string) => {
      const permission = permissionOf(method, url);
      return permission ? STAFF_ROLES.filter((role) => (PERMISSIONS[permission] as readonly string[]).includes(role)) : [];
    };
    expect(who('POST', '/api/v1/returns/:id/claims')).toEqual(['admin', 'agent', 'warehouse']);
    expect(who('POST', '/api/v1/claims/:id/submit')).toEqual(['admin', 'agent', 'warehouse']);
    for (const step of ['accept', 'reject']) expect(who('POST', `/api/v1/claims/:id/${step}`)).toEqual(['admin', 'agent']);
    expect(who('POST', '/api/v1/claims/:id/refund-shopper')).toEqual(['admin', 'agent']);
    expect(who('GET', '/api/v1/claims')).toEqual(['admin', 'agent', 'warehouse', 'analyst']);
  });

  it('shows admins and analysts every analytics dashboard, and agents the operations ones only', () => {
    const who = (url: string) => {
      const access = t.app.retourRoutes.find((r) => r.method === 'GET' && r.url === url)?.access as RouteAccess | undefined;
      return access?.kind === 'staff'
        ? STAFF_ROLES.filter((role) => (PERMISSIONS[access.permission] as readonly string[]).includes(role))
        : [];
    };
    const analytics = t.app.retourRoutes.filter((r) => r.url.startsWith('/api/v1/analytics/') && r.method === 'GET');
    expect(analytics.length).toBeGreaterThanOrEqual(13);
    for (const report of ['return-rate', 'reasons', 'resolutions', 'costs', 'experience', 'problem-products', 'roi'])
      expect(who(`/api/v1/analytics/${report}`), report).toEqual(['admin', 'analyst']);
    // The weekly report's settings name staff and their e-mail addresses.
    expect(who('/api/v1/analytics/weekly-report')).toEqual(['admin']);
    for (const report of ['processing', 'forecast', 'returns', 'options', 'definitions'])
      expect(who(`/api/v1/analytics/${report}`), report).toEqual(['admin', 'agent', 'analyst']);
  });

  it('shows risk to those who handle returns, lets agents review and keep the lists, and keeps weights and export for admins', () => {
    const who = (method: string, url: string) => {
      const access = t.app.retourRoutes.find((r) => r.method === method && r.url === url)?.access as RouteAccess | undefined;
      return access?.kind === 'staff'
        ? STAFF_ROLES.filter((role) => (PERMISSIONS[access.permission] as readonly string[]).includes(role))
        : [];
    };
    for (const url of ['/api/v1/risk/returns', '/api/v1/risk/customers', '/api/v1/risk/lists', '/api/v1/risk/settings'])
      expect(who('GET', url), url).toEqual(['admin', 'agent', 'analyst']);
    expect(who('GET', '/api/v1/customers/:id/risk')).toEqual(['admin', 'agent', 'analyst']);
    // A return's signals name linked customers, list reasons and reviewers' notes: not the dock's to read.
    expect(who('GET', '/api/v1/returns/:id/risk')).toEqual(['admin', 'agent', 'analyst']);
    expect(who('POST', '/api/v1/returns/:id/risk/review')).toEqual(['admin', 'agent']);
    expect(who('POST', '/api/v1/risk/lists')).toEqual(['admin', 'agent']);
    expect(who('DELETE', '/api/v1/risk/lists/:id')).toEqual(['admin', 'agent']);
    expect(who('PUT', '/api/v1/risk/settings')).toEqual(['admin']);
    // Personal data leaving for ad platforms.
    expect(who('GET', '/api/v1/risk/suppression.csv')).toEqual(['admin']);
  });

  it('keeps the access log for admins, and lets every signed-in caller see their own sessions', () => {
    const access = (method: string, url: string) =>
      t.app.retourRoutes.find((r) => r.method === method && r.url === url)?.access as RouteAccess | undefined;
    const log = access('GET', '/api/v1/access-log');
    expect(
      log?.kind === 'staff' && STAFF_ROLES.filter((role) => (PERMISSIONS[log.permission] as readonly string[]).includes(role)),
    ).toEqual(['admin']);
    expect(access('GET', '/api/v1/auth/sessions')?.kind).toBe('signed_in');
    expect(access('DELETE', '/api/v1/auth/sessions/:id')?.kind).toBe('signed_in');
    expect(access('POST', '/api/v1/auth/sessions/end-others')?.kind).toBe('signed_in');
  });

  it("keeps a shopper's data export (GDPR access request) for admins", () => {
    const url = '/api/v1/customers/:id/privacy-export';
    const rule = t.app.retourRoutes.find((r) => r.method === 'GET' && r.url === url)?.access as RouteAccess | undefined;
    expect(rule?.kind === 'staff' && rule.permission).toBe('privacy.manage');
    const roles = rule?.kind === 'staff' ? PERMISSIONS[rule.permission] : [];
    expect(roles).toEqual(['admin']);
  });

  it("keeps a shopper's erasure (GDPR right to erasure) for admins", () => {
    for (const method of ['GET', 'POST']) {
      const rule = t.app.retourRoutes.find((r) => r.method === method && r.url === '/api/v1/customers/:id/erasure')?.access as
        | RouteAccess
        | undefined;
      expect(rule?.kind === 'staff' && rule.permission, method).toBe('privacy.manage');
      expect(rule?.kind === 'staff' ? PERMISSIONS[rule.permission] : [], method).toEqual(['admin']);
    }
  });

  it('keeps single sign-on’s settings for admins, and its sign-in open to anyone', () => {
    const access = (method: string, url: string) =>
      t.app.retourRoutes.find((r) => r.method === method && r.url === url)?.access as RouteAccess | undefined;
    for (const [method, url] of [
      ['GET', '/api/v1/settings/sso'],
      ['PUT', '/api/v1/settings/sso'],
      ['POST', '/api/v1/settings/sso/test'],
    ] as const) {
      const rule = access(method, url);
      expect(
        rule?.kind === 'staff' &&
          STAFF_ROLES.filter((role) => (PERMISSIONS[rule.permission] as readonly string[]).includes(role)),
        `${method} ${url}`,
      ).toEqual(['admin']);
    }
    for (const url of ['/api/v1/auth/sso', '/api/v1/auth/sso/start', '/api/v1/auth/sso/callback'])
      expect(access('GET', url)?.kind, url).toBe('public');
  });

  it('lets only those who manage settings see and set retention, and states its periods to anyone', () => {
    const access = (method: string, url: string) =>
      t.app.retourRoutes.find((r) => r.method === method && r.url === url)?.access as RouteAccess | undefined;
    for (const method of ['GET', 'PUT']) {
      const rule = access(method, '/api/v1/settings/retention');
      expect(rule?.kind === 'staff' && rule.permission, method).toBe('settings.manage');
    }
    expect(access('GET', '/api/v1/public/retention')?.kind).toBe('public');
  });

  it('walks route × caller and proves every denial, which writes nothing', async () => {
    // Logout ends the caller's session, so it goes last.
    const routes = t.app.retourRoutes
      .filter((r) => !r.url.startsWith('/api/docs'))
      .sort((a, b) => Number(a.url.endsWith('/logout')) - Number(b.url.endsWith('/logout')));
    const mismatches: string[] = [];
    let denials = 0;
    for (const route of routes) {
      const resource = route.url.split('/')[3] ?? '';
      const url = route.url.replace(':id', ids[resource] ?? ids.returns ?? 'x');
      for (const caller of callers) {
        const want = expected(route.access as RouteAccess, caller);
        const before = want === 'allowed' ? 0 : await countEvents();
        const res = await send(route.method, url, caller);
        // Pages and redirects have no JSON body; every API answer has one.
        const json = String(res.headers['content-type'] ?? '').includes('json') ? res.json() : null;
        const label = `${route.method} ${route.url} as ${caller.name}: got ${res.statusCode} ${json?.code ?? ''}`;
        if (want === 'allowed') {
          if (res.statusCode === 401 || res.statusCode === 403 || res.statusCode >= 500)
            mismatches.push(`${label}, expected access`);
          continue;
        }
        denials++;
        if (res.statusCode !== want.status || json?.code !== want.code)
          mismatches.push(`${label}, expected ${want.status} ${want.code}`);
        if (!String(res.headers['content-type']).includes('application/problem+json'))
          mismatches.push(`${label}: not problem+json`);
        if ((await countEvents()) !== before) mismatches.push(`${label}: a denied request wrote an event`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(denials).toBeGreaterThan(150);
  });

  it('refuses cookie-authenticated writes without the right CSRF token, writing nothing', async () => {
    const agent = await t.login('agent');
    const before = await countEvents();
    for (const token of [undefined, 'wrong-token']) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/returns/${ids.returns}/hold`,
        headers: { cookie: agent.cookie, ...(token ? { 'x-csrf-token': token } : {}) },
        payload: { reason: 'check' },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('CSRF_TOKEN_INVALID');
    }
    expect(await countEvents()).toBe(before);
    // Reads need no token.
    const read = await t.app.inject({ method: 'GET', url: `/api/v1/returns/${ids.returns}`, headers: { cookie: agent.cookie } });
    expect(read.statusCode).toBe(200);
  });

  it('refuses revoked API keys, forged keys, expired shopper tokens and other shoppers', async () => {
    // The matrix ended with logout: sign in afresh.
    const admin = { client: await t.login('admin') };
    const key = await createApiKey(t.ctx, { actor: cliActor }, { name: 'to revoke', role: 'agent' });
    expect((await t.request({ method: 'GET', url: '/api/v1/returns', bearer: key.key })).statusCode).toBe(200);
    const revoked = await t.request({
      method: 'POST',
      url: `/api/v1/api-keys/${key.id}/revoke`,
      staff: admin.client,
      payload: {},
    });
    expect(revoked.statusCode).toBe(200);
    const after = await t.request({ method: 'GET', url: '/api/v1/returns', bearer: key.key });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('INVALID_API_KEY');
    const forged = await t.request({ method: 'GET', url: '/api/v1/returns', bearer: `rtr_${key.prefix}_forged` });
    expect(forged.json().code).toBe('INVALID_API_KEY');
    expect(
      (await t.request({ method: 'GET', url: '/api/v1/returns', headers: { authorization: 'Basic abc' } })).json().code,
    ).toBe('INVALID_AUTHORIZATION');

    const other = callers.find((c) => c.name === 'shopper:other') as Extract<Caller, { kind: 'shopper' }>;
    const before = await countEvents();
    const peek = await t.request({ method: 'GET', url: `/api/v1/shopper/returns/${ids.returns}`, bearer: other.token });
    expect(peek.statusCode).toBe(404);
    const cancel = await t.request({
      method: 'POST',
      url: `/api/v1/shopper/returns/${ids.returns}/cancel`,
      bearer: other.token,
      payload: {},
    });
    expect(cancel.statusCode).toBe(404);
    expect(await countEvents()).toBe(before);
    const list = await t.request({ method: 'GET', url: '/api/v1/shopper/returns', bearer: other.token });
    expect(list.json().items).toEqual([]);

    const token = await t.shopperToken('2001', '2001@example.nl');
    t.clock.advance(61 * 60_000);
    try {
      const expired = await t.request({ method: 'GET', url: '/api/v1/shopper/order', bearer: token });
      expect(expired.statusCode).toBe(401);
      expect(expired.json().code).toBe('INVALID_TOKEN');
    } finally {
      t.clock.advance(-61 * 60_000);
    }
    const tampered = `${token.slice(0, -4)}AAAA`;
    expect((await t.request({ method: 'GET', url: '/api/v1/shopper/order', bearer: tampered })).json().code).toBe(
      'INVALID_TOKEN',
    );
  });

  it('answers a wrong password and an unknown e-mail alike', async () => {
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'agent@shop.test', password: 'nope' },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'ghost@shop.test', password: PASSWORD },
    });
    expect([wrong.statusCode, unknown.statusCode]).toEqual([401, 401]);
    expect(wrong.json().code).toBe('INVALID_CREDENTIALS');
    expect(unknown.json()).toEqual({ ...wrong.json(), instance: unknown.json().instance });
  });
});

describe('rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite', { RETOUR_LOGIN_RATE_LIMIT: '3', RETOUR_LOOKUP_RATE_LIMIT: '3' });
  });
  afterAll(() => t?.close());

  it('limits staff logins and shopper order lookups per client', async () => {
    for (const [url, payload] of [
      ['/api/v1/auth/login', { email: 'a@b.nl', password: 'x' }],
      ['/api/v1/shopper/lookup', { orderNumber: '404', email: 'a@b.nl' }],
    ] as const) {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await t.app.inject({ method: 'POST', url, payload })).statusCode);
      expect(statuses.every((s) => s !== 429)).toBe(true);
      // The 4th attempt within the minute is refused.
      const limited = await t.app.inject({ method: 'POST', url, payload });
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['content-type']).toContain('application/problem+json');
      expect(limited.json().code).toBe('RATE_LIMITED');
    }
  });
});
