import type { Selectable } from 'kysely';
import type { RetourDb } from '../../db/connection.js';
import type { StaffUsersTable, WarehousesTable } from '../../db/schema.js';
import type { StaffRole } from '../../domain/access.js';
import type { ChannelKind } from '../../domain/salesChannel.js';

/** One reason as the back office and the portal see it. */
export function presentReason(r: {
  id: string;
  code: string;
  parent_code: string | null;
  labels: Record<string, string>;
  controllable: boolean;
  requires_photo: boolean;
  defect: boolean;
  active: boolean;
  position: number;
}) {
  return {
    id: r.id,
    code: r.code,
    parentCode: r.parent_code,
    labels: r.labels,
    controllable: r.controllable,
    requiresPhoto: r.requires_photo,
    defect: r.defect,
    active: r.active,
    position: r.position,
  };
}

/** The reason catalogue as a flat list in display order (parents carry their children's code).
 * The back office lists inactive reasons too, so they can be switched back on. */
export async function listReasons(db: RetourDb, options: { activeOnly?: boolean; id?: string } = {}) {
  let q = db
    .selectFrom('reasons')
    .leftJoin('reasons as parent', 'parent.id', 'reasons.parent_id')
    .select([
      'reasons.id',
      'reasons.code',
      'parent.code as parent_code',
      'reasons.labels',
      'reasons.controllable',
      'reasons.requires_photo',
      'reasons.defect',
      'reasons.active',
      'reasons.position',
    ]);
  if (options.activeOnly) q = q.where('reasons.active', '=', true);
  if (options.id) q = q.where('reasons.id', '=', options.id);
  const rows = await q.orderBy('reasons.position').orderBy('reasons.code').execute();
  return rows.map(presentReason);
}

export function presentWarehouse(w: Selectable<WarehousesTable>) {
  return {
    id: w.id,
    code: w.code,
    name: w.name,
    kind: w.kind,
    address: w.address,
    openingHours: w.opening_hours,
    isDefault: w.is_default,
  };
}

export async function listWarehouses(db: RetourDb) {
  const rows = await db.selectFrom('warehouses').selectAll().orderBy('code').execute();
  return rows.map(presentWarehouse);
}

export async function listChannels(db: RetourDb) {
  const rows = await db.selectFrom('channels').selectAll().orderBy('code').execute();
  // Written only through createChannel, which takes a ChannelKind.
  return rows.map((c) => ({ id: c.id, code: c.code, name: c.name, kind: c.kind as ChannelKind }));
}

/** A staff user without the password hash. */
export function presentStaffUser(
  u: Pick<Selectable<StaffUsersTable>, 'id' | 'email' | 'name' | 'role' | 'active' | 'created_at' | 'last_login_at' | 'store_id'>,
) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    // Written only through the staff commands, which take a StaffRole.
    role: u.role as StaffRole,
    active: u.active,
    storeId: u.store_id,
    createdAt: u.created_at.toISOString(),
    lastLoginAt: u.last_login_at?.toISOString() ?? null,
  };
}

export async function listStaffUsers(db: RetourDb) {
  const rows = await db
    .selectFrom('staff_users')
    .leftJoin('staff_two_factor', 'staff_two_factor.user_id', 'staff_users.id')
    .select([
      'staff_users.id',
      'staff_users.email',
      'staff_users.name',
      'staff_users.role',
      'staff_users.active',
      'staff_users.created_at',
      'staff_users.last_login_at',
      'staff_users.store_id',
      'staff_two_factor.enabled_at as two_factor_at',
    ])
    .orderBy('staff_users.email')
    .execute();
  return rows.map((row) => ({ ...presentStaffUser(row), twoFactor: row.two_factor_at !== null }));
}

export async function listApiKeys(db: RetourDb) {
  const rows = await db
    .selectFrom('api_keys')
    .select(['id', 'name', 'prefix', 'role', 'created_at', 'last_used_at', 'revoked_at', 'store_id', 'scopes', 'expires_at'])
    .orderBy('id', 'desc')
    .execute();
  return rows.map((k) => ({
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    role: k.role as StaffRole,
    storeId: k.store_id,
    createdAt: k.created_at.toISOString(),
    scopes: k.scopes,
    expiresAt: k.expires_at?.toISOString() ?? null,
    lastUsedAt: k.last_used_at?.toISOString() ?? null,
    revokedAt: k.revoked_at?.toISOString() ?? null,
  }));
}

/** Who a signed-in staff member is, as the back office greets them. */
export async function getStaffIdentity(db: RetourDb, userId: string) {
  return db.selectFrom('staff_users').select(['id', 'email', 'name']).where('id', '=', userId).executeTakeFirstOrThrow();
}
