import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SsoPending } from '../src/app/admin/sso/ssoClient.js';
import { roleFromGroups, strongSignInAtProvider } from '../src/domain/singleSignOn.js';
import { base32Decode, totpCode } from '../src/domain/totp.js';
import { DB_KINDS } from './support/databases.js';
import { PASSWORD, seedStaff } from './support/fixtures.js';
import { startTestIdp, type TestIdp } from './support/oidcProvider.js';
import { cookieSet, PAGE, RETOUR, ssoFlow } from './support/ssoFlow.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

describe.each(DB_KINDS)('single sign-on through OpenID Connect (%s)', (kind) => {
  let t: TestApp;
  let idp: TestIdp;
  let admin: StaffClient;

  const flow = ssoFlow(
    () => t,
    () => idp,
  );
  const { account, start, atProvider, callback, signIn, me } = flow;
  const configure = (overrides: Record<string, unknown> = {}) => flow.configure(admin, overrides);

  beforeAll(async () => {
    idp = await startTestIdp([`${RETOUR}/api/v1/auth/sso/callback`]);
    t = await createTestApp(kind, { RETOUR_PUBLIC_URL: RETOUR });
    await seedStaff(t.ctx, ['admin', 'agent']);
    admin = await t.login('admin');
  });
  afterAll(async () => {
    await t?.close();
    await idp?.close();
  });

  it('signs a new member of the admin group in through the provider, into the same session as a password', async () => {
    await configure();
    account('ada', ['retour-admins', 'retour-agents']);
    const res = await signIn('ada', PAGE);
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe('/admin/');
    const session = String(res.headers['set-cookie']);
    expect(session).toMatch(/retour_session=[^;]+;.*HttpOnly/i);
    const who = await me(res);
    expect(who.user).toMatchObject({ email: 'ada@shop.test', role: 'admin' });
    expect(who.csrfToken.length).toBeGreaterThan(10);
    const identity = await t.ctx.db
      .selectFrom('staff_identities')
      .selectAll()
      .where('subject', '=', 'ada')
      .executeTakeFirstOrThrow();
    expect(identity).toMatchObject({ issuer: idp.issuer, user_id: who.user.id });
    const signedIn = await t.ctx.db
      .selectFrom('events')
      .select('data')
      .where('type', '=', 'staff.logged_in')
      .where('subject_id', '=', who.user.id)
      .executeTakeFirstOrThrow();
    expect(signedIn.data).toMatchObject({ via: { method: 'sso', issuer: idp.issuer, providerMfa: false } });
    // The pending sign-in is spent: its cookie is cleared.
    expect(cookieSet(res, 'retour_sso')).toBe('retour_sso=');
    // A caller that follows the redirects itself gets the answer of a password sign-in.
    const api = await signIn('ada');
    expect(api.statusCode, api.body).toBe(200);
    expect(api.json()).toMatchObject({ user: { id: who.user.id, role: 'admin' }, csrfToken: expect.any(String) });
  });

  it('gives the role of the first mapped group at every sign-in: a group taken away demotes, none refuses', async () => {
    await configure();
    const user = account('bo', ['retour-agents']);
    expect((await me(await signIn('bo'))).user.role).toBe('agent');
    user.groups = ['retour-agents', 'retour-admins'];
    const promoted = await me(await signIn('bo'));
    expect(promoted.user.role).toBe('admin');
    user.groups = ['retour-agents'];
    expect((await me(await signIn('bo'))).user.role).toBe('agent');
    const changes = await t.ctx.db
      .selectFrom('events')
      .select('data')
      .where('type', '=', 'staff.updated')
      .where('subject_id', '=', promoted.user.id)
      .execute();
    expect(changes.map((c) => (c.data as { role: string }).role)).toEqual(['admin', 'agent']);

    user.groups = ['marketing'];
    const refused = await signIn('bo');
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({ code: 'SSO_NO_ROLE' });
    expect(cookieSet(refused, 'retour_session')).toBeUndefined();
  });

  it('links a staff member who signed in with a password by their verified e-mail', async () => {
    await configure();
    account('agent-sub', ['retour-agents'], { email: 'agent@shop.test' });
    const who = await me(await signIn('agent-sub'));
    const existing = await t.ctx.db
      .selectFrom('staff_users')
      .select('id')
      .where('email', '=', 'agent@shop.test')
      .executeTakeFirstOrThrow();
    expect(who.user.id).toBe(existing.id);
    // An address the provider did not verify is not enough to take over an account.
    account('unverified', ['retour-admins'], { email: 'admin@shop.test', emailVerified: false });
    const refused = await signIn('unverified');
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'SSO_EMAIL_UNVERIFIED' });
  });

  it('refuses an e-mail domain the shop did not list, and creates no user for it', async () => {
    await configure();
    account('eve', ['retour-admins'], { email: 'eve@elsewhere.test' });
    const res = await signIn('eve');
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'SSO_DOMAIN_NOT_ALLOWED' });
    const made = await t.ctx.db.selectFrom('staff_users').select('id').where('email', '=', 'eve@elsewhere.test').execute();
    expect(made).toEqual([]);
  });

  it('refuses a deactivated user, and one unknown when users are not created at sign-in', async () => {
    await configure();
    account('dee', ['retour-agents']);
    const who = await me(await signIn('dee'));
    await t.ctx.db.updateTable('staff_users').set({ active: false }).where('id', '=', who.user.id).execute();
    const refused = await signIn('dee');
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'SSO_USER_DEACTIVATED' });

    await configure({ createUsers: false });
    account('newcomer', ['retour-agents']);
    const unknown = await signIn('newcomer');
    expect(unknown.statusCode).toBe(403);
    expect(unknown.json()).toMatchObject({ code: 'SSO_USER_UNKNOWN' });
  });

  it('refuses an answer to another sign-in (state), a changed nonce, and no pending sign-in at all', async () => {
    await configure();
    account('sam', ['retour-agents']);
    const first = await start();
    const second = await start();
    const back = await atProvider(second.location, 'sam');
    const crossed = await callback(back, first.cookie);
    expect(crossed.statusCode).toBe(401);
    expect(crossed.json()).toMatchObject({ code: 'SSO_STATE_INVALID' });
    const none = await callback(back, '');
    expect(none.json()).toMatchObject({ code: 'SSO_STATE_INVALID' });

    // The same answer with the pending sign-in's nonce changed: the ID token's nonce no longer matches.
    const third = await start();
    const pending = t.ctx.credentialBox.open<SsoPending>(decodeURIComponent(third.cookie.split('=')[1] ?? ''));
    const forged = `retour_sso=${encodeURIComponent(t.ctx.credentialBox.seal({ ...pending, nonce: 'another-nonce' }))}`;
    const res = await callback(await atProvider(third.location, 'sam'), forged);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'SSO_RESPONSE_INVALID' });
    expect(cookieSet(res, 'retour_session')).toBeUndefined();
  });

  it('shows the provider’s refusal clearly: a problem to the API, the sign-in page to a browser', async () => {
    await configure();
    account('cancel', ['retour-agents']);
    const started = await start();
    const back = await atProvider(started.location, 'cancel', 'abort');
    expect(back.searchParams.get('error')).toBe('access_denied');
    const res = await callback(back, started.cookie);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'SSO_ACCESS_DENIED' });

    const again = await start(PAGE);
    const browser = await callback(await atProvider(again.location, 'cancel', 'abort'), again.cookie, PAGE);
    expect(browser.statusCode).toBe(303);
    expect(browser.headers.location).toBe('/admin/?sso_error=SSO_ACCESS_DENIED');
  });

  it('counts the provider’s own second factor only when the shop trusts it and its amr says so', async () => {
    await configure();
    const policy = await t.request({
      method: 'PUT',
      url: '/api/v1/settings/two-factor',
      staff: admin,
      payload: { roles: ['agent'] },
    });
    expect(policy.statusCode).toBe(200);
    try {
      account('pat', ['retour-agents'], { amr: ['pwd'] });
      expect(await me(await signIn('pat'))).toMatchObject({ enrolOnly: true });
      account('mia', ['retour-agents'], { amr: ['pwd', 'mfa'] });
      // Not trusted (the default): the provider's mfa does not stand in for Retour's.
      expect(await me(await signIn('mia'))).toMatchObject({ enrolOnly: true });
      await configure({ trustProviderMfa: true });
      const strong = await me(await signIn('mia'));
      expect(strong.user.role).toBe('agent');
      expect(strong.enrolOnly).toBeUndefined();
    } finally {
      await t.request({ method: 'PUT', url: '/api/v1/settings/two-factor', staff: admin, payload: { roles: [] } });
    }
  });

  it('asks a user with two-factor sign-in on for a code after the provider, unless the provider checked a second factor', async () => {
    await configure({ trustProviderMfa: true });
    const user = account('tia', ['retour-agents'], { amr: ['pwd'] });
    const first = await signIn('tia');
    const client = { cookie: cookieSet(first, 'retour_session') ?? '', csrf: (await me(first)).csrfToken };
    const started = await t.request({ method: 'POST', url: '/api/v1/auth/two-factor/enrolment', staff: client });
    const { secret } = started.json() as { secret: string };
    const code = () => totpCode(base32Decode(secret), t.clock.now);
    const on = await t.request({
      method: 'POST',
      url: '/api/v1/auth/two-factor/enrolment/confirm',
      staff: client,
      payload: { code: code() },
    });
    expect(on.statusCode, on.body).toBe(200);
    t.clock.advance(30_000);

    const second = await signIn('tia', PAGE);
    expect(second.statusCode).toBe(303);
    expect(second.headers.location).toBe('/admin/?sso=two-factor');
    expect(cookieSet(second, 'retour_session')).toBeUndefined();
    const stepped = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login/two-factor',
      headers: { cookie: cookieSet(second, 'retour_two_factor') ?? '' },
      payload: { code: code() },
    });
    expect(stepped.statusCode, stepped.body).toBe(200);
    expect(stepped.json()).toMatchObject({ user: { email: 'tia@shop.test', role: 'agent' } });

    user.amr = ['pwd', 'mfa'];
    const strong = await signIn('tia', PAGE);
    expect(strong.headers.location).toBe('/admin/');
    expect((await me(strong)).user.email).toBe('tia@shop.test');
  });

  it('discovers the provider once and keeps it for the sign-ins that follow', async () => {
    await configure();
    account('dora', ['retour-agents']);
    const before = idp.discoveries();
    for (let i = 0; i < 3; i++) expect((await signIn('dora')).statusCode).toBe(200);
    expect(idp.discoveries() - before).toBe(1);
  });

  it('closes password sign-in to everyone but admins when the shop says so', async () => {
    await configure({ passwordLogin: false });
    try {
      const agent = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'agent@shop.test', password: PASSWORD },
      });
      expect(agent.statusCode).toBe(403);
      expect(agent.json()).toMatchObject({ code: 'PASSWORD_LOGIN_CLOSED' });
      await t.login('admin');
    } finally {
      await configure();
    }
  });

  it('keeps the client secret write-only: sealed in the database, in no answer and no event', async () => {
    const saved = await configure();
    const read = await t.request({ method: 'GET', url: '/api/v1/settings/sso', staff: admin });
    expect(read.json()).toMatchObject({ clientSecretSet: true, displayName: 'Test IdP', issuerUrl: idp.issuer });
    const option = await t.app.inject({ method: 'GET', url: '/api/v1/auth/sso' });
    expect(option.json()).toEqual({ enabled: true, displayName: 'Test IdP' });
    // Saved again without a secret: the kept one stays and sign-in still works.
    await configure({ clientSecret: undefined });
    account('keep', ['retour-agents']);
    expect((await me(await signIn('keep'))).user.role).toBe('agent');
    const events = await t.ctx.db.selectFrom('events').select('data').execute();
    const row = await t.ctx.db.selectFrom('sso_settings').select('client_secret_sealed').executeTakeFirstOrThrow();
    for (const text of [saved.body, read.body, option.body, JSON.stringify(events), row.client_secret_sealed]) {
      expect(text).not.toContain(idp.clientSecret);
    }
  });

  it('tests the connection by fetching discovery, and refuses an issuer that is not https', async () => {
    const ok = await t.request({
      method: 'POST',
      url: '/api/v1/settings/sso/test',
      staff: admin,
      payload: { issuerUrl: idp.issuer, clientId: idp.clientId },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ ok: true, issuer: idp.issuer, pkce: true });
    const nothing = await t.request({
      method: 'POST',
      url: '/api/v1/settings/sso/test',
      staff: admin,
      payload: { issuerUrl: 'http://127.0.0.1:9', clientId: 'x' },
    });
    expect(nothing.statusCode).toBe(409);
    expect(nothing.json()).toMatchObject({ code: 'SSO_DISCOVERY_FAILED' });
    await configure();
    const plain = await t.request({
      method: 'PUT',
      url: '/api/v1/settings/sso',
      staff: admin,
      payload: {
        enabled: true,
        issuerUrl: 'http://idp.example.com',
        clientId: 'x',
        displayName: 'Plain',
        groupsClaim: 'groups',
        roleMappings: [],
        allowedDomains: [],
        createUsers: false,
        passwordLogin: true,
      },
    });
    expect(plain.statusCode).toBe(422);
    expect(plain.json()).toMatchObject({ code: 'SSO_ISSUER_INVALID' });
    const kept = await t.request({ method: 'GET', url: '/api/v1/settings/sso', staff: admin });
    expect(kept.json()).toMatchObject({ issuerUrl: idp.issuer });
  });
});

describe('the rules of single sign-on', () => {
  it('takes the first mapping whose group the user is in', () => {
    const mappings = [
      { group: 'admins', role: 'admin' as const, storeId: null },
      { group: 'agents', role: 'agent' as const, storeId: null },
    ];
    expect(roleFromGroups(mappings, ['agents', 'admins'])?.role).toBe('admin');
    expect(roleFromGroups(mappings, ['agents'])?.role).toBe('agent');
    expect(roleFromGroups(mappings, ['others'])).toBeNull();
  });

  it('takes the provider’s sign-in as a second factor only for mfa-like methods', () => {
    expect(strongSignInAtProvider(['pwd', 'mfa'])).toBe(true);
    expect(strongSignInAtProvider(['otp'])).toBe(true);
    expect(strongSignInAtProvider(['pwd'])).toBe(false);
    expect(strongSignInAtProvider(undefined)).toBe(false);
  });
});
