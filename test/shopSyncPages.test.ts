import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShopOrder } from '../src/app/catalog/connections/port.js';
import { runSync, type SyncProgress } from '../src/app/catalog/sync/runSync.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, seedCatalogue } from './support/fixtures.js';
import { shopOrder, storeShopConnection } from './support/shopSync.js';
import { FakeWooCommerce } from './support/shops/fakeWooCommerce.js';
import { HeldPlatform, pagesOf, watchedOrder } from './support/shops/heldPlatform.js';
import { createTestApp, type TestApp } from './support/testApp.js';

describe.each(DB_KINDS)('a backfill writes several pages at once (%s)', (kind) => {
  let t: TestApp;
  const backfill = { kind: 'backfill', resource: 'orders', startedBy: 'test' } as const;
  // Each page written as it comes, so pages are written at once.
  const pageByPage = { ordersPerWrite: 1 };

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
  /** A trigger that refuses to write order `externalId`, after `first` (a wait the test controls). */
  async function refuseOrder(externalId: string, first: ReturnType<typeof sql>) {
    await sql`create function refuse_test_order() returns trigger language plpgsql as $$
      begin
        if new.external_id = ${sql.lit(externalId)} then
          ${first}
          raise exception 'order refused by the test';
        end if;
        return new;
      end $$`.execute(t.ctx.db);
    await sql`create trigger refuse_test_order before insert on orders
      for each row execute function refuse_test_order()`.execute(t.ctx.db);
  }
  async function dropRefusal() {
    await sql`drop trigger refuse_test_order on orders`.execute(t.ctx.db);
    await sql`drop function refuse_test_order()`.execute(t.ctx.db);
  }
  /** An advisory lock held on a connection of its own until released (PostgreSQL only). */
  async function holdAdvisoryLock(key: number) {
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked: () => void = () => {};
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const done = t.ctx.db.connection().execute(async (c) => {
      await sql`select pg_advisory_lock(${key})`.execute(c);
      locked();
      await released;
      await sql`select pg_advisory_unlock(${key})`.execute(c);
    });
    await isLocked;
    return { release, done };
  }

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

  it('a page the platform answers with 503 while the one before is in its transaction is asked again; the run ends with every order once', async () => {
    const prefix = `held-${kind}`;
    const orders = Array.from({ length: 12 }, (_, i) => shopOrder(`${prefix}-${i}`));
    const watched = watchedOrder(orders[0] as ShopOrder);
    const platform = new HeldPlatform(pagesOf([watched.order, ...orders.slice(1)], 3));
    const shop = await storeShopConnection(t.ctx, { platform: 'woocommerce' });
    const running = runSync(platform.context(t.ctx, shop), shop.id, backfill, { ...pageByPage, pagesAtOnce: 3, retryBaseMs: 1 });
    (await platform.next()).answer();
    // The second page is asked for as the first starts to be written; it fails twice once the first
    // is in its transaction, not yet holding the run's turn: the "still alive" stamp between tries
    // must not take the turn before it has a connection (PGlite has one, held by the first page).
    const second = await platform.next();
    await watched.read;
    second.fail503();
    (await platform.next()).fail503();
    platform.answerAll();
    const outcome = await running;
    expect(outcome).toMatchObject({ status: 'succeeded', processed: 12, errors: 0 });
    expect(await copiesOf(shop.id)).toEqual(new Map(orders.map((o) => [o.externalId, 1])));
    // Each page once, the second twice more, and every 503 given was met.
    expect(platform.requests.map((r) => [r.page, r.answered])).toEqual([
      [0, 'page'],
      [1, '503'],
      [1, '503'],
      [1, 'page'],
      [2, 'page'],
      [3, 'page'],
    ]);
  });

  it('a page that fails ends the run at once, not when the read of the next one gives up', async () => {
    const prefix = `stop-${kind}`;
    const orders = Array.from({ length: 4 }, (_, i) => shopOrder(`${prefix}-${i}`));
    const platform = new HeldPlatform(pagesOf(orders, 1));
    const shop = await storeShopConnection(t.ctx, { platform: 'woocommerce' });
    await refuseOrder(orders[1]?.externalId as string, sql``);
    const dropped: unknown[] = [];
    try {
      // Tries ten minutes apart: the run ends only if the failed page stops the waiting read.
      const running = runSync(platform.context(t.ctx, shop), shop.id, backfill, {
        ...pageByPage,
        pagesAtOnce: 3,
        retryBaseMs: 600_000,
        onDroppedError: (e) => dropped.push(e),
      });
      (await platform.next()).answer();
      (await platform.next()).answer();
      (await platform.next()).fail503();
      await expect(running).rejects.toThrow(/order refused by the test/);
    } finally {
      await dropRefusal();
    }
    // The read that was waiting asked nothing more, and no other page failed.
    expect(platform.requests.map((r) => r.answered)).toEqual(['page', 'page', '503']);
    expect(dropped).toEqual([]);
    const [run] = await t.ctx.db.selectFrom('shop_sync_runs').selectAll().where('connection_id', '=', shop.id).execute();
    // Not the platform's error, yet the run ends: a run left running would keep the connection busy.
    expect(run).toMatchObject({ status: 'failed', processed: 1, last_error: expect.stringMatching(/order refused/) });
  });

  it('a page that fails keeps the cursor before it, whatever pages after it committed; the resumed run brings each order in once and records each refused one once', async () => {
    const prefix = `fail-${kind}`;
    // Page 3 (of five, three orders each) has an order refused for its currency: recorded once,
    // though the page is written by the failed run, ahead of the cursor, and again when it resumes.
    const orders = Array.from({ length: 15 }, (_, i) =>
      shopOrder(`${prefix}-${String(i).padStart(2, '0')}`, i === 7 ? { currency: 'EURO' } : {}),
    );
    const ids = orders.map((o) => o.externalId);
    const refused = ids[4] as string;
    const invalid = ids[7] as string;
    const shop = await storeShopConnection(t.ctx, { platform: 'woocommerce' });
    const platform = new HeldPlatform(pagesOf(orders, 3));
    platform.answerAll();
    // The fifth order (on the second page) cannot be written. On PostgreSQL its page first waits
    // for a lock the test holds until the pages after it are in (told by the progress).
    const lockKey = 7_310_042;
    const held = kind === 'postgres' ? await holdAdvisoryLock(lockKey) : null;
    await refuseOrder(refused, held ? sql`perform pg_advisory_xact_lock_shared(${sql.lit(lockKey)});` : sql``);
    let committed = 0;
    try {
      await expect(
        runSync(platform.context(t.ctx, shop), shop.id, backfill, {
          ...pageByPage,
          pagesAtOnce: 4,
          // Pages 1, 3 and 4 in: the second may fail now.
          onProgress: () => {
            if (++committed === 3) held?.release();
          },
        }),
      ).rejects.toThrow(/order refused by the test/);
    } finally {
      held?.release();
      await held?.done;
      await dropRefusal();
    }
    const [stopped] = await t.ctx.db.selectFrom('shop_sync_runs').selectAll().where('connection_id', '=', shop.id).execute();
    // Only the first page is behind the cursor: the second never committed.
    expect(stopped).toMatchObject({ status: 'failed', processed: 3 });
    const before = await copiesOf(shop.id);
    expect(before.has(refused)).toBe(false);
    for (const id of ids.slice(0, 3)) expect(before.get(id)).toBe(1);
    if (kind === 'postgres') for (const id of [...ids.slice(6, 7), ...ids.slice(8, 12)]) expect(before.get(id)).toBe(1);
    expect([...before.values()].every((n) => n === 1)).toBe(true);

    // The next backfill goes on from the failed run's cursor.
    const resumed = await runSync(platform.context(t.ctx, shop), shop.id, backfill, { ...pageByPage, pagesAtOnce: 4 });
    expect(resumed).toMatchObject({ status: 'succeeded', runId: stopped?.id, resumed: true, processed: 15, errors: 1 });
    expect(await copiesOf(shop.id)).toEqual(new Map(ids.filter((id) => id !== invalid).map((id) => [id, 1])));
    const received = await t.ctx.db
      .selectFrom('shop_connections')
      .select('orders_received')
      .where('id', '=', shop.id)
      .executeTakeFirstOrThrow();
    expect(received.orders_received).toBe(14);
    expect(await runRow(resumed.runId)).toMatchObject({ errors: 1 });
    const recorded = await t.ctx.db
      .selectFrom('shop_sync_errors')
      .select(['external_id', 'code'])
      .where('connection_id', '=', shop.id)
      .where('subject', '=', 'order')
      .execute();
    expect(recorded).toEqual([{ external_id: invalid, code: 'CURRENCY_INVALID' }]);
  });
});
