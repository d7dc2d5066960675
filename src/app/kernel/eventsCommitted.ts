import { AsyncResource } from 'node:async_hooks';

/** Listeners per database, told when a unit committed events: the workers of this process relay
 * them at once instead of at their next poll, so follow-ups start right after the change. */
const listeners = new WeakMap<object, Set<() => void>>();

/** Calls `listener` after each commit on `db` that wrote events; answers how to stop. The
 * listener runs in the async context it was registered in, not the committing request's: what it
 * starts (the relay) stays background work and is not counted as, nor ranked like, the request. */
export function whenEventsCommitted(db: object, listener: () => void): () => void {
  let set = listeners.get(db);
  if (!set) {
    set = new Set();
    listeners.set(db, set);
  }
  const bound = AsyncResource.bind(listener);
  set.add(bound);
  return () => set.delete(bound);
}

export function eventsCommitted(db: object): void {
  for (const listener of listeners.get(db) ?? []) listener();
}
