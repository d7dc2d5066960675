import type { Kysely, Selectable } from 'kysely';
import type { Database, WebhookEndpointsTable } from '../../../db/schema.js';
import { notFound } from '../../../domain/errors.js';
import type { WebhookDeliveryStatus } from '../../../domain/webhookDelivery.js';
import { decodeCursor, type Page, toPage } from '../../kernel/pagination.js';
import { deliveryPayloadRemoved } from './replayWebhookDelivery.js';

export interface WebhookEndpointView {
  id: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  secretHint: string;
  enabled: boolean;
  disabledReason: string | null;
  disabledAt: string | null;
  lastSuccessAt: string | null;
  createdAt: string;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** An endpoint as the API shows it: never its secret, only the secret's last characters. */
export function presentEndpoint(e: Selectable<WebhookEndpointsTable>): WebhookEndpointView {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    eventTypes: e.event_types,
    secretHint: e.secret_hint,
    enabled: e.enabled,
    disabledReason: e.disabled_reason,
    disabledAt: iso(e.disabled_at),
    lastSuccessAt: iso(e.last_success_at),
    createdAt: e.created_at.toISOString(),
  };
}

export async function listWebhookEndpoints(db: Kysely<Database>) {
  const rows = await db.selectFrom('webhook_endpoints').selectAll().orderBy('created_at').execute();
  return { items: rows.map(presentEndpoint) };
}

export interface DeliveryView {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  /** Retention emptied the payload: it cannot be replayed. */
  payloadRemoved: boolean;
  createdAt: string;
  deliveredAt: string | null;
  log: { attemptedAt: string; statusCode: number | null; error: string | null; durationMs: number }[];
}

/** Deliveries newest first, each with its tries: of one endpoint, or every dead one. Two queries. */
export async function listWebhookDeliveries(
  db: Kysely<Database>,
  filter: { endpointId?: string; status?: WebhookDeliveryStatus; cursor?: string; limit?: number },
): Promise<Page<DeliveryView>> {
  // The cursor is checked before the endpoint: a malformed request is answered as such whatever it names.
  const before = filter.cursor ? decodeCursor(filter.cursor) : undefined;
  if (filter.endpointId) {
    const exists = await db.selectFrom('webhook_endpoints').select('id').where('id', '=', filter.endpointId).executeTakeFirst();
    if (!exists) throw notFound('Webhook endpoint', filter.endpointId);
  }
  const limit = Math.min(Math.max(filter.limit ?? 25, 1), 100);
  let q = db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (filter.endpointId) q = q.where('endpoint_id', '=', filter.endpointId);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (before) q = q.where('id', '<', before);
  const page = toPage(await q.execute(), limit);
  const attempts = page.items.length
    ? await db
        .selectFrom('webhook_attempts')
        .selectAll()
        .where(
          'delivery_id',
          'in',
          page.items.map((d) => d.id),
        )
        .orderBy('id')
        .execute()
    : [];
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((d) => ({
      id: d.id,
      endpointId: d.endpoint_id,
      eventId: d.event_id,
      eventType: d.event_type,
      status: d.status,
      attempts: d.attempts,
      lastStatusCode: d.last_status_code,
      lastError: d.last_error,
      payloadRemoved: deliveryPayloadRemoved(d.payload),
      createdAt: d.created_at.toISOString(),
      deliveredAt: iso(d.delivered_at),
      log: attempts
        .filter((a) => a.delivery_id === d.id)
        .map((a) => ({
          attemptedAt: a.attempted_at.toISOString(),
          statusCode: a.status_code,
          error: a.error,
          durationMs: a.duration_ms,
        })),
    })),
  };
}
