import { z } from 'zod';
import { STAFF_ROLES } from '../../../../domain/access.js';
import type { Wire } from '../../common.js';

/** One group of the identity provider and the role its members get; `*` stands for everyone. */
export const ssoRoleMapping = z.strictObject({
  group: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe('The group as the provider sends it (a name, or an id for Entra ID); * for everyone'),
  role: z.enum(STAFF_ROLES),
  storeId: z.string().min(1).max(64).nullable().default(null).describe('For the store role: the store its members work at'),
});

const settingsFields = {
  enabled: z.boolean().describe('Offer the provider on the sign-in page'),
  issuerUrl: z.string().trim().min(1).max(500).describe('The issuer (https; http only on this machine)'),
  clientId: z.string().trim().min(1).max(300),
  displayName: z.string().trim().min(1).max(80).describe('Shown as "Sign in with …"'),
  groupsClaim: z.string().trim().min(1).max(100).describe('The ID token claim holding the groups'),
  roleMappings: z.array(ssoRoleMapping).max(100).describe('In order: the first group the user is in gives the role'),
  allowedDomains: z.array(z.string().trim().min(1).max(253)).max(50).describe('E-mail domains that may sign in; empty: any'),
  createUsers: z.boolean().describe('Create staff users at their first sign-in; otherwise an admin adds them first'),
  passwordLogin: z.boolean().describe('Staff other than admins may still sign in with a password'),
  trustProviderMfa: z
    .boolean()
    .optional()
    .describe(
      "Count the provider's own second factor (its ID token's amr: mfa, otp, hwk, swk, sc) as Retour's two-factor sign-in; off when left out",
    ),
};

export const ssoSettingsBody = z.strictObject({
  ...settingsFields,
  clientSecret: z
    .string()
    .min(1)
    .max(2000)
    .nullable()
    .optional()
    .describe('Write-only. Left out: the kept one stays; null: none (a public client)'),
});

/** The settings as read: never the secret, only whether one is kept. */
export const ssoSettings = z.object({
  ...settingsFields,
  roleMappings: z.array(z.object({ group: z.string(), role: z.enum(STAFF_ROLES), storeId: z.string().nullable() })),
  allowedDomains: z.array(z.string()),
  configured: z.boolean().describe('Whether settings were ever saved'),
  clientSecretSet: z.boolean(),
  trustProviderMfa: z.boolean(),
  issuerUrl: z.string(),
  clientId: z.string(),
  displayName: z.string(),
  groupsClaim: z.string(),
});

export const ssoTestBody = z.strictObject({
  issuerUrl: z.string().trim().min(1).max(500),
  clientId: z.string().trim().min(1).max(300),
});

export const ssoTestAnswer = z.object({
  ok: z.literal(true),
  issuer: z.string(),
  authorizationEndpoint: z.string().nullable(),
  pkce: z.boolean().describe('Whether the provider supports PKCE with S256'),
});

/** A sign-in started by a caller that follows the redirect itself. */
export const ssoStartAnswer = z.object({ authorizationUrl: z.string().describe('Send the browser here') });

/** What the sign-in page needs. */
export const ssoSignInOption = z.object({ enabled: z.boolean(), displayName: z.string().nullable() });

/** The provider's answer as it comes back to the callback (all optional: a provider's error has no code). */
export const ssoCallbackQuery = z.looseObject({
  code: z.string().max(4000).optional(),
  state: z.string().max(1000).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(2000).optional(),
});

export type SsoSettings = Wire<typeof ssoSettings>;
export type SsoSettingsBody = Wire<typeof ssoSettingsBody>;
export type SsoTestAnswer = Wire<typeof ssoTestAnswer>;
export type SsoSignInOption = Wire<typeof ssoSignInOption>;
