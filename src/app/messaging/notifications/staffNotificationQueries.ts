import type { RetourDb } from '../../../db/connection.js';
import { can, type Permission, type StaffRole } from '../../../domain/access.js';
import {
  STAFF_NOTIFICATION_KINDS,
  type StaffNotificationKind,
  staffNotificationPath,
} from '../../../domain/staffNotifications.js';
import { decodeCursor, type Page, toPage } from '../../kernel/pagination.js';

export interface StaffNotificationView {
  id: string;
  kind: StaffNotificationKind;
  returnId: string | null;
  subjectType: string;
  subjectId: string;
  facts: Record<string, unknown>;
  /** Where in the back office (under /admin) to act on it. */
  path: string;
  createdAt: string;
  unread: boolean;
}

/** The kinds a role is told of. */
export function kindsFor(role: StaffRole): StaffNotificationKind[] {
  return (Object.keys(STAFF_NOTIFICATION_KINDS) as StaffNotificationKind[]).filter((k) => can(role, STAFF_NOTIFICATION_KINDS[k]));
}

/** A role's notifications newest first, with how many came since `seenAt`. Two queries. */
export async function listStaffNotifications(
  db: RetourDb,
  input: { role: StaffRole; scopes?: readonly Permission[] | null; seenAt: Date | null; cursor?: string; limit?: number },
): Promise<Page<StaffNotificationView> & { unread: number }> {
  const before = input.cursor ? decodeCursor(input.cursor) : undefined;
  // An API key with scopes is told only of what they cover.
  const scopes = input.scopes;
  const kinds = kindsFor(input.role).filter((k) => !scopes || scopes.includes(STAFF_NOTIFICATION_KINDS[k]));
  const limit = Math.min(Math.max(input.limit ?? 25, 1), 100);
  if (kinds.length === 0) return { items: [], nextCursor: null, unread: 0 };
  let q = db
    .selectFrom('staff_notifications')
    .selectAll()
    .where('kind', 'in', kinds)
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (before) q = q.where('id', '<', before);
  let unreadQ = db
    .selectFrom('staff_notifications')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('kind', 'in', kinds);
  if (input.seenAt) unreadQ = unreadQ.where('created_at', '>', input.seenAt);
  const [rows, unread] = await Promise.all([q.execute(), unreadQ.executeTakeFirstOrThrow()]);
  const page = toPage(rows, limit);
  return {
    unread: Number(unread.n),
    nextCursor: page.nextCursor,
    items: page.items.map((n) => ({
      id: n.id,
      kind: n.kind as StaffNotificationKind,
      returnId: n.return_id,
      subjectType: n.subject_type,
      subjectId: n.subject_id,
      facts: n.facts,
      path: staffNotificationPath(n.kind as StaffNotificationKind, { returnId: n.return_id, subjectId: n.subject_id }),
      createdAt: n.created_at.toISOString(),
      unread: !input.seenAt || n.created_at > input.seenAt,
    })),
  };
}
