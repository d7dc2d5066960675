import type { StoredTrackingUpdate } from '../../../db/schema/logistics.js';
import { RetourError } from '../../../domain/errors.js';
import type { AppContext } from '../../kernel/context.js';
import { newId } from '../../kernel/ids.js';
import { queueSoon } from '../../kernel/queueSoon.js';
import { CarrierError, type WebhookRequest } from '../carriers/port.js';
import { storeWebhook } from './webhookInbox.js';

/** The queue whose jobs apply a connection's stored tracking webhooks (src/jobs/worker.ts). */
export const TRACKING_QUEUE = 'logistics.tracking';

/** In JSON text, a NUL or a lone surrogate, which PostgreSQL's JSON refuses: JSON.stringify writes
 * them as `\u` escapes (`\u0000`, `\ud800`…`\udfff`), after an even run of backslashes. */
const UNSTORABLE_JSON = /(?<!\\)(?:\\\\)*\\u(?:0000|d[89a-f])/i;
/** In plain text, a NUL or an unpaired surrogate, which PostgreSQL's text refuses. */
const UNSTORABLE_TEXT = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** The carriers' own text goes to the database as it came (the route does not look through it): a
 * delivery with text it cannot store is refused whole, as malformed, before anything is written. */
const UNSTORABLE: WebhookRefusal = {
  status: 400,
  code: 'WEBHOOK_MALFORMED',
  message: 'The delivery holds text that cannot be stored (a NUL character or an unpaired surrogate)',
};

/** Why a delivery was refused: nothing of it was written. */
export type WebhookRefusal = { status: 400 | 401; code: 'WEBHOOK_SIGNATURE_INVALID' | 'WEBHOOK_MALFORMED'; message: string };

export type WebhookReceipt =
  | { accepted: true; duplicate: boolean; updates: number; verifiedBy?: string }
  | { accepted: false; refusal: WebhookRefusal };

/**
 * Takes a carrier's tracking webhook: checks its signature, keeps it, and has a job apply it, then
 * answers at once (carriers send bursts and retry what is slow). A delivery the carrier sends again
 * finds its key taken and is neither stored nor applied twice. One job waits per connection at a
 * time (a singleton key): it applies every delivery stored until it runs.
 */
export async function receiveTrackingWebhook(
  ctx: AppContext,
  input: { connectionId: string } & WebhookRequest,
): Promise<WebhookReceipt> {
  const connection = await connectionOf(ctx, input.connectionId);
  if (!connection)
    throw new RetourError('not_found', 'CARRIER_CONNECTION_NOT_FOUND', 'No such carrier connection is switched on');
  if (!connection.adapter.capabilities.webhooks)
    throw new RetourError(
      'not_found',
      'CARRIER_HAS_NO_WEBHOOKS',
      `${connection.carrier} sends no webhooks: its tracking is polled`,
    );
  let batch: ReturnType<typeof connection.adapter.parseWebhook>;
  try {
    batch = connection.adapter.parseWebhook({ rawBody: input.rawBody, headers: input.headers, query: input.query });
  } catch (err) {
    if (!(err instanceof CarrierError)) throw err;
    const refusal: WebhookRefusal =
      err.code === 'WEBHOOK_SIGNATURE_INVALID'
        ? { status: 401, code: 'WEBHOOK_SIGNATURE_INVALID', message: 'The webhook signature does not match' }
        : { status: 400, code: 'WEBHOOK_MALFORMED', message: err.message };
    return { accepted: false, refusal };
  }
  // Deliveries with nothing to track (a carrier's "integration connected", a return created) are
  // answered and dropped.
  const verifiedBy = batch.verifiedBy;
  if (batch.updates.length === 0) return { accepted: true, duplicate: false, updates: 0, verifiedBy };
  const updates: StoredTrackingUpdate[] = batch.updates.map((u) => ({ ...u, occurredAt: u.occurredAt.toISOString() }));
  const json = JSON.stringify(updates);
  const dedupeKey = batch.dedupeKey.slice(0, 500);
  if (UNSTORABLE_JSON.test(json) || UNSTORABLE_TEXT.test(dedupeKey)) return { accepted: false, refusal: UNSTORABLE };
  const stored = await storeWebhook(ctx, {
    id: newId('cwh'),
    connection_id: connection.id,
    dedupe_key: dedupeKey,
    updates: json,
    received_at: ctx.now(),
  });
  if (stored) queueSoon(ctx, TRACKING_QUEUE, connection.id, { connectionId: connection.id });
  return { accepted: true, duplicate: !stored, updates: updates.length, verifiedBy };
}

/** How long a connection looked up for a webhook is used before it is read again: a burst of a
 * carrier's deliveries costs one read, and a connection switched off stops taking webhooks within
 * seconds. */
const CONNECTION_TTL_MS = 2_000;
type Connection = Awaited<ReturnType<AppContext['carriers']['connection']>>;
/** A read under way is shared: the deliveries of a burst that arrive together when the kept one
 * has expired wait for one read (and one decryption of its credentials), not one each. */
type Kept = { until: number; connection: Promise<Connection> };
const connections = new WeakMap<AppContext, Map<string, Kept>>();

function connectionOf(ctx: AppContext, id: string): Promise<Connection> {
  let known = connections.get(ctx);
  if (!known) {
    known = new Map<string, Kept>();
    connections.set(ctx, known);
  }
  const hit = known.get(id);
  if (hit && hit.until > Date.now()) return hit.connection;
  const kept: Kept = { until: Number.POSITIVE_INFINITY, connection: ctx.carriers.connection(id) };
  known.set(id, kept);
  const cache = known;
  kept.connection.then(
    // Only connections that exist are kept: an unknown id costs its caller a read each time.
    (connection) => {
      if (cache.get(id) !== kept) return;
      if (connection) kept.until = Date.now() + CONNECTION_TTL_MS;
      else cache.delete(id);
    },
    () => {
      if (cache.get(id) === kept) cache.delete(id);
    },
  );
  return kept.connection;
}
