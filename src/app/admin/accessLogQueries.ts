import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { AccessAction, AccessSubject } from '../../domain/accessLog.js';
import { RetourError } from '../../domain/errors.js';
import { decodeCursor, type Page, toPage } from '../kernel/pagination.js';
import type { AccessActor } from './accessLog.js';

/** What the log is read by: a subject, an actor, an action and a period (from inclusive, to exclusive). */
export interface AccessLogFilters {
  subjectType?: AccessSubject;
  subjectId?: string;
  actorId?: string;
  action?: AccessAction;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

/** One access as the back office lists it: the actor with their name, the subject with its number. */
export interface AccessLogItem {
  id: string;
  at: Date;
  actor: AccessActor & { name: string | null };
  action: string;
  subject: { type: string; id: string; label: string | null } | null;
  detail: string | null;
  filters: Record<string, unknown> | null;
  requestId: string | null;
  ipNetwork: string | null;
}

/** Refuses filters that cannot mean anything: a subject id without its type, a period ending
 * before it starts. */
function checkFilters(f: AccessLogFilters): void {
  if (f.subjectId && !f.subjectType) {
    throw new RetourError('invalid', 'SUBJECT_TYPE_REQUIRED', 'Say which kind of subject subjectId names', [
      { path: 'query.subjectType', message: 'required with subjectId' },
    ]);
  }
  if (f.from && f.to && new Date(f.from).getTime() > new Date(f.to).getTime()) {
    throw new RetourError('invalid', 'INVALID_PERIOD', 'The period ends before it starts', [
      { path: 'query.to', message: 'must not be before from' },
    ]);
  }
}

/** The access log newest first, a page after the cursor; filters as AccessLogFilters. One query:
 * the subject index answers "who looked at this", the actor index "what did this person open". */
export async function listAccessLog(db: Kysely<Database>, f: AccessLogFilters): Promise<Page<AccessLogItem>> {
  checkFilters(f);
  const limit = Math.min(Math.max(f.limit ?? 25, 1), 1000);
  let q = db
    .selectFrom('access_log as a')
    .leftJoin('staff_users as u', (j) => j.onRef('u.id', '=', 'a.actor_id').on('a.actor_type', '=', 'staff'))
    .leftJoin('api_keys as k', (j) => j.onRef('k.id', '=', 'a.actor_id').on('a.actor_type', '=', 'api_key'))
    .leftJoin('returns as r', (j) => j.onRef('r.id', '=', 'a.subject_id').on('a.subject_type', '=', 'return'))
    .select([
      'a.id',
      'a.at',
      'a.actor_type',
      'a.actor_id',
      'a.action',
      'a.subject_type',
      'a.subject_id',
      'a.detail',
      'a.filters',
      'a.request_id',
      'a.ip_network',
      sql<string | null>`coalesce(u.name, k.name)`.as('actor_name'),
      'r.number as return_number',
    ])
    .orderBy('a.id', 'desc')
    .limit(limit + 1);
  if (f.subjectType) q = q.where('a.subject_type', '=', f.subjectType);
  if (f.subjectId) q = q.where('a.subject_id', '=', f.subjectId);
  if (f.actorId) q = q.where('a.actor_id', '=', f.actorId);
  if (f.action) q = q.where('a.action', '=', f.action);
  if (f.from) q = q.where('a.at', '>=', new Date(f.from));
  if (f.to) q = q.where('a.at', '<', new Date(f.to));
  if (f.cursor) q = q.where('a.id', '<', decodeCursor(f.cursor));
  const rows = await q.execute();
  return toPage(
    rows.map((row) => ({
      id: row.id,
      at: row.at,
      actor: { type: row.actor_type, id: row.actor_id, name: row.actor_name },
      action: row.action,
      subject:
        row.subject_type && row.subject_id
          ? { type: row.subject_type, id: row.subject_id, label: row.return_number ?? null }
          : null,
      detail: row.detail,
      filters: row.filters,
      requestId: row.request_id,
      ipNetwork: row.ip_network,
    })),
    limit,
  );
}
