import type { StaffRole } from '../../domain/access.js';
import { notFound, RetourError } from '../../domain/errors.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { inUnit, type Tx } from '../kernel/transaction.js';
import { checkKeyMayGrant } from './grantingKey.js';
import { presentStaffUser } from './settingsLists.js';
import { forgetStaffSessions } from './staffSessions.js';
import { checkStoreAssignment } from './storeAssignment.js';

export interface UpdateStaffUserInput {
  userId: string;
  name?: string;
  role?: StaffRole;
  active?: boolean;
  /** For the store role: the store the user works at. */
  storeId?: string | null;
}

const COLUMNS = ['id', 'email', 'name', 'role', 'active', 'created_at', 'last_login_at', 'store_id'] as const;
const FIELDS = ['name', 'role', 'active', 'storeId'] as const;

/** Changes a staff user's name, role or whether they may sign in. The shop always keeps one
 * active admin, or nobody could manage staff any more. A user who is switched off or changes
 * role is signed out everywhere: a session should not outlive the rights it was opened with. */
export async function updateStaffUser(ctx: AppContext, meta: CommandMeta, input: UpdateStaffUserInput) {
  let signedOut = false;
  const updated = await inUnit(ctx, meta, async ({ tx, now, record }) => {
    const touchesRights = input.role !== undefined || input.active !== undefined;
    if (touchesRights) await checkKeyMayGrant(tx, meta.actor, { kind: 'staff' });
    // Two admins demoting each other at once would each see the other still in place; locking
    // every active admin first (in one order) makes the second wait and count again.
    const admins = touchesRights
      ? await tx
          .selectFrom('staff_users')
          .select('id')
          .where('role', '=', 'admin')
          .where('active', '=', true)
          .orderBy('id')
          .forNoKeyUpdate()
          .execute()
      : [];
    const row = await tx
      .selectFrom('staff_users')
      .select(COLUMNS)
      .where('id', '=', input.userId)
      .forNoKeyUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('Staff user', input.userId);

    const role = input.role ?? row.role;
    const active = input.active ?? row.active;
    const wasAdmin = row.role === 'admin' && row.active;
    if (wasAdmin && !(role === 'admin' && active) && !admins.some((a) => a.id !== row.id)) {
      throw new RetourError('conflict', 'LAST_ADMIN', `${row.email} is the last active admin`, [
        {
          path: input.active === false ? 'active' : 'role',
          message: 'make another user an admin first',
        },
      ]);
    }

    // Leaving the store role leaves the store; taking it (or moving) needs one.
    const storeId = await checkStoreAssignment(
      tx,
      role as StaffRole,
      input.storeId !== undefined || role !== 'store' ? input.storeId : row.store_id,
    );
    const set = {
      ...(input.name !== undefined && input.name !== row.name ? { name: input.name } : {}),
      ...(role !== row.role ? { role } : {}),
      ...(active !== row.active ? { active } : {}),
      ...(storeId !== row.store_id ? { store_id: storeId } : {}),
    };
    if (Object.keys(set).length === 0) return presentStaffUser(row);
    const updated = await tx
      .updateTable('staff_users')
      .set(set)
      .where('id', '=', row.id)
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();

    // A user moved to another store is signed out too: the counter they stood at is no longer theirs.
    const signOut = role !== row.role || (row.active && !active) || storeId !== row.store_id;
    const revokedSessions = signOut ? await revokeSessions(tx, row.id, now) : 0;
    signedOut = signOut;
    const before = presentStaffUser(row);
    const after = presentStaffUser(updated);
    const changed = FIELDS.filter((k) => before[k] !== after[k]);
    record({
      type: 'staff.updated',
      subjectType: 'staff_user',
      subjectId: row.id,
      data: {
        email: row.email,
        changed: Object.fromEntries(changed.map((k) => [k, { from: before[k], to: after[k] }])),
        revokedSessions,
      },
    });
    return after;
  });
  // Committed: no copy of the user's sessions, with the rights they were opened with, may serve on.
  if (signedOut) await forgetStaffSessions(ctx.caches);
  return updated;
}

/** Ends every live session of a user; answers how many. */
async function revokeSessions(tx: Tx, userId: string, now: Date): Promise<number> {
  const revoked = await tx
    .updateTable('staff_sessions')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('id')
    .execute();
  return revoked.length;
}
