import { AsyncResource } from 'node:async_hooks';
import { isBackgroundWork } from '../../db/priorityGate.js';

/** Listeners per database, told when a unit committed events: the workers of this process relay
 * them at once instead of at their next poll, so follow-ups start right after the change. */
const listeners = new WeakMap<object, Set<() => void>>();

/** Calls `listener` after each commit on `db` that wrote events; answers how to stop. A listener
 * registered as background work (on PGlite) runs as background work, not in the committing
 * request's context: what it starts (the relay) stays background work and is not ranked like the
 * request. Any other listener runs in the committer's context: only the background mark tells one
 * context from another, and where nothing is marked (PostgreSQL) holding on to a context is work
 * for nothing. */
export function whenEventsCommitted(db: object, listener: () => void): () => void {
  let set = listeners.get(db);
  if (!set) {
    set = new Set();
    listeners.set(db, set);
  }
  const bound = isBackgroundWork() ? AsyncResource.bind(listener) : listener;
  set.add(bound);
  return () => set.delete(bound);
}

export function eventsCommitted(db: object): void {
  for (const listener of listeners.get(db) ?? []) listener();
}
