import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertShopOrders } from '../src/app/catalog/sync/upsertShopOrders.js';
import { systemActor } from '../src/app/kernel/context.js';
import { requestReturn } from '../src/app/returns/requestReturn.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, seedCatalogue } from './support/fixtures.js';
import { shopLine, shopOrder, storeShopConnection } from './support/shopSync.js';
import { createTestApp, type TestApp } from './support/testApp.js';

describe.each(DB_KINDS)('Orders from shop platforms come in idempotently (%s)', (kind) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(kind, { RETOUR_ENCRYPTION_KEY: 'shop-order-upsert-test' });
    await seedCatalogue(t.ctx);
  });
  afterAll(async () => {
    await t?.close();
  });

  const orderOf = (connectionId: string, externalId: string) =>
    t.ctx.db
      .selectFrom('orders')
      .selectAll()
      .where('connection_id', '=', connectionId)
      .where('external_id', '=', externalId)
      .executeTakeFirstOrThrow();
  const linesOf = (orderId: string) =>
    t.ctx.db.selectFrom('order_lines').selectAll().where('order_id', '=', orderId).orderBy('line_number').execute();

  it('writes a page once: the same page again changes no row and records no event', async () => {
    const shop = await storeShopConnection(t.ctx, { platform: 'shopify' });
    const page = [
      shopOrder('u1', { discountCodes: ['WELCOME'], lines: [shopLine('u1-1', { quantity: 2, discountAmount: 400 })] }),
      shopOrder('u2'),
    ];
    const first = await upsertShopOrders(t.ctx, shop, page);
    expect(first).toMatchObject({ imported: 2, updated: 0, unchanged: 0, rejected: [] });
    const before = await orderOf(shop.id, 'u1');
    expect(before).toMatchObject({
      order_number: '#u1',
      discount_codes: ['WELCOME'],
      shipping_lines: [{ title: 'PostNL', amount: 495 }],
      subtotal_amount: 4000,
      discount_amount: 400,
      total_amount: 4000 - 400 + 495,
      payment_provider: 'shopify',
      payment_reference: `${shop.id}:u1`,
      channel_id: shop.channelId,
    });
    const [line] = await linesOf(before.id);
    expect(line).toMatchObject({
      external_id: 'u1-1',
      variant_id: 'var_tee_m',
      paid_amount: 3600,
      external_ref: { lineItemId: 'u1-1' },
    });

    const events = async () =>
      Number(
        (
          await t.ctx.db
            .selectFrom('events')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('type', 'like', 'order.%')
            .where(sql<boolean>`data @> ${JSON.stringify({ connectionId: shop.id })}::jsonb`)
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await events()).toBe(2);
    const again = await upsertShopOrders(t.ctx, shop, page);
    expect(again).toMatchObject({ imported: 0, updated: 0, unchanged: 2 });
    expect(await orderOf(shop.id, 'u1')).toEqual(before);
    expect(await linesOf(before.id)).toEqual([line]);
    expect(await events()).toBe(2);
    const counted = await t.ctx.db
      .selectFrom('shop_connections')
      .select('orders_received')
      .where('id', '=', shop.id)
      .executeTakeFirstOrThrow();
    expect(Number(counted.orders_received)).toBe(2);
  });

  it('updates an order edited at the source, lines in place, and ignores an older copy', async () => {
    const shop = await storeShopConnection(t.ctx, { platform: 'woocommerce' });
    await upsertShopOrders(t.ctx, shop, [shopOrder('e1')]);
    const original = await orderOf(shop.id, 'e1');
    const [l1, l2] = await linesOf(original.id);

    const edited = shopOrder('e1', {
      updatedAt: '2026-11-02T09:00:00.000Z',
      cancelledAt: '2026-11-02T09:00:00.000Z',
      lines: [shopLine('e1-2', { sku: 'TEE-L', quantity: 3 }), shopLine('e1-3', { sku: 'JACKET', unitPriceAmount: 9000 })],
    });
    expect(await upsertShopOrders(t.ctx, shop, [edited])).toMatchObject({ imported: 0, updated: 1 });
    const after = await orderOf(shop.id, 'e1');
    expect(after.id).toBe(original.id);
    expect(after.cancelled_at?.toISOString()).toBe('2026-11-02T09:00:00.000Z');
    expect(after.subtotal_amount).toBe(3 * 2000 + 9000);
    const lines = await linesOf(original.id);
    expect(lines.map((l) => [l.external_id, l.line_number, l.quantity])).toEqual([
      ['e1-2', 2, 3],
      ['e1-3', 3, 1],
    ]);
    expect(lines[0]?.id).toBe(l2?.id);
    expect(lines.some((l) => l.id === l1?.id)).toBe(false);
    const types = await t.ctx.db
      .selectFrom('events')
      .select('type')
      .where('subject_id', '=', original.id)
      .orderBy('type')
      .execute();
    expect(types.map((e) => e.type)).toEqual(['order.cancelled', 'order.imported', 'order.updated']);

    // The first copy again (a late webhook, a catch-up overlap): nothing goes back.
    expect(await upsertShopOrders(t.ctx, shop, [shopOrder('e1')])).toMatchObject({ updated: 0, unchanged: 1 });
    expect((await orderOf(shop.id, 'e1')).subtotal_amount).toBe(3 * 2000 + 9000);
    expect(await linesOf(original.id)).toHaveLength(2);
  });

  it('keeps a line a return refers to when the source removes it', async () => {
    const shop = await storeShopConnection(t.ctx, { platform: 'shopify' });
    const delivered = new Date(t.clock.now.getTime() - 2 * DAY).toISOString();
    const placed = new Date(t.clock.now.getTime() - 5 * DAY).toISOString();
    const lines = [shopLine('r1-1', { deliveredAt: delivered }), shopLine('r1-2', { sku: 'TEE-L', deliveredAt: delivered })];
    await upsertShopOrders(t.ctx, shop, [shopOrder('r1', { placedAt: placed, updatedAt: placed, lines })]);
    const order = await orderOf(shop.id, 'r1');
    const [returned] = await linesOf(order.id);
    await requestReturn(
      t.ctx,
      { actor: systemActor },
      {
        orderId: order.id,
        source: 'agent',
        method: 'qr',
        lines: [{ orderLineId: returned?.id as string, quantity: 1, reasonCode: 'too_small', resolution: 'refund' }],
      },
    );
    const edit = shopOrder('r1', { placedAt: placed, updatedAt: delivered, lines: [] });
    edit.lines = [shopLine('r1-3', { sku: 'JACKET', deliveredAt: delivered })];
    expect(await upsertShopOrders(t.ctx, shop, [edit])).toMatchObject({ updated: 1 });
    expect((await linesOf(order.id)).map((l) => l.external_id)).toEqual(['r1-1', 'r1-3']);
  });

  it('gives a clashing order number the channel code, pays marketplaces by hand, and skips a bad order', async () => {
    const shopify = await storeShopConnection(t.ctx, { platform: 'shopify', channelCode: 'webshop' });
    const woo = await storeShopConnection(t.ctx, {
      platform: 'woocommerce',
      channelCode: 'woo-nl',
      settings: { refundThroughPlatform: false },
    });
    const market = await storeShopConnection(t.ctx, { platform: 'channelengine', channelCode: 'bol' });
    await upsertShopOrders(t.ctx, shopify, [shopOrder('n1', { number: '5001' })]);
    const result = await upsertShopOrders(t.ctx, woo, [
      shopOrder('n1', { number: '5001' }),
      shopOrder('bad', { customer: { ...shopOrder('bad').customer, email: 'not an address' } }),
    ]);
    expect(result.imported).toBe(1);
    expect(result.rejected).toEqual([expect.objectContaining({ externalId: 'bad', code: 'EMAIL_INVALID' })]);
    expect(await orderOf(woo.id, 'n1')).toMatchObject({
      order_number: '5001-woo-nl',
      payment_provider: 'manual',
      payment_reference: null,
    });
    expect(await orderOf(shopify.id, 'n1')).toMatchObject({ order_number: '5001' });

    await upsertShopOrders(t.ctx, market, [shopOrder('m1', { number: 'BOL-77', marketplace: 'bol.com' })]);
    expect(await orderOf(market.id, 'm1')).toMatchObject({
      marketplace: 'bol.com',
      payment_provider: 'manual',
      payment_reference: null,
    });
  });

  it('looks alternatives up only where needed and picks the same numbers as looking all up would', async () => {
    const other = await storeShopConnection(t.ctx, { platform: 'woocommerce' });
    const shop = await storeShopConnection(t.ctx, { platform: 'shopify', channelCode: 'alt' });
    const taken = ['7001', '7002-alt', '7004', '7004-alt', '7005', '7005-alt', `7005-${shop.id}`];
    await upsertShopOrders(
      t.ctx,
      other,
      taken.map((number) => shopOrder(`o-${number}`, { number })),
    );
    const page = [
      shopOrder('a', { number: '7001' }),
      // Its own number is the one `a` gets: it goes on to its own alternative.
      shopOrder('b', { number: '7001-alt' }),
      shopOrder('c', { number: '7003' }),
      shopOrder('d', { number: '7003' }),
      shopOrder('e', { number: '7002' }),
      shopOrder('f', { number: '7004' }),
      shopOrder('g', { number: '7005' }),
    ];
    const result = await upsertShopOrders(t.ctx, shop, page, { events: 'page', writtenAgainOnConflict: true });
    expect(result).toMatchObject({ imported: 6, rejected: [{ externalId: 'g', code: 'ORDER_NUMBER_TAKEN' }] });
    const numbers = await t.ctx.db
      .selectFrom('orders')
      .select(['external_id', 'order_number'])
      .where('connection_id', '=', shop.id)
      .orderBy('external_id')
      .execute();
    expect(numbers.map((o) => [o.external_id, o.order_number])).toEqual([
      ['a', '7001-alt'],
      ['b', '7001-alt-alt'],
      ['c', '7003'],
      ['d', '7003-alt'],
      ['e', '7002'],
      ['f', `7004-${shop.id}`],
    ]);
  });

  it('finds a returning customer by e-mail, keeps them when nothing changed and takes their new details', async () => {
    const shop = await storeShopConnection(t.ctx, { platform: 'shopify' });
    const customer = { ...shopOrder('c1').customer, email: 'Returning@Example.nl' };
    await upsertShopOrders(t.ctx, shop, [shopOrder('c1', { customer })]);
    await upsertShopOrders(t.ctx, shop, [shopOrder('c2', { customer })]);
    const moved = { ...shopOrder('c3').shippingAddress, postcode: '3511 AA', city: 'Utrecht' };
    await upsertShopOrders(t.ctx, shop, [
      shopOrder('c3', { customer: { ...customer, lastName: 'de Vries' }, shippingAddress: moved }),
    ]);
    const customers = await t.ctx.db.selectFrom('customers').selectAll().where('email', '=', 'returning@example.nl').execute();
    expect(customers).toHaveLength(1);
    expect(customers[0]).toMatchObject({ last_name: 'de Vries', postcode: '3511 AA' });
    const orders = await t.ctx.db.selectFrom('orders').select('customer_id').where('connection_id', '=', shop.id).execute();
    expect(new Set(orders.map((o) => o.customer_id))).toEqual(new Set([customers[0]?.id]));
  });

  it('records one event per backfill page when asked, not one per order', async () => {
    const shop = await storeShopConnection(t.ctx, { platform: 'shopify' });
    const page = Array.from({ length: 30 }, (_, i) => shopOrder(`p${i}`));
    expect(await upsertShopOrders(t.ctx, shop, page, { events: 'page' })).toMatchObject({ imported: 30 });
    const events = await t.ctx.db.selectFrom('events').select(['type', 'data']).where('subject_id', '=', shop.id).execute();
    const written = await t.ctx.db.selectFrom('orders').select('id').where('connection_id', '=', shop.id).execute();
    expect(events).toMatchObject([{ type: 'connection.orders_synced', data: { imported: 30, updated: 0, cancelled: 0 } }]);
    // The page names the orders it wrote, so what follows it touches only those.
    const named = (events[0]?.data as { orderIds?: string[] } | undefined)?.orderIds ?? [];
    expect([...named].sort()).toEqual(written.map((o) => o.id).sort());
  });
});
