import { describe, expect, it } from 'vitest';
import { measureShopImport } from '../bench/shopImport.js';
import { SYNC_PAGE_SIZE } from '../src/app/catalog/sync/runSync.js';
import { MAX_PAGE } from '../src/integrations/shops/woocommerce/client.js';
import { createTestDb, POSTGRES_ANSWERS, postgresOnly } from './support/databases.js';

describe.skipIf(!POSTGRES_ANSWERS)(postgresOnly('the import bench'), () => {
  it("measures at the page sizes real backfills write too: the sync's and WooCommerce's largest", async () => {
    const db = await createTestDb('postgres');
    try {
      const lines: string[] = [];
      const r = await measureShopImport(db.url as string, { orders: 1000, pageSize: 1000 }, (l) => lines.push(l));
      expect(r.atBackfillPages.map((at) => at.pageSize)).toEqual([SYNC_PAGE_SIZE, MAX_PAGE]);
      for (const at of r.atBackfillPages) expect(at.perSecond).toBeGreaterThan(0);
      const pages = await db.db.selectFrom('events').select('data').where('type', '=', 'connection.orders_synced').execute();
      const sizes = new Set(pages.map((p) => Number((p.data as { imported: number }).imported)));
      expect(sizes).toContain(SYNC_PAGE_SIZE);
      expect(sizes).toContain(MAX_PAGE);
    } finally {
      await db.close();
    }
  }, 120_000);
});
