import type { ShopPlatform } from './shopPlatforms.js';

/**
 * What a shop enters to connect each platform. `shop` says where the shop is (Shopify's
 * myshopify domain, WooCommerce's site address, ChannelEngine's tenant) and is shown again; the
 * secrets are sealed and never shown. The same names are the fields of the stored credentials.
 */
export const SHOP_SECRET_FIELDS = ['apiKey', 'apiSecret', 'webhookSecret'] as const;
export type ShopSecretField = (typeof SHOP_SECRET_FIELDS)[number];

export interface ShopPlatformFields {
  /** The secrets this platform asks for, in the order the form shows them. */
  secrets: readonly ShopSecretField[];
  /** Secrets that may come later: a webhook secret is only known once the webhook is made in the
   * platform, which needs the connection's webhook URL first. */
  optional: readonly ShopSecretField[];
}

export const SHOP_PLATFORM_FIELDS: Record<ShopPlatform, ShopPlatformFields> = {
  // Admin API access token (shpat_…) and the app's API secret key, which signs webhooks.
  shopify: { secrets: ['apiKey', 'webhookSecret'], optional: [] },
  // REST consumer key and secret (read_write), and the secret of the webhooks made in WooCommerce.
  woocommerce: { secrets: ['apiKey', 'apiSecret', 'webhookSecret'], optional: ['webhookSecret'] },
  // A merchant API key; ChannelEngine signs nothing: its webhook URL carries the connection's token.
  channelengine: { secrets: ['apiKey'], optional: [] },
};

/** The sales channel a platform's orders land in unless the shop picks another. */
export const DEFAULT_CHANNEL: Record<ShopPlatform, { code: string; kind: 'webshop' | 'marketplace' }> = {
  shopify: { code: 'shopify', kind: 'webshop' },
  woocommerce: { code: 'woocommerce', kind: 'webshop' },
  channelengine: { code: 'channelengine', kind: 'marketplace' },
};

/**
 * The shop's address as the platform's API wants it, from what people paste: Shopify's
 * `example.myshopify.com` (from `example`, `https://example.myshopify.com/admin` …), WooCommerce's
 * site URL without a trailing slash, ChannelEngine's tenant (from `example.channelengine.net`).
 * Null when it cannot be one.
 */
export function normaliseShopAddress(platform: ShopPlatform, input: string): string | null {
  const text = input.trim();
  if (platform === 'woocommerce') {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return null;
    }
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.search) return null;
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  }
  const host = text
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/[/?#].*$/, '');
  if (platform === 'shopify') {
    const name = host.endsWith('.myshopify.com') ? host.slice(0, -'.myshopify.com'.length) : host;
    return /^[a-z0-9][a-z0-9-]{0,62}$/.test(name) ? `${name}.myshopify.com` : null;
  }
  const tenant = host.endsWith('.channelengine.net') ? host.slice(0, -'.channelengine.net'.length) : host;
  return /^[a-z0-9][a-z0-9-]{0,62}$/.test(tenant) ? tenant : null;
}
