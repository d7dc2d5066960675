import type { ShopConnectionSettings } from '../../../db/schema/connections.js';
import { type FieldIssue, notFound, RetourError } from '../../../domain/errors.js';
import {
  DEFAULT_CHANNEL,
  normaliseShopAddress,
  SHOP_PLATFORM_FIELDS,
  type ShopSecretField,
} from '../../../domain/shopConnectionFields.js';
import { SHOP_PLATFORM_NAMES, type ShopPlatform } from '../../../domain/shopPlatforms.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { assertOutboundUrl } from '../../kernel/egress.js';
import { newId } from '../../kernel/ids.js';
import { randomToken } from '../../kernel/tokens.js';
import { inUnit, type Unit } from '../../kernel/transaction.js';
import { forgetConnectedPlatforms } from './connectedPlatforms.js';
import { settingsIssues } from './connectionSettings.js';
import type { ShopCredentials } from './port.js';
import { openCredentials, shopConnection } from './shopConnectionQueries.js';

export interface SaveShopConnectionInput {
  /** The connection to change; a new one is made when left out. */
  connectionId?: string;
  /** Needed for a new connection; a connection's platform never changes. */
  platform?: ShopPlatform;
  name?: string;
  /** The sales channel its orders land in, by code: an existing one, or one made for it. A new
   * connection takes the platform's own (`shopify`, `channelengine` …) when left out. */
  channelCode?: string;
  /** The name of a channel made for it; the connection's name when left out. */
  channelName?: string;
  /** Where the shop is: Shopify's shop domain, WooCommerce's site URL, ChannelEngine's tenant. */
  shop?: string;
  /** The secrets of SHOP_PLATFORM_FIELDS[platform]: a value sets it, left out keeps the stored
   * one, null removes an optional one. */
  credentials?: Partial<Record<ShopSecretField, string | null>>;
  /** Shopify's Admin API version to pin; null goes back to the adapter's own. */
  apiVersion?: string | null;
  /** Only to point at a test double of the platform's API; null goes back to the real one. */
  baseUrl?: string | null;
  /** Replaces the stored settings when given. */
  settings?: ShopConnectionSettings;
  enabled?: boolean;
  /** This installation's public address, for the webhook URL in the answer. */
  webhookBase: string | null;
}

const invalid = (message: string, fields: FieldIssue[]) => new RetourError('invalid', 'VALIDATION_FAILED', message, fields);

/** Stores a shop connection with its credentials sealed, making it or changing it; the event says
 * which fields changed, never their values. A new connection gets an unguessable webhook token. */
export async function saveShopConnection(ctx: AppContext, meta: CommandMeta, input: SaveShopConnectionInput) {
  await assertOutboundUrl(input.baseUrl, 'baseUrl');
  // WooCommerce's shop is its site's URL, which the adapter calls.
  if (input.shop && /^https?:\/\//i.test(input.shop.trim())) await assertOutboundUrl(input.shop.trim(), 'shop');
  const saved = await inUnit(ctx, meta, async (unit) => {
    const existing = input.connectionId
      ? await unit.tx
          .selectFrom('shop_connections')
          .selectAll()
          .where('id', '=', input.connectionId)
          .forUpdate()
          .executeTakeFirst()
      : undefined;
    if (input.connectionId && !existing) throw notFound('Connection', input.connectionId);
    const platform = existing?.platform ?? input.platform;
    if (!platform) throw invalid('A platform is needed for a new connection', [{ path: 'platform', message: 'required' }]);
    if (existing && input.platform && input.platform !== existing.platform) {
      throw new RetourError('invalid', 'PLATFORM_CANNOT_CHANGE', 'A connection keeps its platform: add a new connection', [
        { path: 'platform', message: `this connection is ${existing.platform}` },
      ]);
    }
    const name = input.name ?? existing?.name;
    if (!name) throw invalid('A name is needed for a new connection', [{ path: 'name', message: 'required' }]);

    const credentials = mergeCredentials(platform, existing ? openCredentials(ctx, existing.credentials) : null, input);
    const settings = input.settings ?? existing?.settings ?? {};
    const issues = await settingsIssues(unit.tx, platform, settings);
    if (issues.length > 0) throw invalid(`The ${SHOP_PLATFORM_NAMES[platform]} connection's settings cannot be kept`, issues);
    const channelId =
      input.channelCode === undefined && existing
        ? existing.channel_id
        : await channelFor(unit, platform, input.channelCode ?? DEFAULT_CHANNEL[platform].code, input.channelName ?? name);

    const row = {
      platform,
      name,
      channel_id: channelId,
      enabled: input.enabled ?? existing?.enabled ?? true,
      credentials: ctx.shops.box.seal(credentials),
      key_hint: credentials.apiKey.slice(-4),
      settings: JSON.stringify(settings),
      updated_by: meta.actor.id,
      updated_at: unit.now,
    };
    const connectionId = existing?.id ?? newId('shc');
    if (existing) await unit.tx.updateTable('shop_connections').set(row).where('id', '=', connectionId).execute();
    else
      await unit.tx
        .insertInto('shop_connections')
        .values({ ...row, id: connectionId, webhook_token: randomToken(24), created_at: unit.now })
        .execute();
    unit.record({
      type: 'settings.connection_saved',
      subjectType: 'shop_connection',
      subjectId: connectionId,
      data: {
        platform,
        name,
        enabled: row.enabled,
        created: !existing,
        channelId,
        changedFields: SHOP_PLATFORM_FIELDS[platform].secrets.filter((f) => input.credentials?.[f] !== undefined),
        keyHint: row.key_hint,
        testDouble: credentials.baseUrl !== undefined,
      },
    });
    return shopConnection(ctx, { connectionId, webhookBase: input.webhookBase }, unit.tx);
  });
  // A new connection, or one switched on or off, changes which platforms the relay tells.
  await forgetConnectedPlatforms(ctx.caches);
  return saved;
}

/** The channel of that code, or one made for the connection (a marketplace's kind for ChannelEngine). */
async function channelFor(unit: Unit, platform: ShopPlatform, code: string, name: string): Promise<string> {
  const found = await unit.tx.selectFrom('channels').select('id').where('code', '=', code).executeTakeFirst();
  if (found) return found.id;
  const id = newId('chn');
  await unit.tx.insertInto('channels').values({ id, code, name, kind: DEFAULT_CHANNEL[platform].kind }).execute();
  unit.record({ type: 'channel.created', subjectType: 'channel', subjectId: id, data: { code } });
  return id;
}

/** The credentials to store: the given fields over the stored ones, each secret the platform needs
 * present and none it does not use. A new shop address or API address takes no stored secret
 * along (the next call would send them there), so every secret is entered again with it. */
function mergeCredentials(
  platform: ShopPlatform,
  before: ShopCredentials | null,
  input: SaveShopConnectionInput,
): ShopCredentials {
  const { secrets, optional } = SHOP_PLATFORM_FIELDS[platform];
  const issues: FieldIssue[] = [];
  for (const [field, value] of Object.entries(input.credentials ?? {}) as [ShopSecretField, string | null | undefined][]) {
    if (value !== undefined && !secrets.includes(field))
      issues.push({ path: field, message: `${SHOP_PLATFORM_NAMES[platform]} does not use it` });
  }
  const shop = input.shop === undefined ? before?.shop : normaliseShopAddress(platform, input.shop);
  if (shop === null) issues.push({ path: 'shop', message: shopHint(platform) });
  else if (shop === undefined) issues.push({ path: 'shop', message: 'required' });
  const baseUrl = input.baseUrl === undefined ? before?.baseUrl : (input.baseUrl ?? undefined);
  const moved = before !== null && (baseUrl !== before.baseUrl || (shop !== undefined && shop !== before.shop));
  const merged: Partial<Record<ShopSecretField, string>> = {};
  const again: FieldIssue[] = [];
  for (const field of secrets) {
    const given = input.credentials?.[field];
    if (moved && given === undefined) {
      if (before?.[field] || !optional.includes(field))
        again.push({ path: field, message: 'enter it again: the shop or API address changed', code: 'CREDENTIAL_NEEDED_AGAIN' });
      continue;
    }
    const value = given === undefined ? before?.[field] : given;
    if (value) merged[field] = value;
    else if (!optional.includes(field)) issues.push({ path: field, message: 'required' });
  }
  if (again.length > 0)
    throw new RetourError(
      'invalid',
      'CREDENTIALS_NEEDED_AGAIN',
      'A new shop or API address needs every secret entered again: the stored ones are not sent to another host',
      [...again, ...issues],
    );
  if (issues.length > 0) throw invalid(`The ${SHOP_PLATFORM_NAMES[platform]} connection is missing or has wrong fields`, issues);
  const apiVersion = input.apiVersion === undefined ? before?.apiVersion : (input.apiVersion ?? undefined);
  return {
    ...merged,
    shop: shop ?? '',
    apiKey: merged.apiKey ?? '',
    ...(apiVersion ? { apiVersion } : {}),
    ...(baseUrl ? { baseUrl } : {}),
  };
}

function shopHint(platform: ShopPlatform): string {
  if (platform === 'shopify') return 'the shop domain, like example.myshopify.com';
  if (platform === 'woocommerce') return 'the site address, like https://shop.example.com, without user, password or query';
  return 'the tenant, like example (of example.channelengine.net)';
}
