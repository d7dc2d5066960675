import { PERMISSIONS, type StaffRole } from '../../../domain/access.js';
import { STAFF_NOTIFICATION_KINDS, type StaffNotificationKind } from '../../../domain/staffNotifications.js';
import type { AppContext } from '../../kernel/context.js';
import { newId } from '../../kernel/ids.js';
import type { Tx } from '../../kernel/transaction.js';
import { EMAIL_QUEUE } from '../emails/shipByReminders.js';

export interface NewStaffNotification {
  kind: StaffNotificationKind;
  /** What makes it once: an event id, "<kind>:<return id>", a delivery id. */
  dedupeKey: string;
  returnId?: string | null;
  subjectType: string;
  subjectId: string;
  facts: Record<string, unknown>;
}

/**
 * Writes notifications (each once, by its dedupe key) in the caller's transaction, and for every
 * one made an e-mail to each active staff member who asked for them by e-mail and whose role may
 * act on it, with its send job. Returns the ids made now.
 */
export async function notifyStaff(ctx: AppContext, tx: Tx, notes: readonly NewStaffNotification[], now: Date): Promise<string[]> {
  if (notes.length === 0) return [];
  const made = await tx
    .insertInto('staff_notifications')
    .values(
      notes.map((n) => ({
        id: newId('ntf'),
        kind: n.kind,
        dedupe_key: n.dedupeKey,
        return_id: n.returnId ?? null,
        subject_type: n.subjectType,
        subject_id: n.subjectId,
        facts: JSON.stringify(n.facts),
        created_at: now,
      })),
    )
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning(['id', 'kind', 'return_id'])
    .execute();
  if (made.length === 0) return [];
  const subscribers = await tx
    .selectFrom('staff_users')
    .select(['id', 'email', 'role'])
    .where('active', '=', true)
    .where('notify_by_email', '=', true)
    .execute();
  const emails = made.flatMap((n) =>
    subscribers
      .filter((s) =>
        (PERMISSIONS[STAFF_NOTIFICATION_KINDS[n.kind as StaffNotificationKind]] as readonly StaffRole[]).includes(
          s.role as StaffRole,
        ),
      )
      .map((s) => ({
        id: newId('eml'),
        dedupe_key: `${n.id}:${s.id}`,
        kind: `staff_${n.kind}`,
        return_id: n.return_id,
        event_id: null,
        notification_id: n.id,
        recipient: s.email,
        status: 'pending' as const,
        created_at: now,
        updated_at: now,
      })),
  );
  if (emails.length > 0) {
    await tx.insertInto('emails').values(emails).execute();
    await ctx.jobs.enqueue(
      tx,
      EMAIL_QUEUE,
      emails.map((e) => ({ data: { emailId: e.id }, singletonKey: e.id })),
    );
  }
  return made.map((n) => n.id);
}
