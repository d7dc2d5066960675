import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, orderLine, seedCatalogue, seedOpeningStock, seedOrders, seedStaff } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/testApp.js';

const jpeg = (width = 1200, height = 900) =>
  sharp({ create: { width, height, channels: 3, background: '#b03a2e' } })
    .jpeg()
    .toBuffer();

describe.each(DB_KINDS)('portal API: brand, stock, exchanges, photos, methods, status links (%s)', (kind) => {
  let t: TestApp;
  let admin: Awaited<ReturnType<TestApp['login']>>;
  let warehouseId: string;
  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin', 'warehouse', 'analyst']);
    admin = await t.login('admin');
    // A category with two tees, so "another product" has something to offer.
    await t.ctx.db.insertInto('categories').values({ id: 'cat_tops', code: 'tops', name: 'Tops', parent_id: null }).execute();
    await t.ctx.db
      .insertInto('products')
      .values({ id: 'prd_linen', handle: 'linen', title: 'Linen shirt', tags: '[]', category_id: 'cat_tops' })
      .execute();
    await t.ctx.db.updateTable('products').set({ category_id: 'cat_tops' }).where('id', '=', 'prd_tee').execute();
    await t.ctx.db
      .insertInto('variants')
      .values([
        {
          id: 'var_linen_m',
          product_id: 'prd_linen',
          sku: 'LINEN-M',
          title: 'Linen shirt M',
          price_amount: 3500,
          currency: 'EUR',
          options: '{"size":"M"}',
        },
        {
          id: 'var_tee_s',
          product_id: 'prd_tee',
          sku: 'TEE-S',
          title: 'Organic tee S',
          price_amount: 2000,
          currency: 'EUR',
          options: '{"size":"S"}',
        },
      ])
      .execute();
    const wh = await t.request({
      method: 'POST',
      url: '/api/v1/warehouses',
      staff: admin,
      payload: {
        code: 'dc2',
        name: 'DC',
        address: { line1: 'Retourweg 1', postcode: '3542 AD', city: 'Utrecht', country: 'NL' },
        isDefault: true,
      },
    });
    warehouseId = wh.json().id;
  });
  afterAll(() => t?.close());

  it('keeps the brand in settings, shows it to the portal without sign-in, and lets only admins change it', async () => {
    const patch = (payload: object, staff = admin) =>
      t.request({ method: 'PATCH', url: '/api/v1/settings/shop', staff, payload });
    const changed = await patch({
      name: 'Noord & Zo',
      brandColor: '#1D5C4D',
      logoUrl: '/logo.svg',
      supportEmail: 'hulp@noordenzo.nl',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ name: 'Noord & Zo', brandColor: '#1d5c4d', logoUrl: '/logo.svg' });
    expect((await patch({ name: 'X' }, await t.login('analyst'))).statusCode).toBe(403);
    for (const [payload, field] of [
      [{ logoUrl: 'javascript:alert(1)' }, 'logoUrl'],
      [{ brandColor: 'red' }, 'brandColor'],
      [{ timezone: 'Mars/Olympus' }, 'timezone'],
      [{ locales: ['en'], defaultLocale: 'nl' }, 'defaultLocale'],
    ] as const) {
      const res = await patch(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBeGreaterThanOrEqual(400);
      expect(res.json().errors[0].path).toContain(field);
    }
    const store = await t.request({
      method: 'POST',
      url: '/api/v1/warehouses',
      staff: admin,
      payload: {
        code: 'store-ams',
        name: 'Store Amsterdam',
        kind: 'store',
        openingHours: 'Mon–Sat 10–18',
        address: { line1: 'Haarlemmerstraat 77', postcode: '1013 EM', city: 'Amsterdam', country: 'NL' },
      },
    });
    expect(store.statusCode, store.body).toBe(201);
    const shop = await t.request({ method: 'GET', url: '/api/v1/shopper/shop' });
    expect(shop.statusCode).toBe(200);
    expect(shop.json()).toMatchObject({
      name: 'Noord & Zo',
      brandColor: '#1d5c4d',
      stores: [{ name: 'Store Amsterdam', openingHours: 'Mon–Sat 10–18' }],
    });
    expect(shop.json().stores).toHaveLength(1);
  });

  const move = (payload: object, role: 'admin' | 'warehouse' | 'analyst' = 'warehouse') =>
    t.login(role).then((staff) => t.request({ method: 'POST', url: '/api/v1/stock/movements', staff, payload }));

  it('keeps stock as a ledger: on hand is the sum, never below zero, and only some roles may move it', async () => {
    // An item of its own, so that the stock other tests move does not count here.
    await t.ctx.db
      .insertInto('products')
      .values({ id: 'prd_ledger', handle: 'ledger', title: 'Ledger mug', tags: '[]' })
      .execute();
    await t.ctx.db
      .insertInto('variants')
      .values({
        id: 'var_ledger',
        product_id: 'prd_ledger',
        sku: 'MUG-1',
        title: 'Ledger mug',
        price_amount: 1200,
        currency: 'EUR',
        options: '{}',
      })
      .execute();
    expect((await move({ variantId: 'var_ledger', warehouseId, quantity: 3, kind: 'opening' })).statusCode).toBe(201);
    expect((await move({ variantId: 'var_ledger', warehouseId, quantity: -1, kind: 'shipment' })).json()).toMatchObject({
      onHand: 2,
    });
    const negative = await move({ variantId: 'var_ledger', warehouseId, quantity: -5, kind: 'write_off' });
    expect(negative.statusCode).toBe(409);
    expect(negative.json()).toMatchObject({ code: 'STOCK_WOULD_GO_NEGATIVE', errors: [{ path: 'quantity' }] });
    expect((await move({ variantId: 'var_ledger', warehouseId, quantity: 1, kind: 'count' }, 'analyst')).statusCode).toBe(403);
    expect((await move({ variantId: 'var_nope', warehouseId, quantity: 1, kind: 'count' })).statusCode).toBe(404);
    expect((await move({ variantId: 'var_ledger', warehouseId, quantity: 0, kind: 'count' })).statusCode).toBe(400);

    const levels = await t.request({ method: 'GET', url: '/api/v1/stock?sku=MUG-1', staff: await t.login('analyst') });
    expect(levels.json().items).toEqual([expect.objectContaining({ sku: 'MUG-1', condition: 'new', onHand: 2 })]);
    const movements = await t.request({ method: 'GET', url: '/api/v1/stock/movements?variantId=var_ledger', staff: admin });
    expect(movements.json().items.map((m: { quantity: number }) => m.quantity)).toEqual([-1, 3]);
  });

  it('offers exchanges from stock only, prices the difference, and never promises the last unit twice', async () => {
    for (const [variantId, quantity] of [
      ['var_tee_l', 2],
      ['var_linen_m', 5],
      ['var_tee_m', 4],
    ] as const) {
      expect((await move({ variantId, warehouseId, quantity, kind: 'opening' })).statusCode).toBe(201);
    }
    const delivered = new Date(t.clock.now.getTime() - 3 * DAY);
    const [order, second] = await seedOrders(t.ctx, [orderFixture('8101', delivered), orderFixture('8102', delivered)]);
    const token = await t.shopperToken('8101', '8101@example.nl');
    const teeLine = order?.lineBySku['TEE-M'] as string;

    const options = await t.request({
      method: 'GET',
      url: `/api/v1/shopper/exchange-options?orderLineId=${teeLine}`,
      bearer: token,
    });
    expect(options.statusCode, options.body).toBe(200);
    // TEE-S has no stock and TEE-M is the item itself: only TEE-L is offered.
    expect(options.json().sameProduct.map((v: { sku: string }) => v.sku)).toEqual(['TEE-L']);
    expect(options.json().otherProducts).toEqual([
      expect.objectContaining({ title: 'Linen shirt', variants: [expect.objectContaining({ sku: 'LINEN-M', unitPrice: 3500 })] }),
    ]);
    expect(options.json().paidPerUnit).toBe(2000);

    const priced = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/policy-evaluation',
      bearer: token,
      payload: {
        selection: {
          lines: [
            {
              orderLineId: teeLine,
              quantity: 1,
              reasonCode: 'too_small',
              resolution: 'exchange',
              exchangeVariantId: 'var_linen_m',
            },
          ],
        },
      },
    });
    expect(priced.json()).toMatchObject({ exchangeDifference: 1500, exchanges: [{ sku: 'LINEN-M', difference: 1500 }] });

    const ask = (bearer: string, lineId: string, variant: string | null, quantity = 1) =>
      t.request({
        method: 'POST',
        url: '/api/v1/shopper/returns',
        bearer,
        payload: {
          method: 'qr',
          lines: [{ orderLineId: lineId, quantity, reasonCode: 'too_small', resolution: 'exchange', exchangeVariantId: variant }],
        },
      });
    expect((await ask(token, teeLine, null)).json().errors[0]).toMatchObject({ code: 'EXCHANGE_VARIANT_REQUIRED' });
    expect((await ask(token, teeLine, 'var_tee_m')).json().errors[0]).toMatchObject({ code: 'EXCHANGE_SAME_VARIANT' });
    expect((await ask(token, teeLine, 'var_tee_s')).json().errors[0]).toMatchObject({
      code: 'EXCHANGE_OUT_OF_STOCK',
      path: 'lines.0.exchangeVariantId',
    });
    const created = await ask(token, teeLine, 'var_tee_l');
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().exchanges).toEqual([expect.objectContaining({ sku: 'TEE-L', difference: 0, quantity: 1 })]);

    // TEE-L has 2 on hand, one is promised; two shoppers ask for the last one at the same moment.
    const other = await t.shopperToken('8102', '8102@example.nl');
    const race = await Promise.all([
      ask(token, teeLine, 'var_tee_l'),
      ask(other, second?.lineBySku['TEE-M'] as string, 'var_tee_l'),
    ]);
    expect(race.map((r) => r.statusCode).sort()).toEqual([201, 422]);
    const after = await t.request({
      method: 'GET',
      url: `/api/v1/shopper/exchange-options?orderLineId=${teeLine}`,
      bearer: token,
    });
    expect(after.json().sameProduct).toEqual([]);

    // Cancelling gives the promised unit back.
    const winner = race.find((r) => r.statusCode === 201)?.json();
    const cancelToken = race[0]?.statusCode === 201 ? token : other;
    await t.request({
      method: 'POST',
      url: `/api/v1/shopper/returns/${winner.returnId}/cancel`,
      bearer: cancelToken,
      payload: {},
    });
    const back = await t.request({
      method: 'GET',
      url: `/api/v1/shopper/exchange-options?orderLineId=${teeLine}`,
      bearer: token,
    });
    expect(back.json().sameProduct).toEqual([expect.objectContaining({ sku: 'TEE-L', available: 1 })]);

    const detail = await t.request({ method: 'GET', url: `/api/v1/shopper/returns/${created.json().returnId}`, bearer: token });
    expect(detail.json().lines[0].exchange).toMatchObject({ sku: 'TEE-L', unitPrice: 2000 });
  });

  it('offers the other sizes of a product in the order the shop gives them, not alphabetically', async () => {
    await t.ctx.db
      .insertInto('products')
      .values({ id: 'prd_sweater', handle: 'sweater', title: 'Merino sweater', tags: '[]' })
      .execute();
    // Written in another order than the shop's, so neither the SKU nor the insert decides.
    const sizes = ['L', 'XS', 'XL', 'M', 'S'];
    const position = { XS: 0, S: 1, M: 2, L: 3, XL: 4 } as Record<string, number>;
    await t.ctx.db
      .insertInto('variants')
      .values(
        sizes.map((size) => ({
          id: `var_sweater_${size.toLowerCase()}`,
          product_id: 'prd_sweater',
          sku: `SW-${size}`,
          title: `Merino sweater – ${size}`,
          price_amount: 5000,
          currency: 'EUR',
          options: JSON.stringify({ size }),
          position: position[size],
        })),
      )
      .execute();
    for (const [i, size] of sizes.entries()) {
      await seedOpeningStock(t.ctx, `stm_sweater_${i}`, `var_sweater_${size.toLowerCase()}`, 2, warehouseId);
    }
    const delivered = new Date(t.clock.now.getTime() - 3 * DAY);
    const [order] = await seedOrders(t.ctx, [
      orderFixture('8150', delivered, { lines: [orderLine('SW-M', 1, 5000, delivered)] }),
    ]);
    const token = await t.shopperToken('8150', '8150@example.nl');
    const options = await t.request({
      method: 'GET',
      url: `/api/v1/shopper/exchange-options?orderLineId=${order?.lineBySku['SW-M']}`,
      bearer: token,
    });
    expect(options.statusCode, options.body).toBe(200);
    expect(options.json().sameProduct.map((v: { options: { size: string } }) => v.options.size)).toEqual(['XS', 'S', 'L', 'XL']);
    const product = await t.request({ method: 'GET', url: '/api/v1/products/prd_sweater', staff: admin });
    expect(product.json().variants.map((v: { sku: string }) => v.sku)).toEqual(['SW-XS', 'SW-S', 'SW-M', 'SW-L', 'SW-XL']);
  });

  it('never shows a returnable line a deadline in the past, also between the parcels of a split delivery', async () => {
    // The first parcel came 40 days ago (past the shop's 30 days), the second is still on its way:
    // the law keeps the first line open until 14 days after the last one arrives, a date not known yet.
    const first = new Date(t.clock.now.getTime() - 40 * DAY);
    const fixture = orderFixture('8160', first);
    const [order] = await seedOrders(t.ctx, [
      { ...fixture, lines: fixture.lines.map((l) => (l.sku === 'JACKET' ? { ...l, deliveredAt: null } : l)) },
    ]);
    const token = await t.shopperToken('8160', '8160@example.nl');
    const res = await t.request({ method: 'GET', url: '/api/v1/shopper/policy-evaluation?locale=en', bearer: token });
    expect(res.statusCode, res.body).toBe(200);
    const line = (sku: string) =>
      res.json().lines.find((l: { orderLineId: string }) => l.orderLineId === order?.lineBySku[sku]) as {
        eligible: boolean;
        deadline: string | null;
        reasons: { code: string; message: string }[];
      };
    expect(line('TEE-M')).toMatchObject({ eligible: true, deadline: null });
    expect(line('TEE-M').reasons.map((r) => r.code)).not.toContain('RETURN_WINDOW');
    expect(line('JACKET').eligible).toBe(false);
    const today = t.clock.now.toISOString().slice(0, 10);
    for (const l of res.json().lines as { eligible: boolean; deadline: string | null }[])
      if (l.eligible && l.deadline) expect(l.deadline >= today).toBe(true);
  });

  it('takes photos: checks type and size, stores a re-encoded image and a thumbnail, and requires them where asked', async () => {
    const [order, stranger] = await seedOrders(t.ctx, [
      orderFixture('8201', new Date(t.clock.now.getTime() - 3 * DAY)),
      orderFixture('8202', new Date(t.clock.now.getTime() - 3 * DAY)),
    ]);
    const token = await t.shopperToken('8201', '8201@example.nl');
    const upload = (body: Buffer, type: string, bearer = token) =>
      t.request({ method: 'POST', url: '/api/v1/shopper/photos', bearer, payload: body, headers: { 'content-type': type } });

    const ok = await upload(await jpeg(3000, 2000), 'image/jpeg');
    expect(ok.statusCode, ok.body).toBe(201);
    const photo = ok.json();
    expect(photo).toMatchObject({ width: 2048, height: 1365 });

    const thumb = await t.request({ method: 'GET', url: `/api/v1/shopper/photos/${photo.id}/thumbnail`, bearer: token });
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    expect(await sharp(thumb.rawPayload).metadata()).toMatchObject({ format: 'webp', width: 320, height: 320 });

    const png = await sharp({ create: { width: 10, height: 10, channels: 4, background: '#00000000' } })
      .png()
      .toBuffer();
    expect((await upload(png, 'image/jpeg')).json()).toMatchObject({ code: 'PHOTO_INVALID' });
    expect((await upload(Buffer.from('not an image at all'), 'image/png')).json()).toMatchObject({ code: 'PHOTO_INVALID' });
    expect((await upload(Buffer.from('GIF89a'), 'image/gif')).statusCode).toBe(415);
    const huge = Buffer.alloc(11 * 1024 * 1024, 1);
    expect((await upload(huge, 'image/jpeg')).statusCode).toBe(413);

    const otherToken = await t.shopperToken('8202', '8202@example.nl');
    expect(
      (await t.request({ method: 'GET', url: `/api/v1/shopper/photos/${photo.id}/image`, bearer: otherToken })).statusCode,
    ).toBe(404);

    // "Defective" asks for a photo: without one the request is refused, with one it goes to review.
    const budsLine = order?.lineBySku['TEE-M'] as string;
    const request = (photoIds: string[], bearer = token) =>
      t.request({
        method: 'POST',
        url: '/api/v1/shopper/returns',
        bearer,
        payload: {
          method: 'qr',
          lines: [{ orderLineId: budsLine, quantity: 1, reasonCode: 'defective', resolution: 'refund', photoIds }],
        },
      });
    expect((await request([])).json().errors[0]).toMatchObject({ code: 'PHOTO_REQUIRED', path: 'lines.0.photoIds' });
    const foreign = await upload(await jpeg(), 'image/jpeg', otherToken);
    expect((await request([foreign.json().id])).json().errors[0]).toMatchObject({ code: 'PHOTO_NOT_FOUND' });
    const created = await request([photo.id]);
    expect(created.statusCode, created.body).toBe(201);
    const detail = (
      await t.request({ method: 'GET', url: `/api/v1/shopper/returns/${created.json().returnId}`, bearer: token })
    ).json();
    expect(detail.lines[0].photos).toEqual([expect.objectContaining({ id: photo.id, width: 2048 })]);
    // Attached photos cannot be taken back or used twice.
    expect((await t.request({ method: 'DELETE', url: `/api/v1/shopper/photos/${photo.id}`, bearer: token })).json().code).toBe(
      'PHOTO_ATTACHED',
    );
    const staffView = await t.request({ method: 'GET', url: `/api/v1/returns/${created.json().returnId}`, staff: admin });
    expect(staffView.json().lines[0].photos).toHaveLength(1);
    expect(stranger).toBeDefined();
  });

  it('books a pickup in an offered slot or a store, and refuses anything else', async () => {
    const [order] = await seedOrders(t.ctx, [orderFixture('8301', new Date(t.clock.now.getTime() - 3 * DAY))]);
    const token = await t.shopperToken('8301', '8301@example.nl');
    const slots = (await t.request({ method: 'GET', url: '/api/v1/shopper/pickup-slots', bearer: token })).json().slots;
    expect(slots.length).toBe(15);
    expect(new Date(slots[0].start).getTime()).toBeGreaterThan(t.clock.now.getTime());
    const line = order?.lineBySku['TEE-M'] as string;
    const ask = (extra: object) =>
      t.request({
        method: 'POST',
        url: '/api/v1/shopper/returns',
        bearer: token,
        payload: { ...extra, lines: [{ orderLineId: line, quantity: 1, reasonCode: 'too_small', resolution: 'refund' }] },
      });
    expect((await ask({ method: 'pickup' })).json().errors[0]).toMatchObject({
      code: 'PICKUP_SLOT_REQUIRED',
      path: 'pickupSlot',
    });
    const midnight = { start: '2026-06-16T00:00:00.000Z', end: '2026-06-16T04:00:00.000Z' };
    expect((await ask({ method: 'pickup', pickupSlot: midnight })).json().errors[0]).toMatchObject({
      code: 'PICKUP_SLOT_NOT_OFFERED',
    });
    expect((await ask({ method: 'store' })).json().errors[0]).toMatchObject({ code: 'STORE_REQUIRED' });
    expect((await ask({ method: 'store', storeId: warehouseId })).json().errors[0]).toMatchObject({ code: 'STORE_NOT_FOUND' });
    const picked = await ask({ method: 'pickup', pickupSlot: slots[1] });
    expect(picked.statusCode, picked.body).toBe(201);
    expect(picked.json()).toMatchObject({ method: 'pickup', pickupSlot: slots[1] });
  });

  it('gives a status link that opens one return: follow it, get its documents, cancel it, nothing more', async () => {
    const [order] = await seedOrders(t.ctx, [orderFixture('8401', new Date(t.clock.now.getTime() - 3 * DAY))]);
    const token = await t.shopperToken('8401', '8401@example.nl');
    const make = () =>
      t.request({
        method: 'POST',
        url: '/api/v1/shopper/returns',
        bearer: token,
        payload: {
          method: 'qr',
          lines: [{ orderLineId: order?.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small', resolution: 'refund' }],
        },
      });
    const first = (await make()).json();
    const second = (await make()).json();
    expect(first.statusToken).toEqual(expect.any(String));
    const link = first.statusToken;

    // The order token has long expired; the link still works months later.
    t.clock.advance(90 * DAY);
    const status = await t.request({ method: 'GET', url: '/api/v1/shopper/status', bearer: link });
    expect(status.statusCode, status.body).toBe(200);
    expect(status.json()).toMatchObject({ id: first.returnId, next: { code: 'send_parcel' } });
    expect(status.json().timeline.map((e: { type: string }) => e.type)).toContain('return.requested');
    expect(status.json().timeline[0].actor).toBeUndefined();

    expect((await t.request({ method: 'GET', url: `/api/v1/shopper/returns/${second.returnId}`, bearer: link })).statusCode).toBe(
      404,
    );
    const scoped = await t.request({ method: 'GET', url: '/api/v1/shopper/order', bearer: link });
    expect(scoped.statusCode).toBe(403);
    expect(scoped.json().code).toBe('STATUS_LINK_SCOPE');

    const qr = await t.request({ method: 'GET', url: `/api/v1/shopper/returns/${first.returnId}/qr.svg`, bearer: link });
    expect(qr.statusCode, qr.body).toBe(200);
    expect(qr.headers['content-type']).toContain('image/svg+xml');
    expect(qr.body).toContain('<svg');
    const slip = await t.request({
      method: 'GET',
      url: `/api/v1/shopper/returns/${first.returnId}/packing-slip?locale=nl`,
      bearer: link,
    });
    expect(slip.statusCode, slip.body).toBe(200);
    expect(slip.headers['content-type']).toBe('application/pdf');

    const cancelled = await t.request({
      method: 'POST',
      url: `/api/v1/shopper/returns/${first.returnId}/cancel`,
      bearer: link,
      payload: {},
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect((await t.request({ method: 'GET', url: '/api/v1/shopper/status', bearer: link })).json()).toMatchObject({
      status: 'cancelled',
      next: { code: 'none' },
    });
    t.clock.advance(-90 * DAY);
  });

  it('shows shoppers their returns without how staff judged them or what the shop expects to recover', async () => {
    const [order] = await seedOrders(t.ctx, [orderFixture('8402', new Date(t.clock.now.getTime() - 3 * DAY))]);
    const token = await t.shopperToken('8402', '8402@example.nl');
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: token,
      payload: {
        method: 'qr',
        lines: [{ orderLineId: order?.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small', resolution: 'refund' }],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const returnId = created.json().returnId;

    const staffView = (await t.request({ method: 'GET', url: `/api/v1/returns/${returnId}`, staff: admin })).json();
    expect(staffView).toHaveProperty('risk');
    expect(staffView.lines[0]).toHaveProperty('recoveredValue');

    const list = await t.request({ method: 'GET', url: '/api/v1/shopper/returns', bearer: token });
    const view = await t.request({ method: 'GET', url: `/api/v1/shopper/returns/${returnId}`, bearer: token });
    for (const shown of [list.json().items[0], view.json()]) {
      expect(shown).toMatchObject({ id: returnId, status: created.json().status });
      for (const field of ['risk', 'holdReasons', 'tags']) expect(shown).not.toHaveProperty(field);
      expect(shown.lines[0]).not.toHaveProperty('recoveredValue');
    }
  });
});
