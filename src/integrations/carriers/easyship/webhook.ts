import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { CarrierError, type WebhookBatch, type WebhookRequest } from '../../../app/logistics/carriers/port.js';
import type { TrackingUpdate } from '../../../domain/tracking.js';
import { type EasyshipTracking, easyshipUpdates } from './tracking.js';

const invalid = (why: string) => new CarrierError('rejected', 'WEBHOOK_SIGNATURE_INVALID', `easyship webhook ${why}`, 401);
const malformed = (why: string) => new CarrierError('rejected', 'WEBHOOK_MALFORMED', `easyship webhook ${why}`, 400);

/** Clocks differ: an `exp` a little in the past is still accepted. */
const LEEWAY_S = 60;
/** How far a token's `iat` may be from now. The token does not cover the body, so one seen once
 * could carry any body: it is good for a few minutes, not for ever. */
const ISSUED_WITHIN_S = 5 * 60;

/**
 * Checks `X-EASYSHIP-SIGNATURE`: a JWT signed HS256 with the webhook's secret (`webh_…`). Only HS256
 * is accepted (never `none`), the signature is compared in constant time, the token must say when it
 * was issued (`iat`, within five minutes of now), and an `exp` or `nbf` claim, where present, is
 * honoured. Returns the claims.
 */
export function verifyEasyshipJwt(token: string | undefined, secret: string | undefined, now: Date): Record<string, unknown> {
  if (!token) throw invalid('has no X-EASYSHIP-SIGNATURE header');
  if (!secret) throw invalid('cannot be checked: no webhook secret is stored for this connection');
  const parts = token.trim().split('.');
  const [head, body, sig] = parts;
  if (parts.length !== 3 || !head || !body || !sig) throw invalid('signature is not a JWT');
  let header: { alg?: unknown };
  let claims: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw invalid('signature is not a readable JWT');
  }
  if (header?.alg !== 'HS256') throw invalid('signature is not HS256');
  const expected = createHmac('sha256', secret).update(`${head}.${body}`).digest();
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid('signature does not match');
  if (!claims || typeof claims !== 'object') throw invalid('signature carries no claims');
  const seconds = now.getTime() / 1000;
  if (typeof claims.iat !== 'number' || !Number.isFinite(claims.iat)) throw invalid('signature does not say when it was issued');
  if (Math.abs(claims.iat - seconds) > ISSUED_WITHIN_S) throw invalid('signature was issued too long ago or ahead');
  if (typeof claims.exp === 'number' && claims.exp + LEEWAY_S < seconds) throw invalid('signature has expired');
  if (typeof claims.nbf === 'number' && claims.nbf - LEEWAY_S > seconds) throw invalid('signature is not valid yet');
  return claims;
}

interface EasyshipEvent {
  event_type?: string;
  /** The same under another name, as some deliveries may carry it (the event names are unconfirmed). */
  event?: string;
  tracking_status?: EasyshipTracking;
  label?: { tracking_number?: string };
  data?: { tracking_status?: EasyshipTracking; label?: { tracking_number?: string } } & EasyshipTracking;
}

/** The updates an event carries: tracking events give the tracking, a created label its first step.
 * Easyship's event names are unconfirmed, so an event of another name that carries a tracking
 * status with its number is read as a tracking event too. */
function updatesOf(event: EasyshipEvent, at: Date): TrackingUpdate[] {
  const type = event.event_type ?? event.event ?? '';
  const carried = event.tracking_status ?? event.data?.tracking_status;
  if (type.startsWith('shipment.tracking.') || typeof carried?.tracking_number === 'string') {
    const tracking = carried ?? event.data;
    const number = tracking?.tracking_number;
    if (!tracking || typeof number !== 'string' || !number) throw malformed('tracking event has no tracking number');
    return easyshipUpdates(tracking, number, at);
  }
  if (type === 'shipment.label.created') {
    const number = (event.label ?? event.data?.label)?.tracking_number;
    if (typeof number === 'string' && number)
      return [
        {
          trackingNumber: number,
          state: 'label_created',
          carrierStatus: 'label_created',
          description: 'Label created',
          occurredAt: at,
          location: null,
        },
      ];
  }
  return [];
}

/**
 * Reads a signed Easyship delivery. Easyship's JWT vouches for the sender (its claims name the
 * company), not for the body's bytes: the body is read as sent, and Retour asks Easyship for the
 * tracking of the parcels it names before moving them (capability `bodySigned: false`). The dedupe
 * key is the body's hash, which a resent delivery keeps even when its token is new.
 */
export function parseEasyshipWebhook(request: WebhookRequest, secret: string | undefined, now = new Date()): WebhookBatch {
  const claims = verifyEasyshipJwt(request.headers['x-easyship-signature'], secret, now);
  let event: EasyshipEvent;
  try {
    event = JSON.parse(request.rawBody.toString('utf8'));
  } catch {
    throw malformed('body is not JSON');
  }
  if (!event || typeof event !== 'object' || typeof (event.event_type ?? event.event) !== 'string')
    throw malformed('body has no event_type');
  const issuedAt = new Date((claims.iat as number) * 1000);
  const dedupeKey = `easyship:${createHash('sha256').update(request.rawBody).digest('hex')}`;
  return { dedupeKey, updates: updatesOf(event, issuedAt) };
}
