import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';

/** An account at the test identity provider: its claims, and how it signs in there (`amr`). */
export interface IdpUser {
  sub: string;
  email: string;
  /** Left out: true; null: the claim is not sent at all (as Entra ID does). */
  emailVerified?: boolean | null;
  /** More claims of the e-mail scope: Google's hosted domain `hd`, Entra ID's `xms_edov`. */
  extra?: { hd?: string; xms_edov?: boolean };
  name: string;
  groups: string[];
  amr?: string[];
}

export interface TestIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The accounts, by subject: change one's groups between sign-ins to move them. */
  users: Map<string, IdpUser>;
  /** Paths (e.g. the userinfo endpoint `/me`) that answer 503 while listed: a provider in trouble. */
  failing: Set<string>;
  /** How often the discovery document was fetched. */
  discoveries(): number;
  close(): Promise<void>;
}

const htmlText = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${htmlText(title)}</title></head><body><main>${body}</main></body></html>`;
}

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** The provider's own sign-in page: which account signs in (the test's stand-in for a password
 * form), or cancel, which answers the client `access_denied`. */
async function interaction(provider: Provider, users: Map<string, IdpUser>, req: IncomingMessage, res: ServerResponse) {
  const [, , uid, step] = (req.url ?? '').split('?')[0]?.split('/') ?? [];
  if (req.method === 'GET') {
    await provider.interactionDetails(req, res);
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(
      page(
        'Test IdP sign-in',
        `<h1>Test IdP</h1><form method="post" action="/interaction/${htmlText(uid ?? '')}/login">` +
          '<label>Account <input name="login" autocomplete="username"></label>' +
          '<button type="submit">Sign in at the Test IdP</button></form>' +
          `<form method="post" action="/interaction/${htmlText(uid ?? '')}/abort"><button type="submit">Cancel</button></form>`,
      ),
    );
    return;
  }
  const body = await formBody(req);
  if (step === 'abort') {
    await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The user cancelled' });
    return;
  }
  const user = users.get(body.get('login') ?? '');
  if (!user) {
    res.statusCode = 400;
    res.end(page('Unknown account', '<p>Unknown account</p>'));
    return;
  }
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: user.sub, amr: user.amr ?? ['pwd'] } },
    { mergeWithLastSubmission: false },
  );
}

/**
 * A real OpenID Connect provider (panva's oidc-provider) on a loopback port: one confidential
 * client for Retour, authorization code with PKCE (which it requires), ID tokens carrying e-mail,
 * name and `groups`, and a sign-in page of its own. Consent is taken as given (a first-party app).
 */
export async function startTestIdp(redirectUris: string[]): Promise<TestIdp> {
  const users = new Map<string, IdpUser>();
  const clientId = 'retour';
  const clientSecret = 'test-idp-client-secret-0123456789';
  let provider: Provider | undefined;
  let discoveries = 0;
  const failing = new Set<string>();
  const server: Server = createServer((req, res) => {
    if (!provider) return void res.end();
    if (req.url === '/.well-known/openid-configuration') discoveries++;
    if (failing.has((req.url ?? '').split('?')[0] ?? '')) {
      res.statusCode = 503;
      return void res.end('unavailable');
    }
    if (req.url?.startsWith('/interaction/')) {
      interaction(provider, users, req, res).catch((err: Error) => {
        res.statusCode = 500;
        res.end(err.message);
      });
      return;
    }
    provider.callback()(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    claims: {
      acr: null,
      amr: null,
      auth_time: null,
      sid: null,
      iss: null,
      // The methods the user signed in with go into every ID token, as Entra ID sends them.
      openid: ['sub', 'amr'],
      email: ['email', 'email_verified', 'hd', 'xms_edov'],
      profile: ['name', 'groups'],
    },
    // The claims go into the ID token, as Entra ID's and Keycloak's groups do.
    conformIdTokenClaims: false,
    cookies: { keys: ['test-idp-cookie-key'] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: KoaContextWithOIDC, i: { uid: string }) => `/interaction/${i.uid}` },
    findAccount: (_ctx: KoaContextWithOIDC, id: string) => {
      const user = users.get(id);
      if (!user) return undefined;
      return {
        accountId: id,
        claims: () => ({
          sub: id,
          email: user.email,
          ...(user.emailVerified === null ? {} : { email_verified: user.emailVerified ?? true }),
          ...user.extra,
          name: user.name,
          groups: user.groups,
        }),
      };
    },
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client?.clientId,
        accountId: ctx.oidc.session?.accountId,
      });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  return {
    issuer,
    clientId,
    clientSecret,
    users,
    failing,
    discoveries: () => discoveries,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
