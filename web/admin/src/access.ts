import { PERMISSIONS, type Permission, type StaffRole } from '../../../src/domain/access.js';

export type { Permission, StaffRole };

/** What the signed-in role may do, from the same table the server checks every call against:
 * the screens hide what a role may not do, the server refuses it anyway. */
export function can(role: StaffRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly string[]).includes(role);
}
