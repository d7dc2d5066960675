import { randomBytes } from 'node:crypto';
import { forgetConnectedPlatforms } from '../../src/app/catalog/connections/connectedPlatforms.js';
import type { ShopCredentials, ShopOrder, ShopOrderLine } from '../../src/app/catalog/connections/port.js';
import { loadSyncConnection, type SyncConnection } from '../../src/app/catalog/sync/syncConnection.js';
import type { AppContext } from '../../src/app/kernel/context.js';
import { newId } from '../../src/app/kernel/ids.js';
import type { ShopConnectionSettings } from '../../src/db/schema/connections.js';
import type { ShopPlatform } from '../../src/domain/shopPlatforms.js';

/** A stored shop connection for sync tests, in a channel of its own (made when missing). */
export async function storeShopConnection(
  ctx: AppContext,
  input: {
    platform: ShopPlatform;
    name?: string;
    channelCode?: string;
    settings?: ShopConnectionSettings;
    credentials?: ShopCredentials;
    webhookToken?: string;
  },
): Promise<SyncConnection & { webhookToken: string }> {
  const channelCode = input.channelCode ?? `${input.platform}-${randomBytes(3).toString('hex')}`;
  let channel = await ctx.db.selectFrom('channels').select('id').where('code', '=', channelCode).executeTakeFirst();
  if (!channel) {
    channel = { id: newId('chn') };
    await ctx.db
      .insertInto('channels')
      .values({
        id: channel.id,
        code: channelCode,
        name: channelCode,
        kind: input.platform === 'channelengine' ? 'marketplace' : 'webshop',
      })
      .execute();
  }
  const id = newId('shc');
  const webhookToken = input.webhookToken ?? randomBytes(24).toString('base64url');
  const credentials = input.credentials ?? { shop: 'shop.example', apiKey: 'key-that-is-not-used' };
  const now = ctx.now();
  await ctx.db
    .insertInto('shop_connections')
    .values({
      id,
      platform: input.platform,
      name: input.name ?? `${input.platform} ${id.slice(-4)}`,
      channel_id: channel.id,
      credentials: ctx.shops.box.seal(credentials),
      key_hint: credentials.apiKey.slice(-4),
      webhook_token: webhookToken,
      settings: JSON.stringify(input.settings ?? {}),
      created_at: now,
      updated_at: now,
    })
    .execute();
  // As saving the connection in the settings does: the relay sees the new platform at once.
  await forgetConnectedPlatforms(ctx.caches);
  return { ...((await loadSyncConnection(ctx.db, id)) as SyncConnection), webhookToken };
}

/** A line of a platform order, in the port's shape. */
export function shopLine(externalId: string, over: Partial<ShopOrderLine> = {}): ShopOrderLine {
  return {
    externalId,
    sku: 'TEE-M',
    title: 'Organic tee M',
    quantity: 1,
    unitPriceAmount: 2000,
    discountAmount: 0,
    taxRateBp: 2100,
    productExternalId: null,
    variantExternalId: null,
    deliveredAt: null,
    ref: { lineItemId: externalId },
    ...over,
  };
}

/** An order as an adapter gives it: two lines unless told otherwise. */
export function shopOrder(externalId: string, over: Partial<ShopOrder> = {}): ShopOrder {
  return {
    externalId,
    number: `#${externalId}`,
    marketplace: null,
    placedAt: '2026-11-01T10:00:00.000Z',
    updatedAt: '2026-11-01T10:00:00.000Z',
    cancelledAt: null,
    currency: 'EUR',
    customer: {
      externalId: `c-${externalId}`,
      email: `shopper-${externalId}@example.nl`,
      firstName: 'Sam',
      lastName: 'Jansen',
      phone: null,
      locale: 'nl',
    },
    shippingAddress: { name: 'Sam Jansen', line1: 'Kade 1', postcode: '1011 AB', city: 'Amsterdam', country: 'NL' },
    lines: [shopLine(`${externalId}-1`), shopLine(`${externalId}-2`, { sku: 'TEE-L', title: 'Organic tee L' })],
    shippingLines: [{ title: 'PostNL', amount: 495 }],
    discountCodes: [],
    shippingAmount: 495,
    payment: { refundable: true, method: 'shopify_payments' },
    tags: [],
    ...over,
  };
}
