import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { CarrierError, type WebhookBatch, type WebhookRequest } from '../../../app/logistics/carriers/port.js';
import type { TrackingUpdate } from '../../../domain/tracking.js';
import { isObject, text } from './client.js';
import { updatesOfTrack } from './tracking.js';

/** How far a signature's timestamp may be from now: older deliveries may be replays. */
const SIGNATURE_TOLERANCE_MS = 5 * 60_000;

const invalid = (why: string) => new CarrierError('rejected', 'WEBHOOK_SIGNATURE_INVALID', `shippo webhook refused: ${why}`);
const malformed = (why: string) => new CarrierError('rejected', 'WEBHOOK_MALFORMED', `shippo webhook unreadable: ${why}`);

const sameBytes = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b);

/** `t=<unix>,v1=<hex>[,v1=<hex>]` → its parts; null when it is not that. */
function signatureParts(header: string): { t: number; v1: string[] } | null {
  let t: number | null = null;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part
      .trim()
      .split('=', 2)
      .map((s) => s?.trim() ?? '');
    if (key === 't' && /^\d+$/.test(value ?? '')) t = Number(value);
    if (key === 'v1' && value) v1.push(value.toLowerCase());
  }
  return t === null || v1.length === 0 ? null : { t, v1 };
}

/** Which reading of a delivery's proof vouched for it (said in a debug log, never the proof). */
export type ShippoWebhookReading = 'signature of timestamp and body' | 'signature of body alone' | 'URL token';

/**
 * Whether a delivery comes from Shippo, and by which reading. With `Shippo-Auth-Signature` (a
 * secret Shippo provisions): hex HMAC-SHA256 of "<t>.<raw body>" under the secret, with `t` within
 * five minutes of now. That format comes from third-party code, not Shippo's own docs, so a v1 over
 * the raw body alone is accepted as well. It still needs the secret, but its `t` is not signed: the
 * five minutes do not hold a replay off, since anyone who saw the delivery can resend it with a
 * fresh `t`. What does is the delivery's dedupe row in `carrier_webhooks` (unique per connection and
 * hash of the body, kept for good): a resent body finds it and is neither stored nor applied again.
 * Without the header, the secret token Retour put in the webhook's URL (`?token=`). All compare in
 * constant time.
 */
export function verifyShippoWebhook(request: WebhookRequest, secret: string | undefined, now: Date): ShippoWebhookReading {
  if (!secret) throw invalid('no webhook secret is set for this connection');
  const header = request.headers['shippo-auth-signature'];
  if (header !== undefined) {
    const parts = signatureParts(header);
    if (!parts) throw invalid('the signature header is not t=…,v1=…');
    if (Math.abs(now.getTime() - parts.t * 1000) > SIGNATURE_TOLERANCE_MS) throw invalid('the signature is too old or too new');
    const timed = createHmac('sha256', secret).update(`${parts.t}.`).update(request.rawBody).digest();
    const bodyOnly = createHmac('sha256', secret).update(request.rawBody).digest();
    const matches = (expected: Buffer) => (v: string) => /^[0-9a-f]+$/.test(v) && sameBytes(Buffer.from(v, 'hex'), expected);
    if (parts.v1.some(matches(timed))) return 'signature of timestamp and body';
    if (parts.v1.some(matches(bodyOnly))) return 'signature of body alone';
    throw invalid('the signature does not match');
  }
  const token = request.query.token;
  if (token === undefined) throw invalid('neither a signature nor a token came with it');
  // Hashes first, so the comparison takes the same time whatever the token's length.
  const digest = (s: string) => createHash('sha256').update(s).digest();
  if (!sameBytes(digest(token), digest(secret))) throw invalid('the token does not match');
  return 'URL token';
}

/** The updates in a verified delivery: `track_updated` carries a Track; `transaction_updated` for
 * a refunded label says the parcel was cancelled; other events carry nothing for tracking. */
export function readShippoWebhook(rawBody: Buffer): WebhookBatch {
  let payload: unknown;
  try {
    payload = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw malformed('the body is not JSON');
  }
  if (!isObject(payload) || !text(payload, 'event')) throw malformed('no event');
  const dedupeKey = `shippo:${createHash('sha256').update(rawBody).digest('hex')}`;
  const event = text(payload, 'event');
  if (event === 'track_updated') {
    const updates = updatesOfTrack(payload.data);
    if (!updates) throw malformed('track_updated without a readable Track');
    return { dedupeKey, updates };
  }
  if (event === 'transaction_updated' && isObject(payload.data)) return { dedupeKey, updates: refundUpdates(payload.data) };
  return { dedupeKey, updates: [] };
}

function refundUpdates(transaction: Record<string, unknown>): TrackingUpdate[] {
  const trackingNumber = text(transaction, 'tracking_number');
  if (text(transaction, 'status') !== 'REFUNDED' || !trackingNumber) return [];
  const at = new Date(text(transaction, 'object_updated') ?? '');
  if (Number.isNaN(at.getTime())) throw malformed('a refunded transaction without object_updated');
  return [
    {
      trackingNumber,
      state: 'cancelled',
      carrierStatus: 'REFUNDED',
      description: 'Label refunded',
      occurredAt: at,
      location: null,
    },
  ];
}
