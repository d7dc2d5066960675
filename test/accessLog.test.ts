import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/app/admin/createApiKey.js';
import { createStaffUser } from '../src/app/admin/createStaffUser.js';
import { cliActor } from '../src/app/kernel/context.js';
import { newId } from '../src/app/kernel/ids.js';
import { exportReturnsToPath } from '../src/cli/exportReturnsCommand.js';
import { STAFF_ROLES } from '../src/domain/access.js';
import { ipNetwork } from '../src/domain/accessLog.js';
import { deviceSummary } from '../src/domain/deviceSummary.js';
import { REPEATED_VIEW_MS } from '../src/http/accessLogHook.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, PASSWORD, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

describe('what the access log keeps of an IP, and a session of its user-agent', () => {
  it('keeps the network only: a /24 of IPv4, a /48 of IPv6, nothing of what it cannot read', () => {
    expect(ipNetwork('203.0.113.77')).toBe('203.0.113.0');
    expect(ipNetwork('::ffff:198.51.100.9')).toBe('198.51.100.0');
    expect(ipNetwork('2001:0db8:0001:0002::17')).toBe('2001:db8:1::/48');
    expect(ipNetwork('::1')).toBe('0:0:0::/48');
    expect(ipNetwork('999.1.1.1')).toBeNull();
    expect(ipNetwork('not an ip')).toBeNull();
    expect(ipNetwork(undefined)).toBeNull();
  });

  it('names the browser and system', () => {
    const mac = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) Gecko/20100101 Firefox/128.0';
    const android = 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';
    const edge = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36 Edg/126.0';
    expect([mac, android, edge].map(deviceSummary)).toEqual(['Firefox on macOS', 'Chrome on Android', 'Edge on Windows']);
    expect(deviceSummary(null)).toBe('Unknown device');
  });
});

describe.each(DB_KINDS)('access log (%s)', (kind) => {
  let t: TestApp;
  let admin: StaffClient;
  let agent: StaffClient;
  let analyst: StaffClient;
  let returnId: string;
  let customerId: string;
  let shopperToken: string;
  const userId: Record<string, string> = {};

  const get = (url: string, staff: StaffClient) => t.request({ method: 'GET', url, staff });
  const rowsOf = (filter: { subjectId?: string; actorId?: string; detail?: string }) => {
    let q = t.ctx.db.selectFrom('access_log').selectAll().orderBy('id');
    if (filter.subjectId) q = q.where('subject_id', '=', filter.subjectId);
    if (filter.actorId) q = q.where('actor_id', '=', filter.actorId);
    if (filter.detail) q = q.where('detail', '=', filter.detail);
    return q.execute();
  };

  /** An order delivered three days ago with a return its shopper asked for: each test looks at
   * its own, so none depends on what another test viewed. */
  async function aReturn(number: string) {
    const delivered = new Date(t.clock.now.getTime() - 3 * DAY);
    const [order] = await seedOrders(t.ctx, [orderFixture(number, delivered)]);
    const token = await t.shopperToken(number, `${number}@example.nl`);
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: token,
      payload: { lines: [{ orderLineId: order?.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small' }] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const customer = await t.ctx.db
      .selectFrom('orders')
      .select('customer_id')
      .where('id', '=', order?.id ?? '')
      .executeTakeFirstOrThrow();
    return { returnId: created.json().returnId as string, customerId: customer.customer_id as string, token };
  }

  /** A staff member of their own, signed in, so counts by actor hold whatever else ran. */
  async function aStaffMember(email: string, role: 'agent' | 'admin') {
    const user = await createStaffUser(
      t.ctx,
      { actor: cliActor },
      { email, name: email.split('@')[0] ?? email, role, password: PASSWORD },
    );
    return { id: user.id, client: await t.login(email) };
  }

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, STAFF_ROLES);
    for (const u of await t.ctx.db.selectFrom('staff_users').select(['id', 'role']).execute()) userId[u.role] = u.id;
    ({ returnId, customerId, token: shopperToken } = await aReturn('3001'));
    [admin, agent, analyst] = [await t.login('admin'), await t.login('agent'), await t.login('analyst')];
  });
  afterAll(() => t?.close());

  it("records one row per staff member's or API key's detail view, and none for the shopper's own reads", async () => {
    expect(
      (await t.request({ method: 'GET', url: `/api/v1/shopper/returns/${returnId}`, bearer: shopperToken })).statusCode,
    ).toBe(200);
    expect((await get(`/api/v1/returns/${returnId}`, agent)).statusCode).toBe(200);
    await t.app.accessLogSettled();
    expect((await rowsOf({ subjectId: returnId })).length).toBe(1);
    const [viewed] = await rowsOf({ subjectId: returnId });
    expect(viewed).toMatchObject({
      actor_type: 'staff',
      actor_id: userId.agent,
      action: 'return.viewed',
      subject_type: 'return',
      detail: null,
      ip_network: '127.0.0.0',
    });
    expect(viewed?.request_id).toMatch(/^req_/);

    const key = await createApiKey(t.ctx, { actor: cliActor }, { name: 'crm', role: 'agent' });
    expect((await t.request({ method: 'GET', url: `/api/v1/customers/${customerId}`, bearer: key.key })).statusCode).toBe(200);
    expect((await get(`/api/v1/customers/${customerId}/risk`, admin)).statusCode).toBe(200);
    await t.app.accessLogSettled();
    expect((await rowsOf({ subjectId: customerId })).length).toBe(2);
    const rows = await rowsOf({ subjectId: customerId });
    expect(rows.map((r) => [r.actor_type, r.actor_id, r.action, r.detail])).toEqual([
      ['api_key', key.id, 'customer.viewed', null],
      ['staff', userId.admin, 'customer.viewed', 'risk'],
    ]);
    // A refused or missing read records nothing.
    expect((await get('/api/v1/returns/ret_missing', agent)).statusCode).toBe(404);
    expect((await t.request({ method: 'GET', url: `/api/v1/customers/${customerId}`, bearer: shopperToken })).statusCode).toBe(
      403,
    );
    // The same look again at once is the same view; five minutes on it is another.
    expect((await get(`/api/v1/returns/${returnId}`, agent)).statusCode).toBe(200);
    t.clock.advance(REPEATED_VIEW_MS);
    expect((await get(`/api/v1/returns/${returnId}`, agent)).statusCode).toBe(200);
    await t.app.accessLogSettled();
    expect((await rowsOf({ subjectId: returnId })).length).toBe(2);
    expect(await rowsOf({ subjectId: 'ret_missing' })).toEqual([]);
    expect((await rowsOf({ subjectId: customerId })).length).toBe(2);
  });

  it('records every export with what it was asked, and the finance journal as JSON too, but no page of JSON a screen shows', async () => {
    const period = 'from=2026-01-01&to=2026-04-30';
    expect((await get(`/api/v1/analytics/reasons?${period}`, analyst)).statusCode).toBe(200);
    const analytics = await get(`/api/v1/analytics/reasons?${period}&format=csv`, analyst);
    expect(analytics.statusCode, analytics.body).toBe(200);
    const finance = await get('/api/v1/finance/journal?from=2026-06-01&to=2026-06-30', analyst);
    expect(finance.statusCode, finance.body).toBe(200);
    expect((await get('/api/v1/finance/journal?from=2026-06-01&to=2026-06-30&format=json', analyst)).statusCode).toBe(200);
    const suppression = await get('/api/v1/risk/suppression.csv?hashed=true', admin);
    expect(suppression.statusCode, suppression.body).toBe(200);
    await t.app.accessLogSettled();
    expect((await rowsOf({ detail: 'risk.suppression' })).length).toBe(1);
    const byAnalyst = await rowsOf({ actorId: userId.analyst });
    expect(byAnalyst.map((r) => [r.action, r.detail, r.filters])).toEqual([
      ['export', 'analytics.reasons', expect.objectContaining({ from: '2026-01-01', to: '2026-04-30', format: 'csv' })],
      ['export', 'finance.journal', { from: '2026-06-01', to: '2026-06-30', format: 'csv' }],
      // The journal as JSON is the same file's worth of money movements.
      ['export', 'finance.journal', { from: '2026-06-01', to: '2026-06-30', format: 'json' }],
    ]);
    const [suppressed] = await rowsOf({ detail: 'risk.suppression' });
    expect(suppressed).toMatchObject({ actor_id: userId.admin, action: 'export', subject_type: null });
    expect(suppressed?.filters).toMatchObject({ hashed: true });
  });

  it('records a returns export from the command line under the system user', async () => {
    const path = join(t.dataDir, 'returns.csv');
    expect(await exportReturnsToPath(t.ctx, path, {})).toBe(1);
    const [exported] = await rowsOf({ detail: 'returns' });
    expect(exported).toMatchObject({ actor_type: 'cli', action: 'export', filters: { path } });
    expect(exported?.actor_id).not.toBe('');
  });

  it('lists the log newest first by subject, actor and period, a page at a time', async () => {
    const { returnId } = await aReturn('3002');
    const lister = await aStaffMember('lister@shop.test', 'agent');
    expect((await get(`/api/v1/returns/${returnId}`, lister.client)).statusCode).toBe(200);
    t.clock.advance(REPEATED_VIEW_MS);
    expect((await get(`/api/v1/returns/${returnId}`, lister.client)).statusCode).toBe(200);
    await t.app.accessLogSettled();
    const bySubject = await get(`/api/v1/access-log?subjectType=return&subjectId=${returnId}`, admin);
    expect(bySubject.statusCode, bySubject.body).toBe(200);
    expect(
      bySubject.json().items.map((e: { action: string; actor: { id: string; name: string } }) => [e.action, e.actor]),
    ).toEqual([
      ['return.viewed', { type: 'staff', id: lister.id, name: 'lister' }],
      ['return.viewed', { type: 'staff', id: lister.id, name: 'lister' }],
    ]);
    expect(bySubject.json().items[0].subject).toMatchObject({
      type: 'return',
      id: returnId,
      label: expect.stringMatching(/^R-/),
    });

    // Paging: one entry a page, each once, newest first, until there is no next cursor.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `actorId=${lister.id}&limit=1${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await get(`/api/v1/access-log?${query}`, admin);
      expect(page.statusCode, page.body).toBe(200);
      expect(page.json().items).toHaveLength(1);
      seen.push(page.json().items[0].id);
      cursor = page.json().nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(2);
    expect([...seen].sort().reverse()).toEqual(seen);

    // The period: what happened from a moment on, and until one.
    t.clock.advance(60 * 60_000);
    const later = t.clock.now.toISOString();
    expect((await get(`/api/v1/returns/${returnId}`, admin)).statusCode).toBe(200);
    await t.app.accessLogSettled();
    expect((await rowsOf({ subjectId: returnId })).length).toBe(3);
    const since = await get(
      `/api/v1/access-log?from=${encodeURIComponent(later)}&subjectType=return&subjectId=${returnId}`,
      admin,
    );
    expect(since.json().items.map((e: { actor: { id: string } }) => e.actor.id)).toEqual([userId.admin]);
    const until = await get(`/api/v1/access-log?to=${encodeURIComponent(later)}&subjectType=return&subjectId=${returnId}`, admin);
    expect(until.json().items).toHaveLength(2);
  });

  it('refuses filters that mean nothing with problem+json naming the field', async () => {
    const cases: [string, number, string, string][] = [
      [`subjectId=${returnId}`, 422, 'SUBJECT_TYPE_REQUIRED', 'query.subjectType'],
      ['from=2026-06-02T00:00:00Z&to=2026-06-01T00:00:00Z', 422, 'INVALID_PERIOD', 'query.to'],
      ['cursor=bm90LWEtY3Vyc29y', 422, 'INVALID_CURSOR', 'query.cursor'],
      ['from=yesterday', 400, 'VALIDATION_FAILED', 'query.from'],
      ['subjectType=order', 400, 'VALIDATION_FAILED', 'query.subjectType'],
    ];
    for (const [query, status, code, path] of cases) {
      const res = await get(`/api/v1/access-log?${query}`, admin);
      expect(res.statusCode, query).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code, query).toBe(code);
      expect(
        res.json().errors.map((e: { path: string }) => e.path),
        query,
      ).toContain(path);
    }
  });

  it('sends a log longer than a page as one CSV, every entry once', async () => {
    const at = t.clock.now;
    const rows = Array.from({ length: 1001 }, (_, i) => ({
      id: newId('acl'),
      request_id: `req_bulk${i}`,
      at,
      actor_type: 'staff' as const,
      actor_id: userId.agent ?? '',
      action: 'customer.viewed',
      subject_type: 'customer',
      subject_id: 'cus_bulk',
    }));
    await t.ctx.db.insertInto('access_log').values(rows).execute();
    const csv = await get('/api/v1/access-log?format=csv&subjectType=customer&subjectId=cus_bulk', admin);
    expect(csv.statusCode, csv.body).toBe(200);
    const lines = csv.body.trim().split('\r\n');
    expect(lines).toHaveLength(1002);
    expect(new Set(lines.slice(1)).size).toBe(1001);
  });

  it('exports the log as CSV, and logs that export too; only admins read it', async () => {
    const { customerId } = await aReturn('3003');
    const key = await createApiKey(t.ctx, { actor: cliActor }, { name: 'crm export', role: 'agent' });
    expect((await t.request({ method: 'GET', url: `/api/v1/customers/${customerId}`, bearer: key.key })).statusCode).toBe(200);
    expect((await get(`/api/v1/customers/${customerId}/risk`, admin)).statusCode).toBe(200);
    await t.app.accessLogSettled();
    const csv = await get(`/api/v1/access-log?format=csv&subjectType=customer&subjectId=${customerId}`, admin);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="retour-access-log.csv"');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe(
      'at,actor_type,actor_id,actor_name,action,subject_type,subject_id,detail,filters,request_id,ip_network',
    );
    expect(lines.slice(1).map((l) => l.split(',').slice(1, 3))).toEqual([
      ['staff', userId.admin],
      ['api_key', key.id],
    ]);
    await t.app.accessLogSettled();
    const exports = (await rowsOf({ detail: 'access_log' })).filter(
      (r) => (r.filters as { subjectId?: string } | null)?.subjectId === customerId,
    );
    expect(exports).toHaveLength(1);
    const [logged] = exports;
    expect(logged).toMatchObject({ actor_id: userId.admin, action: 'export' });
    expect(logged?.filters).toMatchObject({ format: 'csv', subjectType: 'customer', subjectId: customerId });

    for (const role of [agent, analyst]) {
      const refused = await get('/api/v1/access-log', role);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().code).toBe('FORBIDDEN');
    }
  });
});

describe.each(DB_KINDS)('own sessions (%s)', (kind) => {
  let t: TestApp;
  const FIREFOX = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) Gecko/20100101 Firefox/128.0';
  const PHONE =
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Version/17.5 Mobile/15E148 Safari/604.1';

  const me = (client: StaffClient) => t.request({ method: 'GET', url: '/api/v1/auth/me', staff: client });
  const sessions = async (client: StaffClient) => {
    const res = await t.request({ method: 'GET', url: '/api/v1/auth/sessions', staff: client });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as { id: string; device: string; current: boolean; createdAt: string; lastSeenAt: string | null }[];
  };

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedStaff(t.ctx, ['admin', 'agent']);
  });
  afterAll(() => t?.close());

  it('lists your sessions with their device and which is this one, and ends one: its cookie is refused next', async () => {
    const laptop = await t.login('agent');
    t.clock.advance(60_000);
    const phone = await t.login('agent');
    const other = await t.login('admin');
    await t.request({ method: 'GET', url: '/api/v1/auth/me', staff: laptop, headers: { 'user-agent': FIREFOX } });
    await t.request({ method: 'GET', url: '/api/v1/auth/me', staff: phone, headers: { 'user-agent': PHONE } });

    const listed = await sessions(phone);
    expect(listed.map((s) => [s.device, s.current])).toEqual([
      ['Safari on iOS', true],
      ['Firefox on macOS', false],
    ]);
    expect(listed[1]?.lastSeenAt).not.toBeNull();
    const laptopId = listed[1]?.id ?? '';

    // Someone else's session is not found, and goes on working.
    const [adminSession] = await sessions(other);
    const foreign = await t.request({ method: 'DELETE', url: `/api/v1/auth/sessions/${adminSession?.id}`, staff: phone });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().code).toBe('SESSION_NOT_FOUND');
    expect((await me(other)).statusCode).toBe(200);

    const ended = await t.request({ method: 'DELETE', url: `/api/v1/auth/sessions/${laptopId}`, staff: phone });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toEqual({ ended: 1 });
    const refused = await me(laptop);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toBe('AUTHENTICATION_REQUIRED');
    expect((await sessions(phone)).map((s) => s.id)).not.toContain(laptopId);
    // Ended already: not found a second time.
    expect((await t.request({ method: 'DELETE', url: `/api/v1/auth/sessions/${laptopId}`, staff: phone })).statusCode).toBe(404);
  });

  it('ends all your other sessions, keeping this one and nobody else’s', async () => {
    const here = await t.login('admin');
    const elsewhere = [await t.login('admin'), await t.login('admin')];
    const agent = await t.login('agent');
    const res = await t.request({ method: 'POST', url: '/api/v1/auth/sessions/end-others', staff: here, payload: {} });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().ended).toBeGreaterThanOrEqual(2);
    for (const client of elsewhere) expect((await me(client)).statusCode).toBe(401);
    expect((await me(here)).statusCode).toBe(200);
    expect((await me(agent)).statusCode).toBe(200);
    expect((await sessions(here)).map((s) => s.current)).toEqual([true]);
  });
});
