import type {
  PlatformRefund,
  PlatformRefundRequest,
  ShopConnectionCheck,
  ShopCredentials,
  ShopListQuery,
  ShopOrder,
  ShopPage,
  ShopPlatformAdapter,
  ShopProduct,
  ShopWebhookEvent,
  ShopWebhookRequest,
} from '../../../app/catalog/connections/port.js';
import { ShopError } from '../../../app/catalog/connections/port.js';
import { badAnswer, isObject, listPage, MAX_PAGE, readCursor, str, WooClient } from './client.js';
import { mapOrder } from './orders.js';
import { mapProduct, variationsOf } from './products.js';
import { createWooRefund, listWooRefunds, refundedOutsideRetour } from './refunds.js';
import { parseWooWebhook } from './webhook.js';

/**
 * WooCommerce through its REST API v3: orders and products page by page (a catch-up by
 * `modified_after`), signed webhooks, and refunds through the order's payment gateway. WooCommerce
 * has no returns API and Retour does not write its stock (see SHOP_PLATFORM_CAPABILITIES).
 */
export class WooCommerceShop implements ShopPlatformAdapter {
  readonly platform = 'woocommerce' as const;
  private readonly client: WooClient;
  private currency: Promise<string> | null = null;

  constructor(readonly credentials: ShopCredentials) {
    this.client = new WooClient(credentials);
  }

  /**
   * The system status's settings section: it needs the keys (and a user who may manage the shop)
   * and says the store's currency. Only that section is asked for (`_fields`, which WooCommerce
   * honours per section since 3.9): the environment section makes test calls to other hosts and
   * can take seconds. A site that answers with the environment anyway is named by it.
   */
  async check(): Promise<ShopConnectionCheck> {
    const res = await this.client.json('GET', '/system_status', { query: { _fields: 'settings' } });
    if (!isObject(res.body)) throw badAnswer('its system status');
    const env = isObject(res.body.environment) ? res.body.environment : {};
    const settings = isObject(res.body.settings) ? res.body.settings : {};
    if (str(settings.currency)) this.currency = Promise.resolve(str(settings.currency).toUpperCase());
    const name = str(env.site_title) || str(env.home_url) || new URL(this.client.site).host;
    return { shopName: name, scopes: [] };
  }

  async listOrders(query: ShopListQuery): Promise<ShopPage<ShopOrder>> {
    const cursor = readCursor(query.cursor, query.updatedSince);
    const page = await listPage(this.client, '/orders', cursor, perPage(query));
    return { items: page.items.map(mapOrder), next: page.next, total: page.total };
  }

  async getOrder(externalId: string): Promise<ShopOrder | null> {
    try {
      const res = await this.client.json('GET', `/orders/${encodeURIComponent(externalId)}`);
      if (!isObject(res.body)) return null;
      const order = mapOrder(res.body);
      // What was refunded in WooCommerce itself, per line: read only for an order that has refunds.
      const refunded =
        Array.isArray(res.body.refunds) && res.body.refunds.length > 0
          ? await refundedOutsideRetour(this.client, externalId)
          : new Map<string, { quantity: number; amount: number }>();
      return {
        ...order,
        lines: order.lines.map((l) => ({
          ...l,
          refundedQuantity: refunded.get(l.externalId)?.quantity ?? 0,
          refundedAmount: refunded.get(l.externalId)?.amount ?? 0,
        })),
      };
    } catch (err) {
      if (err instanceof ShopError && err.details.status === 404) return null;
      throw err;
    }
  }

  async listProducts(query: ShopListQuery): Promise<ShopPage<ShopProduct>> {
    const cursor = readCursor(query.cursor, query.updatedSince);
    const page = await listPage(this.client, '/products', cursor, perPage(query));
    const currency = await this.storeCurrency();
    const items: ShopProduct[] = [];
    for (const p of page.items) {
      const variations = p.type === 'variable' ? await variationsOf(this.client, str(p.id)) : [];
      items.push(mapProduct(p, variations, this.client.site, currency));
    }
    return { items, next: page.next, total: page.total };
  }

  parseWebhook(request: ShopWebhookRequest, _expectedToken: string): ShopWebhookEvent {
    return parseWooWebhook(request, this.credentials.webhookSecret);
  }

  refund(request: PlatformRefundRequest): Promise<PlatformRefund> {
    return createWooRefund(this.client, request);
  }

  listRefunds(orderExternalId: string): Promise<PlatformRefund[]> {
    return listWooRefunds(this.client, orderExternalId);
  }

  /** Products carry no currency in WooCommerce: the store's is in its general settings. */
  private storeCurrency(): Promise<string> {
    this.currency ??= this.client.json('GET', '/settings/general/woocommerce_currency').then((res) => {
      const value = isObject(res.body) ? str(res.body.value) : '';
      if (!value) throw badAnswer('the store currency');
      return value.toUpperCase();
    });
    this.currency.catch(() => {
      this.currency = null;
    });
    return this.currency;
  }
}

const perPage = (query: ShopListQuery) => Math.max(1, Math.min(MAX_PAGE, query.pageSize ?? MAX_PAGE));
