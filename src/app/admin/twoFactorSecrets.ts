import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { STAFF_ROLES, type StaffRole } from '../../domain/access.js';
import { base32Decode, matchTotp } from '../../domain/totp.js';
import type { CredentialBox } from '../kernel/credentialBox.js';
import { newId } from '../kernel/ids.js';
import { sha256 } from '../kernel/tokens.js';

declare module '../kernel/context.js' {
  interface AppPorts {
    /** Seals stored secrets (TOTP secrets here; provider credentials use the same key). */
    credentialBox: CredentialBox;
  }
}

/** How many recovery codes a user gets at once. */
export const RECOVERY_CODE_COUNT = 10;

type Reader = Kysely<Database> | Transaction<Database>;

/** A recovery code as shown: ten characters from an alphabet without look-alikes, in two halves
 * (about 50 bits: too many to guess within the rate limit, short enough to type). */
function newRecoveryCode(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** The form a recovery code is hashed in: case, spaces and dashes as typed do not matter. The user
 * id salts it, so a copy of the table cannot be attacked for every user's codes at once. */
export function recoveryCodeHash(userId: string, code: string): string {
  return sha256(`recovery:${userId}:${normalRecoveryCode(code)}`);
}

/** The unsalted form codes made before the salt were stored in; they stay usable until replaced. */
function legacyRecoveryCodeHash(code: string): string {
  return sha256(`recovery:${normalRecoveryCode(code)}`);
}

function normalRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '');
}

/** Replaces a user's recovery codes with new ones and returns them (shown once, stored hashed). */
export async function replaceRecoveryCodes(tx: Transaction<Database>, userId: string, now: Date): Promise<string[]> {
  await tx.deleteFrom('staff_recovery_codes').where('user_id', '=', userId).execute();
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await tx
    .insertInto('staff_recovery_codes')
    .values(
      codes.map((code) => ({ id: newId('rcv'), user_id: userId, code_hash: recoveryCodeHash(userId, code), created_at: now })),
    )
    .execute();
  return codes;
}

/** Whether the user has two-factor sign-in on. */
export async function twoFactorEnabled(db: Reader, userId: string): Promise<boolean> {
  const row = await db.selectFrom('staff_two_factor').select('enabled_at').where('user_id', '=', userId).executeTakeFirst();
  return Boolean(row?.enabled_at);
}

/** The roles the shop requires two-factor sign-in of. */
export async function twoFactorRoles(db: Reader): Promise<StaffRole[]> {
  const row = await db.selectFrom('shop_settings').select('two_factor_roles').where('id', '=', 'default').executeTakeFirst();
  const roles = (row?.two_factor_roles ?? []) as string[];
  return STAFF_ROLES.filter((role) => roles.includes(role));
}

/**
 * Checks a second factor for a user with two-factor on: a TOTP code (not one already used: the
 * step it was accepted for is kept, row locked so two requests cannot both take it) or an unused
 * recovery code (then used up). Returns what matched, or null.
 */
export async function spendSecondFactor(
  tx: Transaction<Database>,
  box: CredentialBox,
  userId: string,
  code: string,
  now: Date,
): Promise<'totp' | 'recovery' | null> {
  const row = await tx.selectFrom('staff_two_factor').selectAll().where('user_id', '=', userId).forUpdate().executeTakeFirst();
  if (!row?.enabled_at) return null;
  const trimmed = code.trim();
  if (/^\d[\d\s]*$/.test(trimmed)) {
    const secret = base32Decode(box.open<string>(row.secret_sealed));
    const step = matchTotp(secret, trimmed, now, row.last_used_step);
    if (step === null) return null;
    await tx.updateTable('staff_two_factor').set({ last_used_step: step }).where('user_id', '=', userId).execute();
    return 'totp';
  }
  const used = await tx
    .updateTable('staff_recovery_codes')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('code_hash', 'in', [recoveryCodeHash(userId, trimmed), legacyRecoveryCodeHash(trimmed)])
    .where('used_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return used ? 'recovery' : null;
}
