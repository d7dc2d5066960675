import { z } from 'zod';
import { SHOP_SECRET_FIELDS } from '../../../../domain/shopConnectionFields.js';
import { SHOP_PLATFORMS, SYNC_KINDS, SYNC_STATUSES } from '../../../../domain/shopPlatforms.js';
import { instant, itemsOf, noBody, referenceCode, type Wire } from '../../common.js';

/** Requests and responses of Settings → Connections: shop platforms and marketplaces. */
export const connectionParams = z.object({ id: z.string() });

const secret = z.string().trim().min(1).max(5000);
const secretFields = {
  apiKey: secret
    .optional()
    .describe(
      "Shopify's Admin API access token, WooCommerce's consumer key, ChannelEngine's merchant API key; left out: keep the stored one",
    ),
  apiSecret: secret.optional().describe("WooCommerce's consumer secret"),
  webhookSecret: secret
    .nullish()
    .describe(
      "Shopify's API secret key (signs its webhooks), the secret of WooCommerce's webhooks; null removes an optional one",
    ),
};
const connectionName = z.string().trim().min(1).max(100);
const baseUrl = z
  .url({ protocol: /^https?$/ })
  .max(300)
  .nullish()
  .describe('Only to point at a test double of the API; null goes back to the real one');

export const connectionSettings = z
  .strictObject({
    refundThroughPlatform: z
      .boolean()
      .optional()
      .describe('Refund orders paid on the platform through the platform (Shopify, WooCommerce)'),
    pushReturns: z.boolean().optional().describe('Register returns made in Retour on the platform (Shopify, ChannelEngine)'),
    pushRestocks: z.boolean().optional().describe("Add restocked units to the platform's inventory (Shopify)"),
    locations: z
      .record(z.string().min(1).max(64), z.string().trim().min(1).max(200))
      .optional()
      .describe("The platform's location restocked units go to, per Retour warehouse id"),
    reasonMap: z
      .record(z.string().min(1).max(100), z.string().min(1).max(64))
      .optional()
      .describe("The marketplace's return reason → the shop's reason code (ChannelEngine)"),
    marketplaceReturnDays: z.number().int().min(0).max(365).optional(),
    acknowledgeOrders: z
      .boolean()
      .optional()
      .describe('ChannelEngine: Retour acknowledges new orders itself; only where no other system takes them from ChannelEngine'),
    importProducts: z.boolean().optional().describe('Import products from the platform, which then owns them'),
  })
  .describe('What syncs in which direction; a setting left out takes the default');

const common = {
  name: connectionName,
  channelCode: referenceCode
    .optional()
    .describe("The sales channel its orders land in: an existing one, or one made for it; the platform's own code when left out"),
  channelName: z.string().trim().min(1).max(200).optional().describe('The name of a channel made for it'),
  shop: z
    .string()
    .trim()
    .min(1)
    .max(300)
    .describe("Shopify's shop domain (example.myshopify.com), WooCommerce's site URL, ChannelEngine's tenant"),
  ...secretFields,
  apiVersion: z
    .string()
    .regex(/^\d{4}-\d{2}$/, 'YYYY-MM, a released Admin API version')
    .nullish()
    .describe("Shopify's Admin API version to pin; null: the adapter's own"),
  baseUrl,
  settings: connectionSettings.optional(),
  enabled: z.boolean().optional(),
};

export const createConnectionBody = z.strictObject({ platform: z.enum(SHOP_PLATFORMS), ...common });
export const updateConnectionBody = z.strictObject({
  platform: z.enum(SHOP_PLATFORMS).optional().describe('A connection keeps its platform; given, it must be the same'),
  ...common,
  name: connectionName.optional(),
  shop: common.shop.optional(),
});
export const testConnectionBody = noBody;
export const deleteConnectionBody = noBody;
export const syncConnectionBody = z
  .strictObject({
    resource: z
      .enum(['orders', 'products'])
      .optional()
      .describe('Only this; left out: products (where the connection imports them), then orders'),
  })
  .nullish();
export const syncRequested = z.object({
  queued: z.literal(true),
  kind: z.enum(SYNC_KINDS).describe('backfill for a connection never read in full, a catch-up otherwise'),
  resources: z.array(z.enum(['orders', 'products'])),
});
export const listQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) });

export const syncRun = z.object({
  id: z.string(),
  kind: z.enum(SYNC_KINDS),
  resource: z.enum(['orders', 'products', 'returns']),
  status: z.enum(SYNC_STATUSES),
  processed: z.number(),
  total: z.number().nullable().describe('How many there are in all, where the platform says'),
  errors: z.number(),
  lastError: z.string().nullable(),
  startedBy: z.string().nullable(),
  startedAt: instant,
  updatedAt: instant,
  finishedAt: instant.nullable(),
});
export const syncRunList = itemsOf(syncRun);

export const syncError = z.object({
  id: z.string(),
  runId: z.string().nullable(),
  subject: z.string().describe('What failed: an order, a product, a webhook, a return pushed, a refund …'),
  externalId: z.string().nullable(),
  code: z.string(),
  message: z.string().describe("The platform's own message"),
  createdAt: instant,
});
export const syncErrorList = itemsOf(syncError);

/** A connection as the API shows it: never a secret, only the API key's last characters. */
export const shopConnection = z.object({
  id: z.string(),
  platform: z.enum(SHOP_PLATFORMS),
  name: z.string(),
  enabled: z.boolean(),
  channel: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  shop: z.string().nullable(),
  keyHint: z.string().describe("The API key's last characters, to tell keys apart"),
  fields: z
    .array(z.object({ field: z.enum(SHOP_SECRET_FIELDS), stored: z.boolean() }))
    .describe('The secrets this platform asks for, and whether each is stored'),
  readable: z.boolean().describe('false: sealed with another installation key; enter the credentials again'),
  apiVersion: z.string().nullable(),
  baseUrl: z.string().nullable(),
  settings: connectionSettings,
  check: z
    .object({ at: instant, ok: z.boolean(), message: z.string().nullable() })
    .nullable()
    .describe('The last "test connection": the shop on success, what went wrong otherwise'),
  webhookUrl: z
    .string()
    .nullable()
    .describe("The URL to paste into the platform's webhook settings; only for those who manage connections"),
  status: z.object({
    lastSyncAt: instant.nullable(),
    syncedUntil: instant.nullable().describe('Changes up to this moment are in'),
    ordersReceived: z.number(),
    webhooksReceived: z.number(),
    webhooksRejected: z.number().describe('Webhooks whose signature or token did not verify'),
    lastError: z.object({ message: z.string(), at: instant }).nullable(),
    recentErrors: z.number().describe('Errors recorded in the last 24 hours'),
    latestRun: syncRun.nullable(),
  }),
  createdAt: instant,
  updatedAt: instant,
});
export const shopConnectionList = itemsOf(shopConnection);
export const connectionCheck = z.object({ ok: z.boolean(), message: z.string().nullable(), checkedAt: instant });
export const deletedConnection = z.object({ id: z.string(), deleted: z.literal(true) });

export type ShopConnection = Wire<typeof shopConnection>;
export type ShopConnectionList = Wire<typeof shopConnectionList>;
export type ShopConnectionSettingsBody = z.input<typeof connectionSettings>;
export type SyncRun = Wire<typeof syncRun>;
export type SyncRunList = Wire<typeof syncRunList>;
export type SyncErrorList = Wire<typeof syncErrorList>;
export type ConnectionCheck = Wire<typeof connectionCheck>;
