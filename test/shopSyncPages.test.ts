import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSync, type SyncProgress } from '../src/app/catalog/sync/runSync.js';
import { STALE_RUN_MS } from '../src/app/catalog/sync/syncRuns.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, seedCatalogue } from './support/fixtures.js';
import { storeShopConnection } from './support/shopSync.js';
import { FakeWooCommerce } from './support/shops/fakeWooCommerce.js';
import { createTestApp, type TestApp } from './support/testApp.js';

describe.each(DB_KINDS)('a backfill writes several pages at once (%s)', (kind) => {
  let t: TestApp;
  const backfill = { kind: 'backfill', resource: 'orders', startedBy: 'test' } as const;

  beforeAll(async () => {
    t = await createTestApp(kind, { RETOUR_ENCRYPTION_KEY: 'shop-sync-pages-test' });
    await seedCatalogue(t.ctx);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function wooShop(orders: number) {
    const fake = await new FakeWooCommerce().start();
    fake.clock = new Date(t.clock.now.getTime() - DAY);
    // A shopper each, so no two pages wait on the same customer's row.
    const ids = Array.from({ length: orders }, (_, i) =>
      Number(
        fake.addOrder({ email: `pages-${i}@example.nl`, lines: [{ sku: 'TEE-M', quantity: 1, unitPrice: 2000 }], paid: true }).id,
      ),
    );
    const shop = await storeShopConnection(t.ctx, { platform: 'woocommerce', credentials: fake.credentials() });
    return { fake, shop, ids: ids.map(String) };
  }
  /** Every order of the connection, by platform id, with how many times Retour has it. */
  const copiesOf = async (connectionId: string) => {
    const rows = await t.ctx.db
      .selectFrom('orders')
      .select('external_id')
      .where('connection_id', '=', connectionId)
      .orderBy('external_id')
      .execute();
    const copies = new Map<string, number>();
    for (const r of rows) copies.set(r.external_id as string, (copies.get(r.external_id as string) ?? 0) + 1);
    return copies;
  };
  const runRow = (id: string) => t.ctx.db.selectFrom('shop_sync_runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('brings every order in once, the cursor and counts as if the pages had gone one by one', async () => {
    const { fake, shop, ids } = await wooShop(20);
    const progress: SyncProgress[] = [];
    const outcome = await runSync(t.ctx, shop.id, backfill, {
      pageSize: 3,
      pagesAtOnce: 4,
      onProgress: (p) => progress.push({ ...p }),
    });
    expect(outcome).toMatchObject({ status: 'succeeded', processed: 20, errors: 0 });
    expect(await copiesOf(shop.id)).toEqual(new Map(ids.sort().map((id) => [id, 1])));
    expect(await runRow(outcome.runId)).toMatchObject({ status: 'succeeded', processed: 20, total: 20, cursor: null });
    const connection = await t.ctx.db
      .selectFrom('shop_connections')
      .select(['orders_received', 'synced_until'])
      .where('id', '=', shop.id)
      .executeTakeFirstOrThrow();
    expect(connection).toMatchObject({ orders_received: 20, synced_until: t.clock.now });
    // Each page asked for once, and the progress told never goes back.
    const asked = fake.requests('GET', /\/orders$/).map((r) => r.query.get('page'));
    expect(asked).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    const told = progress.map((p) => p.processed);
    expect(told).toEqual([...told].sort((a, b) => a - b));
    expect(told.at(-1)).toBe(20);
  });

  it('a page the platform answers with 503 while others are written is asked again, and the run ends with every order once', async () => {
    const { fake, shop, ids } = await wooShop(12);
    let told = 0;
    const outcome = await runSync(t.ctx, shop.id, backfill, {
      pageSize: 3,
      pagesAtOnce: 3,
      retryBaseMs: 1,
      // Once the first page is in, the next listing asked for fails twice: the run stamps itself
      // alive between tries while other pages are being written.
      onProgress: () => {
        if (++told === 1) fake.failNext({ status: 503, path: /\/orders$/ }, 2);
      },
    });
    expect(outcome).toMatchObject({ status: 'succeeded', processed: 12 });
    expect(await copiesOf(shop.id)).toEqual(new Map(ids.sort().map((id) => [id, 1])));
    expect(fake.requests('GET', /\/orders$/).length).toBeGreaterThanOrEqual(4);
  });

  it('a page that fails keeps the cursor before it, whatever pages after it committed; the resumed run brings each order in once', async () => {
    const { shop, ids } = await wooShop(15);
    // The fifth order (on the second page of three) cannot be written. On PostgreSQL its page
    // first waits, within bounds, for the third page to commit: a page after the failed one is in.
    const refused = ids[4] as string;
    const later = ids[6] as string;
    const waitForLater =
      kind === 'postgres'
        ? sql`for i in 1..500 loop
            exit when exists (select 1 from orders where external_id = ${sql.lit(later)});
            perform pg_sleep(0.01);
          end loop;`
        : sql``;
    await sql`create function refuse_test_order() returns trigger language plpgsql as $$
      begin
        if new.external_id = ${sql.lit(refused)} then
          ${waitForLater}
          raise exception 'order refused by the test';
        end if;
        return new;
      end $$`.execute(t.ctx.db);
    await sql`create trigger refuse_test_order before insert on orders
      for each row execute function refuse_test_order()`.execute(t.ctx.db);
    try {
      await expect(runSync(t.ctx, shop.id, backfill, { pageSize: 3, pagesAtOnce: 4 })).rejects.toThrow(
        /order refused by the test/,
      );
    } finally {
      await sql`drop trigger refuse_test_order on orders`.execute(t.ctx.db);
      await sql`drop function refuse_test_order()`.execute(t.ctx.db);
    }
    const [stopped] = await t.ctx.db.selectFrom('shop_sync_runs').selectAll().where('connection_id', '=', shop.id).execute();
    // Only the first page is behind the cursor: the second never committed.
    expect(stopped).toMatchObject({ status: 'running', processed: 3 });
    const before = await copiesOf(shop.id);
    expect(before.has(refused)).toBe(false);
    for (const id of ids.slice(0, 3)) expect(before.get(id)).toBe(1);
    if (kind === 'postgres') for (const id of ids.slice(6, 9)) expect(before.get(id)).toBe(1);
    expect([...before.values()].every((n) => n === 1)).toBe(true);

    // The process that ran it is gone; once the run is stale another takes it over from its cursor.
    t.clock.advance(STALE_RUN_MS + 1000);
    const resumed = await runSync(t.ctx, shop.id, backfill, { pageSize: 3, pagesAtOnce: 4 });
    expect(resumed).toMatchObject({ status: 'succeeded', runId: stopped?.id, resumed: true, processed: 15 });
    expect(await copiesOf(shop.id)).toEqual(new Map(ids.sort().map((id) => [id, 1])));
    const received = await t.ctx.db
      .selectFrom('shop_connections')
      .select('orders_received')
      .where('id', '=', shop.id)
      .executeTakeFirstOrThrow();
    expect(received.orders_received).toBe(15);
  });
});
