import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { IdpUser, TestIdp } from './oidcProvider.js';
import type { StaffClient, TestApp } from './testApp.js';

/** Retour's public address in the single sign-on tests: the provider sends the browser back here. */
export const RETOUR = 'http://retour.test';
/** What a browser's navigation asks for. */
export const PAGE = 'text/html,application/xhtml+xml,*/*;q=0.8';

/** A cookie a response sets, as `name=value`. */
export function cookieSet(res: { headers: Record<string, unknown> }, name: string): string | undefined {
  const header = res.headers['set-cookie'];
  const all = Array.isArray(header) ? (header as string[]) : header ? [String(header)] : [];
  return all.find((c) => c.startsWith(`${name}=`))?.split(';')[0];
}

/** The test identity provider's cookies, kept per browser as a browser would. */
class IdpJar {
  private cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  take(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair?.indexOf('=') ?? -1;
      if (pair && at > 0) this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
  }
}

/** The settings the single sign-on tests save, before their own changes. */
export function ssoSettingsPayload(idp: TestIdp, overrides: Record<string, unknown> = {}) {
  return {
    enabled: true,
    issuerUrl: idp.issuer,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
    displayName: 'Test IdP',
    groupsClaim: 'groups',
    roleMappings: [
      { group: 'retour-admins', role: 'admin' },
      { group: 'retour-agents', role: 'agent' },
    ],
    allowedDomains: ['shop.test'],
    createUsers: true,
    passwordLogin: true,
    ...overrides,
  };
}

/** A sign-in through the test provider, as a browser (`accept` asks for pages) or an API caller
 * that follows the redirects itself would go through it, against the app `t`. */
export function ssoFlow(t: () => TestApp, idp: () => TestIdp) {
  /** Saves the provider's settings: the shop's usual ones, changed by `overrides`. */
  async function configure(admin: StaffClient, overrides: Record<string, unknown> = {}) {
    const res = await t().request({
      method: 'PUT',
      url: '/api/v1/settings/sso',
      staff: admin,
      payload: ssoSettingsPayload(idp(), overrides),
    });
    expect(res.statusCode, res.body).toBe(200);
    return res;
  }

  function account(sub: string, groups: string[], extra: Partial<IdpUser> = {}): IdpUser {
    const user = { sub, email: `${sub}@shop.test`, name: `User ${sub}`, groups, ...extra };
    idp().users.set(sub, user);
    return user;
  }

  /** Leaves Retour for the provider: the pending sign-in's cookie and where the browser goes (a
   * browser is redirected; an API caller is told the URL). */
  async function start(accept?: string) {
    const res = await t().app.inject({ method: 'GET', url: '/api/v1/auth/sso/start', headers: accept ? { accept } : {} });
    expect(res.statusCode, res.body).toBe(accept ? 303 : 200);
    const location = accept ? String(res.headers.location) : (res.json() as { authorizationUrl: string }).authorizationUrl;
    return { cookie: cookieSet(res, 'retour_sso') ?? '', location };
  }

  /** At the provider: follows its redirects, signs in as `login` on its page (or cancels), and
   * answers the URL it sends the browser back to Retour with. */
  async function atProvider(location: string, login: string, choice: 'login' | 'abort' = 'login'): Promise<URL> {
    const jar = new IdpJar();
    let url = new URL(location);
    let method = 'GET';
    let body: string | undefined;
    for (let hops = 0; hops < 10; hops++) {
      const res = await fetch(url, {
        method,
        redirect: 'manual',
        headers: { cookie: jar.header(), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
        body,
      });
      jar.take(res);
      if (res.status >= 300 && res.status < 400) {
        url = new URL(res.headers.get('location') ?? '', url);
        method = 'GET';
        body = undefined;
        if (url.origin === RETOUR) return url;
        continue;
      }
      expect(res.status, await res.clone().text()).toBe(200);
      expect(await res.text()).toContain('Sign in at the Test IdP');
      // The provider's sign-in page: answer it.
      url = new URL(`${url.pathname}/${choice}`, url);
      method = 'POST';
      body = new URLSearchParams({ login }).toString();
    }
    throw new Error('the provider never sent the browser back');
  }

  const callback = (back: URL, cookie: string, accept?: string) =>
    t().app.inject({
      method: 'GET',
      url: `${back.pathname}${back.search}`,
      headers: { cookie, ...(accept ? { accept } : {}) },
    });

  /** A whole sign-in through the provider as `login`, by a browser when `accept` asks for pages;
   * answers Retour's callback response. */
  async function signIn(login: string, accept?: string): Promise<LightMyRequestResponse> {
    const started = await start(accept);
    return callback(await atProvider(started.location, login), started.cookie, accept);
  }

  /** Who the session a sign-in opened belongs to. */
  async function me(res: LightMyRequestResponse) {
    const session = cookieSet(res, 'retour_session');
    expect(session, res.body).toBeDefined();
    const who = await t().app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: session ?? '' } });
    expect(who.statusCode).toBe(200);
    return who.json() as {
      kind: 'staff';
      user: { id: string; email: string; role: string };
      csrfToken: string;
      enrolOnly?: boolean;
    };
  }

  return { configure, account, start, atProvider, callback, signIn, me };
}
