import { createHmac, hash, timingSafeEqual } from 'node:crypto';
import { CarrierError, type WebhookBatch, type WebhookRequest } from '../../../app/logistics/carriers/port.js';
import type { TrackingUpdate } from '../../../domain/tracking.js';
import { isObject } from './client.js';
import { STATUS_ID_PARENTS, stateOfStatus } from './statuses.js';

/** Sendcloud's signature of a body: lower-case hex HMAC-SHA256 with the integration's secret key. */
export function signSendcloudBody(rawBody: Buffer | string, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('hex');
}

const invalid = (why: string) => new CarrierError('rejected', 'WEBHOOK_SIGNATURE_INVALID', `sendcloud webhook ${why}`);
const malformed = (why: string) => new CarrierError('rejected', 'WEBHOOK_MALFORMED', `sendcloud webhook ${why}`);

/** Unix seconds (Sendcloud's `timestamp`), tolerating milliseconds and ISO strings. */
export function timeOf(value: unknown): Date | null {
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value > 1e12 ? value : value * 1000);
  if (typeof value === 'string' && value !== '') {
    const n = Number(value);
    if (Number.isFinite(n)) return timeOf(n);
    const at = Date.parse(value);
    return Number.isNaN(at) ? null : new Date(at);
  }
  return null;
}

/**
 * Verifies a delivery's `Sendcloud-Signature` on the raw bytes and reads it. Only
 * `parcel_status_changed` moves a parcel; other actions (`return_created`, integration changes) are
 * acknowledged without updates. Sendcloud resends an unanswered delivery as it was, so the body's
 * hash is its dedupe key; it does not keep order, so each update carries the carrier's own time.
 */
export function parseSendcloudWebhook(request: WebhookRequest, secret: string | undefined): WebhookBatch {
  const signature = request.headers['sendcloud-signature'];
  if (!signature) throw invalid('has no Sendcloud-Signature header');
  if (!secret) throw invalid('cannot be checked: the connection has no secret key');
  const expected = Buffer.from(signSendcloudBody(request.rawBody, secret), 'utf8');
  const given = Buffer.from(signature.trim().toLowerCase(), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid('signature does not match');
  let payload: unknown;
  try {
    payload = JSON.parse(request.rawBody.toString('utf8'));
  } catch {
    throw malformed('body is not JSON');
  }
  if (!isObject(payload) || typeof payload.action !== 'string') throw malformed('has no action');
  // One-shot hashing: no Hash object per delivery.
  const dedupeKey = `sendcloud:${hash('sha256', request.rawBody, 'hex')}`;
  if (payload.action !== 'parcel_status_changed') return { dedupeKey, updates: [] };
  return { dedupeKey, updates: [statusUpdate(payload)] };
}

function statusUpdate(payload: Record<string, unknown>): TrackingUpdate {
  const parcel = payload.parcel;
  if (!isObject(parcel)) throw malformed('has no parcel');
  const trackingNumber = typeof parcel.tracking_number === 'string' ? parcel.tracking_number : '';
  if (!trackingNumber) throw malformed('names no tracking number');
  const status = isObject(parcel.status) ? parcel.status : {};
  // Newer payloads name the parent status; v2 ones only the numeric id. Either one places it.
  const parent =
    typeof parcel.parent_status === 'string'
      ? parcel.parent_status
      : typeof status.parent_status === 'string'
        ? status.parent_status
        : null;
  const id = typeof status.id === 'number' || typeof status.id === 'string' ? Number(status.id) : null;
  if (parent === null && (id === null || Number.isNaN(id))) throw malformed('has no parcel status');
  const occurredAt = timeOf(payload.carrier_status_change_timestamp) ?? timeOf(payload.timestamp);
  if (!occurredAt) throw malformed('has no timestamp');
  return {
    trackingNumber,
    state: stateOfStatus(parent ?? id),
    carrierStatus: parent ?? (id !== null ? (STATUS_ID_PARENTS[id] ?? String(id)) : 'unknown'),
    description: typeof status.message === 'string' ? status.message : (parent ?? String(id)),
    occurredAt,
    location: null,
  };
}
