import { ShopError, type ShopListQuery, type ShopOrder, type ShopPage } from '../../../app/catalog/connections/port.js';
import { readBulkPage } from './bulkFile.js';
import type { ShopifyGraphql } from './graphqlClient.js';
import { type Gql, nodesOf, toShopOrder } from './orderMapper.js';
import {
  BULK_CURRENT,
  BULK_ORDERS,
  BULK_RUN,
  BULK_STATUS,
  FULFILLMENT_DETAILS,
  FULFILLMENTS_PER_CALL,
  ORDER_BY_ID,
  ORDER_MORE_LINES,
  ORDERS_PAGE,
} from './queries.js';

/** Orders per page of the catch-up: an order with its lines, fulfilments and transactions costs
 * up to about 400 points, and Shopify refuses a query over 1000. */
const DELTA_PAGE = 2;
/** Orders per page read from a bulk result. */
const BULK_PAGE = 250;
/** How long one call waits for a running bulk operation before it hands back an empty page. */
const BULK_WAIT_MS = 3_000;
const BULK_PREFIX = 'bulk:';

/** Where a backfill is: the bulk operation, how many orders were handed out, and where the next starts in its file. */
interface BulkCursor {
  op: string;
  roots: number;
  byte: number;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function encodeBulkCursor(cursor: BulkCursor): string {
  return BULK_PREFIX + Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeBulkCursor(cursor: string): BulkCursor {
  try {
    const value = JSON.parse(Buffer.from(cursor.slice(BULK_PREFIX.length), 'base64url').toString('utf8')) as BulkCursor;
    if (typeof value.op === 'string' && Number.isInteger(value.roots) && Number.isInteger(value.byte)) return value;
  } catch {
    // falls through to the refusal below
  }
  throw new ShopError('rejected', 'SHOP_BAD_CURSOR', 'The stored cursor of this Shopify backfill cannot be read', {
    field: 'cursor',
  });
}

/**
 * Lists orders. With `updatedSince` (the catch-up) a page of `orders` changed since then, oldest
 * change first, the cursor being Shopify's. Without it (the backfill) a bulk operation reads every
 * order into a file; each call hands out one page of that file, and the cursor keeps the
 * operation and the place in its file, so a stopped backfill resumes where it was without a new
 * bulk operation. While the operation runs (a small one is waited for a moment), a call hands back
 * an empty page with the same cursor: the sync keeps its run and asks again until the file is there.
 */
export async function listShopifyOrders(api: ShopifyGraphql, query: ShopListQuery): Promise<ShopPage<ShopOrder>> {
  if (query.cursor?.startsWith(BULK_PREFIX)) return bulkPage(api, decodeBulkCursor(query.cursor), query.pageSize);
  if (query.updatedSince || query.cursor) return deltaPage(api, query);
  const op = await startBulk(api);
  return bulkPage(api, { op, roots: 0, byte: 0 }, query.pageSize);
}

async function deltaPage(api: ShopifyGraphql, query: ShopListQuery): Promise<ShopPage<ShopOrder>> {
  const search = query.updatedSince ? `updated_at:>='${query.updatedSince.toISOString()}'` : null;
  const data = await api.request<{ orders: Gql }>(ORDERS_PAGE, {
    first: Math.min(query.pageSize ?? DELTA_PAGE, DELTA_PAGE),
    after: query.cursor,
    query: search,
  });
  const pageInfo = (data.orders.pageInfo as { hasNextPage?: boolean; endCursor?: string | null }) ?? {};
  const orders: ShopOrder[] = [];
  for (const order of nodesOf(data.orders)) orders.push(toShopOrder(await withAllLines(api, order)));
  return {
    items: orders,
    next: pageInfo.hasNextPage && pageInfo.endCursor ? pageInfo.endCursor : null,
    total: null,
  };
}

const sameQuery = (a: unknown, b: string) =>
  String(a ?? '')
    .replace(/\s+/g, ' ')
    .trim() === b.replace(/\s+/g, ' ').trim();

/** Starts the bulk read of all orders; one already running with the same query is taken over. */
async function startBulk(api: ShopifyGraphql): Promise<string> {
  const data = await api.request<{ bulkOperationRunQuery: Gql | null }>(BULK_RUN, { query: BULK_ORDERS });
  const payload = data.bulkOperationRunQuery ?? {};
  const op = payload.bulkOperation as Gql | null;
  if (op?.id) return String(op.id);
  const errors = (payload.userErrors as { code?: string; message?: string; field?: string[] }[] | null) ?? [];
  const busy = errors.some((e) => e.code === 'OPERATION_IN_PROGRESS' || e.code === 'LIMIT_REACHED');
  if (!busy) {
    const first = errors[0];
    throw new ShopError(
      'rejected',
      `SHOP_${first?.code ?? 'BULK_REFUSED'}`,
      `Shopify: ${first?.message ?? 'bulk query refused'}`,
      {
        field: first?.field?.join('.') ?? null,
      },
    );
  }
  const current = (await api.request<{ currentBulkOperation: Gql | null }>(BULK_CURRENT)).currentBulkOperation;
  if (
    current?.id &&
    sameQuery(current.query, BULK_ORDERS) &&
    ['CREATED', 'RUNNING', 'COMPLETED'].includes(String(current.status))
  )
    return String(current.id);
  throw new ShopError('transient', 'SHOP_BULK_BUSY', 'Another bulk query runs on this Shopify shop; the backfill waits for it', {
    retryAfterMs: 60_000,
  });
}

/** Polls the bulk operation until it is done or the wait is over. */
async function bulkStatus(api: ShopifyGraphql, id: string): Promise<Gql> {
  const started = Date.now();
  for (let round = 0; ; round++) {
    const { node } = await api.request<{ node: Gql | null }>(BULK_STATUS, { id });
    if (!node) throw new ShopError('rejected', 'SHOP_BULK_GONE', 'Shopify no longer knows this bulk operation');
    const running = node.status === 'CREATED' || node.status === 'RUNNING';
    if (!running || Date.now() - started >= BULK_WAIT_MS) return node;
    await wait(Math.min(2000, 250 * 2 ** round));
  }
}

async function bulkPage(api: ShopifyGraphql, cursor: BulkCursor, pageSize?: number): Promise<ShopPage<ShopOrder>> {
  let node: Gql;
  try {
    node = await bulkStatus(api, cursor.op);
  } catch (err) {
    if (!(err instanceof ShopError) || err.code !== 'SHOP_BULK_GONE') throw err;
    node = { status: 'EXPIRED' };
  }
  const total = node.rootObjectCount == null ? null : Number(node.rootObjectCount);
  if (node.status === 'CREATED' || node.status === 'RUNNING') return { items: [], next: encodeBulkCursor(cursor), total };
  if (node.status === 'FAILED' && node.errorCode === 'ACCESS_DENIED')
    throw new ShopError('auth', 'SHOP_ACCESS_DENIED', 'Shopify refused the bulk read of orders (read_orders / read_all_orders)');
  if (node.status !== 'COMPLETED') {
    // Failed, cancelled or expired: a new operation, read on from the same number of orders
    // (sorted by creation, so the ones handed out come first again).
    const op = await startBulk(api);
    return { items: [], next: encodeBulkCursor({ op, roots: cursor.roots, byte: 0 }), total };
  }
  if (!node.url) return { items: [], next: null, total: total ?? 0 };
  const size = Math.min(pageSize ?? BULK_PAGE, 1000);
  const skip = cursor.byte > 0 ? 0 : cursor.roots;
  const page = await readBulkPage(String(node.url), cursor.byte, skip, size);
  await withFulfillmentDetails(api, page.roots);
  const items = page.roots.map(toShopOrder);
  const next =
    page.nextByte === null ? null : encodeBulkCursor({ op: cursor.op, roots: cursor.roots + items.length, byte: page.nextByte });
  return { items, next, total };
}

/** One order by its id, with all its lines. */
export async function getShopifyOrder(api: ShopifyGraphql, id: string): Promise<ShopOrder | null> {
  const { order } = await api.request<{ order: Gql | null }>(ORDER_BY_ID, { id });
  return order ? toShopOrder(await withAllLines(api, order)) : null;
}

/** The order with the lines past the first page read too (and its fulfilments with all their line items). */
async function withAllLines(api: ShopifyGraphql, order: Gql): Promise<Gql> {
  let info = (order.lineItems as { pageInfo?: { hasNextPage?: boolean; endCursor?: string } } | null)?.pageInfo;
  if (!info?.hasNextPage) return order;
  const lines = nodesOf(order.lineItems);
  let fulfillments = order.fulfillments;
  while (info?.hasNextPage) {
    const more: Gql | null = (await api.request<{ order: Gql | null }>(ORDER_MORE_LINES, { id: order.id, after: info.endCursor }))
      .order;
    if (!more) break;
    lines.push(...nodesOf(more.lineItems));
    fulfillments = more.fulfillments;
    info = (more.lineItems as { pageInfo?: { hasNextPage?: boolean; endCursor?: string } }).pageInfo;
  }
  return { ...order, lineItems: lines, fulfillments };
}

/** Puts the line items and delivery events of the orders' fulfilments in (a bulk file lacks them). */
async function withFulfillmentDetails(api: ShopifyGraphql, orders: Gql[]): Promise<void> {
  const fulfillments = orders.flatMap((o) => ((o.fulfillments as Gql[] | null) ?? []).filter((f) => f.status !== 'CANCELLED'));
  for (let at = 0; at < fulfillments.length; at += FULFILLMENTS_PER_CALL) {
    const chunk = fulfillments.slice(at, at + FULFILLMENTS_PER_CALL);
    const { nodes } = await api.request<{ nodes: (Gql | null)[] }>(FULFILLMENT_DETAILS, { ids: chunk.map((f) => f.id) });
    const byId = new Map(nodes.filter((n): n is Gql => Boolean(n?.id)).map((n) => [String(n.id), n]));
    for (const fulfillment of chunk) {
      const details = byId.get(String(fulfillment.id));
      if (details) Object.assign(fulfillment, { events: details.events, fulfillmentLineItems: details.fulfillmentLineItems });
    }
  }
}
