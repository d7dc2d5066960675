import { createHmac, randomUUID } from 'node:crypto';
import type { ShopCredentials } from '../../../src/app/catalog/connections/port.js';
import type { FakeAnswer, SeenRequest } from '../carriers/fakeServer.js';
import { FakeHttpServer } from '../carriers/fakeServer.js';
import { type FakeOrderInput, type FakeProductInput, gid, orderObject, productObject, variantObject } from './fakeShopifyData.js';
import { shopifyMutations } from './fakeShopifyMutations.js';
import { orderPayload } from './fakeShopifyPayloads.js';
import { GqlSyntaxError, parseOperation } from './graphqlDocument.js';
import { type FakeObject, GqlExecutor, GqlValidationError, queryCost } from './graphqlExecutor.js';

export type { FakeLineInput, FakeOrderInput, FakeProductInput } from './fakeShopifyData.js';
export { orderPayload, returnPayload } from './fakeShopifyPayloads.js';

const MAX_QUERY_COST = 1000;
/** How long Shopify waits for a webhook's answer. */
const WEBHOOK_TIMEOUT_MS = 5000;
const INVALID_TOKEN = '[API] Invalid API key or access token (unrecognized login or wrong password)';

/** The shop's primary location (where restocks go when none is named). */
export const PRIMARY_LOCATION = gid('Location', 1);

/** Return reason definitions (2026-01) by handle. */
const REASON_HANDLES = [
  'size-too-small',
  'size-too-large',
  'unwanted',
  'not-as-described',
  'wrong-item',
  'defective',
  'style',
  'color',
  'other',
];

/**
 * Shopify's GraphQL Admin API over HTTP, for tests: `POST /admin/api/{version}/graphql.json` with
 * the `X-Shopify-Access-Token` (401 with Shopify's body otherwise). Documents are really parsed
 * and answered field by field (an unknown field is refused), connections paged by cursor, and every
 * call costed in a leaky bucket (`extensions.cost`, THROTTLED over it, MAX_COST_EXCEEDED over
 * 1000). Holds orders, products, inventory levels, bulk operations (CREATED → RUNNING → COMPLETED,
 * the JSONL file served with Range), returns (REQUESTED → OPEN → CLOSED, DECLINED, CANCELED) with
 * reverse fulfilment dispositions, and refunds that honour `@idempotent(key:)`.
 *
 * Use:
 * - `const shopify = await new FakeShopify().start()` … `await shopify.stop()`; `shopify.credentials()`
 *   for a connection (baseUrl, token, client secret).
 * - `seedOrder({ lines: [{ sku, quantity, price: '49.95', discount?, taxRate?, fulfilled? }], shipping?,
 *   discountCodes?, financialStatus?, gateway?, deliveredAt?, deliveryEventAt?, … })` and
 *   `seedProduct({ title, options, variants: [{ sku, price, options }], images? })` return gids; a
 *   line's SKU finds a seeded variant. `editOrder(id, { email, tags, cancelledAt })` edits at the source.
 * - Read back: `order(id)`, `refundsOf(orderId)`, `returnsOf(orderId)`, `findReturn(id)`,
 *   `available(inventoryItemId, locationId?)`, `variantBySku(sku)`, `bulkOperations`, `operations`.
 * - Webhooks: `sendWebhook(url, topic, payload, { secret?, webhookId? })` posts a signed delivery;
 *   `webhookRequest(…)` builds one without sending; payloads from `orderPayload(id)` / `returnPayload(ret)`.
 * - Behaviour: `bucket` (rate limit), `throttleWith429`, `bulkPolls`, `failNextBulk`, `ignoreRange`,
 *   `failNext` (from FakeHttpServer: a 5xx or 429 before anything is done), `mutations.<name>(args)`
 *   to act on the shop as staff or another app would (returnRequest, returnApproveRequest,
 *   returnDeclineRequest, returnClose, returnCancel, returnReopen …).
 */
export class FakeShopify extends FakeHttpServer {
  readonly shop: string;
  readonly token: string;
  readonly clientSecret: string;
  readonly currency: string;
  scopes = ['read_orders', 'write_orders', 'read_products', 'read_returns', 'write_returns', 'write_inventory'];
  readonly orders: FakeObject[] = [];
  readonly products: FakeObject[] = [];
  readonly variantsBySku = new Map<string, FakeObject>();
  /** `available` per `${inventoryItemId}|${locationId}`. */
  readonly inventory = new Map<string, number>();
  readonly bulkOperations: FakeObject[] = [];
  readonly bulkFiles = new Map<string, Buffer>();
  readonly reasonDefinitions: FakeObject[] = REASON_HANDLES.map((handle, i) => ({
    __typename: 'ReturnReasonDefinition',
    id: gid('ReturnReasonDefinition', i + 1),
    handle,
    name: handle.replace(/-/g, ' '),
    deleted: false,
  }));
  /** Operation names in the order received, for tests that count calls. */
  readonly operations: string[] = [];
  /** The leaky bucket: its size, how many points come back a second, and what is in it now
   * (Shopify Plus's by default; Standard shops have 2000 and 100). */
  bucket = { maximumAvailable: 20_000, restoreRate: 1000, available: 20_000, at: Date.now() };
  /** Answer THROTTLED with HTTP 429 instead of 200. */
  throttleWith429 = false;
  /** Status polls a bulk operation takes to complete (CREATED → RUNNING → COMPLETED). */
  bulkPolls = 2;
  /** The next bulk operation fails with this error code. */
  failNextBulk: string | null = null;
  /** Serve bulk files whole, ignoring Range (as some hosts do). */
  ignoreRange = false;
  /** The API version of the request being answered (from 2026-04 some mutations need `@idempotent`). */
  requestVersion = '';
  private orderNumber = 1000;
  /** The mutation root (a test may run one directly, as another app on the shop would). */
  readonly mutations = shopifyMutations(this);

  constructor(opts: { shop?: string; token?: string; clientSecret?: string; currency?: string } = {}) {
    super();
    this.shop = opts.shop ?? 'retour-test.myshopify.com';
    this.token = opts.token ?? 'shpat_fake_admin_token';
    this.clientSecret = opts.clientSecret ?? 'shpss_fake_client_secret';
    this.currency = opts.currency ?? 'EUR';
    this.route('POST', '/admin/api/:version/graphql.json', (req, p) => {
      this.requestVersion = p.version ?? '';
      return this.graphql(req);
    });
    this.route('GET', '/bulk-results/:file', (req, p) => this.bulkFile(req, p.file ?? ''));
  }

  /** Credentials for a connection to this fake. */
  credentials(overrides: Partial<ShopCredentials> = {}): ShopCredentials {
    return { shop: this.shop, apiKey: this.token, webhookSecret: this.clientSecret, baseUrl: this.url, ...overrides };
  }

  seedOrder(input: FakeOrderInput): string {
    const order = orderObject(input, ++this.orderNumber, (sku, price) => this.variantFor(sku, price));
    this.orders.push(order);
    return String(order.id);
  }

  seedProduct(input: FakeProductInput): string {
    const product = productObject(input);
    for (const variant of product.variants as FakeObject[]) this.registerVariant(variant);
    this.products.push(product);
    return String(product.id);
  }

  order(id: string): FakeObject {
    const order = this.orders.find((o) => o.id === id);
    if (!order) throw new Error(`no order ${id}`);
    return order;
  }

  /** Changes an order as staff would on Shopify (its updatedAt moves on). */
  editOrder(id: string, changes: Partial<Pick<FakeObject, 'email' | 'tags' | 'cancelledAt'>>): void {
    Object.assign(this.order(id), changes, { updatedAt: new Date().toISOString() });
  }

  refundsOf(orderId: string): FakeObject[] {
    return this.order(orderId).refunds as FakeObject[];
  }

  returnsOf(orderId: string): FakeObject[] {
    return this.order(orderId).returns as FakeObject[];
  }

  findReturn(returnId: string): FakeObject | undefined {
    return this.orders.flatMap((o) => o.returns as FakeObject[]).find((r) => r.id === returnId);
  }

  /** The `available` quantity of an inventory item at a location (the primary one by default). */
  available(inventoryItemId: string, locationId = PRIMARY_LOCATION): number {
    return this.inventory.get(`${inventoryItemId}|${locationId}`) ?? 0;
  }

  variantBySku(sku: string): FakeObject | undefined {
    return this.variantsBySku.get(sku);
  }

  /**
   * Posts a webhook delivery signed as Shopify signs it (`secret` to sign with another key). Like
   * Shopify, it waits 5 seconds for the answer at most: a slower one counts as failed (status 0,
   * `timedOut`), which Shopify would retry.
   */
  async sendWebhook(
    url: string,
    topic: string,
    payload: unknown,
    opts: { secret?: string; webhookId?: string } = {},
  ): Promise<{ status: number; body: string; webhookId: string; timedOut: boolean }> {
    const request = this.webhookRequest(topic, payload, opts);
    const webhookId = String(request.headers['x-shopify-webhook-id']);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: request.headers,
        body: request.rawBody,
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      return { status: res.status, body: await res.text(), webhookId, timedOut: false };
    } catch (err) {
      if ((err as Error).name !== 'TimeoutError') throw err;
      return { status: 0, body: '', webhookId, timedOut: true };
    }
  }

  /** A webhook delivery as headers (lower-cased) and raw body, signed with the client secret. */
  webhookRequest(
    topic: string,
    payload: unknown,
    opts: { secret?: string; webhookId?: string } = {},
  ): { headers: Record<string, string>; rawBody: string; query: Record<string, string> } {
    const rawBody = JSON.stringify(payload);
    const webhookId = opts.webhookId ?? randomUUID();
    const hmac = createHmac('sha256', opts.secret ?? this.clientSecret)
      .update(rawBody)
      .digest('base64');
    return {
      rawBody,
      query: {},
      headers: {
        'content-type': 'application/json',
        'x-shopify-topic': topic,
        'x-shopify-hmac-sha256': hmac,
        'x-shopify-shop-domain': this.shop,
        'x-shopify-api-version': '2026-01',
        'x-shopify-webhook-id': webhookId,
        'x-shopify-event-id': randomUUID(),
        'x-shopify-triggered-at': new Date().toISOString(),
      },
    };
  }

  /** The REST-shaped payload of an order webhook. */
  orderPayload(orderId: string): Record<string, unknown> {
    return orderPayload(this.order(orderId));
  }

  registerVariant(variant: FakeObject): void {
    this.variantsBySku.set(String(variant.sku), variant);
    const item = variant.inventoryItem as FakeObject;
    const key = `${item.id}|${PRIMARY_LOCATION}`;
    if (!this.inventory.has(key)) this.inventory.set(key, 0);
  }

  private variantFor(sku: string, price: string): FakeObject {
    const known = this.variantsBySku.get(sku);
    if (known) return known;
    const variant = variantObject(sku, price);
    this.registerVariant(variant);
    return variant;
  }

  private graphql(req: SeenRequest): FakeAnswer {
    if (req.headers['x-shopify-access-token'] !== this.token) return { status: 401, body: { errors: INVALID_TOKEN } };
    const body = (req.body ?? {}) as { query?: string; variables?: Record<string, unknown> | null };
    const variables = body.variables ?? {};
    let operation: ReturnType<typeof parseOperation>;
    try {
      operation = parseOperation(String(body.query ?? ''));
    } catch (err) {
      if (err instanceof GqlSyntaxError) return graphqlError(err.message, 'PARSE_ERROR');
      throw err;
    }
    this.operations.push(operation.name ?? '(anonymous)');
    for (const variable of operation.variables) {
      if (variable.required && (variables[variable.name] === undefined || variables[variable.name] === null))
        return graphqlError(`Variable $${variable.name} of type ${variable.type} was provided invalid value`, 'INVALID_VARIABLE');
    }
    const cost = operation.type === 'mutation' ? 10 * operation.selections.length : queryCost(operation.selections, variables);
    if (cost > MAX_QUERY_COST)
      return graphqlError(
        `Query cost is ${cost}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).`,
        'MAX_COST_EXCEEDED',
      );
    this.refill();
    if (cost > this.bucket.available) {
      return {
        status: this.throttleWith429 ? 429 : 200,
        headers: this.throttleWith429
          ? { 'retry-after': String(Math.ceil((cost - this.bucket.available) / this.bucket.restoreRate)) }
          : {},
        body: {
          errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }],
          extensions: this.costExtension(cost, null),
        },
      };
    }
    this.bucket.available -= cost;
    const root = operation.type === 'mutation' ? this.mutations : this.queryRoot();
    try {
      const data = new GqlExecutor(variables).object(root, operation.selections);
      return { status: 200, body: { data, extensions: this.costExtension(cost, cost) } };
    } catch (err) {
      if (err instanceof GqlValidationError) return graphqlError(err.message, err.code);
      throw err;
    }
  }

  private refill(): void {
    const now = Date.now();
    const restored = ((now - this.bucket.at) / 1000) * this.bucket.restoreRate;
    this.bucket.available = Math.min(this.bucket.maximumAvailable, this.bucket.available + restored);
    this.bucket.at = now;
  }

  private costExtension(requested: number, actual: number | null) {
    return {
      cost: {
        requestedQueryCost: requested,
        actualQueryCost: actual,
        throttleStatus: {
          maximumAvailable: this.bucket.maximumAvailable,
          currentlyAvailable: Math.floor(this.bucket.available),
          restoreRate: this.bucket.restoreRate,
        },
      },
    };
  }

  private queryRoot(): FakeObject {
    const since = (query: unknown) => /updated_at:>=\s*'?([^' ]+)'?/.exec(String(query ?? ''))?.[1] ?? null;
    const byUpdate = (list: FakeObject[], query: unknown) => {
      const from = since(query);
      return list
        .filter((o) => !from || Date.parse(String(o.updatedAt)) >= Date.parse(from))
        .sort((a, b) => String(a.updatedAt).localeCompare(String(b.updatedAt)) || String(a.id).localeCompare(String(b.id)));
    };
    return {
      __typename: 'QueryRoot',
      shop: { __typename: 'Shop', name: 'Retour Test Shop', myshopifyDomain: this.shop, currencyCode: this.currency },
      currentAppInstallation: {
        __typename: 'AppInstallation',
        accessScopes: this.scopes.map((handle) => ({ __typename: 'AccessScope', handle })),
      },
      orders: (args: Record<string, unknown>) =>
        args.sortKey === 'UPDATED_AT'
          ? byUpdate(this.orders, args.query)
          : byUpdate(this.orders, args.query).sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt))),
      order: (args: Record<string, unknown>) => this.orders.find((o) => o.id === args.id) ?? null,
      products: (args: Record<string, unknown>) => byUpdate(this.products, args.query),
      productVariants: (args: Record<string, unknown>) => {
        const sku = /sku:'?([^']+)'?/.exec(String(args.query ?? ''))?.[1];
        const variant = sku ? this.variantsBySku.get(sku) : undefined;
        return variant ? [variant] : [];
      },
      return: (args: Record<string, unknown>) => this.findReturn(String(args.id)) ?? null,
      node: (args: Record<string, unknown>) => this.node(String(args.id)),
      nodes: (args: Record<string, unknown>) => {
        const ids = (args.ids as string[] | null) ?? [];
        if (ids.length > 250) throw new GqlValidationError('The ids argument accepts at most 250 ids', 'argumentOutOfRange');
        return ids.map((id) => this.node(id) ?? this.fulfillment(id));
      },
      currentBulkOperation: () => this.bulkOperations[this.bulkOperations.length - 1] ?? null,
      location: (args: Record<string, unknown>) =>
        !args.id || args.id === PRIMARY_LOCATION ? { __typename: 'Location', id: PRIMARY_LOCATION, name: 'Warehouse' } : null,
      returnReasonDefinitions: (args: Record<string, unknown>) => {
        const handles = args.handles as string[] | null;
        return this.reasonDefinitions.filter((d) => !handles || handles.includes(String(d.handle)));
      },
    };
  }

  private node(id: string): FakeObject | null {
    const op = this.bulkOperations.find((b) => b.id === id);
    if (op) {
      this.mutations.advanceBulk(op);
      return op;
    }
    return this.orders.find((o) => o.id === id) ?? this.products.find((p) => p.id === id) ?? this.findReturn(id) ?? null;
  }

  private fulfillment(id: string): FakeObject | null {
    return this.orders.flatMap((o) => o.fulfillments as FakeObject[]).find((f) => f.id === id) ?? null;
  }

  private bulkFile(req: SeenRequest, name: string): FakeAnswer {
    const file = this.bulkFiles.get(name);
    if (!file) return { status: 404, body: { error: 'NoSuchKey' } };
    const range = /^bytes=(\d+)-$/.exec(String(req.headers.range ?? ''));
    if (!range || this.ignoreRange) return { status: 200, raw: file, headers: { 'content-type': 'application/jsonl' } };
    const start = Number(range[1]);
    if (start >= file.length) return { status: 416, raw: Buffer.alloc(0) };
    return {
      status: 206,
      raw: file.subarray(start),
      headers: { 'content-type': 'application/jsonl', 'content-range': `bytes ${start}-${file.length - 1}/${file.length}` },
    };
  }
}

function graphqlError(message: string, code: string): FakeAnswer {
  return { status: 200, body: { errors: [{ message, extensions: { code } }] } };
}
