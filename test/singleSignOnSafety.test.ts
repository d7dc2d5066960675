import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountDomainAllowed, emailVerifiedByProvider, GOOGLE_ISSUER } from '../src/domain/singleSignOn.js';
import { loggableUrl } from '../src/http/server.js';
import { DB_KINDS } from './support/databases.js';
import { seedStaff } from './support/fixtures.js';
import { startTestIdp, type TestIdp } from './support/oidcProvider.js';
import { cookieSet, PAGE, RETOUR, ssoFlow, ssoSettingsPayload } from './support/ssoFlow.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

// Single sign-on refuses what would let the provider's settings or answers take more than they
// should: an account from anywhere, a key's way round its limits, a secret sent to a new issuer,
// the last admin demoted, an unverified address taking over an account, a replayed answer.
describe.each(DB_KINDS)('single sign-on’s safeguards (%s)', (kind) => {
  let t: TestApp;
  let idp: TestIdp;
  let admin: StaffClient;

  const flow = ssoFlow(
    () => t,
    () => idp,
  );
  const { account, start, atProvider, callback, signIn, me } = flow;
  const configure = (overrides: Record<string, unknown> = {}) => flow.configure(admin, overrides);
  const save = (payload: Record<string, unknown>, auth: { staff?: StaffClient; bearer?: string } = { staff: admin }) =>
    t.request({ method: 'PUT', url: '/api/v1/settings/sso', payload, ...auth });
  const saved = async () =>
    (await t.ctx.db.selectFrom('sso_settings').selectAll().executeTakeFirstOrThrow()) as Record<string, unknown>;
  const userByEmail = (email: string) =>
    t.ctx.db.selectFrom('staff_users').select(['id', 'role', 'active']).where('email', '=', email).executeTakeFirst();

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

  it('refuses everyone’s mapping (*) and creating users when no e-mail domain is listed', async () => {
    await configure();
    const before = await saved();
    const everyone = await save(
      ssoSettingsPayload(idp, { allowedDomains: [], createUsers: false, roleMappings: [{ group: '*', role: 'admin' }] }),
    );
    expect(everyone.statusCode).toBe(422);
    expect(everyone.json()).toMatchObject({ code: 'SSO_DOMAINS_REQUIRED', errors: [{ path: 'roleMappings.0.group' }] });
    // A domain that is only spaces or an @ is no domain.
    const creating = await save(ssoSettingsPayload(idp, { allowedDomains: [' @ '], createUsers: true }));
    expect(creating.statusCode).toBe(422);
    expect(creating.json()).toMatchObject({ code: 'SSO_DOMAINS_REQUIRED', errors: [{ path: 'createUsers' }] });
    expect(await saved()).toEqual(before);
    // With domains listed, both may be saved.
    await configure({ roleMappings: [{ group: '*', role: 'agent' }] });
  });

  it('checks the provider’s hosted domain (hd) rather than the address when it sends one', async () => {
    await configure({ roleMappings: [{ group: '*', role: 'agent' }] });
    // A consumer account with the shop's address, vouched for by another hosted domain.
    account('outsider', [], { email: 'outsider@shop.test', extra: { hd: 'elsewhere.test' } });
    const refused = await signIn('outsider');
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'SSO_DOMAIN_NOT_ALLOWED' });
    expect(await userByEmail('outsider@shop.test')).toBeUndefined();
    // The shop's own Workspace, with an address on an alias domain.
    account('insider', [], { email: 'insider@alias.test', extra: { hd: 'Shop.test' } });
    expect((await me(await signIn('insider'))).user).toMatchObject({ email: 'insider@alias.test', role: 'agent' });
  });

  it('lets only a staff session or an unrestricted key change the provider (a narrowed key may not make staff)', async () => {
    await configure();
    const before = await saved();
    const made = await t.request({
      method: 'POST',
      url: '/api/v1/api-keys',
      staff: admin,
      payload: { name: 'settings only', role: 'admin', scopes: ['settings.manage'] },
    });
    expect(made.statusCode, made.body).toBe(201);
    const scoped = made.json().key as string;
    const takeover = ssoSettingsPayload(idp, { roleMappings: [{ group: 'mine', role: 'admin' }] });
    const refused = await save(takeover, { bearer: scoped });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'API_KEY_CANNOT_GRANT' });
    expect(await saved()).toEqual(before);
    // It may still read them.
    expect((await t.request({ method: 'GET', url: '/api/v1/settings/sso', bearer: scoped })).statusCode).toBe(200);
    const full = await t.request({
      method: 'POST',
      url: '/api/v1/api-keys',
      staff: admin,
      payload: { name: 'automation', role: 'admin' },
    });
    expect((await save(ssoSettingsPayload(idp), { bearer: full.json().key })).statusCode).toBe(200);
  });

  it('asks for the client secret again when the issuer or client changes, rather than sending it there', async () => {
    await configure();
    const other = await startTestIdp([`${RETOUR}/api/v1/auth/sso/callback`]);
    try {
      const before = await saved();
      for (const change of [{ issuerUrl: other.issuer }, { clientId: 'another-client' }]) {
        const res = await save(ssoSettingsPayload(idp, { ...change, clientSecret: undefined }));
        expect(res.statusCode).toBe(422);
        expect(res.json()).toMatchObject({ code: 'SSO_SECRET_REQUIRED', errors: [{ path: 'clientSecret' }] });
      }
      expect(await saved()).toEqual(before);
      // The same issuer and client keep theirs; a new issuer with its own secret, or none, saves.
      expect((await save(ssoSettingsPayload(idp, { clientSecret: undefined }))).statusCode).toBe(200);
      const moved = await save(
        ssoSettingsPayload(idp, { issuerUrl: other.issuer, clientId: other.clientId, clientSecret: null }),
      );
      expect(moved.statusCode, moved.body).toBe(200);
      expect(moved.json()).toMatchObject({ issuerUrl: other.issuer, clientSecretSet: false });
    } finally {
      await configure();
      await other.close();
    }
  });

  it('refuses a sign-in whose groups would demote the last active admin, and keeps the role', async () => {
    await configure();
    const solo = account('solo', ['retour-admins']);
    const who = await me(await signIn('solo'));
    expect(who.user.role).toBe('admin');
    const others = await t.ctx.db
      .updateTable('staff_users')
      .set({ active: false })
      .where('role', '=', 'admin')
      .where('active', '=', true)
      .where('id', '<>', who.user.id)
      .returning('id')
      .execute();
    try {
      solo.groups = ['retour-agents'];
      const refused = await signIn('solo');
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({ code: 'SSO_LAST_ADMIN' });
      expect(cookieSet(refused, 'retour_session')).toBeUndefined();
      expect(await userByEmail('solo@shop.test')).toMatchObject({ role: 'admin', active: true });
    } finally {
      const ids = others.map((o) => o.id);
      if (ids.length > 0) await t.ctx.db.updateTable('staff_users').set({ active: true }).where('id', 'in', ids).execute();
    }
    // With another admin again, the groups may demote them.
    expect((await me(await signIn('solo'))).user.role).toBe('agent');
  });

  it('links a password account only to an e-mail the provider verified (email_verified or Entra’s xms_edov)', async () => {
    await configure();
    const agent = await userByEmail('agent@shop.test');
    // Entra ID sends no email_verified: its address names the account, it does not prove it.
    account('entra-attacker', ['retour-admins'], { email: 'agent@shop.test', emailVerified: null });
    const refused = await signIn('entra-attacker');
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'SSO_LINK_NEEDS_VERIFIED_EMAIL' });
    expect(await userByEmail('agent@shop.test')).toMatchObject({ role: 'agent' });
    const links = await t.ctx.db
      .selectFrom('staff_identities')
      .select('subject')
      .where('subject', '=', 'entra-attacker')
      .execute();
    expect(links).toEqual([]);

    account('entra-agent', ['retour-agents'], { email: 'agent@shop.test', emailVerified: null, extra: { xms_edov: true } });
    expect((await me(await signIn('entra-agent'))).user.id).toBe(agent?.id);
    // A first sign-in of a listed domain still creates its user.
    account('entra-new', ['retour-agents'], { emailVerified: null });
    expect((await me(await signIn('entra-new'))).user).toMatchObject({ email: 'entra-new@shop.test', role: 'agent' });
  });

  it('answers a provider in trouble with SSO_PROVIDER_ERROR, and sends a browser back to the sign-in page', async () => {
    // Groups from a claim the ID token lacks: they are fetched from the provider's userinfo.
    await configure({ groupsClaim: 'roles' });
    account('uli', ['retour-agents']);
    idp.failing.add('/me');
    try {
      const api = await signIn('uli');
      expect(api.statusCode).toBe(403);
      expect(api.headers['content-type']).toContain('application/problem+json');
      expect(api.json()).toMatchObject({ code: 'SSO_PROVIDER_ERROR' });
      const browser = await signIn('uli', PAGE);
      expect(browser.statusCode).toBe(303);
      expect(browser.headers.location).toBe('/admin/?sso_error=SSO_PROVIDER_ERROR');
      expect(cookieSet(browser, 'retour_session')).toBeUndefined();
    } finally {
      idp.failing.delete('/me');
      await configure();
    }
  });

  it('refuses the provider’s answer played again after it signed someone in', async () => {
    await configure();
    account('rey', ['retour-agents']);
    const started = await start();
    const back = await atProvider(started.location, 'rey');
    const first = await callback(back, started.cookie);
    expect(first.statusCode, first.body).toBe(200);
    for (const accept of [undefined, PAGE]) {
      const again = await callback(back, started.cookie, accept);
      expect(cookieSet(again, 'retour_session')).toBeUndefined();
      if (accept) expect(again.headers.location).toBe('/admin/?sso_error=SSO_RESPONSE_INVALID');
      else expect(again.json()).toMatchObject({ code: 'SSO_RESPONSE_INVALID' });
    }
  });
});

describe('the rules of single sign-on’s domains and addresses', () => {
  it('takes a Google account only from a listed Workspace domain (hd), never a consumer one', () => {
    expect(accountDomainAllowed(GOOGLE_ISSUER, 'ann@shop.test', 'shop.test', ['shop.test'])).toBe(true);
    expect(accountDomainAllowed(GOOGLE_ISSUER, 'ann@shop.test', undefined, ['shop.test'])).toBe(false);
    expect(accountDomainAllowed(GOOGLE_ISSUER, 'ann@gmail.com', undefined, [])).toBe(false);
    expect(accountDomainAllowed(GOOGLE_ISSUER, 'ann@shop.test', 'shop.test', [])).toBe(false);
    expect(accountDomainAllowed(GOOGLE_ISSUER, 'ann@shop.test', 'other.test', ['shop.test'])).toBe(false);
  });

  it('prefers the hosted domain elsewhere too, and lets any account in when no domain is listed', () => {
    const keycloak = 'https://id.shop.test/realms/staff';
    expect(accountDomainAllowed(keycloak, 'ann@shop.test', undefined, ['shop.test'])).toBe(true);
    expect(accountDomainAllowed(keycloak, 'ann@shop.test', 'other.test', ['shop.test'])).toBe(false);
    expect(accountDomainAllowed(keycloak, 'ann@alias.test', 'shop.test', ['@Shop.test'])).toBe(true);
    expect(accountDomainAllowed(keycloak, 'ann@anywhere.test', undefined, [])).toBe(true);
  });

  it('counts an address as verified only when the provider says so', () => {
    expect(emailVerifiedByProvider({ email_verified: true })).toBe(true);
    expect(emailVerifiedByProvider({ xms_edov: true })).toBe(true);
    expect(emailVerifiedByProvider({})).toBe(false);
    expect(emailVerifiedByProvider({ email_verified: 'true' })).toBe(false);
  });

  it('keeps the callback’s code and state out of the request log', () => {
    expect(loggableUrl('/api/v1/auth/sso/callback?code=c0de&state=st4te&session_state=s&iss=x')).toBe(
      '/api/v1/auth/sso/callback?code=[hidden]&state=[hidden]&session_state=[hidden]&iss=x',
    );
    // Elsewhere a state is a filter, and stays readable.
    expect(loggableUrl('/api/v1/returns?state=received')).toBe('/api/v1/returns?state=received');
  });
});
