import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaffSessionCopies, type StaffSessionRow } from '../src/app/admin/staffSessions.js';
import { DB_KINDS, POSTGRES_ANSWERS, postgresOnly } from './support/databases.js';
import { seedStaff, seedStore } from './support/fixtures.js';
import { secondProcess } from './support/secondProcess.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';
import { until } from './support/until.js';

const session = (id: string): StaffSessionRow => ({
  sessionId: id,
  userId: 'usr_1',
  role: 'warehouse',
  csrfToken: 'csrf',
  expiresAt: new Date('2030-01-01T00:00:00Z'),
});

describe('staff session copies', () => {
  it('reads a live session once, and again after a drop', async () => {
    const copies = new StaffSessionCopies();
    let reads = 0;
    const read = async () => {
      reads++;
      return session('ses_1');
    };
    await copies.find('hash-1', read);
    await copies.find('hash-1', read);
    expect(reads).toBe(1);
    await copies.forget();
    await copies.find('hash-1', read);
    expect(reads).toBe(2);
    copies.dropCopy(); // as when another process says it changed sessions
    await copies.find('hash-1', read);
    expect(reads).toBe(3);
  });

  it('keeps no unknown or ended session, and nothing read across a drop', async () => {
    const copies = new StaffSessionCopies();
    let reads = 0;
    await copies.find('unknown', async () => {
      reads++;
      return null;
    });
    await copies.find('unknown', async () => {
      reads++;
      return null;
    });
    expect(reads).toBe(2);
    expect(copies.size).toBe(0);
    // A sign-out lands while the session is being read: what was read is used once, not kept.
    await copies.find('hash-2', async () => {
      copies.dropCopy();
      return session('ses_2');
    });
    expect(copies.size).toBe(0);
  });

  it('lets a copy live no longer than its lifetime', async () => {
    const copies = new StaffSessionCopies(0);
    let reads = 0;
    const read = async () => {
      reads++;
      return session('ses_3');
    };
    await copies.find('hash-3', read);
    await copies.find('hash-3', read);
    expect(reads).toBe(2);
  });
});

describe.each(DB_KINDS)('staff sessions kept by the server (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedStaff(t.ctx, ['admin', 'warehouse', 'agent']);
  });
  afterAll(() => t?.close());

  const me = (staff: StaffClient) => t.request({ method: 'GET', url: '/api/v1/auth/me', staff });
  const staffId = async (email: string) =>
    (await t.ctx.db.selectFrom('staff_users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

  it('ends a signed-out session at once, while another session of the user goes on', async () => {
    const dock = await t.login('warehouse');
    const other = await t.login('warehouse');
    expect((await me(dock)).statusCode).toBe(200);
    expect((await me(other)).statusCode).toBe(200);
    expect(t.ctx.caches.staffSessions.size).toBeGreaterThan(0);
    const out = await t.request({ method: 'POST', url: '/api/v1/auth/logout', staff: dock, payload: {} });
    expect(out.statusCode, out.body).toBe(200);
    const after = await me(dock);
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('AUTHENTICATION_REQUIRED');
    expect((await me(other)).statusCode).toBe(200);
  });

  it('ends the sessions of a user switched off or given another role at once', async () => {
    const admin = await t.login('admin');
    const dock = await t.login('warehouse');
    const agent = await t.login('agent');
    expect((await me(dock)).statusCode).toBe(200);
    expect((await me(agent)).statusCode).toBe(200);
    const patch = (id: string, payload: object) =>
      t.request({ method: 'PATCH', url: `/api/v1/staff/${id}`, staff: admin, payload });
    expect((await patch(await staffId('warehouse@shop.test'), { active: false })).statusCode).toBe(200);
    expect((await me(dock)).statusCode).toBe(401);
    expect((await patch(await staffId('agent@shop.test'), { role: 'warehouse' })).statusCode).toBe(200);
    expect((await me(agent)).statusCode).toBe(401);
    expect((await me(admin)).statusCode).toBe(200);
  });

  it('ends the sessions of a user moved to another store at once, not of one renamed', async () => {
    await seedStaff(t.ctx, ['store']);
    const admin = await t.login('admin');
    const till = await t.login('store');
    expect((await me(till)).statusCode).toBe(200);
    const userId = await staffId('store@shop.test');
    const patch = (payload: object) => t.request({ method: 'PATCH', url: `/api/v1/staff/${userId}`, staff: admin, payload });
    const renamed = await patch({ name: 'Till one' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect((await me(till)).statusCode).toBe(200);
    // The counter the user stood at is no longer theirs: a session opened there must not go on.
    const moved = await patch({ storeId: await seedStore(t.ctx, 'wh_store_utrecht') });
    expect(moved.statusCode, moved.body).toBe(200);
    const after = await me(till);
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('AUTHENTICATION_REQUIRED');
    expect((await me(admin)).statusCode).toBe(200);
  });

  it('ends a kept session at its expiry', async () => {
    await seedStaff(t.ctx, ['analyst']);
    const analyst = await t.login('analyst');
    expect((await me(analyst)).statusCode).toBe(200);
    const expiresAt = (
      await t.ctx.db.selectFrom('staff_sessions').select('expires_at').orderBy('created_at', 'desc').executeTakeFirstOrThrow()
    ).expires_at;
    t.clock.advance(expiresAt.getTime() - t.clock.now.getTime() + 1);
    expect((await me(analyst)).statusCode).toBe(401);
  });
});

describe.skipIf(!POSTGRES_ANSWERS)(postgresOnly('staff sessions across server processes'), () => {
  it('a sign-out in one process drops the copies the other kept', async () => {
    const t = await createTestApp('postgres');
    const { ctx: ctx2, app: app2, stop } = await secondProcess(t);
    try {
      await seedStaff(t.ctx, ['warehouse']);
      const dock = await t.login('warehouse');
      const elsewhere = await app2.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: dock.cookie } });
      expect(elsewhere.statusCode).toBe(200);
      expect(ctx2.caches.staffSessions.size).toBe(1);
      const out = await t.request({ method: 'POST', url: '/api/v1/auth/logout', staff: dock, payload: {} });
      expect(out.statusCode).toBe(200);
      // The other process's copy goes when it hears of the sign-out, not at the end of its lifetime
      // (an expired copy stays in the map until replaced: only the drop empties it).
      await until(() => ctx2.caches.staffSessions.size === 0, { what: 'the other process to drop its copy' });
      const after = await app2.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: dock.cookie } });
      expect(after.statusCode).toBe(401);
    } finally {
      await stop();
      await t.close();
    }
  });
});
