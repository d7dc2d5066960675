import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { ShopError, type ShopWebhookEvent, type ShopWebhookRequest } from '../../../app/catalog/connections/port.js';

/** Fields of a call: ChannelEngine appends them to the URL; a POST may carry them in a JSON body too. */
function callFields(request: ShopWebhookRequest): Record<string, string | undefined> {
  const fields: Record<string, string | undefined> = { ...request.query };
  if (fields.type || !request.rawBody.trim().startsWith('{')) return fields;
  try {
    const body = JSON.parse(request.rawBody) as Record<string, unknown>;
    for (const key of ['type', 'tenant', 'updatedSince'])
      if (body[key] !== undefined && body[key] !== null) fields[key] = String(body[key]);
  } catch {
    // Not JSON: the query is all there is.
  }
  return fields;
}

function sameToken(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** `updatedSince` as ISO: unix seconds (what ChannelEngine sends), milliseconds or a date. */
function changedSince(value: string | undefined): string | null {
  if (!value) return null;
  if (/^\d+$/.test(value)) {
    const n = Number(value);
    return new Date(n < 1e12 ? n * 1000 : n).toISOString();
  }
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : new Date(at).toISOString();
}

/** What a call is about, from `type` (`orders`, `returns`, or an event name such as RETURNS_CHANGE). */
function resourceOf(type: string): ShopWebhookEvent['resource'] {
  const t = type.toLowerCase();
  if (t.startsWith('order')) return 'order';
  if (t.startsWith('return')) return 'return';
  return 'other';
}

function actionOf(type: string): ShopWebhookEvent['action'] {
  const t = type.toUpperCase();
  if (t.endsWith('_CREATE')) return 'created';
  if (t.endsWith('_CHANGE')) return 'updated';
  return 'other';
}

/**
 * Reads a ChannelEngine webhook call. ChannelEngine signs nothing: the call is found by the
 * connection's secret token in the URL path (the route looks the connection up by it and passes it
 * here), a token also given in the query must match it, and a tenant named must be the
 * connection's. The call only says "changed since": the sync fetches what changed with its own
 * key, so a forged call can at most cause a fetch. Repeats of one call (same type and moment)
 * carry one delivery id and collapse; calls without a moment are each applied.
 */
export function parseChannelEngineWebhook(request: ShopWebhookRequest, expectedToken: string, tenant: string): ShopWebhookEvent {
  const fields = callFields(request);
  const given = fields.token;
  if (given !== undefined && !sameToken(given, expectedToken))
    throw new ShopError('auth', 'CHANNELENGINE_WEBHOOK_TOKEN', 'the webhook token does not match this connection');
  if (fields.tenant && fields.tenant.toLowerCase() !== tenant.toLowerCase())
    throw new ShopError('auth', 'CHANNELENGINE_WEBHOOK_TENANT', 'the webhook names another ChannelEngine tenant');
  const type = fields.type ?? '';
  const since = changedSince(fields.updatedSince);
  return {
    // A call without a moment cannot be told from a repeat: each is its own delivery (the catch-up
    // it queues is queued once however many come), never one dropped as a repeat of the first.
    deliveryId: fields.updatedSince ? `${type || 'ping'}:${fields.updatedSince}` : `${type || 'ping'}:${randomUUID()}`,
    topic: type || 'ping',
    resource: type ? resourceOf(type) : 'ping',
    action: actionOf(type),
    externalId: null,
    order: null,
    changedSince: since,
  };
}
