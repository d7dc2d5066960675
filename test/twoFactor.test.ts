import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffUser } from '../src/app/admin/createStaffUser.js';
import { recoveryCodeHash } from '../src/app/admin/twoFactorSecrets.js';
import { cliActor } from '../src/app/kernel/context.js';
import { base32Decode, totpCode } from '../src/domain/totp.js';
import { DB_KINDS } from './support/databases.js';
import { PASSWORD, seedStaff } from './support/fixtures.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

const STEP_MS = 30_000;

/** The value a response sets for a cookie, as a `name=value` pair; undefined if it sets none. */
function cookieSet(res: LightMyRequestResponse, name: string): string | undefined {
  const header = res.headers['set-cookie'];
  const all = Array.isArray(header) ? header : header ? [header] : [];
  return all.find((c) => c.startsWith(`${name}=`))?.split(';')[0];
}

describe.each(DB_KINDS)('two-factor sign-in (%s)', (kind) => {
  let t: TestApp;
  let admin: StaffClient;

  const passwordLogin = (email: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: PASSWORD } });
  const secondStep = (challenge: string | undefined, code: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login/two-factor',
      payload: { code },
      headers: challenge ? { cookie: challenge } : {},
    });
  const codeNow = (secret: string) => totpCode(base32Decode(secret), t.clock.now);
  const userId = async (email: string) =>
    (await t.ctx.db.selectFrom('staff_users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

  /** Enrols a signed-in user; returns their secret and recovery codes. The clock moves on a step,
   * so the next code is a fresh one. */
  async function enrol(client: StaffClient) {
    const started = await t.request({ method: 'POST', url: '/api/v1/auth/two-factor/enrolment', staff: client });
    expect(started.statusCode).toBe(200);
    const { secret } = started.json() as { secret: string };
    const confirmed = await t.request({
      method: 'POST',
      url: '/api/v1/auth/two-factor/enrolment/confirm',
      payload: { code: codeNow(secret) },
      staff: client,
    });
    expect(confirmed.statusCode).toBe(200);
    t.clock.advance(STEP_MS);
    return { secret, recoveryCodes: (confirmed.json() as { recoveryCodes: string[] }).recoveryCodes };
  }

  /** Signs in with password and second factor; answers the second step's response. */
  async function signInWith(email: string, code: string) {
    const first = await passwordLogin(email);
    expect(first.statusCode).toBe(200);
    return secondStep(cookieSet(first, 'retour_two_factor'), code);
  }

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedStaff(t.ctx, ['admin', 'agent', 'warehouse', 'analyst', 'store']);
    await createStaffUser(
      t.ctx,
      { actor: cliActor },
      { email: 'guarded@shop.test', name: 'Guarded', role: 'agent', password: PASSWORD },
    );
    admin = await t.login('admin');
  });
  afterAll(() => t?.close());

  it('enrols with a current code, keeps the secret sealed, and shows ten recovery codes once', async () => {
    const agent = await t.login('agent');
    const before = await t.request({ method: 'GET', url: '/api/v1/auth/two-factor', staff: agent });
    expect(before.json()).toMatchObject({ enabled: false, required: false });

    const started = await t.request({ method: 'POST', url: '/api/v1/auth/two-factor/enrolment', staff: agent });
    const { secret, otpauthUri, qrSvg } = started.json() as { secret: string; otpauthUri: string; qrSvg: string };
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Retour:agent%40shop\.test\?secret=[A-Z2-7]+&/);
    expect(qrSvg).toContain('<svg');
    const stored = await t.ctx.db
      .selectFrom('staff_two_factor')
      .selectAll()
      .where('user_id', '=', await userId('agent@shop.test'))
      .executeTakeFirstOrThrow();
    expect(stored.secret_sealed).not.toContain(secret);
    expect(stored.enabled_at).toBeNull();

    const wrong = await t.request({
      method: 'POST',
      url: '/api/v1/auth/two-factor/enrolment/confirm',
      payload: { code: codeNow(secret) === '000000' ? '111111' : '000000' },
      staff: agent,
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json()).toMatchObject({ code: 'TWO_FACTOR_CODE_INVALID' });

    const confirmed = await t.request({
      method: 'POST',
      url: '/api/v1/auth/two-factor/enrolment/confirm',
      payload: { code: codeNow(secret) },
      staff: agent,
    });
    const codes = (confirmed.json() as { recoveryCodes: string[] }).recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const hashes = await t.ctx.db.selectFrom('staff_recovery_codes').select('code_hash').execute();
    expect(hashes.map((h) => h.code_hash)).not.toContain(codes[0]);
    // Stored salted by its user, so one table copy cannot be attacked for every user at once.
    expect(hashes.map((h) => h.code_hash)).toContain(recoveryCodeHash(await userId('agent@shop.test'), codes[0] ?? ''));
    const after = await t.request({ method: 'GET', url: '/api/v1/auth/two-factor', staff: agent });
    expect(after.json()).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
    // Already on: a second enrolment must not replace the secret unseen.
    const again = await t.request({ method: 'POST', url: '/api/v1/auth/two-factor/enrolment', staff: agent });
    expect(again.json()).toMatchObject({ code: 'TWO_FACTOR_ALREADY_ON' });
  });

  it('asks for a second step after the password, and takes each TOTP code once', async () => {
    const agent = await t.login('warehouse');
    const { secret } = await enrol(agent);

    const first = await passwordLogin('warehouse@shop.test');
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ twoFactorRequired: true });
    expect(first.json()).not.toHaveProperty('csrfToken');
    expect(cookieSet(first, 'retour_session')).toBeUndefined();
    const header = ([] as string[]).concat(first.headers['set-cookie'] ?? []).find((c) => c.startsWith('retour_two_factor='));
    expect(header).toMatch(/HttpOnly/i);

    const missing = await secondStep(undefined, codeNow(secret));
    expect(missing.json()).toMatchObject({ status: 401, code: 'TWO_FACTOR_CHALLENGE_INVALID' });

    const code = codeNow(secret);
    const done = await secondStep(cookieSet(first, 'retour_two_factor'), code);
    expect(done.statusCode).toBe(200);
    const cookie = cookieSet(done, 'retour_session') ?? '';
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.json()).toMatchObject({ kind: 'staff', user: { email: 'warehouse@shop.test' } });

    const replay = await signInWith('warehouse@shop.test', code);
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toMatchObject({ code: 'TWO_FACTOR_CODE_INVALID' });
    // The next step's code works.
    t.clock.advance(STEP_MS);
    expect((await signInWith('warehouse@shop.test', codeNow(secret))).statusCode).toBe(200);
  });

  it('takes each recovery code once, and new ones replace the old', async () => {
    const analyst = await t.login('analyst');
    const { secret, recoveryCodes } = await enrol(analyst);
    const [first, second] = recoveryCodes as [string, string];

    const used = await signInWith('analyst@shop.test', first.toUpperCase());
    expect(used.statusCode).toBe(200);
    const again = await signInWith('analyst@shop.test', first);
    expect(again.json()).toMatchObject({ status: 401, code: 'TWO_FACTOR_CODE_INVALID' });
    const session = { cookie: cookieSet(used, 'retour_session') ?? '', csrf: used.json().csrfToken };
    const status = await t.request({ method: 'GET', url: '/api/v1/auth/two-factor', staff: session });
    expect(status.json()).toMatchObject({ recoveryCodesLeft: 9 });

    const renewed = await t.request({
      method: 'POST',
      url: '/api/v1/auth/two-factor/recovery-codes',
      payload: { code: codeNow(secret) },
      staff: session,
    });
    expect(renewed.statusCode).toBe(200);
    expect((await signInWith('analyst@shop.test', second)).statusCode).toBe(401);
    const fresh = (renewed.json() as { recoveryCodes: string[] }).recoveryCodes[0] as string;
    expect((await signInWith('analyst@shop.test', fresh)).statusCode).toBe(200);
  });

  it('voids a sign-in after five wrong codes, and after five minutes', async () => {
    const store = await t.login('store');
    const { secret } = await enrol(store);
    const wrongCode = codeNow(secret) === '123456' ? '654321' : '123456';

    const first = await passwordLogin('store@shop.test');
    const challenge = cookieSet(first, 'retour_two_factor');
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push((await secondStep(challenge, wrongCode)).json());
    expect(answers.map((a) => a.code)).toEqual(Array(5).fill('TWO_FACTOR_CODE_INVALID'));
    const late = await secondStep(challenge, codeNow(secret));
    expect(late.json()).toMatchObject({ status: 401, code: 'TWO_FACTOR_CHALLENGE_INVALID' });

    const slow = await passwordLogin('store@shop.test');
    t.clock.advance(5 * 60_000 + 1);
    const expired = await secondStep(cookieSet(slow, 'retour_two_factor'), codeNow(secret));
    expect(expired.json()).toMatchObject({ code: 'TWO_FACTOR_CHALLENGE_INVALID' });
  });

  it('opens no new sign-in for an account after ten wrong codes over its sign-ins in a quarter of an hour', async () => {
    const guarded = await t.login('guarded@shop.test');
    const { secret } = await enrol(guarded);
    const wrongCode = codeNow(secret) === '123456' ? '654321' : '123456';
    // Two sign-ins with five wrong codes each, as from two addresses: each challenge is void after five.
    for (let i = 0; i < 2; i++) {
      const challenge = cookieSet(await passwordLogin('guarded@shop.test'), 'retour_two_factor');
      for (let j = 0; j < 5; j++) expect((await secondStep(challenge, wrongCode)).statusCode).toBe(401);
    }
    const locked = await passwordLogin('guarded@shop.test');
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ code: 'TWO_FACTOR_LOCKED' });
    // A quarter of an hour on, the account signs in again.
    t.clock.advance(15 * 60_000 + 1);
    expect((await signInWith('guarded@shop.test', codeNow(secret))).statusCode).toBe(200);
  });

  it('holds a role that must use it to enrolment until it is on, and keeps it on', async () => {
    await createStaffUser(
      t.ctx,
      { actor: cliActor },
      { email: 'second-admin@shop.test', name: 'Second admin', role: 'admin', password: PASSWORD },
    );
    // Open before the rule: held to enrolment from the rule on, not from its next sign-in only.
    const openBefore = await t.login('second-admin@shop.test');
    expect((await t.request({ method: 'GET', url: '/api/v1/staff', staff: openBefore })).statusCode).toBe(200);
    const put = await t.request({
      method: 'PUT',
      url: '/api/v1/settings/two-factor',
      payload: { roles: ['admin'] },
      staff: admin,
    });
    expect(put.json()).toEqual({ roles: ['admin'] });
    const read = await t.request({ method: 'GET', url: '/api/v1/settings/two-factor', staff: admin });
    expect(read.json()).toEqual({ roles: ['admin'] });
    const heldBefore = await t.request({ method: 'GET', url: '/api/v1/staff', staff: openBefore });
    expect(heldBefore.json()).toMatchObject({ status: 403, code: 'TWO_FACTOR_REQUIRED' });
    // The session that set the rule goes on.
    expect((await t.request({ method: 'GET', url: '/api/v1/staff', staff: admin })).statusCode).toBe(200);

    const login = await passwordLogin('second-admin@shop.test');
    expect(login.json()).toMatchObject({ enrolOnly: true });
    const held = { cookie: cookieSet(login, 'retour_session') ?? '', csrf: login.json().csrfToken };
    const refused = await t.request({ method: 'GET', url: '/api/v1/staff', staff: held });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'TWO_FACTOR_REQUIRED' });
    const me = await t.request({ method: 'GET', url: '/api/v1/auth/me', staff: held });
    expect(me.json()).toMatchObject({ kind: 'staff', enrolOnly: true });

    const { secret } = await enrol(held);
    const open = await t.request({ method: 'GET', url: '/api/v1/staff', staff: held });
    expect(open.statusCode).toBe(200);
    const off = await t.request({
      method: 'POST',
      url: '/api/v1/auth/two-factor/disable',
      payload: { code: codeNow(secret) },
      staff: held,
    });
    expect(off.json()).toMatchObject({ status: 403, code: 'TWO_FACTOR_REQUIRED_FOR_ROLE' });
    await t.request({ method: 'PUT', url: '/api/v1/settings/two-factor', payload: { roles: [] }, staff: held });
  });

  it('lets an admin reset a staff member, audited, and lets a member turn it off with a code', async () => {
    await createStaffUser(
      t.ctx,
      { actor: cliActor },
      { email: 'reset-me@shop.test', name: 'Reset me', role: 'agent', password: PASSWORD },
    );
    const agentId = await userId('reset-me@shop.test');
    await enrol(await t.login('reset-me@shop.test'));
    expect((await passwordLogin('reset-me@shop.test')).json()).toMatchObject({ twoFactorRequired: true });
    const reset = await t.request({ method: 'POST', url: `/api/v1/staff/${agentId}/two-factor/reset`, staff: admin });
    expect(reset.json()).toEqual({ reset: true });
    const event = await t.ctx.db
      .selectFrom('events')
      .selectAll()
      .where('type', '=', 'staff.two_factor_reset')
      .where('subject_id', '=', agentId)
      .executeTakeFirstOrThrow();
    expect(event.actor_id).toBe(await userId('admin@shop.test'));
    const agent = await t.login('reset-me@shop.test');
    expect(agent.csrf).toEqual(expect.any(String));
    const byAgent = await t.request({ method: 'POST', url: `/api/v1/staff/${agentId}/two-factor/reset`, staff: agent });
    expect(byAgent.statusCode).toBe(403);
    const policyByAgent = await t.request({
      method: 'PUT',
      url: '/api/v1/settings/two-factor',
      payload: { roles: [] },
      staff: agent,
    });
    expect(policyByAgent.statusCode).toBe(403);

    const { secret } = await enrol(agent);
    const off = await t.request({
      method: 'POST',
      url: '/api/v1/auth/two-factor/disable',
      payload: { code: codeNow(secret) },
      staff: agent,
    });
    expect(off.json()).toEqual({ enabled: false });
    expect((await passwordLogin('reset-me@shop.test')).json()).toHaveProperty('csrfToken');
  });
});

describe('two-factor sign-in rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite', { RETOUR_LOGIN_RATE_LIMIT: '3' });
  });
  afterAll(() => t?.close());

  it('answers 429 past the limit of second steps a minute', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/two-factor', payload: { code: '123456' } });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});
