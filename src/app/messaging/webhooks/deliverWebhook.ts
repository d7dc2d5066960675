import { signWebhook } from '../../../domain/webhookSignature.js';
import { type AppContext, systemActor } from '../../kernel/context.js';
import { newId } from '../../kernel/ids.js';
import { inUnit } from '../../kernel/transaction.js';
import { notifyStaff } from '../notifications/notifyStaff.js';

/** How long an endpoint may take to answer. */
const TIMEOUT_MS = 10_000;

export type DeliveryOutcome = 'delivered' | 'skipped' | 'failed';

/** A failed try; pg-boss retries the job with backoff and dead-letters it after the last. */
export class DeliveryFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeliveryFailed';
  }
}

/**
 * Sends one delivery: the event as JSON, signed with the endpoint's secret (`Retour-Signature`,
 * see src/domain/webhookSignature.ts), with the delivery's id as `Retour-Delivery` so a receiver
 * can drop a repeat. A delivery already made, or whose endpoint is switched off, is not sent again.
 * Every try is logged with its status code and time.
 */
export async function deliverWebhook(ctx: AppContext, deliveryId: string): Promise<DeliveryOutcome> {
  const d = await ctx.db
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
    .where('d.id', '=', deliveryId)
    .executeTakeFirst();
  if (!d || d.status === 'delivered' || !d.enabled) return 'skipped';
  const body = JSON.stringify(d.payload);
  const secret = ctx.payments.box.open<{ secret: string }>(d.secret).secret;
  const timestamp = Math.floor(ctx.now().getTime() / 1000);
  const started = Date.now();
  let status: number | null = null;
  let error: string | null = null;
  try {
    const res = await fetch(d.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Retour-Webhooks/1',
        'retour-delivery': d.id,
        'retour-event': d.event_type,
        'retour-signature': signWebhook(secret, timestamp, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    status = res.status;
    // Read (and drop) the answer so the connection is freed; its content is not kept.
    await res.arrayBuffer().catch(() => undefined);
    if (status < 200 || status >= 300) error = `answered ${status}`;
  } catch (err) {
    error = (err as Error).name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : 'could not be reached';
  }
  const now = ctx.now();
  const ok = error === null;
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('webhook_attempts')
      .values({
        id: newId('wha'),
        delivery_id: d.id,
        attempted_at: now,
        status_code: status,
        error,
        duration_ms: Date.now() - started,
      })
      .execute();
    await tx
      .updateTable('webhook_deliveries')
      .set({
        status: ok ? 'delivered' : 'pending',
        attempts: d.attempts + 1,
        last_status_code: status,
        last_error: error,
        updated_at: now,
        ...(ok ? { delivered_at: now } : {}),
      })
      .where('id', '=', d.id)
      .execute();
    if (ok) await tx.updateTable('webhook_endpoints').set({ last_success_at: now }).where('id', '=', d.endpoint_id).execute();
  });
  if (!ok) throw new DeliveryFailed(`${d.url} ${error}`);
  return 'delivered';
}

/**
 * A delivery that failed every try for about a day is dead: kept for staff to replay, and its
 * endpoint is switched off when nothing has reached it since the delivery was made (persistent
 * failure, not one bad event), with an alert event for the staff notifications.
 */
export async function giveUpDelivery(ctx: AppContext, deliveryId: string): Promise<void> {
  await inUnit(ctx, { actor: systemActor }, async ({ tx, now, record }) => {
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
    if (d?.status !== 'pending') return;
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
    if (!d.enabled || !persistent) return;
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
  });
}
