import type {
  PlatformRefund,
  PlatformRefundRequest,
  PlatformReturn,
  PlatformReturnRequest,
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
import { ShopifyGraphql } from './graphqlClient.js';
import { getShopifyOrder, listShopifyOrders } from './orderListing.js';
import type { Gql } from './orderMapper.js';
import { listShopifyProducts } from './products.js';
import { CHECK } from './queries.js';
import { listShopifyRefunds, refundOnShopify, restockOnShopify } from './refunds.js';
import {
  cancelShopifyReturn,
  closeShopifyReturn,
  createShopifyReturn,
  findShopifyReturn,
  reportShopifyReceipt,
} from './returns.js';
import { parseShopifyWebhook } from './webhooks.js';

/**
 * Shopify through its GraphQL Admin API (a custom app's Admin API access token, a pinned API
 * version): orders by bulk operation (backfill) and by `updated_at` (catch-up), products,
 * HMAC-signed webhooks, returns with their reverse fulfilment, refunds with Shopify's idempotency
 * key and restocks. The token goes in a header only and never into an error.
 */
export class ShopifyShop implements ShopPlatformAdapter {
  readonly platform = 'shopify' as const;
  private readonly api: ShopifyGraphql;

  constructor(private readonly credentials: ShopCredentials) {
    this.api = new ShopifyGraphql(credentials);
  }

  async check(): Promise<ShopConnectionCheck> {
    const data = await this.api.request<{ shop: Gql; currentAppInstallation: Gql | null }>(CHECK);
    const scopes = ((data.currentAppInstallation?.accessScopes as Gql[] | null) ?? []).map((s) => String(s.handle));
    return { shopName: (data.shop?.name as string | null) ?? null, scopes };
  }

  listOrders(query: ShopListQuery): Promise<ShopPage<ShopOrder>> {
    return listShopifyOrders(this.api, query);
  }

  getOrder(externalId: string): Promise<ShopOrder | null> {
    return getShopifyOrder(this.api, externalId);
  }

  listProducts(query: ShopListQuery): Promise<ShopPage<ShopProduct>> {
    return listShopifyProducts(this.api, this.credentials.shop, query);
  }

  parseWebhook(request: ShopWebhookRequest, expectedToken: string): ShopWebhookEvent {
    return parseShopifyWebhook(request, this.credentials.webhookSecret, expectedToken);
  }

  createReturn(request: PlatformReturnRequest): Promise<PlatformReturn> {
    return createShopifyReturn(this.api, request);
  }

  findReturn(orderExternalId: string, returnNumber: string): Promise<PlatformReturn | null> {
    return findShopifyReturn(this.api, orderExternalId, returnNumber);
  }

  cancelReturn(platformReturnId: string): Promise<PlatformReturn> {
    return cancelShopifyReturn(this.api, platformReturnId);
  }

  closeReturn(platformReturnId: string): Promise<PlatformReturn> {
    return closeShopifyReturn(this.api, platformReturnId);
  }

  reportReceipt(
    platformReturnId: string,
    lines: { lineExternalId: string; sku: string; accepted: number; rejected: number; restocked: boolean }[],
  ): Promise<void> {
    return reportShopifyReceipt(this.api, platformReturnId, lines);
  }

  refund(request: PlatformRefundRequest): Promise<PlatformRefund> {
    return refundOnShopify(this.api, request);
  }

  listRefunds(orderExternalId: string): Promise<PlatformRefund[]> {
    return listShopifyRefunds(this.api, orderExternalId);
  }

  restock(
    items: { variantRef: Record<string, string | number | null>; sku: string; quantity: number }[],
    locationId: string | null,
    reference?: string,
  ): Promise<void> {
    return restockOnShopify(this.api, items, locationId, reference);
  }
}
