import { createHash, createPublicKey, type KeyObject, verify } from 'node:crypto';
import { CarrierError, type WebhookBatch, type WebhookRequest } from '../../../app/logistics/carriers/port.js';
import { trackingUpdates } from './tracking.js';

/** How far a delivery's timestamp may be from now, either way (ShipStation suggests 5 minutes). */
export const TIMESTAMP_TOLERANCE_MS = 5 * 60 * 1000;

const invalid = (why: string) => new CarrierError('rejected', 'WEBHOOK_SIGNATURE_INVALID', `shipstation webhook ${why}`, 401);
const malformed = (why: string) => new CarrierError('rejected', 'WEBHOOK_MALFORMED', `shipstation webhook ${why}`, 400);

/**
 * The public key for a delivery: the connection keeps either one PEM key, or ShipStation's JWKS
 * document (`{"keys": [...]}`), from which the delivery's key id picks the key.
 */
function publicKey(stored: string, keyId: string): KeyObject {
  const text = stored.trim();
  try {
    if (!text.startsWith('{')) return createPublicKey(text);
    const keys = (JSON.parse(text) as { keys?: { kid?: string }[] }).keys ?? [];
    const jwk = keys.find((k) => k.kid === keyId);
    if (!jwk) throw invalid('is signed with a key this connection does not know');
    return createPublicKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' });
  } catch (err) {
    if (err instanceof CarrierError) throw err;
    throw invalid('cannot be checked: the stored public key is unreadable');
  }
}

/** The timestamp header as a time: ISO 8601, or Unix seconds (milliseconds when that large). */
function timestampOf(value: string): Date | null {
  const n = Number(value);
  const at = Number.isFinite(n) && value.trim() !== '' ? new Date(n > 1e12 ? n : n * 1000) : new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
}

/**
 * Checks an RSA-SHA256 signed ShipStation delivery and reads its tracking. ShipStation's guide
 * signs the timestamp and the raw body joined by a dot; a signature over the raw body alone is
 * accepted as well, since that reading is not settled (both still need the key's private half).
 */
export function parseShipStationWebhook(request: WebhookRequest, storedKey: string | undefined, now = new Date()): WebhookBatch {
  const keyId = request.headers['x-shipengine-rsa-sha256-key-id'];
  const signature = request.headers['x-shipengine-rsa-sha256-signature'];
  const timestamp = request.headers['x-shipengine-timestamp'];
  if (!keyId || !signature || !timestamp) throw invalid('has no signature headers');
  if (!storedKey) throw invalid('cannot be checked: no public key is stored for this connection');
  const at = timestampOf(timestamp);
  if (!at || Math.abs(now.getTime() - at.getTime()) > TIMESTAMP_TOLERANCE_MS) throw invalid('timestamp is too far from now');
  const key = publicKey(storedKey, keyId);
  const sig = Buffer.from(signature, 'base64');
  const signed = [Buffer.concat([Buffer.from(`${timestamp}.`), request.rawBody]), request.rawBody];
  const matches = (message: Buffer) => {
    try {
      return verify('sha256', message, key, sig);
    } catch {
      return false;
    }
  };
  if (!signed.some(matches)) throw invalid('signature does not match');

  let payload: { resource_type?: string; data?: unknown };
  try {
    payload = JSON.parse(request.rawBody.toString('utf8'));
  } catch {
    throw malformed('body is not JSON');
  }
  if (!payload || typeof payload !== 'object') throw malformed('body is not an object');
  const dedupeKey = `shipstation:${createHash('sha256').update(request.rawBody).digest('hex')}`;
  // Only tracking deliveries move parcels; other events (batches, rates) are acknowledged and dropped.
  if (payload.resource_type !== 'API_TRACK') return { dedupeKey, updates: [] };
  try {
    return { dedupeKey, updates: trackingUpdates(payload.data, null, at) };
  } catch (err) {
    throw malformed(err instanceof Error ? err.message.replace(/^shipstation /, '') : 'tracking is unreadable');
  }
}
