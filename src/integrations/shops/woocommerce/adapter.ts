import type { ShopCredentials, ShopPlatformAdapter } from '../../../app/catalog/connections/port.js';
import { ShopError } from '../../../app/catalog/connections/port.js';

/** WooCommerce's adapter (being built: see the connection port). */
export class WooCommerceShop implements ShopPlatformAdapter {
  readonly platform = 'woocommerce' as const;

  constructor(readonly credentials: ShopCredentials) {}

  check(): never {
    throw new ShopError('unsupported', 'NOT_BUILT', 'WooCommerce is not connected yet');
  }

  listOrders(): never {
    return this.check();
  }

  getOrder(): never {
    return this.check();
  }

  parseWebhook(): never {
    return this.check();
  }
}
