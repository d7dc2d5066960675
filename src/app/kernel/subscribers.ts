import type { AppContext } from './context.js';
import type { RecordedEvent, Tx, Unit } from './unit.js';

/**
 * Work that must happen because something happened is a subscriber of the event, whoever caused it
 * (a route, an automation rule, the CLI, a job, another process). Three kinds, by when they run:
 *
 * - in-unit: inside the unit that recorded the event, before it commits, for what must change
 *   atomically with it (a return's exchange orders and repairs kept in step). What they record is
 *   dispatched in turn.
 * - fan-out: in the outbox relay's transaction, over a batch of events, writing rows and jobs of
 *   their own (webhook deliveries, shopper e-mails, staff notifications, automation runs).
 * - after-commit: each as a job of its own per event, queued by the relay in the same transaction
 *   that marks the event relayed, so it runs at least once even when the process that made the
 *   change dies right after its commit. Handlers look at the state and do only what is left.
 *
 * Each context lists its subscribers (src/app/<context>/subscribers.ts); src/app/subscribers.ts
 * composes them, so the kernel knows no context.
 */

/** Which events a subscriber takes: their types, or a test of type and subject. */
export type EventFilter = readonly string[] | ((event: { type: string; subjectType: string }) => boolean);

/** An event as it was written (the outbox message; what webhook endpoints receive). */
export interface PublishedEvent {
  id: string;
  type: string;
  subject: { type: string; id: string };
  returnId: string | null;
  actor: { type: string; id: string | null };
  reason: string | null;
  data: Record<string, unknown>;
  occurredAt: string;
}

export interface InUnitSubscriber {
  name: string;
  on: EventFilter;
  /** Gets every event of one dispatch round it takes, so it can do its work once per subject. */
  handle(unit: Unit, events: readonly RecordedEvent[]): Promise<void>;
}

export interface FanOutSubscriber {
  name: string;
  /** The job queue its rows are worked from, so a worker there can be woken when it made some. */
  queue?: string;
  /** Seconds its jobs wait before they may start: their worker is woken then, not at once. */
  delaySeconds?: number;
  /** Writes what the events ask for inside the relay's transaction; answers how many it made. */
  fanOut(ctx: AppContext, tx: Tx, events: readonly PublishedEvent[], now: Date): Promise<number>;
}

export interface AfterCommitSubscriber {
  /** Stable: it names the subscriber's jobs (`name:eventId`), which may outlive a deployment. */
  name: string;
  on: EventFilter;
  /** Of the events it takes, those that may leave it something to do, found with one read in the
   * relay's transaction — instead of a job per event that would find nothing. It must keep every
   * event whose handling might act (when in doubt, keep it). `ctx` gives it the process's caches
   * (read them through `tx`). */
  narrow?(ctx: AppContext, tx: Tx, events: readonly PublishedEvent[]): Promise<readonly PublishedEvent[]>;
  handle(ctx: AppContext, event: PublishedEvent): Promise<void>;
}

export interface Subscribers {
  inUnit: readonly InUnitSubscriber[];
  fanOut: readonly FanOutSubscriber[];
  afterCommit: readonly AfterCommitSubscriber[];
}

declare module './context.js' {
  interface AppPorts {
    /** Everything that follows from an event (src/app/subscribers.ts). */
    subscribers: Subscribers;
  }
}

export function takes(filter: EventFilter, event: { type: string; subjectType: string }): boolean {
  return typeof filter === 'function' ? filter(event) : filter.includes(event.type);
}

/** Rounds of in-unit dispatch a unit may take: each round handles what the previous one recorded.
 * Subscribers that keep recording are a bug, found here instead of looping. */
const MAX_ROUNDS = 10;

/** Runs the in-unit subscribers over the events recorded so far, then over what they recorded,
 * until a round records nothing new. */
export async function dispatchInUnit(unit: Unit, subscribers: readonly InUnitSubscriber[], events: RecordedEvent[]) {
  let from = 0;
  for (let round = 0; from < events.length; round++) {
    if (round === MAX_ROUNDS) {
      const types = events.slice(from).map((e) => e.type);
      throw new Error(`in-unit subscribers still record events after ${MAX_ROUNDS} rounds: ${types.join(', ')}`);
    }
    const batch = events.slice(from);
    from = events.length;
    for (const s of subscribers) {
      const mine = batch.filter((e) => takes(s.on, e));
      if (mine.length > 0) await s.handle(unit, mine);
    }
  }
}

/** The returns the events are about, each once, in the order first seen. */
export function returnIdsOf(events: readonly RecordedEvent[]): string[] {
  return [...new Set(events.flatMap((e) => (e.returnId ? [e.returnId] : [])))];
}
