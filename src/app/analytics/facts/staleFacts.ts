import { sql } from 'kysely';
import type { AppContext } from '../../kernel/context.js';
import type { FanOutSubscriber, PublishedEvent } from '../../kernel/subscribers.js';
import type { Tx } from '../../kernel/unit.js';

/** The queue of the job that refreshes what events marked as stale: at most one waits at a time. */
export const ANALYTICS_QUEUE = 'analytics.refresh';

/** What an event may have changed, as a row of analytics_stale. */
export type StaleKind = 'return' | 'order' | 'customer' | 'account' | 'connection' | 'reason' | 'product' | 'rebuild';
export interface StaleMark {
  kind: StaleKind;
  key: string;
}

const ORDER_EVENTS = new Set(['order.imported', 'order.updated', 'order.cancelled']);

/**
 * What an event leaves stale in the facts: the return it is about (its lines, moments, money,
 * parcels, exchange orders, feedback); an order imported, changed or cancelled; a customer whose
 * segment changed; a store-credit account whose credit was spent, reversed or expired; the orders
 * a shop connection's synced page wrote (the whole connection for a page naming none); everything when the shop's time zone
 * changed (every day moves).
 */
export function staleMarksOf(event: PublishedEvent): StaleMark[] {
  const marks: StaleMark[] = [];
  if (event.returnId) marks.push({ kind: 'return', key: event.returnId });
  const { type, subject } = event;
  if (ORDER_EVENTS.has(type)) marks.push({ kind: 'order', key: subject.id });
  else if (type === 'customer.segment_changed') marks.push({ kind: 'customer', key: subject.id });
  // A reason's code or controllability, a product's category: both are copied onto the facts.
  else if (type === 'reason.updated') marks.push({ kind: 'reason', key: subject.id });
  else if (type === 'product.updated' || type === 'product.deleted') marks.push({ kind: 'product', key: subject.id });
  else if (type.startsWith('store_credit.') && subject.type === 'store_credit_account')
    marks.push({ kind: 'account', key: subject.id });
  else if (type === 'connection.orders_synced') marks.push(...syncedPageMarks(subject.id, event.data));
  else if (type === 'settings.updated' && timeZoneChanged(event.data)) marks.push({ kind: 'rebuild', key: 'all' });
  return marks;
}

/** A synced page names the orders it wrote: each is marked as an order. An event from before pages
 * named them marks the whole connection. */
function syncedPageMarks(connectionId: string, data: Record<string, unknown>): StaleMark[] {
  const ids = data.orderIds;
  if (!Array.isArray(ids)) return [{ kind: 'connection', key: connectionId }];
  return ids.filter((id): id is string => typeof id === 'string').map((id) => ({ kind: 'order', key: id }));
}

function timeZoneChanged(data: Record<string, unknown>): boolean {
  const changed = data.changed;
  return typeof changed === 'object' && changed !== null && 'timezone' in changed;
}

/** Held shared by a transaction that marks facts stale until it commits, and taken alone by a
 * refresh before it reads the marks (see refreshStaleFacts). */
export const STALE_MARKS_LOCK = sql`hashtext('analytics_stale')`;

/** Marks what the events left stale, each mark once (a mark already waiting is moved to now, so
 * a refresh under way that read the row before does not forget it). Answers how many. The marking
 * transaction holds STALE_MARKS_LOCK shared to its end: its job may be the one already waiting
 * (the queue keeps one), and that job, if it starts meanwhile, must wait to see these marks. */
export async function markStale(tx: Tx, events: readonly PublishedEvent[]): Promise<number> {
  const unique = new Map<string, StaleMark>();
  for (const e of events) for (const m of staleMarksOf(e)) unique.set(`${m.kind}\u0000${m.key}`, m);
  if (unique.size === 0) return 0;
  const marks = [...unique.values()];
  await sql`insert into analytics_stale (kind, key, marked_at)
    select kind, key, clock_timestamp()
      from (select pg_advisory_xact_lock_shared(${STALE_MARKS_LOCK})) held,
        unnest(${marks.map((m) => m.kind)}::text[], ${marks.map((m) => m.key)}::text[]) as m(kind, key)
    on conflict (kind, key) do update set marked_at = excluded.marked_at`.execute(tx);
  return marks.length;
}

/** How long marks gather before their refresh starts. A refresh costs much the same for a few
 * returns as for hundreds (its statements are planned and its fact tables' triggers fire per
 * round), so under a stream of returns a refresh at once after each relay paid that cost every few
 * returns; dashboards a couple of seconds behind are not noticed. */
export const REFRESH_GATHER_SECONDS = 2;

/** In the relay's transaction, after the change committed: the request that caused an event never
 * pays for analytics. One job refreshes everything marked, however many events marked it: the job
 * waits REFRESH_GATHER_SECONDS, and while it waits ('short' queue) no other is queued; once it runs,
 * the next relay that marks queues the next. */
export const staleFacts: FanOutSubscriber = {
  name: 'analytics.stale-facts',
  queue: ANALYTICS_QUEUE,
  delaySeconds: REFRESH_GATHER_SECONDS,
  fanOut: async (ctx: AppContext, tx: Tx, events: readonly PublishedEvent[]) => {
    const marked = await markStale(tx, events);
    if (marked === 0) return 0;
    await ctx.jobs.enqueue(tx, ANALYTICS_QUEUE, [{ data: {}, singletonKey: 'stale', delaySeconds: REFRESH_GATHER_SECONDS }]);
    return 1;
  },
};
