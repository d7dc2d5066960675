import { signWebhook } from '../../../domain/webhookSignature.js';
import { type AppContext, systemActor } from '../../kernel/context.js';
import { readTogether } from '../../kernel/readTogether.js';
import { inUnit } from '../../kernel/transaction.js';
import { notifyStaff } from '../notifications/notifyStaff.js';
import { logDeliveryTry } from './deliveryLog.js';
import { forgetWebhookEndpoints } from './enabledEndpoints.js';
import { postWebhook, SOCKETS_PER_ORIGIN } from './webhookPost.js';

/** How long an endpoint may take to answer, from the moment its request has a connection. */
const TIMEOUT_MS = 10_000;
/** Deliveries one process sends at the same time: a worker fetches many jobs per statement, and
 * at most SOCKETS_PER_ORIGIN of them go to one receiving server at once, the rest waiting for one
 * of its connections. */
export const DELIVERIES_AT_ONCE = SOCKETS_PER_ORIGIN * 4;
/** The longest a delivery waits for a free connection: each request ahead of it ends within its
 * deadline, so even with every delivery of a process for one receiver the wait is under three
 * deadlines. Beyond it (never, unless something hangs) the try fails unsent. */
const WAIT_MS = (DELIVERIES_AT_ONCE / SOCKETS_PER_ORIGIN) * TIMEOUT_MS;
/** A try's job still active after this lost its worker: the wait, the answer and the log. */
export const DELIVERY_EXPIRY_SECONDS = (WAIT_MS + TIMEOUT_MS) / 1000 + 10;
/** What a try keeps of its job's time for logging it after the answer's deadline. */
const LOG_MARGIN_MS = 5_000;

export type DeliveryOutcome = 'delivered' | 'skipped' | 'failed';

/** A failed try; pg-boss retries the job with backoff and dead-letters it after the last. */
export class DeliveryFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeliveryFailed';
  }
}

/** Endpoint secrets as opened, by their sealed form: a batch to one endpoint opens its secret once. */
const openedSecrets = new WeakMap<AppContext, Map<string, string>>();

function endpointSecret(ctx: AppContext, sealed: string): string {
  let opened = openedSecrets.get(ctx);
  if (!opened) {
    opened = new Map();
    openedSecrets.set(ctx, opened);
  }
  let secret = opened.get(sealed);
  if (secret === undefined) {
    secret = ctx.payments.box.open<{ secret: string }>(sealed).secret;
    // A rotated secret is sealed anew: the old one is never asked again, so the map is only bounded.
    if (opened.size >= 1000) opened.clear();
    opened.set(sealed, secret);
  }
  return secret;
}

type DeliveryRow = Awaited<ReturnType<typeof loadDeliveries>>[number];

function loadDeliveries(ctx: AppContext, deliveryIds: readonly string[]) {
  return ctx.db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
    .select([
      'd.id',
      'd.status',
      'd.event_id',
      'd.event_type',
      'd.payload',
      'd.attempts',
      'e.id as endpoint_id',
      'e.url',
      'e.secret',
      'e.enabled',
    ])
    .where('d.id', 'in', deliveryIds)
    .execute();
}

/** One try: POST (over a kept connection to the receiver, see webhookPost.ts), then the log (see deliveryLog.ts); a failed try throws DeliveryFailed after it is logged. */
async function send(ctx: AppContext, d: DeliveryRow, expiresAt: number | undefined): Promise<DeliveryOutcome> {
  if (d.status === 'delivered' || !d.enabled) return 'skipped';
  const body = JSON.stringify(d.payload);
  const secret = endpointSecret(ctx, d.secret);
  const timestamp = Math.floor(ctx.now().getTime() / 1000);
  const started = Date.now();
  // The wait for a connection ends in time for the answer's deadline and the log within the job's
  // expiry, however long the read before it took: a try still running at its expiry would be
  // handed out again, and the receiver might get it twice.
  const waitMs = expiresAt === undefined ? WAIT_MS : Math.min(WAIT_MS, expiresAt - started - TIMEOUT_MS - LOG_MARGIN_MS);
  const { status, error: unreached } = await (waitMs > 0
    ? post(d, secret, timestamp, body, waitMs)
    : { status: null, error: 'no time left in its job to wait for a connection' });
  const error = status === null ? unreached : status < 200 || status >= 300 ? `answered ${status}` : null;
  await logDeliveryTry(ctx, {
    deliveryId: d.id,
    endpointId: d.endpoint_id,
    attemptsBefore: d.attempts,
    at: ctx.now(),
    statusCode: status,
    error,
    durationMs: Date.now() - started,
  });
  if (error !== null) throw new DeliveryFailed(`${d.url} ${error}`);
  return 'delivered';
}

function post(d: DeliveryRow, secret: string, timestamp: number, body: string, waitMs: number) {
  return postWebhook(
    d.url,
    {
      'content-type': 'application/json',
      'user-agent': 'Retour-Webhooks/1',
      'retour-delivery': d.id,
      'retour-event': d.event_type,
      'retour-signature': signWebhook(secret, timestamp, body),
    },
    body,
    TIMEOUT_MS,
    waitMs,
  );
}

/** Reads a delivery with the others asked for in the same turn of the event loop: the jobs a worker
 * fetched together start together, so their deliveries cost one statement, not one each. */
const readDelivery = readTogether<string, DeliveryRow>(
  (id) => id,
  async (ctx, ids) => new Map((await loadDeliveries(ctx, ids)).map((d) => [d.id, d])),
);

/**
 * Sends one delivery: the event as JSON, signed with the endpoint's secret (`Retour-Signature`,
 * see src/domain/webhookSignature.ts), with the delivery's id as `Retour-Delivery` so a receiver
 * can drop a repeat. A delivery already made, or whose endpoint is switched off, is not sent again.
 * Every try is logged with its status code and time (tries that end together are logged together);
 * a failed try throws, for the queue to try again later. With its job's expiry (`run.expiresAt`,
 * process clock), the try waits for a free connection only as long as leaves time for the
 * answer's deadline and the log before it.
 */
export async function deliverWebhook(ctx: AppContext, deliveryId: string, run?: { expiresAt: number }): Promise<DeliveryOutcome> {
  const d = await readDelivery(ctx, deliveryId);
  if (!d) return 'skipped';
  return send(ctx, d, run?.expiresAt);
}

/**
 * A delivery that failed every try for about a day is dead: kept for staff to replay, and its
 * endpoint is switched off when nothing has reached it since the delivery was made (persistent
 * failure, not one bad event), with an alert event for the staff notifications.
 */
export async function giveUpDelivery(ctx: AppContext, deliveryId: string): Promise<void> {
  const switchedOff = await inUnit(ctx, { actor: systemActor }, async ({ tx, now, record }) => {
    const d = await tx
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
      .select([
        'd.id',
        'd.status',
        'd.created_at',
        'd.last_error',
        'd.event_type',
        'e.id as endpoint_id',
        'e.url',
        'e.enabled',
        'e.last_success_at',
      ])
      .where('d.id', '=', deliveryId)
      .forUpdate()
      .executeTakeFirst();
    if (d?.status !== 'pending') return false;
    await tx.updateTable('webhook_deliveries').set({ status: 'dead', updated_at: now }).where('id', '=', d.id).execute();
    // Replayed and dead again is told again: the key has the moment.
    await notifyStaff(
      ctx,
      tx,
      [
        {
          kind: 'webhook_dead',
          dedupeKey: `webhook_dead:${d.id}:${now.getTime()}`,
          subjectType: 'webhook_delivery',
          subjectId: d.id,
          facts: { url: d.url, event: d.event_type, error: d.last_error },
        },
      ],
      now,
    );
    const persistent = !d.last_success_at || d.last_success_at < d.created_at;
    if (!d.enabled || !persistent) return false;
    const reason = `no delivery succeeded since ${d.created_at.toISOString()} (${d.last_error ?? 'failed'})`;
    await tx
      .updateTable('webhook_endpoints')
      .set({ enabled: false, disabled_reason: reason, disabled_at: now, updated_at: now })
      .where('id', '=', d.endpoint_id)
      .execute();
    record({
      type: 'webhook.endpoint_disabled',
      subjectType: 'webhook_endpoint',
      subjectId: d.endpoint_id,
      reason,
      data: { endpointId: d.endpoint_id, url: d.url, deliveryId: d.id },
    });
    return true;
  });
  if (switchedOff) await forgetWebhookEndpoints(ctx.caches);
}
