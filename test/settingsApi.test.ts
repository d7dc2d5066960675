import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

describe.each(DB_KINDS)('warehouses, reasons and staff over the API (%s)', (kind) => {
  let t: TestApp;
  let admin: StaffClient;
  let agent: StaffClient;

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin', 'agent', 'analyst', 'warehouse']);
    admin = await t.login('admin');
    agent = await t.login('agent');
  });
  afterAll(() => t?.close());

  const get = (url: string, staff: StaffClient = admin) => t.request({ method: 'GET', url, staff });
  const patch = (url: string, payload: object, staff: StaffClient = admin) => t.request({ method: 'PATCH', url, staff, payload });
  const events = (type: string, subjectId: string) =>
    t.ctx.db
      .selectFrom('events')
      .select(['data', 'actor_type'])
      .where('type', '=', type)
      .where('subject_id', '=', subjectId)
      .orderBy('occurred_at')
      .orderBy('id')
      .execute();

  describe('warehouses', () => {
    /** A store of the test's own, so that no test sees another's changes. */
    async function newStore(code: string) {
      const created = await t.request({
        method: 'POST',
        url: '/api/v1/warehouses',
        staff: admin,
        payload: {
          code,
          name: 'Store Amsterdam',
          kind: 'store',
          address: { line1: 'Kalverstraat 1', postcode: '1012 NX', city: 'Amsterdam', country: 'NL' },
          openingHours: 'Mon–Sat 10–18',
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      return created.json().id as string;
    }

    it('changes only the fields given and records what changed', async () => {
      const storeId = await newStore('ams');
      const res = await patch(`/api/v1/warehouses/${storeId}`, {
        name: 'Store Amsterdam Centrum',
        address: { line1: 'Damrak 2', postcode: '1012 LG', city: 'Amsterdam', country: 'nl' },
        openingHours: null,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({
        id: storeId,
        code: 'ams',
        name: 'Store Amsterdam Centrum',
        kind: 'store',
        address: { line1: 'Damrak 2', postcode: '1012 LG', city: 'Amsterdam', country: 'NL' },
        openingHours: null,
        isDefault: false,
      });
      const [event] = await events('warehouse.updated', storeId);
      expect(event?.actor_type).toBe('staff');
      expect(event?.data).toMatchObject({
        code: 'ams',
        changed: {
          name: { from: 'Store Amsterdam', to: 'Store Amsterdam Centrum' },
          openingHours: { from: 'Mon–Sat 10–18', to: null },
          address: { to: { line1: 'Damrak 2' } },
        },
      });
      expect(Object.keys(event?.data.changed as object).sort()).toEqual(['address', 'name', 'openingHours']);

      const kindChanged = await patch(`/api/v1/warehouses/${storeId}`, { kind: 'warehouse', openingHours: 'Mon–Fri 9–17' });
      expect(kindChanged.json()).toMatchObject({
        kind: 'warehouse',
        openingHours: 'Mon–Fri 9–17',
        name: 'Store Amsterdam Centrum',
      });
      // Unsetting a flag that is not set changes nothing and records nothing.
      const noop = await patch(`/api/v1/warehouses/${storeId}`, { isDefault: false });
      expect(noop.statusCode).toBe(200);
      expect(await events('warehouse.updated', storeId)).toHaveLength(2);
    });

    it('moves the default flag and refuses to leave the shop without a default', async () => {
      const storeId = await newStore('ams-default');
      const moved = await patch(`/api/v1/warehouses/${storeId}`, { isDefault: true });
      expect(moved.statusCode, moved.body).toBe(200);
      expect(moved.json().isDefault).toBe(true);
      const list = (await get('/api/v1/warehouses', agent)).json() as { id: string; isDefault: boolean }[];
      expect(list.filter((w) => w.isDefault).map((w) => w.id)).toEqual([storeId]);
      const [event] = (await events('warehouse.updated', storeId)).slice(-1);
      expect(event?.data).toMatchObject({ changed: { isDefault: { from: false, to: true } }, previousDefault: 'wh_dc' });

      const refused = await patch(`/api/v1/warehouses/${storeId}`, { isDefault: false, name: 'Renamed' });
      expect(refused.statusCode).toBe(409);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.json()).toMatchObject({ code: 'DEFAULT_WAREHOUSE_REQUIRED', errors: [{ path: 'isDefault' }] });
      // Nothing of the refused change was kept.
      expect((await get('/api/v1/warehouses')).json().find((w: { id: string }) => w.id === storeId).name).toBe('Store Amsterdam');

      const back = await patch('/api/v1/warehouses/wh_dc', { isDefault: true });
      expect(back.json().isDefault).toBe(true);
      const after = (await get('/api/v1/warehouses')).json() as { id: string; isDefault: boolean }[];
      expect(after.filter((w) => w.isDefault).map((w) => w.id)).toEqual(['wh_dc']);
    });

    it('answers bad input with the field at fault, unknown ids with 404 and other roles with 403', async () => {
      const storeId = await newStore('ams-bad');
      const noCity = await patch(`/api/v1/warehouses/${storeId}`, {
        address: { line1: 'Damrak 2', postcode: '1012 LG', country: 'NL' },
      });
      expect(noCity.statusCode).toBe(400);
      expect(noCity.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'address.city' }] });
      const badKind = await patch(`/api/v1/warehouses/${storeId}`, { kind: 'shed' });
      expect(badKind.json().errors[0].path).toBe('kind');
      const codeChange = await patch(`/api/v1/warehouses/${storeId}`, { code: 'other' });
      expect(codeChange.statusCode).toBe(400);
      expect(codeChange.json().errors).toEqual([expect.objectContaining({ path: 'code', message: 'unknown field' })]);
      const blank = await patch(`/api/v1/warehouses/${storeId}`, { name: '   ' });
      expect(blank.json().errors[0].path).toBe('name');

      const missing = await patch('/api/v1/warehouses/wh_nope', { name: 'x' });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().code).toBe('WAREHOUSE_NOT_FOUND');
      const denied = await patch(`/api/v1/warehouses/${storeId}`, { name: 'x' }, agent);
      expect(denied.statusCode).toBe(403);
      expect(denied.json().code).toBe('FORBIDDEN');
    });
  });

  describe('reasons', () => {
    type Reason = { id: string; code: string; parentCode: string | null; active: boolean; position: number };
    let byCode: Record<string, Reason>;

    beforeAll(async () => {
      const tiny = await t.request({
        method: 'POST',
        url: '/api/v1/reasons',
        staff: admin,
        payload: { code: 'much_too_small', parentCode: 'too_small', labels: { en: 'Much too small' }, controllable: false },
      });
      expect(tiny.statusCode, tiny.body).toBe(201);
      const list = (await get('/api/v1/reasons')).json() as Reason[];
      byCode = Object.fromEntries(list.map((r) => [r.code, r]));
    });

    it('lists every reason with its id, position and whether it is active', async () => {
      expect(byCode.defective).toEqual({
        id: expect.any(String),
        code: 'defective',
        parentCode: null,
        labels: { en: 'Defective', nl: 'Defect' },
        controllable: true,
        requiresPhoto: true,
        defect: true,
        active: true,
        position: 0,
      });
      expect(byCode.much_too_small?.parentCode).toBe('too_small');
    });

    it('changes a reason and records what changed', async () => {
      const id = byCode.defective?.id;
      const res = await patch(`/api/v1/reasons/${id}`, {
        labels: { en: 'Broken', nl: 'Kapot', de: 'Kaputt' },
        requiresPhoto: false,
        position: 5,
        controllable: true,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({
        id,
        code: 'defective',
        parentCode: null,
        labels: { en: 'Broken', nl: 'Kapot', de: 'Kaputt' },
        controllable: true,
        requiresPhoto: false,
        defect: true,
        active: true,
        position: 5,
      });
      const [event] = await events('reason.updated', id ?? '');
      // controllable was given but did not change.
      expect(Object.keys(event?.data.changed as object).sort()).toEqual(['labels', 'position', 'requiresPhoto']);
      expect(event?.data).toMatchObject({ code: 'defective', changed: { position: { from: 0, to: 5 } } });
    });

    it('moves reasons in the tree and refuses to make a loop', async () => {
      const fit = byCode.fit?.id;
      for (const parentCode of ['fit', 'too_small', 'much_too_small']) {
        const res = await patch(`/api/v1/reasons/${fit}`, { parentCode });
        expect(res.statusCode, parentCode).toBe(422);
        expect(res.json()).toMatchObject({ code: 'REASON_CYCLE', errors: [{ path: 'parentCode' }] });
      }
      const unknown = await patch(`/api/v1/reasons/${fit}`, { parentCode: 'nope' });
      expect(unknown.statusCode).toBe(422);
      expect(unknown.json()).toMatchObject({ code: 'PARENT_REASON_NOT_FOUND', errors: [{ path: 'parentCode' }] });

      // much_too_small moves up to the top level, then under defective: both fine.
      const top = await patch(`/api/v1/reasons/${byCode.much_too_small?.id}`, { parentCode: null });
      expect(top.json().parentCode).toBeNull();
      const under = await patch(`/api/v1/reasons/${byCode.much_too_small?.id}`, { parentCode: 'defective' });
      expect(under.statusCode, under.body).toBe(200);
      expect(under.json().parentCode).toBe('defective');
      // Now that it no longer hangs below fit, fit may go under it.
      const fitMoved = await patch(`/api/v1/reasons/${fit}`, { parentCode: 'much_too_small' });
      expect(fitMoved.statusCode, fitMoved.body).toBe(200);
      // ...and defective, an ancestor of fit now, may not go under too_small.
      const loop = await patch(`/api/v1/reasons/${byCode.defective?.id}`, { parentCode: 'too_small' });
      expect(loop.json().code).toBe('REASON_CYCLE');
      expect((await patch(`/api/v1/reasons/${fit}`, { parentCode: null })).json().parentCode).toBeNull();
      const moves = await events('reason.updated', fit ?? '');
      expect(moves.map((e) => e.data.changed)).toEqual([
        { parentCode: { from: null, to: 'much_too_small' } },
        { parentCode: { from: 'much_too_small', to: null } },
      ]);
    });

    it('keeps inactive reasons in the back office and away from shoppers at once', async () => {
      const [order] = await seedOrders(t.ctx, [orderFixture('7001', new Date(t.clock.now.getTime() - 3 * DAY))]);
      const token = await t.shopperToken('7001', '7001@example.nl');
      const shopperCodes = async () =>
        ((await t.request({ method: 'GET', url: '/api/v1/shopper/reasons', bearer: token })).json() as { code: string }[]).map(
          (r) => r.code,
        );
      expect(await shopperCodes()).toContain('too_small');

      const off = await patch(`/api/v1/reasons/${byCode.too_small?.id}`, { active: false });
      expect(off.statusCode).toBe(200);
      expect(off.json().active).toBe(false);
      expect(await shopperCodes()).not.toContain('too_small');
      const staffList = (await get('/api/v1/reasons', agent)).json() as Reason[];
      expect(staffList.find((r) => r.code === 'too_small')).toMatchObject({ active: false });

      // The policy's cached catalogue follows at once: the reason is refused.
      const refused = await t.request({
        method: 'POST',
        url: '/api/v1/shopper/returns',
        bearer: token,
        payload: { lines: [{ orderLineId: order?.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small' }] },
      });
      expect(refused.statusCode).toBe(422);
      expect(refused.json().errors[0]).toMatchObject({ path: 'lines.0.reasonCode', code: 'REASON_NOT_FOUND' });

      expect((await patch(`/api/v1/reasons/${byCode.too_small?.id}`, { active: true })).json().active).toBe(true);
      expect(await shopperCodes()).toContain('too_small');
    });

    it('answers bad input with the field at fault, unknown ids with 404 and other roles with 403', async () => {
      const id = byCode.fit?.id;
      const noLabels = await patch(`/api/v1/reasons/${id}`, { labels: {} });
      expect(noLabels.statusCode).toBe(400);
      expect(noLabels.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'labels' }] });
      expect((await patch(`/api/v1/reasons/${id}`, { position: -1 })).json().errors[0].path).toBe('position');
      expect((await patch(`/api/v1/reasons/${id}`, { parentCode: 'Not A Code' })).json().errors[0].path).toBe('parentCode');
      expect((await patch(`/api/v1/reasons/${id}`, { labels: { english: 'Fit' } })).json().errors[0].path).toMatch(/^labels/);
      const missing = await patch('/api/v1/reasons/rsn_nope', { active: false });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().code).toBe('REASON_NOT_FOUND');
      expect((await patch(`/api/v1/reasons/${id}`, { active: false }, agent)).statusCode).toBe(403);
    });
  });

  describe('staff', () => {
    type Staff = { id: string; email: string; name: string; role: string; active: boolean; lastLoginAt: string | null };
    let byEmail: Record<string, Staff>;
    const openSessions = async (userId: string) =>
      (
        await t.ctx.db
          .selectFrom('staff_sessions')
          .select('id')
          .where('user_id', '=', userId)
          .where('revoked_at', 'is', null)
          .execute()
      ).length;

    beforeAll(async () => {
      const list = (await get('/api/v1/staff')).json() as Staff[];
      byEmail = Object.fromEntries(list.map((u) => [u.email, u]));
    });

    it('lists staff with whether they are active and when they last signed in', () => {
      expect(byEmail['admin@shop.test']).toEqual({
        id: expect.any(String),
        email: 'admin@shop.test',
        name: 'admin',
        role: 'admin',
        active: true,
        storeId: null,
        createdAt: expect.any(String),
        lastLoginAt: t.clock.now.toISOString(),
        twoFactor: false,
      });
      expect(byEmail['analyst@shop.test']?.lastLoginAt).toBeNull();
    });

    it('renames without signing anyone out', async () => {
      const id = byEmail['agent@shop.test']?.id ?? '';
      const before = (await get('/api/v1/staff')).json().find((u: Staff) => u.id === id) as Staff;
      const res = await patch(`/api/v1/staff/${id}`, { name: 'Anna Agent' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ id, name: 'Anna Agent', role: 'agent', active: true });
      expect((await get('/api/v1/returns', agent)).statusCode).toBe(200);
      const [event] = (await events('staff.updated', id)).slice(-1);
      expect(event?.data).toMatchObject({ changed: { name: { from: before.name, to: 'Anna Agent' } }, revokedSessions: 0 });
    });

    it('signs a deactivated user out everywhere and keeps them out until reactivated', async () => {
      const id = byEmail['agent@shop.test']?.id ?? '';
      const second = await t.login('agent');
      expect(await openSessions(id)).toBe(2);

      const off = await patch(`/api/v1/staff/${id}`, { active: false });
      expect(off.statusCode, off.body).toBe(200);
      expect(off.json().active).toBe(false);
      expect(await openSessions(id)).toBe(0);
      for (const client of [agent, second]) {
        const res = await get('/api/v1/returns', client);
        expect(res.statusCode).toBe(401);
        expect(res.json().code).toBe('AUTHENTICATION_REQUIRED');
      }
      await expect(t.login('agent')).rejects.toThrow(/INVALID_CREDENTIALS/);
      const [event] = (await events('staff.updated', id)).slice(-1);
      expect(event?.data).toMatchObject({ changed: { active: { from: true, to: false } }, revokedSessions: 2 });

      expect((await patch(`/api/v1/staff/${id}`, { active: true })).json().active).toBe(true);
      agent = await t.login('agent');
      expect((await get('/api/v1/returns', agent)).statusCode).toBe(200);
    });

    it('signs a user out when their role changes', async () => {
      const id = byEmail['analyst@shop.test']?.id ?? '';
      const analyst = await t.login('analyst');
      expect((await t.request({ method: 'POST', url: '/api/v1/returns/x/hold', staff: analyst, payload: {} })).statusCode).toBe(
        403,
      );
      const res = await patch(`/api/v1/staff/${id}`, { role: 'agent' });
      expect(res.json()).toMatchObject({ role: 'agent', active: true });
      expect((await get('/api/v1/returns', analyst)).statusCode).toBe(401);
      const again = await t.login('analyst@shop.test');
      const me = await get('/api/v1/auth/me', again);
      expect(me.json()).toMatchObject({ kind: 'staff', user: { email: 'analyst@shop.test', role: 'agent' } });
    });

    it('always keeps one active admin', async () => {
      const adminId = byEmail['admin@shop.test']?.id ?? '';
      const recorded = async () => (await events('staff.updated', adminId)).length;
      const before = await recorded();
      const demote = await patch(`/api/v1/staff/${adminId}`, { role: 'agent' });
      expect(demote.statusCode).toBe(409);
      expect(demote.headers['content-type']).toContain('application/problem+json');
      expect(demote.json()).toMatchObject({ code: 'LAST_ADMIN', errors: [{ path: 'role' }] });
      const off = await patch(`/api/v1/staff/${adminId}`, { active: false, name: 'Gone' });
      expect(off.statusCode).toBe(409);
      expect(off.json()).toMatchObject({ code: 'LAST_ADMIN', errors: [{ path: 'active' }] });
      // The refusals changed and recorded nothing.
      expect(await recorded()).toBe(before);
      expect(await openSessions(adminId)).toBe(1);
      expect((await get('/api/v1/staff')).json().find((u: Staff) => u.id === adminId)).toMatchObject({ name: 'admin' });
      // Renaming the last admin, or confirming their role, is fine.
      const renamed = await patch(`/api/v1/staff/${adminId}`, { role: 'admin', active: true, name: 'Ada' });
      expect(renamed.statusCode).toBe(200);
      expect(await openSessions(adminId)).toBe(1);

      // With a second admin the first may step down, which signs them out.
      const whId = byEmail['warehouse@shop.test']?.id ?? '';
      expect((await patch(`/api/v1/staff/${whId}`, { role: 'admin' })).json().role).toBe('admin');
      const stepDown = await patch(`/api/v1/staff/${adminId}`, { role: 'agent' });
      expect(stepDown.statusCode, stepDown.body).toBe(200);
      expect((await get('/api/v1/staff', admin)).statusCode).toBe(401);

      // The new admin is now the last one.
      const newAdmin = await t.login('warehouse@shop.test');
      const last = await patch(`/api/v1/staff/${whId}`, { active: false }, newAdmin);
      expect(last.statusCode).toBe(409);
      expect(last.json().code).toBe('LAST_ADMIN');
      expect((await patch(`/api/v1/staff/${adminId}`, { role: 'admin' }, newAdmin)).statusCode).toBe(200);
      admin = await t.login('admin');
      expect((await get('/api/v1/staff')).statusCode).toBe(200);
    });

    it('answers bad input with the field at fault, unknown ids with 404 and other roles with 403', async () => {
      const id = byEmail['analyst@shop.test']?.id ?? '';
      const role = await patch(`/api/v1/staff/${id}`, { role: 'owner' });
      expect(role.statusCode).toBe(400);
      expect(role.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'role' }] });
      expect((await patch(`/api/v1/staff/${id}`, { name: '' })).json().errors[0].path).toBe('name');
      expect((await patch(`/api/v1/staff/${id}`, { active: 'no' })).json().errors[0].path).toBe('active');
      expect((await patch(`/api/v1/staff/${id}`, { email: 'x@shop.test' })).json().errors[0]).toMatchObject({
        path: 'email',
        message: 'unknown field',
      });
      const missing = await patch('/api/v1/staff/usr_nope', { active: false });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().code).toBe('STAFF_USER_NOT_FOUND');
      expect((await patch(`/api/v1/staff/${id}`, { name: 'x' }, agent)).statusCode).toBe(403);
    });
  });
});
