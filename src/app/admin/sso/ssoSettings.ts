import type { StaffRole } from '../../../domain/access.js';
import { RetourError } from '../../../domain/errors.js';
import { normalDomain, type SsoRoleMapping } from '../../../domain/singleSignOn.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { assertOutboundUrl } from '../../kernel/egress.js';
import { inUnit, type Tx } from '../../kernel/transaction.js';
import { checkKeyMayGrant } from '../grantingKey.js';
import { checkStoreAssignment } from '../storeAssignment.js';

/** The identity provider's settings as an admin sees them: the client secret never leaves the
 * server, only whether one is kept. */
export interface SsoSettingsView {
  configured: boolean;
  enabled: boolean;
  issuerUrl: string;
  clientId: string;
  clientSecretSet: boolean;
  displayName: string;
  groupsClaim: string;
  roleMappings: SsoRoleMapping[];
  allowedDomains: string[];
  createUsers: boolean;
  passwordLogin: boolean;
  trustProviderMfa: boolean;
}

export interface SsoSettingsInput {
  enabled: boolean;
  issuerUrl: string;
  clientId: string;
  /** Left out: the one kept stays; null: none (a public client, PKCE only). */
  clientSecret?: string | null;
  displayName: string;
  groupsClaim: string;
  roleMappings: SsoRoleMapping[];
  allowedDomains: string[];
  createUsers: boolean;
  passwordLogin: boolean;
  /** Left out: off. */
  trustProviderMfa?: boolean;
}

/** The provider as sign-in uses it, with the secret opened. */
export interface SsoProvider {
  issuerUrl: string;
  clientId: string;
  clientSecret: string | null;
  displayName: string;
  groupsClaim: string;
  roleMappings: SsoRoleMapping[];
  allowedDomains: string[];
  createUsers: boolean;
  trustProviderMfa: boolean;
  /** Changes when the client does: the key of the cached discovery. */
  version: string;
}

const NOT_CONFIGURED: SsoSettingsView = {
  configured: false,
  enabled: false,
  issuerUrl: '',
  clientId: '',
  clientSecretSet: false,
  displayName: '',
  groupsClaim: 'groups',
  roleMappings: [],
  allowedDomains: [],
  createUsers: false,
  passwordLogin: true,
  trustProviderMfa: false,
};

async function settingsRow(db: AppContext['db'] | Tx) {
  return db.selectFrom('sso_settings').selectAll().where('id', '=', 'default').executeTakeFirst();
}

export async function getSsoSettings(ctx: AppContext): Promise<SsoSettingsView> {
  const row = await settingsRow(ctx.db);
  if (!row) return NOT_CONFIGURED;
  return {
    configured: true,
    enabled: row.enabled,
    issuerUrl: row.issuer_url,
    clientId: row.client_id,
    clientSecretSet: row.client_secret_sealed !== null,
    displayName: row.display_name,
    groupsClaim: row.groups_claim,
    roleMappings: row.role_mappings.map((m) => ({ group: m.group, role: m.role as StaffRole, storeId: m.storeId })),
    allowedDomains: row.allowed_domains,
    createUsers: row.create_users,
    passwordLogin: row.password_login,
    trustProviderMfa: row.trust_provider_mfa,
  };
}

/** What the sign-in page needs: whether to offer the provider, and its name. */
export async function getSsoSignInOption(ctx: AppContext): Promise<{ enabled: boolean; displayName: string | null }> {
  const row = await settingsRow(ctx.db);
  return row?.enabled ? { enabled: true, displayName: row.display_name } : { enabled: false, displayName: null };
}

/** The enabled provider with its secret, or 404 SSO_NOT_ENABLED. */
export async function enabledSsoProvider(ctx: AppContext): Promise<SsoProvider> {
  const row = await settingsRow(ctx.db);
  if (!row?.enabled) throw new RetourError('not_found', 'SSO_NOT_ENABLED', 'Single sign-on is not set up for this shop');
  return {
    issuerUrl: row.issuer_url,
    clientId: row.client_id,
    clientSecret: row.client_secret_sealed ? ctx.credentialBox.open<string>(row.client_secret_sealed) : null,
    displayName: row.display_name,
    groupsClaim: row.groups_claim,
    roleMappings: row.role_mappings.map((m) => ({ group: m.group, role: m.role as StaffRole, storeId: m.storeId })),
    allowedDomains: row.allowed_domains,
    createUsers: row.create_users,
    trustProviderMfa: row.trust_provider_mfa,
    version: `${row.issuer_url}\n${row.client_id}\n${row.client_secret_sealed ?? ''}`,
  };
}

/** Whether password sign-in is closed to a role: single sign-on is on and the shop turned password
 * sign-in off; admins keep it, so a provider that is down never locks the shop out. */
export async function passwordLoginClosed(ctx: AppContext, role: StaffRole): Promise<boolean> {
  if (role === 'admin') return false;
  const row = await settingsRow(ctx.db);
  return row?.enabled === true && !row.password_login;
}

/** An issuer must be https; plain http only on this machine (a Keycloak or test provider on loopback). */
export function checkIssuerUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw issuerProblem('not a URL');
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) throw issuerProblem('must start with https://');
  return url.href.replace(/\/$/, '');
}

const issuerProblem = (message: string) =>
  new RetourError('invalid', 'SSO_ISSUER_INVALID', `The issuer URL is not usable: ${message}`, [{ path: 'issuerUrl', message }]);

/** With no e-mail domains listed, anyone with an account at the provider passes the domain check
 * (at Google: anyone with a Google account), so neither everyone's mapping (`*`) nor creating
 * users at first sign-in may stand on it. */
function checkDomainsGuard(input: SsoSettingsInput, domains: string[]): void {
  if (domains.length > 0) return;
  const issue = (path: string, message: string) =>
    new RetourError('invalid', 'SSO_DOMAINS_REQUIRED', `List the e-mail domains that may sign in first: ${message}`, [
      { path, message: 'list the allowed e-mail domains first' },
    ]);
  const everyone = input.roleMappings.findIndex((m) => m.group.trim() === '*');
  if (everyone >= 0) throw issue(`roleMappings.${everyone}.group`, 'a mapping for * would give every account a role');
  if (input.createUsers) throw issue('createUsers', 'creating users would let every account in');
}

/** The sealed secret to keep: the one sent, none, or the kept one, but only for the same issuer
 * and client, since the next sign-in would post it to whatever issuer is saved. */
function secretToKeep(
  ctx: AppContext,
  input: SsoSettingsInput,
  before: { issuer_url: string; client_id: string; client_secret_sealed: string | null } | undefined,
  client: { issuerUrl: string; clientId: string },
): string | null {
  if (input.clientSecret === null) return null;
  if (input.clientSecret !== undefined) return ctx.credentialBox.seal(input.clientSecret);
  const kept = before?.client_secret_sealed ?? null;
  if (kept && (before?.issuer_url !== client.issuerUrl || before.client_id !== client.clientId)) {
    throw new RetourError(
      'invalid',
      'SSO_SECRET_REQUIRED',
      'The issuer or client changed: enter its client secret again (the kept one belongs to the old one), or none for a public client',
      [{ path: 'clientSecret', message: 'enter the client secret for this issuer and client' }],
    );
  }
  return kept;
}

/** Saves the provider's settings; the secret is sealed, and kept when none is sent. */
export async function updateSsoSettings(ctx: AppContext, meta: CommandMeta, input: SsoSettingsInput): Promise<SsoSettingsView> {
  const issuerUrl = checkIssuerUrl(input.issuerUrl);
  await assertOutboundUrl(issuerUrl, 'issuerUrl');
  const domains = [...new Set(input.allowedDomains.map(normalDomain).filter(Boolean))];
  checkDomainsGuard(input, domains);
  const clientId = input.clientId.trim();
  await inUnit(ctx, meta, async ({ tx, now, record }) => {
    // Whoever sets the provider decides who signs in as admin: a key that may not make staff
    // users may not do it this way either.
    await checkKeyMayGrant(tx, meta.actor, { kind: 'staff' });
    const mappings: SsoRoleMapping[] = [];
    for (const [i, m] of input.roleMappings.entries()) {
      try {
        mappings.push({ group: m.group.trim(), role: m.role, storeId: await checkStoreAssignment(tx, m.role, m.storeId) });
      } catch (err) {
        if (!(err instanceof RetourError)) throw err;
        throw new RetourError(err.kind, err.code, err.message, [{ path: `roleMappings.${i}.storeId`, message: err.message }]);
      }
    }
    const before = await settingsRow(tx);
    const sealed = secretToKeep(ctx, input, before, { issuerUrl, clientId });
    const values = {
      enabled: input.enabled,
      issuer_url: issuerUrl,
      client_id: clientId,
      client_secret_sealed: sealed,
      display_name: input.displayName.trim(),
      groups_claim: input.groupsClaim.trim(),
      role_mappings: JSON.stringify(mappings),
      allowed_domains: JSON.stringify(domains),
      create_users: input.createUsers,
      password_login: input.passwordLogin,
      trust_provider_mfa: input.trustProviderMfa ?? false,
      updated_at: now,
    };
    await tx
      .insertInto('sso_settings')
      .values({ id: 'default', ...values })
      .onConflict((oc) => oc.column('id').doUpdateSet(values))
      .execute();
    // The secret is not in the event: only that it changed.
    const data = {
      enabled: input.enabled,
      issuerUrl,
      clientId: values.client_id,
      secretChanged: input.clientSecret !== undefined,
    };
    record({ type: 'settings.single_sign_on_saved', subjectType: 'shop_settings', subjectId: 'default', data });
  });
  return getSsoSettings(ctx);
}
