import { type AccessAction, type AccessSubject, ipNetwork } from '../../domain/accessLog.js';
import type { AppContext } from '../kernel/context.js';
import { newId } from '../kernel/ids.js';

/** Who read: a signed-in staff member, an API key, or someone at the server's command line. */
export type AccessActor = { type: 'staff' | 'api_key' | 'cli'; id: string };

/** One read to record. */
export interface AccessEntry {
  actor: AccessActor;
  action: AccessAction;
  subject?: { type: AccessSubject; id: string };
  /** Which part of the subject was read (`risk`), or what was exported (`finance.journal`). */
  detail?: string;
  /** An export's query as it was asked (never the file). */
  filters?: Record<string, unknown>;
  requestId?: string;
  /** The caller's IP as given: only its network is kept (see ipNetwork). */
  ip?: string;
}

/**
 * Keeps one access in one insert. The log is evidence of a read, not part of the answer: when it
 * cannot be kept the reader already has their answer, so the failure is only reported (as a
 * portal sighting's is).
 */
export async function recordAccess(ctx: AppContext, entry: AccessEntry, report: (error: unknown) => void): Promise<void> {
  try {
    await ctx.db
      .insertInto('access_log')
      .values({
        id: newId('acl'),
        at: ctx.now(),
        actor_type: entry.actor.type,
        actor_id: entry.actor.id,
        action: entry.action,
        subject_type: entry.subject?.type ?? null,
        subject_id: entry.subject?.id ?? null,
        detail: entry.detail ?? null,
        filters: entry.filters && Object.keys(entry.filters).length > 0 ? JSON.stringify(entry.filters) : null,
        request_id: entry.requestId ?? null,
        ip_network: ipNetwork(entry.ip),
      })
      .execute();
  } catch (error) {
    report(error);
  }
}
