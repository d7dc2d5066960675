import { sql } from 'kysely';
import { deviceSummary } from '../../domain/deviceSummary.js';
import { notFound } from '../../domain/errors.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { inUnit } from '../kernel/transaction.js';
import { forgetStaffSessions } from './staffSessions.js';

/** One of a staff member's own live sessions, as they see it. */
export interface OwnSession {
  id: string;
  createdAt: Date;
  lastSeenAt: Date | null;
  expiresAt: Date;
  device: string;
  current: boolean;
}

/** The signed-in staff member's live sessions (not ended, not expired), the newest first. */
export async function listOwnSessions(
  ctx: AppContext,
  input: { userId: string; currentSessionId: string },
): Promise<{ items: OwnSession[] }> {
  const rows = await ctx.db
    .selectFrom('staff_sessions')
    .select(['id', 'created_at', 'last_seen_at', 'expires_at', 'user_agent'])
    .where('user_id', '=', input.userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', ctx.now())
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return {
    items: rows.map((row) => ({
      id: row.id,
      createdAt: row.created_at,
      lastSeenAt: row.last_seen_at,
      expiresAt: row.expires_at,
      device: deviceSummary(row.user_agent),
      current: row.id === input.currentSessionId,
    })),
  };
}

/** Ends one of the staff member's own live sessions. Another user's session, or one already
 * ended, is not found: whether someone else's session id exists is not theirs to learn. */
export async function endOwnSession(ctx: AppContext, meta: CommandMeta, input: { userId: string; sessionId: string }) {
  const answer = await inUnit(ctx, meta, async ({ tx, now, record }) => {
    const ended = await tx
      .updateTable('staff_sessions')
      .set({ revoked_at: now })
      .where('id', '=', input.sessionId)
      .where('user_id', '=', input.userId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .returning('id')
      .executeTakeFirst();
    if (!ended) throw notFound('Session', input.sessionId);
    record({
      type: 'staff.sessions_ended',
      subjectType: 'staff_user',
      subjectId: input.userId,
      data: { sessionIds: [ended.id] },
    });
    return { ended: 1 };
  });
  await forgetStaffSessions(ctx.caches);
  return answer;
}

/** Ends every live session of the staff member but the one they are using ("sign out elsewhere"). */
export async function endOtherOwnSessions(ctx: AppContext, meta: CommandMeta, input: { userId: string; keepSessionId: string }) {
  const answer = await inUnit(ctx, meta, async ({ tx, now, record }) => {
    const ended = await tx
      .updateTable('staff_sessions')
      .set({ revoked_at: now })
      .where('user_id', '=', input.userId)
      .where('id', '<>', input.keepSessionId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .returning('id')
      .execute();
    const sessionIds = ended.map((row) => row.id);
    if (sessionIds.length > 0) {
      record({ type: 'staff.sessions_ended', subjectType: 'staff_user', subjectId: input.userId, data: { sessionIds } });
    }
    return { ended: sessionIds.length };
  });
  await forgetStaffSessions(ctx.caches);
  return answer;
}

/** How often a session's last use is written: a write per request would cost more than it tells. */
const NOTE_EVERY_MS = 60_000;
/** When this process last noted each session's use (bounded: cleared when it grows past this). */
const noted = new Map<string, number>();
const MAX_NOTED = 10_000;

/**
 * Notes that a session was used, at most once a minute per session and process, with the device
 * it is used from (kept from its first use on: a session is one browser's). A note that cannot be
 * written is only reported: the request it came with goes on.
 */
export async function noteSessionUse(
  ctx: AppContext,
  input: { sessionId: string; userAgent: string | undefined },
  report: (error: unknown) => void,
): Promise<void> {
  const now = ctx.now();
  const last = noted.get(input.sessionId);
  if (last !== undefined && Math.abs(now.getTime() - last) < NOTE_EVERY_MS) return;
  if (noted.size >= MAX_NOTED) noted.clear();
  noted.set(input.sessionId, now.getTime());
  try {
    await ctx.db
      .updateTable('staff_sessions')
      .set({
        last_seen_at: now,
        user_agent: sql`coalesce(user_agent, ${input.userAgent?.slice(0, 300) ?? null}::text)`,
      })
      .where('id', '=', input.sessionId)
      .execute();
  } catch (error) {
    report(error);
  }
}
