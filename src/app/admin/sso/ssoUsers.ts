import { hash } from '@node-rs/argon2';
import type { StaffRole } from '../../../domain/access.js';
import { RetourError } from '../../../domain/errors.js';
import {
  accountDomainAllowed,
  emailVerifiedByProvider,
  groupsOf,
  roleFromGroups,
  type SsoRoleMapping,
} from '../../../domain/singleSignOn.js';
import type { AppContext } from '../../kernel/context.js';
import { newId } from '../../kernel/ids.js';
import { randomToken } from '../../kernel/tokens.js';
import { inUnit, type Tx } from '../../kernel/transaction.js';
import { ARGON2_OPTIONS } from '../createStaffUser.js';
import type { SsoProvider } from './ssoSettings.js';

const refused = (code: string, message: string) => new RetourError('forbidden', code, message);

/** The e-mail the provider gives, and whether it vouches for it. `email_verified` false is never
 * trusted; a provider that does not say (Entra ID) is trusted to create a user only for a domain
 * the shop listed as its own, and never to take over an existing account (see linkable). */
function providedEmail(provider: SsoProvider, issuer: string, claims: Record<string, unknown>) {
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
  if (!email) throw refused('SSO_EMAIL_MISSING', 'The identity provider sent no e-mail address for this account');
  if (!accountDomainAllowed(issuer, email, claims.hd, provider.allowedDomains)) {
    const domain = typeof claims.hd === 'string' ? claims.hd : (email.split('@')[1] ?? email);
    throw refused('SSO_DOMAIN_NOT_ALLOWED', `Accounts of ${domain || 'this provider'} may not sign in here`);
  }
  const verified = emailVerifiedByProvider(claims);
  if (!verified && (claims.email_verified !== undefined || provider.allowedDomains.length === 0)) {
    throw refused('SSO_EMAIL_UNVERIFIED', 'The identity provider has not verified this e-mail address');
  }
  return { email, verified };
}

/** The mapping a user's groups give; a mapping for `*` stands for everyone the domains let in
 * (Google Workspace sends no groups), so it counts only when the shop lists its domains. */
function mappedRole(provider: SsoProvider, claims: Record<string, unknown>): SsoRoleMapping {
  const everyone = provider.allowedDomains.length > 0 ? ['*'] : [];
  const mapping = roleFromGroups(provider.roleMappings, [...groupsOf(claims[provider.groupsClaim]), ...everyone]);
  if (!mapping) {
    throw refused('SSO_NO_ROLE', 'You are in no group that has a role in Retour: ask an admin to add you to one');
  }
  return mapping;
}

/** A password nobody knows: a user made at sign-in signs in through the provider only. */
async function unusablePassword(): Promise<string> {
  return hash(randomToken(), ARGON2_OPTIONS);
}

/** Refuses a sign-in whose groups would take the shop's last active admin out of the admin role,
 * as changing the role by hand does (LAST_ADMIN): a group removed at the provider, or a mapping
 * saved by mistake, must not leave nobody to fix it. Every active admin is locked in one order, so
 * two admins demoted at once count each other correctly. */
async function keepLastAdmin(tx: Tx, user: { id: string; email: string; role: string; active: boolean }, role: StaffRole) {
  if (user.role !== 'admin' || !user.active || role === 'admin') return;
  const admins = await tx
    .selectFrom('staff_users')
    .select('id')
    .where('role', '=', 'admin')
    .where('active', '=', true)
    .orderBy('id')
    .forNoKeyUpdate()
    .execute();
  if (!admins.some((a) => a.id !== user.id)) {
    throw refused(
      'SSO_LAST_ADMIN',
      `${user.email} is the last active admin: your groups give another role, so make someone else an admin first`,
    );
  }
}

async function findUser(tx: Tx, issuer: string, subject: string, email: string) {
  const linked = await tx
    .selectFrom('staff_identities')
    .innerJoin('staff_users', 'staff_users.id', 'staff_identities.user_id')
    .selectAll('staff_users')
    .where('issuer', '=', issuer)
    .where('subject', '=', subject)
    .executeTakeFirst();
  if (linked) return { user: linked, linked: true };
  const byEmail = await tx.selectFrom('staff_users').selectAll().where('email', '=', email).executeTakeFirst();
  return { user: byEmail, linked: false };
}

/**
 * Finds the staff user of a provider account by (issuer, subject), else by the e-mail the
 * provider vouches for (and links the two), else creates one when the shop lets it. The role and
 * store follow the groups at every sign-in: a group taken away at the provider demotes here too.
 */
export async function signInSsoUser(
  ctx: AppContext,
  provider: SsoProvider,
  issuer: string,
  claims: Record<string, unknown>,
): Promise<{ id: string; role: StaffRole }> {
  const subject = typeof claims.sub === 'string' ? claims.sub : '';
  const { email, verified } = providedEmail(provider, issuer, claims);
  const mapping = mappedRole(provider, claims);
  return inUnit(ctx, { actor: { type: 'system', id: null } }, async ({ tx, now, record }) => {
    const found = await findUser(tx, issuer, subject, email);
    let user = found.user;
    // An address the provider never verified names an account, it does not prove it is theirs
    // ("nOAuth"): linking it would hand the account to whoever set that address at the provider.
    if (user && !found.linked && !verified) {
      throw refused(
        'SSO_LINK_NEEDS_VERIFIED_EMAIL',
        'The identity provider has not verified this e-mail address, so it cannot be linked to the staff account that has it',
      );
    }
    if (!user) {
      if (!provider.createUsers || provider.allowedDomains.length === 0) {
        throw refused('SSO_USER_UNKNOWN', `There is no staff account for ${email}: ask an admin to add you`);
      }
      const id = newId('usr');
      const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim() : email;
      // Hashed only here: argon2 is slow on purpose, and every other sign-in needs no password.
      const passwordHash = await unusablePassword();
      user = await tx
        .insertInto('staff_users')
        .values({ id, email, name, password_hash: passwordHash, role: mapping.role, store_id: mapping.storeId })
        .returningAll()
        .executeTakeFirstOrThrow();
      const data = { email, role: mapping.role, storeId: mapping.storeId, via: 'sso' };
      record({ type: 'staff.created', subjectType: 'staff_user', subjectId: id, data });
    }
    if (!user.active) throw refused('SSO_USER_DEACTIVATED', 'This staff account is deactivated');
    if (user.role !== mapping.role || user.store_id !== mapping.storeId) {
      await keepLastAdmin(tx, user, mapping.role);
      await tx
        .updateTable('staff_users')
        .set({ role: mapping.role, store_id: mapping.storeId })
        .where('id', '=', user.id)
        .execute();
      const data = { role: mapping.role, storeId: mapping.storeId, previousRole: user.role, via: 'sso' };
      record({ type: 'staff.updated', subjectType: 'staff_user', subjectId: user.id, data });
    }
    if (found.linked) {
      await tx
        .updateTable('staff_identities')
        .set({ last_used_at: now })
        .where('issuer', '=', issuer)
        .where('subject', '=', subject)
        .execute();
    } else {
      await tx
        .insertInto('staff_identities')
        .values({ issuer, subject, user_id: user.id, created_at: now, last_used_at: now })
        .onConflict((oc) => oc.columns(['issuer', 'subject']).doNothing())
        .execute();
    }
    return { id: user.id, role: mapping.role };
  });
}
