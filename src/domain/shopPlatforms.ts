/**
 * The shop platforms and marketplace integrators Retour connects to, and what each can do. A
 * connection brings one platform's orders (and, where it owns them, products) into one sales
 * channel of Retour, and takes returns, refunds and restocks back where the platform allows.
 */
export const SHOP_PLATFORMS = ['shopify', 'woocommerce', 'channelengine'] as const;
export type ShopPlatform = (typeof SHOP_PLATFORMS)[number];

export interface ShopPlatformCapabilities {
  /** Products and variants come from the platform: Retour shows them read-only. */
  ownsCatalog: boolean;
  /** Signed webhooks (Shopify, WooCommerce); ChannelEngine only calls a URL with a secret token in it. */
  signedWebhooks: boolean;
  /** A return made in Retour is registered on the platform. */
  pushesReturns: boolean;
  /** Refunds can be made through the platform (for orders paid there). */
  refunds: boolean;
  /** Restocked units are added to the platform's inventory. */
  inventory: boolean;
  /** Returns that start on the platform (marketplaces) come into Retour's queue. */
  inboundReturns: boolean;
}

export const SHOP_PLATFORM_CAPABILITIES: Record<ShopPlatform, ShopPlatformCapabilities> = {
  shopify: {
    ownsCatalog: true,
    signedWebhooks: true,
    pushesReturns: true,
    refunds: true,
    inventory: true,
    inboundReturns: false,
  },
  woocommerce: {
    ownsCatalog: true,
    signedWebhooks: true,
    pushesReturns: false,
    refunds: true,
    inventory: false,
    inboundReturns: false,
  },
  channelengine: {
    ownsCatalog: false,
    signedWebhooks: false,
    pushesReturns: true,
    refunds: false,
    inventory: false,
    inboundReturns: true,
  },
};

/** The name of a platform as people know it. */
export const SHOP_PLATFORM_NAMES: Record<ShopPlatform, string> = {
  shopify: 'Shopify',
  woocommerce: 'WooCommerce',
  channelengine: 'ChannelEngine',
};

/** What a sync run of a connection does: the first full read, the periodic catch-up by cursor, or
 * one asked for by staff ("sync now"). */
export const SYNC_KINDS = ['backfill', 'reconcile', 'manual'] as const;
export type SyncKind = (typeof SYNC_KINDS)[number];

export const SYNC_STATUSES = ['running', 'succeeded', 'failed'] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];

/** Statutory flags of a product that limit the right of withdrawal (see product.md, EU law). */
export const PRODUCT_FLAGS = [
  'final_sale',
  'exchange_only',
  'personalised',
  'hygiene_sealed',
  'perishable',
  'sealed_media',
] as const;
export type ProductFlag = (typeof PRODUCT_FLAGS)[number];
