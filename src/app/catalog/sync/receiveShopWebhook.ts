import { createHash, timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../../kernel/context.js';
import { newId } from '../../kernel/ids.js';
import { queueSoon } from '../../kernel/queueSoon.js';
import type { ShopConnectionHandle } from '../connections/gateway.js';
import { ShopError, type ShopWebhookEvent, type ShopWebhookRequest } from '../connections/port.js';
import { countRejectedWebhook, storeShopWebhook } from './shopWebhookInbox.js';

/** The queue whose jobs apply a connection's stored shop webhooks (src/jobs/worker.ts). */
export const SHOP_WEBHOOK_QUEUE = 'catalog.shop_webhooks';

export type ShopWebhookReceipt =
  | { outcome: 'unknown' }
  | { outcome: 'refused'; status: 400 | 401; code: string; message: string }
  | { outcome: 'accepted'; duplicate: boolean; topic: string };

/** How long the connections' tokens and adapters are used before they are read again: a burst
 * costs no read per delivery, and a connection switched off stops taking webhooks within seconds. */
const TTL_MS = 2_000;

interface Known {
  until: number;
  tokens: { id: string; digest: Buffer; token: string }[];
  handles: Map<string, ShopConnectionHandle | null>;
}
const known = new WeakMap<AppContext, Known>();

const digest = (token: string) => createHash('sha256').update(token, 'utf8').digest();

/** The switched-on connection whose webhook token this is. */
async function connectionByToken(
  ctx: AppContext,
  token: string,
): Promise<{ handle: ShopConnectionHandle; token: string } | null> {
  let cache = known.get(ctx);
  const fresh = !cache || cache.until < Date.now();
  if (!cache || fresh) cache = await loadTokens(ctx);
  let match = matching(cache, token);
  // A connection made since the tokens were read: read them again (an unknown token costs a read).
  if (!match && !fresh) {
    cache = await loadTokens(ctx);
    match = matching(cache, token);
  }
  if (!match) return null;
  if (!cache.handles.has(match.id)) cache.handles.set(match.id, await ctx.shops.connection(match.id));
  const handle = cache.handles.get(match.id);
  return handle ? { handle, token: match.token } : null;
}

async function loadTokens(ctx: AppContext): Promise<Known> {
  const rows = await ctx.db.selectFrom('shop_connections').select(['id', 'webhook_token']).where('enabled', '=', true).execute();
  const cache: Known = {
    until: Date.now() + TTL_MS,
    tokens: rows.map((r) => ({ id: r.id, digest: digest(r.webhook_token), token: r.webhook_token })),
    handles: new Map(),
  };
  known.set(ctx, cache);
  return cache;
}

/** Every token is compared in full, in constant time, so the answer's timing tells nothing of how
 * close a guess came. */
function matching(cache: Known, token: string): Known['tokens'][number] | null {
  const wanted = digest(token);
  let match: Known['tokens'][number] | null = null;
  for (const t of cache.tokens) if (timingSafeEqual(t.digest, wanted)) match = t;
  return match;
}

/**
 * Takes a platform's webhook: finds the connection by the token in its URL, has the adapter verify
 * the signature over the raw body and read it, stores it once per delivery id, and answers at once;
 * a job applies what was stored (platforms time out in seconds and retry what is slow). A refused
 * delivery is counted and nothing of it is kept. WooCommerce's ping when a webhook is made, and
 * other deliveries with nothing to apply, are answered and dropped.
 */
export async function receiveShopWebhook(
  ctx: AppContext,
  input: { token: string } & ShopWebhookRequest,
): Promise<ShopWebhookReceipt> {
  const found = await connectionByToken(ctx, input.token);
  if (!found) return { outcome: 'unknown' };
  const { handle } = found;
  let event: ShopWebhookEvent;
  try {
    event = handle.adapter.parseWebhook({ headers: input.headers, rawBody: input.rawBody, query: input.query }, found.token);
  } catch (err) {
    if (!(err instanceof ShopError)) throw err;
    countRejectedWebhook(ctx, handle.id);
    return err.kind === 'auth'
      ? { outcome: 'refused', status: 401, code: 'WEBHOOK_SIGNATURE_INVALID', message: 'The webhook signature does not match' }
      : { outcome: 'refused', status: 400, code: 'WEBHOOK_MALFORMED', message: err.message.slice(0, 300) };
  }
  if (event.resource === 'ping' || event.resource === 'other')
    return { outcome: 'accepted', duplicate: false, topic: event.topic };
  const deliveryId =
    event.deliveryId || createHash('sha256').update(input.rawBody).update(JSON.stringify(input.query)).digest('base64url');
  const stored = await storeShopWebhook(ctx, {
    id: newId('swh'),
    connection_id: handle.id,
    delivery_id: deliveryId.slice(0, 300),
    topic: event.topic.slice(0, 200),
    resource: event.resource,
    external_id: event.externalId,
    event: JSON.stringify(event),
    received_at: ctx.now(),
  });
  if (stored) queueSoon(ctx, SHOP_WEBHOOK_QUEUE, handle.id, { connectionId: handle.id });
  return { outcome: 'accepted', duplicate: !stored, topic: event.topic };
}
