import { PERMISSIONS, type Permission as ServerPermission, type StaffRole } from '../../../src/domain/access.js';

export type { StaffRole };

/** The risk section's permissions as the server grants them (src/domain/access.ts); kept here too so
 * the screens know them while a server without them answers 403 anyway. The server's table wins. */
const RISK_PERMISSIONS = {
  'risk.read': ['admin', 'agent', 'analyst'],
  'risk.review': ['admin', 'agent'],
  'risk.lists': ['admin', 'agent'],
  'risk.manage': ['admin'],
  'risk.export': ['admin'],
} as const satisfies Record<string, readonly StaffRole[]>;

export type Permission = ServerPermission | keyof typeof RISK_PERMISSIONS;

/** What the signed-in role may do, from the same table the server checks every call against:
 * the screens hide what a role may not do, the server refuses it anyway. */
export function can(role: StaffRole, permission: Permission): boolean {
  const table = { ...RISK_PERMISSIONS, ...PERMISSIONS } as Record<string, readonly string[]>;
  return (table[permission] ?? []).includes(role);
}
