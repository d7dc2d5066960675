import type { ShopListQuery, ShopOrder, ShopPage, ShopPlatformAdapter } from '../src/app/catalog/connections/port.js';
import { runSync, SYNC_PAGE_SIZE } from '../src/app/catalog/sync/runSync.js';
import type { SyncConnection } from '../src/app/catalog/sync/syncConnection.js';
import type { AppContext } from '../src/app/kernel/context.js';
import type { BackendCpu } from './cpu.js';

/** A backfill's speed and what it cost per order, in µs of CPU: this process and PostgreSQL's backends. */
export interface BackfillResult {
  pagesAtOnce: number;
  perSecond: number;
  nodeCpuUsPerOrder: number;
  dbCpuUsPerOrder: number;
}

/**
 * A platform that answers at once from memory: orders `from` … `from + count − 1`, in pages of the
 * size asked, the cursor being the next order's number. Only the listing is there; the backfill
 * asks nothing else.
 */
function memoryShop(from: number, count: number, order: (i: number) => ShopOrder): ShopPlatformAdapter {
  const listOrders = async (query: ShopListQuery): Promise<ShopPage<ShopOrder>> => {
    const start = query.cursor === null ? from : Number(query.cursor);
    const end = Math.min(from + count, start + (query.pageSize ?? SYNC_PAGE_SIZE));
    return {
      items: Array.from({ length: end - start }, (_, k) => order(start + k)),
      next: end < from + count ? String(end) : null,
      total: count,
    };
  };
  return { listOrders } as unknown as ShopPlatformAdapter;
}

/**
 * Orders brought in per second by a whole backfill (`runSync` with its defaults: the platform asked
 * for pages of the sync's size, 250, run together into writes of 1,000 orders, each committed with
 * the run's cursor) from a platform that answers at once from memory, so what is measured is
 * Retour's side (and the in-memory platform's making of its orders, about a µs each, in the Node
 * CPU): `pagesAtOnce` writes at a time.
 */
export async function measureBackfill(
  ctx: AppContext,
  shop: SyncConnection,
  range: { from: number; count: number; pagesAtOnce: number },
  order: (i: number) => ShopOrder,
  backends: BackendCpu,
): Promise<BackfillResult> {
  const adapter = memoryShop(range.from, range.count, order);
  const shops = {
    ...ctx.shops,
    connection: async (id: string) => ({ id, platform: shop.platform, channelId: shop.channelId, adapter }),
  };
  const withShop: AppContext = { ...ctx, shops };
  const node0 = process.cpuUsage();
  const db0 = await backends.cpuMs();
  const started = performance.now();
  const outcome = await runSync(
    withShop,
    shop.id,
    { kind: 'backfill', resource: 'orders', startedBy: 'bench' },
    { pagesAtOnce: range.pagesAtOnce },
  );
  const seconds = (performance.now() - started) / 1000;
  const db1 = await backends.cpuMs();
  const node = process.cpuUsage(node0);
  if (outcome.status !== 'succeeded' || outcome.processed !== range.count) {
    throw new Error(`the backfill ended ${outcome.status} with ${'processed' in outcome ? outcome.processed : 0} orders`);
  }
  return {
    pagesAtOnce: range.pagesAtOnce,
    perSecond: range.count / seconds,
    nodeCpuUsPerOrder: (node.user + node.system) / range.count,
    dbCpuUsPerOrder: ((db1 - db0) * 1000) / range.count,
  };
}
