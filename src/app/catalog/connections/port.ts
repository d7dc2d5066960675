/**
 * The port every shop platform adapter implements (src/integrations/shops/<platform>/): read
 * orders and products page by page (a backfill, and a catch-up by cursor), verify and read
 * webhooks, and take returns, refunds and restocks back. Amounts are minor units; adapters convert
 * from their API's decimal strings. Adapters never log or put credentials in errors or URLs.
 *
 * What a platform cannot do it leaves out (the optional members); SHOP_PLATFORM_CAPABILITIES in
 * src/domain/shopPlatforms.ts says which ones each has.
 */

import type { Address } from '../../../db/schema/columns.js';
import type { ShopPlatform } from '../../../domain/shopPlatforms.js';

export type { ShopPlatform } from '../../../domain/shopPlatforms.js';

/** Credentials and endpoint of one connection, as stored (sealed) in `shop_connections`. */
export interface ShopCredentials {
  /** Shopify: the shop's myshopify domain (`example.myshopify.com`). WooCommerce: the site URL.
   * ChannelEngine: the tenant (`example` for example.channelengine.net). */
  shop: string;
  /** Shopify's Admin API access token (shpat_…), WooCommerce's consumer key (ck_…), ChannelEngine's merchant API key. */
  apiKey: string;
  /** WooCommerce's consumer secret (cs_…). */
  apiSecret?: string;
  /** The key webhooks are signed with: Shopify's app client secret, the secret of WooCommerce's webhooks. */
  webhookSecret?: string;
  /** Shopify's pinned Admin API version; the adapter's own pin when absent. */
  apiVersion?: string;
  /** Only to point at a test double; the platform's public API otherwise. */
  baseUrl?: string;
}

/**
 * Why a platform call failed. `rejected`: the platform said no (validation, not found, already
 * refunded); asking again changes nothing; `field` names what was wrong where the platform says.
 * `auth`: the credentials are wrong or lack a scope. `transient`: no answer, a time-out, 5xx or
 * throttled (`retryAfterMs` when the platform says how long); the call may or may not have taken
 * effect. `unsupported`: the platform does not offer it.
 */
export class ShopError extends Error {
  constructor(
    readonly kind: 'rejected' | 'auth' | 'transient' | 'unsupported',
    readonly code: string,
    message: string,
    readonly details: { status?: number | null; field?: string | null; retryAfterMs?: number | null } = {},
  ) {
    super(message);
    this.name = 'ShopError';
  }
}

/** One page of a listing, and where the next one starts (an opaque cursor the sync stores, so a
 * backfill that stopped resumes where it was). `next` is null on the last page. */
export interface ShopPage<T> {
  items: T[];
  next: string | null;
  /** How many there are in all, where the platform says (progress bars). */
  total: number | null;
}

export interface ShopListQuery {
  /** Where to go on from; null for the first page. */
  cursor: string | null;
  /** Only what changed at or after this moment (the catch-up); everything when absent (the backfill). */
  updatedSince?: Date | null;
  /** A hint: the adapter may use smaller pages where its platform caps them. */
  pageSize?: number;
  /** ChannelEngine: acknowledge orders still NEW (giving them their number) before listing, for
   * shops where Retour is the system that takes orders from ChannelEngine (settings.acknowledgeOrders). */
  acknowledgeNew?: boolean;
}

export interface ShopCustomer {
  externalId: string | null;
  email: string;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  /** BCP 47 language tag, where the platform knows it. */
  locale: string | null;
}

export interface ShopOrderLine {
  /** The platform's id of the line (Shopify LineItem gid, WooCommerce line item id, ChannelEngine line's merchantProductNo). */
  externalId: string;
  sku: string;
  title: string;
  quantity: number;
  /** Price of one unit as sold, tax included, before discounts, minor units. */
  unitPriceAmount: number;
  /** Discounts on this line (its own and its share of the order's), minor units. */
  discountAmount: number;
  /** VAT rate in basis points (2100 = 21 %). */
  taxRateBp: number;
  productExternalId: string | null;
  variantExternalId: string | null;
  /** When this line was delivered, where the platform knows it (Shopify fulfilments' deliveredAt). */
  deliveredAt: string | null;
  /** What the platform needs to refer to the line later: Shopify's fulfillmentLineItem id, a
   * WooCommerce tax rate id, ChannelEngine's merchantProductNo … kept on the order line. */
  ref: Record<string, string | number | null>;
  /** Units and money (minor units) of the line the platform refunded outside Retour (in its admin),
   * left out of what can be returned and refunded through Retour; refunds Retour made through the
   * platform are not counted here. Absent: none, or the platform does not say. */
  refundedQuantity?: number;
  refundedAmount?: number;
}

export interface ShopShippingLine {
  title: string;
  amount: number;
}

/** How the order was paid, as far as a refund is concerned. */
export interface ShopPayment {
  /** The platform took the payment (Shopify Payments, a WooCommerce gateway): a refund can go
   * back through the platform. False for marketplaces, which refund the consumer themselves. */
  refundable: boolean;
  /** The gateway's name as the platform says it (shopify_payments, mollie_wc_gateway_ideal …). */
  method: string | null;
}

export interface ShopOrder {
  externalId: string;
  /** The number the shopper knows (#1042, 1042, the marketplace's order number). */
  number: string;
  /** For marketplaces: which one the order came from (bol.com, Amazon …); null otherwise. */
  marketplace: string | null;
  placedAt: string;
  /** When the platform last changed it: an older copy never overwrites a newer one. */
  updatedAt: string;
  cancelledAt: string | null;
  currency: string;
  customer: ShopCustomer;
  shippingAddress: Address;
  lines: ShopOrderLine[];
  shippingLines: ShopShippingLine[];
  discountCodes: string[];
  /** Shipping paid by the shopper, tax included, minor units. */
  shippingAmount: number;
  payment: ShopPayment;
  tags: string[];
}

export interface ShopImage {
  url: string;
  alt: string | null;
}

export interface ShopVariant {
  externalId: string;
  sku: string;
  ean: string | null;
  title: string;
  /** Option values by option name (Size → M). */
  options: Record<string, string>;
  priceAmount: number;
  currency: string;
  position: number;
  imageUrl: string | null;
  /** What the platform needs to refer to the variant later (Shopify's inventoryItem id …). */
  ref: Record<string, string | number | null>;
}

export interface ShopProduct {
  externalId: string;
  handle: string;
  title: string;
  brand: string | null;
  /** The product's category (Shopify product type or taxonomy, WooCommerce's first category). */
  category: { code: string; name: string } | null;
  tags: string[];
  /** Option names in the shop's order (Size, Colour). */
  options: string[];
  images: ShopImage[];
  variants: ShopVariant[];
  /** Where staff edit the product on the platform. */
  adminUrl: string | null;
  updatedAt: string;
}

/** A webhook as received: the raw body exactly as sent (signatures cover it), headers lower-cased,
 * and the query string of the URL it was sent to. */
export interface ShopWebhookRequest {
  headers: Record<string, string | undefined>;
  rawBody: string;
  query: Record<string, string | undefined>;
}

/** What a verified webhook is about. The order is included when the payload holds all of it;
 * otherwise the sync fetches it by `externalId`. A ChannelEngine call only says "orders changed
 * since": `resource` tells what to catch up on, `externalId` is null. */
export interface ShopWebhookEvent {
  /** The platform's id of the delivery (X-Shopify-Webhook-Id, X-WC-Webhook-Delivery-ID): a repeat is dropped. */
  deliveryId: string;
  topic: string;
  resource: 'order' | 'product' | 'return' | 'ping' | 'other';
  action: 'created' | 'updated' | 'deleted' | 'other';
  externalId: string | null;
  order: ShopOrder | null;
  /** ChannelEngine: changes from this moment on. */
  changedSince: string | null;
}

/** A return registered on the platform for a return made in Retour. */
export interface PlatformReturnRequest {
  /** Retour's return number: the reference on the platform, and the key that finds it again. */
  returnNumber: string;
  orderExternalId: string;
  lines: {
    lineExternalId: string;
    lineRef: Record<string, string | number | null>;
    sku: string;
    quantity: number;
    /** Shopify's ReturnReason (SIZE_TOO_SMALL …) or ChannelEngine's ReturnReason, mapped by the sync. */
    reason: string;
    note: string | null;
  }[];
  /** Return shipping fee charged, minor units. */
  shippingFee: number;
  currency: string;
}

export interface PlatformReturn {
  externalId: string;
  status: string;
}

/** A refund through the platform for an order it took the payment of. */
export interface PlatformRefundRequest {
  orderExternalId: string;
  amount: number;
  currency: string;
  /** Derived from the settlement: asking twice makes one refund (Shopify's @idempotent key; for
   * platforms without one, the adapter looks for a refund carrying it before making another). */
  idempotencyKey: string;
  settlementId: string;
  returnNumber: string;
  /** Lines refunded, where the platform wants them (WooCommerce line_items). Restocking is
   * reported apart (restock()), so refunds never restock. */
  lines: { lineExternalId: string; lineRef: Record<string, string | number | null>; quantity: number; amount: number }[];
  note: string;
}

export interface PlatformRefund {
  externalId: string;
  status: 'pending' | 'succeeded' | 'failed';
  amount: number;
  currency: string;
  /** The settlement it was made for, read back from the note or metadata Retour sent with it. */
  settlementId: string | null;
  createdAt: string | null;
}

/** A return that started on the marketplace (announced through ChannelEngine). */
export interface MarketplaceReturn {
  externalId: string;
  orderExternalId: string;
  marketplace: string | null;
  /** The marketplace's reason code (WRONG_SIZE, PRODUCT_DEFECT …), mapped to the shop's by the sync. */
  reason: string;
  customerComment: string | null;
  status: string;
  createdAt: string;
  lines: { sku: string; lineExternalId: string | null; quantity: number }[];
}

export interface ShopConnectionCheck {
  /** The shop's name as the platform gives it. */
  shopName: string | null;
  /** What the key may do, where the platform says (Shopify's access scopes). */
  scopes: string[];
}

export interface ShopPlatformAdapter {
  readonly platform: ShopPlatform;
  /** One cheap call with the credentials: who the shop is; throws ShopError `auth` when refused. */
  check(): Promise<ShopConnectionCheck>;
  listOrders(query: ShopListQuery): Promise<ShopPage<ShopOrder>>;
  getOrder(externalId: string): Promise<ShopOrder | null>;
  listProducts?(query: ShopListQuery): Promise<ShopPage<ShopProduct>>;
  /** Verifies the signature (or token) and reads the event; throws ShopError `auth` when it does not verify. */
  parseWebhook(request: ShopWebhookRequest, expectedToken: string): ShopWebhookEvent;
  createReturn?(request: PlatformReturnRequest): Promise<PlatformReturn>;
  /** The return registered for Retour's return number, if there is one (after a lost answer). */
  findReturn?(orderExternalId: string, returnNumber: string): Promise<PlatformReturn | null>;
  /** Calls off a return registered with createReturn (the return was cancelled or expired in
   * Retour); a return the platform already cancelled or closed is answered as it stands. */
  cancelReturn?(platformReturnId: string): Promise<PlatformReturn>;
  /** Closes a return registered with createReturn once Retour's is settled (resolved) or closed:
   * nothing more is to come for it. One the platform already closed or cancelled is answered as it stands. */
  closeReturn?(platformReturnId: string): Promise<PlatformReturn>;
  /** Tells the platform what came back: accepted and rejected units per line (ChannelEngine), or
   * the disposition per line (Shopify's reverse fulfilment). `lineExternalId` is the order line's
   * platform id. Restocked units reach the platform's inventory through restock(), once per stock
   * movement, so a report must not add them to it a second time. */
  reportReceipt?(
    platformReturnId: string,
    lines: { lineExternalId: string; sku: string; accepted: number; rejected: number; restocked: boolean }[],
  ): Promise<void>;
  refund?(request: PlatformRefundRequest): Promise<PlatformRefund>;
  /** Every refund of an order, to find the one made for a settlement after a lost answer. */
  listRefunds?(orderExternalId: string): Promise<PlatformRefund[]>;
  /** Adds restocked units to the platform's inventory at its location (the shop's primary one when
   * null). A negative quantity takes units out again (a restock undone when a line is graded
   * again). `reference` names the restock (Retour's stock movement): sent as the adjustment's
   * reference document and, where the platform has one, its idempotency key, so a call repeated
   * after a lost answer is recognised where the platform can. */
  restock?(
    items: { variantRef: Record<string, string | number | null>; sku: string; quantity: number }[],
    locationId: string | null,
    reference?: string,
  ): Promise<void>;
  listMarketplaceReturns?(query: ShopListQuery): Promise<ShopPage<MarketplaceReturn>>;
  acknowledgeMarketplaceReturn?(externalId: string, returnNumber: string): Promise<void>;
}

/** Builds an adapter for a platform from its credentials (the integrations layer supplies it). */
export type ShopAdapterFactory = (platform: ShopPlatform, credentials: ShopCredentials) => ShopPlatformAdapter;
