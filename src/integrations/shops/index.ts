import type { ShopAdapterFactory } from '../../app/catalog/connections/port.js';
import { ChannelEngineShop } from './channelengine/adapter.js';
import { ShopifyShop } from './shopify/adapter.js';
import { WooCommerceShop } from './woocommerce/adapter.js';

/** The adapter for each shop platform and marketplace integrator Retour connects to. */
export const createShopAdapter: ShopAdapterFactory = (platform, credentials) => {
  switch (platform) {
    case 'shopify':
      return new ShopifyShop(credentials);
    case 'woocommerce':
      return new WooCommerceShop(credentials);
    case 'channelengine':
      return new ChannelEngineShop(credentials);
  }
};
