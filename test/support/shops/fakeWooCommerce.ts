import { randomBytes } from 'node:crypto';
import type { ShopCredentials } from '../../../src/app/catalog/connections/port.js';
import { signWooBody } from '../../../src/integrations/shops/woocommerce/webhook.js';
import { type FakeAnswer, FakeHttpServer, type SeenRequest } from '../carriers/fakeServer.js';
import { buildOrder, buildProduct, type Obj, type WooOrderInput, type WooProductInput, wooDate } from './fakeWooCommerceData.js';

const API = '/wp-json/wc/v3';
const rand = (n = 12) => randomBytes(n).toString('hex');
const err = (status: number, code: string, message: string, params?: Obj): FakeAnswer => ({
  status,
  body: { code, message, data: params ? { status, params } : { status } },
});
const flag = (value: unknown, fallback: boolean) =>
  value === undefined || value === null ? fallback : value === true || value === 'true' || value === 1 || value === '1';
const cents = (value: unknown) => Math.round(Number(value) * 100);

export interface WooWebhook {
  id: number;
  topic: string;
  deliveryUrl: string;
  secret: string;
  status: 'active' | 'paused' | 'disabled';
  failureCount: number;
}

export interface WooDelivery {
  webhookId: number;
  deliveryId: string;
  topic: string;
  status: number | null;
}

/**
 * WooCommerce's REST API v3 as documented: HTTP Basic with `ck_`/`cs_` keys (or the query
 * parameters), `page`/`per_page` (max 100) with `X-WP-Total`, `X-WP-TotalPages` and `Link`,
 * `modified_after` (in site time unless `dates_are_gmt`), orders, products with variations,
 * refunds (`api_refund` and `api_restock` default true; the amount computed from line items when
 * left out; a gateway that can fail with 500 `woocommerce_rest_cannot_create_order_refund`), and
 * webhooks: the ping on creation, deliveries signed with base64 HMAC-SHA256, and a webhook
 * disabled after more than 5 failures in a row.
 */
export class FakeWooCommerce extends FakeHttpServer {
  readonly consumerKey = `ck_${rand(20)}`;
  readonly consumerSecret = `cs_${rand(20)}`;
  readonly webhookSecret = rand(16);
  readonly orders = new Map<number, Obj>();
  readonly products = new Map<number, { product: Obj; variations: Obj[] }>();
  readonly refunds = new Map<number, Obj[]>();
  /** Refunds the payment gateway carried out (money moved), in order. */
  readonly gatewayRefunds: { orderId: number; refundId: number; amount: number }[] = [];
  /** Units put back in stock by refunds (`api_restock`). */
  readonly restocked: { orderId: number; lineItemId: number; quantity: number }[] = [];
  readonly webhooks: WooWebhook[] = [];
  readonly deliveries: WooDelivery[] = [];
  /** The site's time zone, hours from UTC (the dates without `_gmt` are in it). */
  siteOffsetHours = 1;
  currency = 'EUR';
  /** The gateway refuses refunds (declined, or its API is down). */
  gatewayFails = false;
  /** The next refunds are made, then the connection is closed without an answer. */
  dropRefundAnswers = 0;
  /** Milliseconds each refund call takes, so overlapping callers really overlap. */
  refundLatencyMs = 0;
  /** The next refunds are answered 502 by the proxy in front of the site while PHP goes on: each
   * is written only when landRefundsInFlight() is called (until then no listing shows it). */
  refundsInFlight = 0;
  private readonly inFlight: (() => FakeAnswer)[] = [];
  clock = new Date('2026-03-02T09:00:00Z');
  private nextId = 1000;

  constructor() {
    super();
    this.authenticate = (req) => this.checkAuth(req);
    this.route('GET', `${API}/system_status`, (req) => ({ status: 200, body: this.systemStatus(req.query.get('_fields')) }));
    this.route('GET', `${API}/settings/general/woocommerce_currency`, () => ({
      status: 200,
      body: { id: 'woocommerce_currency', label: 'Currency', value: this.currency },
    }));
    this.route('GET', `${API}/orders`, (req) => this.page(req, [...this.orders.values()], 'date_modified'));
    this.route('GET', `${API}/orders/:id`, (_, p) => this.found(this.orders.get(Number(p.id))));
    this.route('GET', `${API}/orders/:id/refunds`, (req, p) => this.listRefunds(req, Number(p.id)));
    this.route('POST', `${API}/orders/:id/refunds`, (req, p) => this.createRefund(req, Number(p.id)));
    this.route('GET', `${API}/products`, (req) =>
      this.page(
        req,
        [...this.products.values()].map((p) => p.product),
        'date_modified',
      ),
    );
    this.route('GET', `${API}/products/:id/variations`, (req, p) => {
      const entry = this.products.get(Number(p.id));
      if (!entry) return err(404, 'woocommerce_rest_product_invalid_id', 'Invalid ID.');
      return this.page(req, entry.variations, 'date_modified');
    });
  }

  credentials(): ShopCredentials {
    return {
      shop: 'shop.example.nl',
      apiKey: this.consumerKey,
      apiSecret: this.consumerSecret,
      webhookSecret: this.webhookSecret,
      baseUrl: this.url,
    };
  }

  /** Moves the fake's clock on, so what changes next is newer. */
  tick(ms = 60_000): Date {
    this.clock = new Date(this.clock.getTime() + ms);
    return this.clock;
  }

  addOrder(input: WooOrderInput): Obj {
    const id = input.id ?? this.nextId++;
    const order = buildOrder(input, id, input.createdAt ?? this.tick(), this.siteOffsetHours, () => this.nextId++);
    this.orders.set(id, order);
    this.refunds.set(id, []);
    return order;
  }

  /** Changes an order as staff would in wp-admin: its modification date moves on. */
  editOrder(id: number, changes: Obj): Obj {
    const order = this.orders.get(id);
    if (!order) throw new Error(`no order ${id}`);
    Object.assign(order, changes, this.modified(this.tick()));
    return order;
  }

  addProduct(input: WooProductInput): Obj {
    const built = buildProduct(input, input.modifiedAt ?? this.tick());
    this.products.set(input.id, built);
    return built.product;
  }

  private modified(at: Date): Obj {
    return { date_modified: wooDate(at, this.siteOffsetHours), date_modified_gmt: wooDate(at) };
  }

  private checkAuth(req: SeenRequest): FakeAnswer | null {
    const header = req.headers.authorization ?? '';
    const [key, secret] = header.startsWith('Basic ')
      ? Buffer.from(header.slice(6), 'base64').toString('utf8').split(':')
      : [req.query.get('consumer_key'), req.query.get('consumer_secret')];
    if (!key) return err(401, 'woocommerce_rest_cannot_view', 'Sorry, you cannot list resources.');
    if (key !== this.consumerKey) return err(401, 'woocommerce_rest_authentication_error', 'Consumer key is invalid.');
    if (secret !== this.consumerSecret)
      return err(401, 'woocommerce_rest_authentication_error', 'Invalid signature - provided signature does not match.');
    return null;
  }

  /** The sections asked for with `_fields` (all of them without it), as WooCommerce answers since 3.9. */
  private systemStatus(fields: string | null): Obj {
    const all: Obj = {
      environment: { home_url: this.url, site_url: this.url, version: '9.4.2', wp_version: '6.7' },
      settings: { currency: this.currency, currency_symbol: '€', api_enabled: true },
    };
    if (!fields) return all;
    const asked = new Set(fields.split(',').map((f) => f.trim().split('.')[0]));
    return Object.fromEntries(Object.entries(all).filter(([k]) => asked.has(k)));
  }

  private found(order: Obj | undefined): FakeAnswer {
    return order ? { status: 200, body: order } : err(404, 'woocommerce_rest_shop_order_invalid_id', 'Invalid ID.');
  }

  /** One page of a listing, with WooCommerce's headers; `modified_after` in site time unless `dates_are_gmt`. */
  private page(req: SeenRequest, all: Obj[], dateKey: string): FakeAnswer {
    const perPage = Number(req.query.get('per_page') ?? 10);
    const page = Number(req.query.get('page') ?? 1);
    if (!(perPage >= 1 && perPage <= 100))
      return err(400, 'rest_invalid_param', 'Invalid parameter(s): per_page', {
        per_page: 'per_page must be between 1 (inclusive) and 100 (inclusive)',
      });
    let items = all;
    const after = req.query.get('modified_after');
    if (after) {
      const gmt = req.query.get('dates_are_gmt') === 'true' || req.query.get('dates_are_gmt') === '1';
      const key = gmt ? `${dateKey}_gmt` : dateKey;
      items = items.filter((o) => String(o[key] ?? o[`${dateKey}_gmt`]) > after.slice(0, 19));
    }
    const orderby = req.query.get('orderby') ?? 'date';
    const desc = (req.query.get('order') ?? 'desc') === 'desc';
    const sortKey =
      orderby === 'id' ? 'id' : orderby === 'modified' ? `${dateKey}_gmt` : orderby === 'menu_order' ? 'menu_order' : 'id';
    items = [...items].sort(
      (a, b) => (String(a[sortKey]).padStart(20, '0') < String(b[sortKey]).padStart(20, '0') ? -1 : 1) * (desc ? -1 : 1),
    );
    const totalPages = Math.max(1, Math.ceil(items.length / perPage));
    const slice = items.slice((page - 1) * perPage, page * perPage);
    const headers: Record<string, string> = { 'X-WP-Total': String(items.length), 'X-WP-TotalPages': String(totalPages) };
    const link = (p: number, rel: string) => {
      const url = new URL(`${this.url}${req.path}`);
      for (const [k, v] of req.query) url.searchParams.set(k, v);
      url.searchParams.set('page', String(p));
      return `<${url.toString()}>; rel="${rel}"`;
    };
    const links = [...(page > 1 ? [link(page - 1, 'prev')] : []), ...(page < totalPages ? [link(page + 1, 'next')] : [])];
    if (links.length) headers.Link = links.join(', ');
    return { status: 200, body: slice, headers };
  }

  private async listRefunds(req: SeenRequest, orderId: number): Promise<FakeAnswer> {
    await this.latency();
    if (!this.orders.has(orderId)) return err(404, 'woocommerce_rest_shop_order_invalid_id', 'Invalid ID.');
    return this.page(req, [...(this.refunds.get(orderId) ?? [])].reverse(), 'date_created');
  }

  private async createRefund(req: SeenRequest, orderId: number): Promise<FakeAnswer> {
    await this.latency();
    if (this.refundsInFlight > 0) {
      this.refundsInFlight--;
      this.inFlight.push(() => this.makeRefund(req, orderId));
      return {
        status: 502,
        raw: Buffer.from('<html><body><h1>502 Bad Gateway</h1></body></html>'),
        headers: { 'content-type': 'text/html' },
      };
    }
    return this.makeRefund(req, orderId);
  }

  /** Writes the refunds whose answer the proxy gave up on, as PHP finishes them; their answers. */
  landRefundsInFlight(): FakeAnswer[] {
    return this.inFlight.splice(0).map((write) => write());
  }

  private makeRefund(req: SeenRequest, orderId: number): FakeAnswer {
    const order = this.orders.get(orderId);
    if (!order) return err(404, 'woocommerce_rest_shop_order_invalid_id', 'Invalid ID.');
    const body = (req.body ?? {}) as Obj;
    const lines = Array.isArray(body.line_items) ? (body.line_items as Obj[]) : [];
    const amount = body.amount !== undefined && body.amount !== '' ? cents(body.amount) : this.amountOfLines(lines);
    if (amount < 0) return err(400, 'woocommerce_rest_invalid_order_refund', 'Refund amount must be greater than zero.');
    const refunded = (this.refunds.get(orderId) ?? []).reduce((s, r) => s + cents(r.amount), 0);
    if (amount > cents(order.total) - refunded)
      return err(500, 'woocommerce_rest_cannot_create_order_refund', 'Invalid refund amount.');
    const apiRefund = flag(body.api_refund, true);
    if (apiRefund && this.gatewayFails)
      return err(500, 'woocommerce_rest_cannot_create_order_refund', 'Refund failed: the payment provider declined the refund.');
    if (apiRefund && !order.payment_method)
      return err(
        500,
        'woocommerce_rest_cannot_create_order_refund',
        'The payment gateway for this order does not support automatic refunds.',
      );
    const refund = this.storeRefund(order, orderId, amount, body, lines, apiRefund);
    if (this.dropRefundAnswers > 0) {
      this.dropRefundAnswers--;
      return { status: 201, body: refund, drop: true };
    }
    return { status: 201, body: refund };
  }

  /** Without an amount, WooCommerce adds up the lines' refund_total and refund_tax. */
  private amountOfLines(lines: Obj[]): number {
    return lines.reduce((sum, l) => {
      const taxes = Array.isArray(l.refund_tax) ? (l.refund_tax as Obj[]) : [];
      return sum + cents(l.refund_total ?? 0) + taxes.reduce((t, x) => t + cents(x.refund_total ?? 0), 0);
    }, 0);
  }

  private storeRefund(order: Obj, orderId: number, amount: number, body: Obj, lines: Obj[], apiRefund: boolean): Obj {
    const id = this.nextId++;
    const at = this.tick(1000);
    const meta = Array.isArray(body.meta_data) ? (body.meta_data as Obj[]) : [];
    const refund: Obj = {
      id,
      date_created: wooDate(at, this.siteOffsetHours),
      date_created_gmt: wooDate(at),
      amount: (amount / 100).toFixed(2),
      reason: typeof body.reason === 'string' ? body.reason : '',
      refunded_by: 1,
      refunded_payment: apiRefund,
      meta_data: meta.map((m, i) => ({ id: id * 10 + i, key: m.key, value: m.value })),
      line_items: lines.map((l) => ({
        id: this.nextId++,
        refunded_item_id: l.id,
        quantity: -Number(l.quantity ?? 0),
        total: `-${l.refund_total ?? 0}`,
      })),
    };
    this.refunds.get(orderId)?.push(refund);
    (order.refunds as Obj[]).push({ id, reason: refund.reason, total: `-${refund.amount}` });
    if (apiRefund) this.gatewayRefunds.push({ orderId, refundId: id, amount });
    if (flag(body.api_restock, true)) {
      for (const l of lines) this.restocked.push({ orderId, lineItemId: Number(l.id), quantity: Number(l.quantity ?? 0) });
    }
    const refundedNow = (this.refunds.get(orderId) ?? []).reduce((s, r) => s + cents(r.amount), 0);
    if (refundedNow >= cents(order.total)) order.status = 'refunded';
    Object.assign(order, this.modified(at));
    return refund;
  }

  private async latency(): Promise<void> {
    if (this.refundLatencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.refundLatencyMs));
  }

  /**
   * Saves a webhook as wp-admin does: WooCommerce first pings the delivery URL (a form body
   * `webhook_id=<id>`, no signature) and refuses to save it when the ping fails.
   */
  async createWebhook(topic: string, deliveryUrl: string, secret = this.webhookSecret): Promise<WooWebhook> {
    const id = this.nextId++;
    const res = await fetch(deliveryUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'user-agent': 'WooCommerce/9.4.2 Hookshot (WordPress/6.7)',
      },
      body: `webhook_id=${id}`,
    });
    await res.arrayBuffer();
    if (res.status < 200 || res.status >= 300) throw new Error(`Error: Delivery URL returned response code: ${res.status}`);
    const webhook: WooWebhook = { id, topic, deliveryUrl, secret, status: 'active', failureCount: 0 };
    this.webhooks.push(webhook);
    return webhook;
  }

  /** Delivers `payload` to every active webhook on `topic`; a webhook failing more than 5 times in a row is disabled. */
  async emit(topic: string, payload: Obj): Promise<WooDelivery[]> {
    const sent: WooDelivery[] = [];
    for (const webhook of this.webhooks.filter((w) => w.status === 'active' && w.topic === topic)) {
      sent.push(await this.deliver(webhook, payload));
    }
    return sent;
  }

  /** The request WooCommerce would send for a delivery: headers and the exact body. */
  delivery(webhook: Pick<WooWebhook, 'id' | 'topic' | 'secret'>, payload: Obj, deliveryId = rand(8)) {
    const rawBody = JSON.stringify(payload);
    const [resource = '', event = ''] = webhook.topic.split('.');
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'WooCommerce/9.4.2 Hookshot (WordPress/6.7)',
      'x-wc-webhook-source': `${this.url}/`,
      'x-wc-webhook-topic': webhook.topic,
      'x-wc-webhook-resource': resource,
      'x-wc-webhook-event': event,
      'x-wc-webhook-signature': signWooBody(rawBody, webhook.secret),
      'x-wc-webhook-id': String(webhook.id),
      'x-wc-webhook-delivery-id': deliveryId,
    };
    return { headers, rawBody };
  }

  private async deliver(webhook: WooWebhook, payload: Obj): Promise<WooDelivery> {
    const deliveryId = String(this.nextId++);
    const { headers, rawBody } = this.delivery(webhook, payload, deliveryId);
    let status: number | null = null;
    try {
      const res = await fetch(webhook.deliveryUrl, { method: 'POST', headers, body: rawBody, redirect: 'manual' });
      await res.arrayBuffer();
      status = res.status;
    } catch {
      status = null;
    }
    // WooCommerce counts 2xx, 301 and 302 as delivered; anything else is a failure.
    const ok = status !== null && ((status >= 200 && status < 300) || status === 301 || status === 302);
    webhook.failureCount = ok ? 0 : webhook.failureCount + 1;
    if (webhook.failureCount > 5) webhook.status = 'disabled';
    const delivery = { webhookId: webhook.id, deliveryId, topic: webhook.topic, status };
    this.deliveries.push(delivery);
    return delivery;
  }
}
