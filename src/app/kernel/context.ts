import type { RetourDb } from '../../db/connection.js';
import type { StaffRole } from '../../domain/access.js';

/** Who causes a change; recorded on every event. */
export interface Actor {
  type: 'staff' | 'api_key' | 'shopper' | 'system' | 'cli' | 'rule';
  id: string | null;
  role?: StaffRole;
}

export const systemActor: Actor = { type: 'system', id: null };
export const cliActor: Actor = { type: 'cli', id: null };

/** What every command needs from the outside world. */
export interface AppContext {
  db: RetourDb;
  /** The clock, injected so tests and the domain never read the wall time themselves. */
  now: () => Date;
}

/** A stored response a command writes in its own transaction so a retried request with the
 * same Idempotency-Key replays it and never repeats the effect. */
export interface IdempotencyClaim {
  principal: string;
  key: string;
  /** Proves this request still holds the claim when it stores the response. */
  token: string;
  respond: (result: unknown) => { status: number; body: unknown };
}

export interface CommandMeta {
  actor: Actor;
  idempotency?: IdempotencyClaim;
}
