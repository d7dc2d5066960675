import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a signed timestamp may be from the receiver's clock before the request is refused as
 * a replay (seconds). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * The `Retour-Signature` header of a webhook request: `t=<unix seconds>,v1=<hex>` where the hex is
 * HMAC-SHA256 with the endpoint's secret over `<t>.<raw body>`. Signing the timestamp with the
 * body lets a receiver refuse an old request replayed later.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'malformed' | 'stale' | 'mismatch' };

/** What a receiver does with the header: parse, check the time window, compare in constant time. */
export function verifyWebhook(
  secret: string,
  header: string | undefined,
  body: string,
  nowSeconds: number,
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): SignatureCheck {
  const parts = Object.fromEntries(
    (header ?? '').split(',').map((p) => {
      const i = p.indexOf('=');
      return [p.slice(0, i).trim(), p.slice(i + 1).trim()];
    }),
  );
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(parts.v1 ?? '')) return { ok: false, reason: 'malformed' };
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(signWebhook(secret, t, body).split('v1=')[1] ?? '', 'hex');
  const given = Buffer.from(parts.v1 ?? '', 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given) ? { ok: true } : { ok: false, reason: 'mismatch' };
}

/** Whether an endpoint's subscription takes an event type: exact, a prefix with `.*`, or `*`. */
export function subscribes(eventTypes: readonly string[], type: string): boolean {
  return eventTypes.some((p) => p === '*' || p === type || (p.endsWith('.*') && type.startsWith(p.slice(0, -1))));
}
