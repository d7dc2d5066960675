import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type AccessEntry, recordAccess } from '../app/admin/accessLog.js';
import type { AppContext } from '../app/kernel/context.js';

/** What a route's successful answer adds to the access log (see registerAccessLog). */
export type AccessLogRule =
  | { action: 'return.viewed'; subjectType: 'return'; detail?: string }
  | { action: 'customer.viewed'; subjectType: 'customer'; detail?: string }
  | { action: 'export'; detail: string; subjectType?: 'customer'; json?: boolean };

/** A route that opens a return's or customer's detail (`:id` in its path); `detail` names a part
 * read on its own (`risk`). */
export const viewOf = (subjectType: 'return' | 'customer', detail?: string): AccessLogRule =>
  subjectType === 'return'
    ? { action: 'return.viewed', subjectType, ...(detail ? { detail } : {}) }
    : { action: 'customer.viewed', subjectType, ...(detail ? { detail } : {}) };

/** A route that may answer with a file: each file it sends (an attachment) is an export of `what`,
 * logged with the query it was asked with; its JSON answers are not. An export of one customer's
 * data (`:id` in its path) names them as its subject, so it shows among who looked at them. */
export const exportOf = (what: string, subjectType?: 'customer'): AccessLogRule => ({
  action: 'export',
  detail: what,
  ...(subjectType ? { subjectType } : {}),
});

/** A route whose every answer is a whole file's worth, as a download or as JSON (the finance
 * journal of a period): each successful answer is an export of `what`. */
export const wholeExportOf = (what: string): AccessLogRule => ({ action: 'export', detail: what, json: true });

declare module 'fastify' {
  interface FastifyInstance {
    /** Resolves once the access-log entries of every answer given so far are written. */
    accessLogSettled(): Promise<void>;
  }
  interface FastifyContextConfig {
    /** Record each successful answer to staff or an API key in the access log. */
    accessLog?: AccessLogRule;
  }
}

/** The entry a request's answer makes, or null: only successful answers to staff and API keys
 * count (a shopper reading their own return in the portal is not an access to log). */
function entryOf(rule: AccessLogRule, request: FastifyRequest, reply: FastifyReply): AccessEntry | null {
  const p = request.principal;
  if (!p || p.kind === 'shopper' || reply.statusCode >= 300) return null;
  const actor = p.kind === 'staff' ? { type: 'staff' as const, id: p.userId } : { type: 'api_key' as const, id: p.apiKeyId };
  const base = { actor, requestId: request.id, ip: request.ip };
  const id = (request.params as { id?: string }).id;
  if (rule.action === 'export') {
    const download = String(reply.getHeader('content-disposition') ?? '').startsWith('attachment');
    if (!download && !rule.json) return null;
    const subject = rule.subjectType && id ? { subject: { type: rule.subjectType, id } } : {};
    return {
      ...base,
      action: 'export',
      detail: rule.detail,
      ...subject,
      filters: { ...(request.query as Record<string, unknown>) },
    };
  }
  if (!id) return null;
  return {
    ...base,
    action: rule.action,
    subject: { type: rule.subjectType, id },
    ...(rule.detail ? { detail: rule.detail } : {}),
  };
}

/** A view repeated by the same actor within this long is the same look: a return page reloads on
 * every live event and after every action, and a warehouse station reads a return several times
 * per parcel. Exports are always recorded. */
export const REPEATED_VIEW_MS = 5 * 60_000;

/** The views this process recorded lately, by actor, action, subject and detail: when each was. */
class RecentViews {
  private readonly seen = new Map<string, number>();

  /** Whether a view at `at` is new (and then remembers it), or a repeat within REPEATED_VIEW_MS. */
  fresh(entry: AccessEntry, at: number): boolean {
    const key = [entry.actor.type, entry.actor.id, entry.action, entry.subject?.id, entry.detail ?? ''].join('|');
    const last = this.seen.get(key);
    if (last !== undefined && at - last < REPEATED_VIEW_MS) return false;
    // Bounded: past a few thousand, the ones older than the window go.
    if (this.seen.size >= 10_000) for (const [k, t] of this.seen) if (at - t >= REPEATED_VIEW_MS) this.seen.delete(k);
    this.seen.set(key, at);
    return true;
  }
}

/** Records the reads routes declare (`config.accessLog`) once their answer has gone out: one
 * insert each, which the reader never waits for and whose failure is only reported. A view the
 * same actor repeated within REPEATED_VIEW_MS is not recorded again by this process.
 * `app.accessLogSettled()` waits for the entries of the answers given so far (tests and a clean
 * shutdown): each logged route's request is counted from its start, so none slips between an answer
 * and the write it makes. */
export function registerAccessLog(app: FastifyInstance, ctx: AppContext): void {
  const recent = new RecentViews();
  // Keyed by the request itself: request ids may come from the caller's header and repeat.
  const writing = new Map<FastifyRequest, { done: Promise<void>; finish: () => void }>();
  const finish = (request: FastifyRequest) => {
    writing.get(request)?.finish();
    writing.delete(request);
  };
  app.decorate('accessLogSettled', async () => {
    await Promise.all([...writing.values()].map((w) => w.done));
  });
  app.addHook('onRequest', async (request) => {
    if (!request.routeOptions.config.accessLog) return;
    let resolve = () => {};
    const done = new Promise<void>((r) => {
      resolve = r;
    });
    writing.set(request, { done, finish: resolve });
  });
  app.addHook('onRequestAbort', async (request) => finish(request));
  app.addHook('onResponse', async (request, reply) => {
    try {
      const rule = request.routeOptions.config.accessLog;
      const entry = rule ? entryOf(rule, request, reply) : null;
      if (!entry) return;
      if (entry.action !== 'export' && !recent.fresh(entry, ctx.now().getTime())) return;
      await recordAccess(ctx, entry, (err) => request.log.error({ err }, 'an access log entry was not kept'));
    } finally {
      finish(request);
    }
  });
}
