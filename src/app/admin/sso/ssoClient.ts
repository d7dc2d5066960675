import * as oidc from 'openid-client';
import { RetourError } from '../../../domain/errors.js';
import type { AppContext } from '../../kernel/context.js';
import { assertOutboundUrl } from '../../kernel/egress.js';
import { guardedFetch } from '../../kernel/egressDispatcher.js';
import { checkIssuerUrl, type SsoProvider } from './ssoSettings.js';

/** How long a provider's discovery document and keys are kept before they are fetched again. */
const DISCOVERY_TTL_MS = 60 * 60_000;
/** The provider's server is given this long to answer, in seconds. */
const TIMEOUT_SECONDS = 10;

/** The scopes asked for: the ID token's e-mail and name (groups come with the provider's own
 * mapper, or as Entra ID's `groups` claim). */
export const SSO_SCOPES = 'openid email profile';

const discovered = new Map<string, { config: Promise<oidc.Configuration>; until: number }>();

/** http:// issuers are allowed on loopback only (checked when saved); openid-client needs to be told. */
function isLoopbackHttp(issuer: URL): boolean {
  return issuer.protocol === 'http:';
}

type ClientOf = Pick<SsoProvider, 'issuerUrl' | 'clientId' | 'clientSecret'>;

async function discover(provider: ClientOf): Promise<oidc.Configuration> {
  const issuer = new URL(provider.issuerUrl);
  const auth = provider.clientSecret ? oidc.ClientSecretPost(provider.clientSecret) : oidc.None();
  try {
    return await oidc.discovery(issuer, provider.clientId, undefined, auth, {
      timeout: TIMEOUT_SECONDS,
      // Every call to the provider (discovery, keys, tokens) refuses a private address unless
      // RETOUR_ALLOW_PRIVATE_URLS allows it (src/app/kernel/egress.ts).
      [oidc.customFetch]: guardedFetch,
      ...(isLoopbackHttp(issuer) ? { execute: [oidc.allowInsecureRequests] } : {}),
    });
  } catch (err) {
    throw new RetourError(
      'conflict',
      'SSO_DISCOVERY_FAILED',
      `The identity provider's discovery at ${provider.issuerUrl} could not be read: ${(err as Error).message}`,
      [{ path: 'issuerUrl', message: 'no usable OpenID Connect discovery document here' }],
    );
  }
}

/**
 * The provider's configuration, discovered once and kept an hour (its keys are fetched as its ID
 * tokens need them); a change of issuer, client or secret is a new entry. A failed discovery is
 * not kept, so the next sign-in tries again.
 */
export function providerConfiguration(ctx: AppContext, provider: SsoProvider): Promise<oidc.Configuration> {
  const now = ctx.now().getTime();
  const kept = discovered.get(provider.version);
  if (kept && kept.until > now) return kept.config;
  const config = discover(provider);
  discovered.set(provider.version, { config, until: now + DISCOVERY_TTL_MS });
  config.catch(() => discovered.delete(provider.version));
  return config;
}

/** Fetches the discovery document afresh (the settings page's "Test connection"), before or after saving. */
export async function testSsoConnection(input: { issuerUrl: string; clientId: string }) {
  await assertOutboundUrl(checkIssuerUrl(input.issuerUrl), 'issuerUrl');
  const config = await discover({ issuerUrl: checkIssuerUrl(input.issuerUrl), clientId: input.clientId, clientSecret: null });
  const meta = config.serverMetadata();
  return {
    ok: true as const,
    issuer: meta.issuer,
    authorizationEndpoint: meta.authorization_endpoint ?? null,
    pkce: meta.code_challenge_methods_supported?.includes('S256') ?? false,
  };
}

/** What one sign-in keeps between leaving for the provider and coming back. */
export interface SsoPending {
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
  expiresAt: string;
}

/** The provider's authorization URL with a fresh state, nonce and PKCE challenge. */
export async function authorizationUrl(config: oidc.Configuration, pending: Omit<SsoPending, 'expiresAt'>): Promise<URL> {
  return oidc.buildAuthorizationUrl(config, {
    redirect_uri: pending.redirectUri,
    scope: SSO_SCOPES,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
    code_challenge_method: 'S256',
  });
}

export function newPending(redirectUri: string): Omit<SsoPending, 'expiresAt'> {
  return { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier(), redirectUri };
}

/**
 * Exchanges the code the provider sent back: openid-client checks the state, the PKCE verifier,
 * the ID token's signature, issuer, audience, expiry and nonce. Claims the ID token lacks (some
 * providers put e-mail or groups in userinfo only) are taken from userinfo for the same subject.
 */
export async function exchangeCode(
  config: oidc.Configuration,
  callbackUrl: URL,
  pending: SsoPending,
  wanted: string[],
): Promise<Record<string, unknown>> {
  let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  try {
    tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      pkceCodeVerifier: pending.codeVerifier,
      idTokenExpected: true,
    });
  } catch (err) {
    if (err instanceof oidc.AuthorizationResponseError) throw providerSaidNo(err.error, err.error_description);
    throw answerProblem(err, 'The sign-in answer was refused');
  }
  const claims: Record<string, unknown> = { ...tokens.claims() };
  const userinfo = config.serverMetadata().userinfo_endpoint;
  if (userinfo && wanted.some((c) => claims[c] === undefined)) {
    let more: oidc.UserInfoResponse;
    try {
      more = await oidc.fetchUserInfo(config, tokens.access_token, String(claims.sub));
    } catch (err) {
      throw answerProblem(err, 'The identity provider’s user info could not be read');
    }
    for (const c of wanted) if (claims[c] === undefined && more[c] !== undefined) claims[c] = more[c];
  }
  return claims;
}

/**
 * What a failed call to the provider means: an answer that does not check out (a replayed or
 * forged code, a bad token, the wrong subject) is SSO_RESPONSE_INVALID; a provider that cannot be
 * reached or answers with an error status is SSO_PROVIDER_ERROR. Either way a RetourError, so a
 * browser is sent back to the sign-in page rather than shown a server error.
 */
function answerProblem(err: unknown, what: string): RetourError {
  if (err instanceof RetourError) return err;
  const message = err instanceof Error ? err.message : String(err);
  // fetch's own failure (no connection) is a TypeError; an error status is on the error or on the
  // Response it carries as its cause.
  if (err instanceof TypeError || statusOf(err) >= 500) {
    return new RetourError(
      'forbidden',
      'SSO_PROVIDER_ERROR',
      `${what}: the identity provider did not answer usably (${message})`,
    );
  }
  return new RetourError('unauthorized', 'SSO_RESPONSE_INVALID', `${what}: ${message}`);
}

function statusOf(err: unknown): number {
  if (err instanceof oidc.ResponseBodyError) return err.status;
  const cause = (err as { cause?: unknown } | null)?.cause;
  return cause instanceof Response ? cause.status : 0;
}

/** The provider answered with an error (the user cancelled, or may not use this app). */
export function providerSaidNo(error: string, description?: string): RetourError {
  const cancelled = error === 'access_denied';
  return new RetourError(
    'forbidden',
    cancelled ? 'SSO_ACCESS_DENIED' : 'SSO_PROVIDER_ERROR',
    cancelled
      ? 'The identity provider did not let you sign in (cancelled, or no access to this app)'
      : `The identity provider answered with an error: ${error}${description ? ` (${description})` : ''}`,
  );
}
