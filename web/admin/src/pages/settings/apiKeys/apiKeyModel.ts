import { PERMISSIONS, type Permission, type StaffRole } from '../../../../../../src/domain/access.js';

/** An API key as the API lists it (never its secret), and as it answers its creation (with it). */
export type { ApiKey, CreatedApiKey } from '../../../../../../src/http/routes/admin/admin/schema.js';

/** When a new key expires, as the form offers it: never, in so many days, or on a chosen date. */
export type ExpiryChoice = 'never' | '30' | '90' | '365' | 'date';

/** The moment a key chosen to expire stops working (an ISO instant), or null for never. A chosen
 * date lasts to its end in the admin's own time zone. */
export function expiryInstant(choice: ExpiryChoice, date: string, now: Date): string | null {
  if (choice === 'never') return null;
  if (choice === 'date') return new Date(`${date}T23:59:59`).toISOString();
  return new Date(now.getTime() + Number(choice) * 86_400_000).toISOString();
}

/** The permissions a role has, in the role table's order: the scopes a key of it may get. */
export function permissionsOf(role: StaffRole): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => (PERMISSIONS[p] as readonly StaffRole[]).includes(role));
}
