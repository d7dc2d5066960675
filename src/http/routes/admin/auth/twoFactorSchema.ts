import { z } from 'zod';
import { STAFF_ROLES } from '../../../../domain/access.js';
import { instant, type Wire } from '../../common.js';

/** A TOTP code (6 digits) or a recovery code (xxxxx-xxxxx). */
export const twoFactorCodeBody = z.strictObject({
  code: z.string().trim().min(6).max(32).describe('The 6-digit code of the authenticator app, or a recovery code'),
});

export const twoFactorStatus = z.object({
  enabled: z.boolean(),
  enabledAt: instant.nullable(),
  required: z.boolean().describe('The role must use two-factor sign-in: it cannot be turned off'),
  recoveryCodesLeft: z.number().int(),
});

export const twoFactorEnrolment = z.object({
  secret: z.string().describe('Base32, for typing into an authenticator app'),
  otpauthUri: z.string(),
  qrSvg: z.string().describe('The otpauth URI as a QR code (SVG)'),
});

export const recoveryCodesAnswer = z.object({
  recoveryCodes: z.array(z.string()).describe('Shown once: each signs in once instead of a code'),
});

export const twoFactorOff = z.object({ enabled: z.literal(false) });
export const twoFactorReset = z.object({ reset: z.literal(true) });

export const twoFactorPolicy = z.object({ roles: z.array(z.enum(STAFF_ROLES)) });
export const twoFactorPolicyBody = z.strictObject({ roles: z.array(z.enum(STAFF_ROLES)).max(STAFF_ROLES.length) });

export type TwoFactorStatus = Wire<typeof twoFactorStatus>;
export type TwoFactorEnrolment = Wire<typeof twoFactorEnrolment>;
export type RecoveryCodesAnswer = Wire<typeof recoveryCodesAnswer>;
export type TwoFactorPolicy = Wire<typeof twoFactorPolicy>;
