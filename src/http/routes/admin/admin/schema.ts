import { z } from 'zod';
import { PERMISSIONS, STAFF_ROLES } from '../../../../domain/access.js';
import { instant, type Wire } from '../../common.js';

const staffName = z.string().trim().min(1).max(200);
const role = z.enum(STAFF_ROLES);
/** For the store role only (and required there): the store, a warehouse of kind `store`. */
const storeId = z.string().min(1).max(64).nullish().describe('For the store role: the store it works at');
const storeOf = z.string().nullable().describe('The store it works at (store role)');

export const createStaffBody = z.strictObject({
  email: z.email().max(254),
  name: staffName,
  password: z.string().min(12).max(1024),
  role,
  storeId,
});
export const updateStaffBody = z.strictObject({
  name: staffName.optional(),
  role: role.optional(),
  active: z.boolean().optional(),
  storeId,
});
/** A key's scopes: names of the role table's permissions. Checked against the key's role by the
 * command (422 API_KEY_SCOPE_INVALID), so an unknown name is refused with the field at fault. */
const scopeNames = z
  .array(z.string().min(1).max(100))
  .min(1)
  .max(Object.keys(PERMISSIONS).length)
  .describe(`Permissions the key may use, each one its role has (${Object.keys(PERMISSIONS).join(', ')})`);

export const createApiKeyBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  role,
  storeId,
  scopes: scopeNames.nullish().describe('Permissions the key may use, each one its role has; left out or null: all of its role'),
  expiresAt: z.iso
    .datetime({ offset: true })
    .nullish()
    .describe('When the key stops working (in the future); left out or null: never. Requests after it get 401 API_KEY_EXPIRED'),
});

/** A staff user as the back office lists them (never the password hash). */
export const staffUser = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role,
  active: z.boolean().describe('An inactive user cannot sign in'),
  storeId: storeOf,
  createdAt: instant,
  lastLoginAt: instant.nullable(),
});
export const staffUserList = z.array(
  staffUser.extend({ twoFactor: z.boolean().describe('Whether the user signs in with a second factor (TOTP)') }),
);

export const createdStaffUser = z.object({ id: z.string(), email: z.string(), name: z.string(), role, storeId: storeOf });

/** An API key in the list: its prefix names it, the key itself is never shown again. */
export const apiKey = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().describe('The start of the key, to recognise it in lists and logs'),
  role,
  storeId: storeOf,
  createdAt: instant,
  scopes: z.array(z.string()).nullable().describe('The permissions the key may use; null: all of its role'),
  expiresAt: instant.nullable().describe('When the key stops working; null: never'),
  lastUsedAt: instant.nullable().describe('The last request with the key, noted at most once a minute'),
  revokedAt: instant.nullable(),
});
export const apiKeyList = z.array(apiKey);

export const createdApiKey = z.object({
  id: z.string(),
  name: z.string(),
  role,
  storeId: storeOf,
  prefix: z.string(),
  scopes: z.array(z.string()).nullable(),
  expiresAt: instant.nullable(),
  key: z.string().describe('The whole key (rtr_…): shown only in this answer'),
  createdAt: instant,
});
export const revokedApiKey = z.object({ id: z.string(), revokedAt: instant });

export type StaffUserRow = Wire<typeof staffUser>;
export type StaffUserListRow = Wire<typeof staffUserList>[number];
export type CreatedStaffUser = Wire<typeof createdStaffUser>;
export type ApiKey = Wire<typeof apiKey>;
export type CreatedApiKey = Wire<typeof createdApiKey>;
export type RevokedApiKey = Wire<typeof revokedApiKey>;
