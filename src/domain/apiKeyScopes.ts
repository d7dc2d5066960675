import { can, PERMISSIONS, type Permission, type StaffRole } from './access.js';
import type { FieldIssue } from './errors.js';

/** The permissions an API key may use: a list of the role table's names, or null for all its role's. */
export type ApiKeyScopes = readonly Permission[] | null;

export function isPermission(name: string): name is Permission {
  return Object.hasOwn(PERMISSIONS, name);
}

/** What is wrong with the scopes asked for a key of this role: each must name a permission of the
 * role table, and one the role has (a scope cannot widen a key beyond its role). */
export function apiKeyScopeIssues(role: StaffRole, scopes: readonly string[]): FieldIssue[] {
  return scopes.flatMap((name, i): FieldIssue[] => {
    if (!isPermission(name)) return [{ path: `scopes.${i}`, message: `${name} is not a permission`, code: 'UNKNOWN_PERMISSION' }];
    if (!can(role, name)) return [{ path: `scopes.${i}`, message: `the role ${role} may not ${name}`, code: 'NOT_IN_ROLE' }];
    return [];
  });
}

/** Whether a key of this role and these scopes may use a permission: its role must have it, and its
 * scopes (when it has any) must name it. */
export function apiKeyMay(role: StaffRole, scopes: ApiKeyScopes, permission: Permission): boolean {
  return can(role, permission) && (scopes === null || scopes.includes(permission));
}

/** Whether a key that expires at `expiresAt` (null: never) has expired at `now`. */
export function apiKeyExpired(expiresAt: Date | null, now: Date): boolean {
  return expiresAt !== null && expiresAt.getTime() <= now.getTime();
}

/** A key as it grants: its role, scopes and expiry. */
export interface GrantingKey {
  role: StaffRole;
  scopes: ApiKeyScopes;
  expiresAt: Date | null;
}

/**
 * Whether a key may make a credential: a narrowed or expiring key may not make one that does more
 * or lasts longer than itself, or the narrowing would be undone by the first key it makes. A new
 * key (null scopes: all its role's) must use only what the caller may, and expire no later; a new
 * staff user (`kind: 'staff'`, a person who never expires) only from a key that is neither.
 */
export function mayGrant(
  caller: GrantingKey,
  wanted: { kind: 'staff' } | { kind: 'api_key'; role: StaffRole; scopes: ApiKeyScopes; expiresAt: Date | null },
): boolean {
  if (caller.scopes === null && caller.expiresAt === null) return true;
  if (wanted.kind === 'staff') return false;
  const wantedPermissions = (Object.keys(PERMISSIONS) as Permission[]).filter((p) => apiKeyMay(wanted.role, wanted.scopes, p));
  const within = wantedPermissions.every((p) => apiKeyMay(caller.role, caller.scopes, p));
  const notLonger = caller.expiresAt === null || (wanted.expiresAt !== null && wanted.expiresAt <= caller.expiresAt);
  return within && notLonger;
}
