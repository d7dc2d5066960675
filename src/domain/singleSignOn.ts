import type { StaffRole } from './access.js';

/** Staff single sign-on: which role an identity provider's groups give, whose e-mail may sign in,
 * and when the provider's sign-in counts as a second factor. Pure rules, no I/O. */

/** One group of the identity provider and the role its members get (the store role with its store). */
export interface SsoRoleMapping {
  group: string;
  role: StaffRole;
  storeId: string | null;
}

/**
 * The role a user's groups give: the first mapping (in the shop's order) whose group the user is
 * in, so an admin group listed before an agent group wins for someone in both. Null: no group of
 * theirs is mapped, and they may not sign in.
 */
export function roleFromGroups(mappings: readonly SsoRoleMapping[], groups: readonly string[]): SsoRoleMapping | null {
  const held = new Set(groups);
  return mappings.find((m) => held.has(m.group)) ?? null;
}

/** The groups in a claim's value: providers send an array of names or ids, some a single string. */
export function groupsOf(claim: unknown): string[] {
  if (typeof claim === 'string') return [claim];
  if (Array.isArray(claim)) return claim.filter((g): g is string => typeof g === 'string');
  return [];
}

/** The domain of an e-mail address, lower case; null if it has none. */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf('@');
  return at > 0 && at < email.length - 1 ? email.slice(at + 1).toLowerCase() : null;
}

/** Whether an e-mail may sign in through the provider: any, when the shop lists no domains. */
export function emailDomainAllowed(email: string, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  const domain = emailDomain(email);
  return domain !== null && allowed.some((d) => d.toLowerCase() === domain);
}

/** Google's issuer: any Google account signs in there, consumer ones too, and a consumer account
 * may carry a company's address (verified). Only the `hd` claim says it is the company's Workspace. */
export const GOOGLE_ISSUER = 'https://accounts.google.com';

/**
 * Whether a provider account's domain may sign in. The hosted domain (`hd`, Google Workspace) is
 * checked when the provider sends one, since it is the provider's word on whose account it is, not
 * an address anyone can verify; Google's issuer without it is a consumer account, and refused. With
 * no domains listed any account passes, except at Google.
 */
export function accountDomainAllowed(issuer: string, email: string, hd: unknown, allowed: readonly string[]): boolean {
  const hosted = typeof hd === 'string' && hd.trim() ? normalDomain(hd) : null;
  if (issuer === GOOGLE_ISSUER && (hosted === null || allowed.length === 0)) return false;
  if (hosted === null) return emailDomainAllowed(email, allowed);
  return allowed.length === 0 || allowed.some((d) => normalDomain(d) === hosted);
}

/** Whether the provider says it verified the e-mail: `email_verified`, or Entra ID's `xms_edov`
 * (Entra sends no `email_verified`, and its `email` is an attribute a tenant admin may set). */
export function emailVerifiedByProvider(claims: Record<string, unknown>): boolean {
  return claims.email_verified === true || claims.xms_edov === true;
}

/** Authentication methods (RFC 8176) that mean the provider checked a second factor itself. */
const STRONG_METHODS = ['mfa', 'otp', 'hwk', 'swk', 'sc'];

/**
 * Whether the provider's sign-in stands in for Retour's own second factor: only when the ID
 * token's `amr` says so. A provider that says nothing (Google Workspace, Entra ID without it)
 * leaves the TOTP step to Retour, so a role that must use two-factor sign-in never gets in on a
 * password alone at the provider.
 */
export function strongSignInAtProvider(amr: unknown): boolean {
  return Array.isArray(amr) && amr.some((m) => typeof m === 'string' && STRONG_METHODS.includes(m));
}

/** An e-mail domain as the settings keep it: lower case, without a leading @. */
export function normalDomain(domain: string): string {
  return domain.trim().replace(/^@/, '').toLowerCase();
}
