import { RetourError } from '../../../domain/errors.js';
import { strongSignInAtProvider } from '../../../domain/singleSignOn.js';
import type { AppContext } from '../../kernel/context.js';
import { openStaffSession, type StaffSession } from '../openStaffSession.js';
import { type LoginChallenge, openLoginChallenge } from '../twoFactorLogin.js';
import { twoFactorEnabled, twoFactorRoles } from '../twoFactorSecrets.js';
import { authorizationUrl, exchangeCode, newPending, providerConfiguration, type SsoPending } from './ssoClient.js';
import { enabledSsoProvider } from './ssoSettings.js';
import { signInSsoUser } from './ssoUsers.js';

/** How long a sign-in may stay at the provider before it must start again. */
export const SSO_PENDING_MINUTES = 10;

/** Starts a sign-in: the provider's URL to send the browser to, and the pending sign-in (state,
 * nonce, PKCE verifier) sealed for an httpOnly cookie, so nothing is written until it comes back. */
export async function startSsoSignIn(ctx: AppContext, input: { redirectUri: string }) {
  const provider = await enabledSsoProvider(ctx);
  const config = await providerConfiguration(ctx, provider);
  const pending = newPending(input.redirectUri);
  const expiresAt = new Date(ctx.now().getTime() + SSO_PENDING_MINUTES * 60_000);
  const url = await authorizationUrl(config, pending);
  const sealed = ctx.credentialBox.seal({ ...pending, expiresAt: expiresAt.toISOString() } satisfies SsoPending);
  return { url: url.href, pending: sealed, expiresAt };
}

const pendingInvalid = () =>
  new RetourError('unauthorized', 'SSO_STATE_INVALID', 'This sign-in was not started here or took too long: sign in again');

/** The pending sign-in from its cookie, if it is one of ours and not too old. */
function openPending(ctx: AppContext, sealed: string | undefined): SsoPending {
  if (!sealed) throw pendingInvalid();
  let pending: SsoPending;
  try {
    pending = ctx.credentialBox.open<SsoPending>(sealed);
  } catch {
    throw pendingInvalid();
  }
  if (new Date(pending.expiresAt) <= ctx.now()) throw pendingInvalid();
  return pending;
}

/**
 * Completes a sign-in the provider sent back: the code is exchanged and the ID token checked, the
 * user found or created with the role their groups give, then the same staff session a password
 * opens. A role that must use two-factor sign-in gets past it only when the shop trusts the
 * provider's second factor and the provider says it checked one itself (`amr`); otherwise a user with TOTP gets the code step, and one
 * without it a session that may only enrol, as after a password.
 */
export async function completeSsoSignIn(
  ctx: AppContext,
  input: { query: Record<string, string>; pending: string | undefined; ttlHours: number },
): Promise<StaffSession | LoginChallenge> {
  const provider = await enabledSsoProvider(ctx);
  const pending = openPending(ctx, input.pending);
  // A provider's answer to a sign-in started elsewhere (or a forged one) is refused before any call.
  if (input.query.state !== pending.state) throw pendingInvalid();
  const config = await providerConfiguration(ctx, provider);
  const callbackUrl = new URL(pending.redirectUri);
  for (const [k, v] of Object.entries(input.query)) callbackUrl.searchParams.set(k, v);
  const claims = await exchangeCode(config, callbackUrl, pending, ['email', 'email_verified', provider.groupsClaim]);
  const issuer = config.serverMetadata().issuer;
  const user = await signInSsoUser(ctx, provider, issuer, claims);
  // The provider's second factor counts only where the shop chose to trust what its `amr` says.
  const strong = provider.trustProviderMfa && strongSignInAtProvider(claims.amr);
  if (!strong && (await twoFactorEnabled(ctx.db, user.id))) return openLoginChallenge(ctx, user.id);
  const enrolOnly = !strong && (await twoFactorRoles(ctx.db)).includes(user.role);
  return openStaffSession(ctx, {
    id: user.id,
    ttlHours: input.ttlHours,
    enrolOnly,
    via: { method: 'sso', issuer, providerMfa: strong },
  });
}
