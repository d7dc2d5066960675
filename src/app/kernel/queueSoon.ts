import type { AppContext } from './context.js';

const pending = new WeakMap<AppContext, Set<string>>();

/**
 * Queues one job for `key` a few milliseconds from now, however many callers ask meanwhile: a
 * burst of webhooks for one connection queues one job that applies them all (a singleton key keeps
 * it one while it waits). What the job is for must already be stored, so a process that dies
 * before queuing loses nothing: a periodic round picks up what no job did.
 */
export function queueSoon(ctx: AppContext, queue: string, key: string, data: Record<string, unknown>, gatherMs = 25): void {
  const waiting = pending.get(ctx) ?? new Set<string>();
  pending.set(ctx, waiting);
  const id = `${queue}\u0000${key}`;
  if (waiting.has(id)) return;
  waiting.add(id);
  const enqueue = async () => {
    waiting.delete(id);
    // One insert, committed by itself: what the job is for is stored already, and a job already
    // waiting for the key makes it do nothing.
    await ctx.jobs.enqueue(ctx.db, queue, [{ data, singletonKey: key }]);
  };
  setTimeout(() => void enqueue().catch(() => waiting.delete(id)), gatherMs).unref();
}
