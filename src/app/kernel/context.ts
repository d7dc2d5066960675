import type { RetourDb } from '../../db/connection.js';
import type { StaffRole } from '../../domain/access.js';
import type { ShopperTokens } from './shopperTokens.js';

/** Who causes a change; recorded on every event. */
export interface Actor {
  type: 'staff' | 'api_key' | 'shopper' | 'system' | 'cli' | 'rule';
  id: string | null;
  role?: StaffRole;
}

export const systemActor: Actor = { type: 'system', id: null };
export const cliActor: Actor = { type: 'cli', id: null };

/**
 * The services of the contexts, each declared by its context beside the port's interface (module
 * augmentation), so the kernel depends on no context:
 * - `jobs` (src/app/kernel/jobQueue.ts): where commands queue background jobs, in their own transaction;
 * - `payments` (src/app/money/payments/gateway.ts): refunds and payment links, with the credential box;
 * - `mail` (src/app/messaging/emails/mailer.ts): where e-mail goes and the links it carries;
 * - `photos` (src/app/returns/photoStore.ts): where return photos are kept;
 * - `caches`: data read often and changed rarely, see AppCaches.
 */
// biome-ignore lint/suspicious/noEmptyInterface: the contexts add their ports by declaration merging
export interface AppPorts {}

/** Per-database caches, each declared by the context whose data it keeps (see AppPorts). Made
 * once per database, so every context over one database sees the same copies and invalidations. */
// biome-ignore lint/suspicious/noEmptyInterface: the contexts add their caches by declaration merging
export interface AppCaches {}

/** What every command needs from the outside world, built once at start (src/runtime/appContext.ts;
 * tests: test/support/testContext.ts). */
export interface AppContext extends AppPorts {
  db: RetourDb;
  /** Where the analytics dashboards read (a read replica when RETOUR_ANALYTICS_DATABASE_URL is set); db when absent. */
  analyticsDb?: RetourDb;
  /** The clock, injected so tests and the domain never read the wall time themselves. */
  now: () => Date;
  /** Signs and checks shopper tokens and status links. */
  shopperTokens: ShopperTokens;
  caches: AppCaches;
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
