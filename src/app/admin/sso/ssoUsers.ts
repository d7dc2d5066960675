import { hash } from '@node-rs/argon2';
import type { StaffRole } from '../../../domain/access.js';
import { RetourError } from '../../../domain/errors.js';
import { emailDomainAllowed, groupsOf, roleFromGroups, type SsoRoleMapping } from '../../../domain/singleSignOn.js';
import type { AppContext } from '../../kernel/context.js';
import { newId } from '../../kernel/ids.js';
import { randomToken } from '../../kernel/tokens.js';
import { inUnit, type Tx } from '../../kernel/transaction.js';
import { ARGON2_OPTIONS } from '../createStaffUser.js';
import type { SsoProvider } from './ssoSettings.js';

const refused = (code: string, message: string) => new RetourError('forbidden', code, message);

/** The e-mail the provider vouches for: `email_verified` false is never trusted; a provider that
 * does not say (Entra ID) is trusted only for a domain the shop listed as its own. */
function vouchedEmail(provider: SsoProvider, claims: Record<string, unknown>): string {
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
  if (!email) throw refused('SSO_EMAIL_MISSING', 'The identity provider sent no e-mail address for this account');
  if (!emailDomainAllowed(email, provider.allowedDomains)) {
    throw refused('SSO_DOMAIN_NOT_ALLOWED', `Accounts of ${email.split('@')[1] ?? email} may not sign in here`);
  }
  const verified = claims.email_verified === true || (claims.email_verified === undefined && provider.allowedDomains.length > 0);
  if (!verified) throw refused('SSO_EMAIL_UNVERIFIED', 'The identity provider has not verified this e-mail address');
  return email;
}

/** The mapping a user's groups give; a mapping for `*` stands for everyone the domains let in
 * (Google Workspace sends no groups). */
function mappedRole(provider: SsoProvider, claims: Record<string, unknown>): SsoRoleMapping {
  const groups = [...groupsOf(claims[provider.groupsClaim]), '*'];
  const mapping = roleFromGroups(provider.roleMappings, groups);
  if (!mapping) {
    throw refused('SSO_NO_ROLE', 'You are in no group that has a role in Retour: ask an admin to add you to one');
  }
  return mapping;
}

/** A password nobody knows: a user made at sign-in signs in through the provider only. */
async function unusablePassword(): Promise<string> {
  return hash(randomToken(), ARGON2_OPTIONS);
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
  const email = vouchedEmail(provider, claims);
  const mapping = mappedRole(provider, claims);
  const passwordHash = provider.createUsers ? await unusablePassword() : null;
  return inUnit(ctx, { actor: { type: 'system', id: null } }, async ({ tx, now, record }) => {
    const found = await findUser(tx, issuer, subject, email);
    let user = found.user;
    if (!user) {
      if (!passwordHash) {
        throw refused('SSO_USER_UNKNOWN', `There is no staff account for ${email}: ask an admin to add you`);
      }
      const id = newId('usr');
      const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim() : email;
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
