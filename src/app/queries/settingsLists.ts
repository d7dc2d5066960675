import type { RetourDb } from '../../db/connection.js';

/** The reason catalogue as a flat list in display order (parents carry their children's code). */
export async function listReasons(db: RetourDb, options: { activeOnly?: boolean } = {}) {
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
  const rows = await q.orderBy('reasons.position').orderBy('reasons.code').execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    parentCode: r.parent_code,
    labels: r.labels,
    controllable: r.controllable,
    requiresPhoto: r.requires_photo,
    defect: r.defect,
    active: r.active,
  }));
}

export async function listWarehouses(db: RetourDb) {
  const rows = await db.selectFrom('warehouses').selectAll().orderBy('code').execute();
  return rows.map((w) => ({
    id: w.id,
    code: w.code,
    name: w.name,
    kind: w.kind,
    address: w.address,
    openingHours: w.opening_hours,
    isDefault: w.is_default,
  }));
}

export async function listChannels(db: RetourDb) {
  const rows = await db.selectFrom('channels').selectAll().orderBy('code').execute();
  return rows.map((c) => ({ id: c.id, code: c.code, name: c.name, kind: c.kind }));
}

export async function listStaffUsers(db: RetourDb) {
  const rows = await db
    .selectFrom('staff_users')
    .select(['id', 'email', 'name', 'role', 'active', 'created_at', 'last_login_at'])
    .orderBy('email')
    .execute();
  return rows.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    active: u.active,
    createdAt: u.created_at.toISOString(),
    lastLoginAt: u.last_login_at?.toISOString() ?? null,
  }));
}

export async function listApiKeys(db: RetourDb) {
  const rows = await db
    .selectFrom('api_keys')
    .select(['id', 'name', 'prefix', 'role', 'created_at', 'last_used_at', 'revoked_at'])
    .orderBy('id', 'desc')
    .execute();
  return rows.map((k) => ({
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    role: k.role,
    createdAt: k.created_at.toISOString(),
    lastUsedAt: k.last_used_at?.toISOString() ?? null,
    revokedAt: k.revoked_at?.toISOString() ?? null,
  }));
}
