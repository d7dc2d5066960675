import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShopOrder } from '../src/app/catalog/connections/port.js';
import { runSync } from '../src/app/catalog/sync/runSync.js';
import { newId } from '../src/app/kernel/ids.js';
import { DB_KINDS } from './support/databases.js';
import { seedCatalogue } from './support/fixtures.js';
import { shopOrder, storeShopConnection } from './support/shopSync.js';
import { HeldPlatform, pagesOf } from './support/shops/heldPlatform.js';
import { createTestApp, type TestApp } from './support/testApp.js';
import { until } from './support/until.js';

/** Pages of a backfill written at once that share customers, products and even orders. */
describe.each(DB_KINDS)('pages written at once that share what they bring (%s)', (kind) => {
  let t: TestApp;
  const backfill = { kind: 'backfill', resource: 'orders', startedBy: 'test' } as const;

  beforeAll(async () => {
    t = await createTestApp(kind, { RETOUR_ENCRYPTION_KEY: 'shop-sync-conflicts-test' });
    await seedCatalogue(t.ctx);
  });
  afterAll(async () => {
    await t?.close();
  });

  const ordersOf = (connectionId: string) =>
    t.ctx.db
      .selectFrom('orders')
      .innerJoin('customers', 'customers.id', 'orders.customer_id')
      .select(['orders.id', 'orders.external_id', 'orders.order_number', 'orders.email', 'customers.first_name'])
      .where('orders.connection_id', '=', connectionId)
      .orderBy('orders.external_id')
      .execute();

  it('shoppers, products and an order on several pages at once: every order, line and shopper once', async () => {
    const prefix = `shared-${kind}`;
    const emails = [0, 1, 2, 3].map((i) => `${prefix}-shopper-${i}@example.nl`);
    // 17 orders of four shoppers whose names change from order to order, all of the same two
    // products; the last order of the second page is listed again, edited, first on the third.
    const orders = Array.from({ length: 17 }, (_, i) =>
      shopOrder(`${prefix}-${String(i).padStart(2, '0')}`, {
        customer: {
          externalId: `c-${i % 4}`,
          email: emails[i % 4] as string,
          firstName: `Sam ${i}`,
          lastName: 'Jansen',
          phone: null,
          locale: 'nl',
        },
      }),
    );
    const repeated = orders[5] as (typeof orders)[number];
    const edited = { ...repeated, updatedAt: '2026-11-02T10:00:00.000Z', shippingAmount: 695 };
    const pages = pagesOf([...orders.slice(0, 6), edited, ...orders.slice(6)], 3);
    const platform = new HeldPlatform(pages);
    platform.answerAll();
    const shop = await storeShopConnection(t.ctx, { platform: 'woocommerce' });
    const outcome = await runSync(platform.context(t.ctx, shop), shop.id, backfill, { ordersPerWrite: 1, pagesAtOnce: 3 });
    expect(outcome).toMatchObject({ status: 'succeeded', processed: 18, errors: 0 });

    const rows = await ordersOf(shop.id);
    expect(rows.map((r) => r.external_id)).toEqual(orders.map((o) => o.externalId));
    const copy = await t.ctx.db
      .selectFrom('orders')
      .select('shipping_amount')
      .where('connection_id', '=', shop.id)
      .where('external_id', '=', repeated.externalId)
      .executeTakeFirstOrThrow();
    expect(Number(copy.shipping_amount)).toBe(695);
    const lines = await t.ctx.db
      .selectFrom('order_lines')
      .select(['order_id', 'external_id', 'sku'])
      .where(
        'order_id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    expect(lines).toHaveLength(34);
    expect(new Set(lines.map((l) => `${l.order_id}/${l.external_id}`)).size).toBe(34);
    expect(new Set(lines.map((l) => l.sku))).toEqual(new Set(['TEE-M', 'TEE-L']));
    const shoppers = await t.ctx.db.selectFrom('customers').select('email').where('email', 'in', emails).execute();
    expect(shoppers.map((s) => s.email).sort()).toEqual(emails);
    expect(new Set(rows.map((r) => r.email))).toEqual(new Set(emails));
  });

  it('a new order on two pages written at once, both taking its number, comes in once: the page that meets the other is written again', async () => {
    const prefix = `twice-${kind}`;
    // Listed by page number, the order is seen on the first page and, after the shopper changed
    // the e-mail address, again on the second (an order that came in meanwhile pushed it down).
    const first = shopOrder(`${prefix}-1`);
    const again = {
      ...first,
      updatedAt: '2026-11-02T10:00:00.000Z',
      customer: { ...first.customer, email: `${prefix}-changed@example.nl` },
    };
    const last = shopOrder(`${prefix}-2`);
    const platform = new HeldPlatform([[first], [again], [last]]);
    platform.answerAll();
    const shop = await storeShopConnection(t.ctx, { platform: 'woocommerce' });
    const sync = () => runSync(platform.context(t.ctx, shop), shop.id, backfill, { ordersPerWrite: 1, pagesAtOnce: 3 });
    let outcome: Awaited<ReturnType<typeof sync>>;
    if (kind === 'postgres') {
      // Both pages must choose the order's number before either writes it. A transaction of the
      // test holds that number until both pages wait for it, each past the check on the order's
      // platform id; then it gives the number up, one page writes the order, and the other meets
      // the number taken (23505), which a new try of its page sees as the order Retour now has.
      let running: Promise<Awaited<ReturnType<typeof sync>>> | null = null;
      await t.ctx.db
        .transaction()
        .execute(async (tx) => {
          const customerId = newId('cus');
          await tx
            .insertInto('customers')
            .values({
              id: customerId,
              email: `${prefix}-holder@example.nl`,
              first_name: null,
              last_name: null,
              phone: null,
              country: null,
              postcode: null,
              locale: null,
              tags: JSON.stringify([]),
            })
            .execute();
          await tx
            .insertInto('orders')
            .values({
              id: newId('ord'),
              order_number: first.number,
              channel_id: shop.channelId,
              customer_id: customerId,
              email: `${prefix}-holder@example.nl`,
              currency: 'EUR',
              placed_at: new Date(first.placedAt),
              shipping_country: 'NL',
              shipping_postcode: '1011 AB',
              shipping_address: JSON.stringify({}),
              subtotal_amount: 0,
              total_amount: 0,
            })
            .execute();
          const { rows } = await sql<{
            xid: string;
          }>`select (pg_current_xact_id()::text::bigint % 4294967296)::text as xid`.execute(tx);
          const xid = rows[0]?.xid as string;
          running = sync();
          await until(
            async () => {
              const waiting = await sql<{ n: number }>`select count(*)::int as n from pg_locks
                where locktype = 'transactionid' and not granted and transactionid::text = ${xid}`.execute(t.ctx.db);
              return (waiting.rows[0]?.n ?? 0) >= 2;
            },
            { what: "both pages waiting for the test's order number" },
          );
          throw new GiveUpNumber();
        })
        .catch((err: unknown) => {
          if (!(err instanceof GiveUpNumber)) throw err;
        });
      outcome = await (running as unknown as Promise<Awaited<ReturnType<typeof sync>>>);
    } else {
      // One connection: the pages are written one after the other, the second finding the order in.
      outcome = await sync();
    }
    expect(outcome).toMatchObject({ status: 'succeeded', processed: 3, errors: 0 });
    const rows = await ordersOf(shop.id);
    expect(rows.map((r) => [r.external_id, r.order_number, r.email])).toEqual([
      [first.externalId, first.number, again.customer.email],
      [last.externalId, last.number, last.customer.email],
    ]);
    const lines = await t.ctx.db
      .selectFrom('order_lines')
      .select('id')
      .where('order_id', '=', rows[0]?.id as string)
      .execute();
    expect(lines).toHaveLength(2);
  });

  /** A newer copy of `order`, as a webhook writes it, in a transaction of the test that commits
   * when told: a page meeting its row waits for it (PostgreSQL only: PGlite has one connection). */
  const heldCopy = (shop: { id: string; channelId: string }, order: ShopOrder, updatedAt: Date) => {
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let holding: (xid: string) => void = () => {};
    const xid = new Promise<string>((resolve) => {
      holding = resolve;
    });
    const done = t.ctx.db.transaction().execute(async (tx) => {
      const email = `webhook-${order.externalId}@example.nl`;
      const customerId = newId('cus');
      await tx
        .insertInto('customers')
        .values({
          id: customerId,
          email,
          first_name: null,
          last_name: null,
          phone: null,
          country: null,
          postcode: null,
          locale: null,
          tags: JSON.stringify([]),
        })
        .execute();
      await tx
        .insertInto('orders')
        .values({
          id: newId('ord'),
          order_number: order.number,
          channel_id: shop.channelId,
          connection_id: shop.id,
          external_id: order.externalId,
          source_updated_at: updatedAt,
          customer_id: customerId,
          email,
          currency: 'EUR',
          placed_at: new Date(order.placedAt),
          shipping_country: 'NL',
          shipping_postcode: '1011 AB',
          shipping_address: JSON.stringify({}),
          subtotal_amount: 0,
          total_amount: 0,
        })
        .execute();
      const { rows } = await sql<{ xid: string }>`select (pg_current_xact_id()::text::bigint % 4294967296)::text as xid`.execute(
        tx,
      );
      holding(rows[0]?.xid as string);
      await released;
    });
    return { xid: Promise.race([xid, done.then(() => '')]), release, done };
  };
  const waitedFor = (xid: string) =>
    until(
      async () => {
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_locks
          where locktype = 'transactionid' and not granted and transactionid::text = ${xid}`.execute(t.ctx.db);
        return (rows[0]?.n ?? 0) >= 1;
      },
      { what: "the page waiting for the webhook's order" },
    );

  it.runIf(kind === 'postgres')(
    "orders a webhook commits between a backfill page's read of what Retour has and its inserts come in once, the webhook's newer copy kept",
    async () => {
      const prefix = `webhook-${kind}`;
      const orders = [shopOrder(`${prefix}-1`), shopOrder(`${prefix}-2`)];
      const shop = await storeShopConnection(t.ctx, { platform: 'woocommerce' });
      const newer = new Date('2026-11-03T10:00:00.000Z');
      const platform = new HeldPlatform([orders]);
      const running = runSync(platform.context(t.ctx, shop), shop.id, backfill, { pagesAtOnce: 3 });
      // Once the run is claimed (its claim would wait for the webhooks, which lock the connection's
      // row as their orders refer to it), both orders are held by webhooks not committed yet: the
      // page reads neither and inserts both.
      const read = await platform.next();
      const first = heldCopy(shop, orders[0] as ShopOrder, newer);
      const second = heldCopy(shop, orders[1] as ShopOrder, newer);
      try {
        await Promise.all([first.xid, second.xid]);
        read.answer();
        // The first order's webhook commits: the page fails on it and is written again, which
        // finds it but not the second, still held, and meets that one as it commits too.
        await waitedFor(await first.xid);
        first.release();
        await first.done;
        await waitedFor(await second.xid);
        second.release();
        await second.done;
        expect(await running).toMatchObject({ status: 'succeeded', processed: 2, errors: 0 });
      } finally {
        first.release();
        second.release();
      }
      const rows = await t.ctx.db
        .selectFrom('orders')
        .select(['external_id', 'source_updated_at'])
        .where('connection_id', '=', shop.id)
        .orderBy('external_id')
        .execute();
      expect(rows).toEqual(orders.map((o) => ({ external_id: o.externalId, source_updated_at: newer })));
      const [run] = await t.ctx.db.selectFrom('shop_sync_runs').select('status').where('connection_id', '=', shop.id).execute();
      expect(run?.status).toBe('succeeded');
    },
  );
});

/** Rolls back the test's transaction that held an order number. */
class GiveUpNumber extends Error {}
