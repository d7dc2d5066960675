import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReferenceData } from '../src/app/admin/referenceData.js';
import type { ShopProduct } from '../src/app/catalog/connections/port.js';
import { upsertShopProducts } from '../src/app/catalog/sync/upsertShopProducts.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

const SOURCE_URL = 'https://admin.shopify.com/store/demo/products/7001';

describe.each(DB_KINDS)('an editable catalogue (%s)', (kind) => {
  let t: TestApp;
  let admin: StaffClient;
  let agent: StaffClient;

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object, as = admin) =>
    t.request({ method, url, staff: as, ...(method === 'GET' ? {} : { payload: payload ?? {} }) });
  const eventsOf = (subjectId: string) =>
    t.ctx.db.selectFrom('events').select(['type', 'data']).where('subject_id', '=', subjectId).orderBy('id').execute();

  /** A WooCommerce connection of the test's own, as a sync page sees it. */
  const connection = async (id: string) => {
    await t.ctx.db
      .insertInto('shop_connections')
      .values({
        id,
        platform: 'woocommerce',
        name: 'WooCommerce',
        channel_id: 'chn_webshop',
        credentials: 'sealed',
        key_hint: 'abcd',
        webhook_token: `${id}-token`,
        created_at: t.clock.now,
        updated_at: t.clock.now,
      })
      .execute();
    return {
      id,
      platform: 'woocommerce' as const,
      name: 'WooCommerce',
      channelId: 'chn_webshop',
      channelCode: 'webshop',
      settings: {},
    };
  };
  const shopProduct = (externalId: string, sku: string): ShopProduct => ({
    externalId,
    handle: `shop-${externalId}`,
    title: 'Flannel shirt',
    brand: null,
    category: null,
    tags: [],
    options: [],
    images: [],
    variants: [
      {
        externalId: `${externalId}-1`,
        sku,
        ean: null,
        title: 'Flannel shirt',
        options: {},
        priceAmount: 3900,
        currency: 'EUR',
        position: 0,
        imageUrl: null,
        ref: {},
      },
    ],
    adminUrl: `https://shop.example/wp-admin/post.php?post=${externalId}`,
    updatedAt: t.clock.now.toISOString(),
  });

  const hoodie = {
    handle: 'hoodie',
    title: 'Hoodie',
    brand: 'Noord',
    description: 'Heavy cotton',
    tags: ['winter'],
    flags: { hygieneSealed: false, personalised: false },
    options: ['Size', 'Colour'],
    images: [
      { url: 'https://cdn.shop.example/hoodie-front.jpg', alt: 'Hoodie, front' },
      { url: 'https://cdn.shop.example/hoodie-back.jpg', alt: null },
    ],
    variants: [
      { sku: 'HOOD-S-GRY', title: 'Hoodie S grey', options: { Size: 'S', Colour: 'Grey' }, priceAmount: 5900, currency: 'EUR' },
      {
        sku: 'HOOD-M-GRY',
        ean: '8712345678906',
        title: 'Hoodie M grey',
        options: { Size: 'M', Colour: 'Grey' },
        priceAmount: 5900,
        currency: 'EUR',
        imageUrl: 'https://cdn.shop.example/hoodie-m.jpg',
      },
    ],
  };

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin', 'agent']);
    admin = await t.login('admin');
    agent = await t.login('agent');
  });
  afterAll(() => t?.close());

  it('creates a product with variants in order, keeps the option order, and records the event', async () => {
    const created = await call('POST', '/api/v1/products', hoodie);
    expect(created.statusCode, created.body).toBe(201);
    const p = created.json();
    expect(p).toMatchObject({
      handle: 'hoodie',
      options: ['Size', 'Colour'],
      images: hoodie.images,
      owner: null,
      readOnly: false,
      flags: { finalSale: false, hygieneSealed: false },
    });
    expect(p.variants.map((v: { sku: string; position: number }) => [v.sku, v.position])).toEqual([
      ['HOOD-S-GRY', 0],
      ['HOOD-M-GRY', 1],
    ]);
    expect(p.variants[1]).toMatchObject({ ean: '8712345678906', imageUrl: 'https://cdn.shop.example/hoodie-m.jpg' });
    const read = (await call('GET', `/api/v1/products/${p.id}`, undefined, agent)).json();
    expect(read.options).toEqual(['Size', 'Colour']);
    expect((await eventsOf(p.id)).map((e) => e.type)).toEqual(['product.created']);
    const listed = (await call('GET', '/api/v1/products?q=hood', undefined, agent)).json();
    expect(listed.items.map((i: { id: string }) => i.id)).toEqual([p.id]);
  });

  it('refuses bad input with the field at fault and writes nothing', async () => {
    const bad = await call('POST', '/api/v1/products', {
      ...hoodie,
      handle: 'hoodie-2',
      options: ['Size', 'size'],
      images: [{ url: 'http://cdn.shop.example/plain.jpg', alt: null }],
      variants: [
        { ...hoodie.variants[0], sku: 'HOOD-S-GRY' },
        { ...hoodie.variants[1], sku: 'HOOD-X', options: { Size: 'M', Fabric: 'Wool' } },
      ],
    });
    expect(bad.statusCode, bad.body).toBe(422);
    const paths = bad.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['options.1', 'images.0.url', 'variants.0.sku', 'variants.1.options.Fabric']));
    const schemaBad = await call('POST', '/api/v1/products', { ...hoodie, handle: 'Not A Handle', variants: [] });
    expect(schemaBad.statusCode).toBe(400);
    expect(JSON.stringify(schemaBad.json())).toContain('handle');
    const takenHandle = await call('POST', '/api/v1/products', { ...hoodie, variants: [] });
    expect(takenHandle.json().errors).toEqual([expect.objectContaining({ path: 'handle', code: 'HANDLE_TAKEN' })]);
    const count = await t.ctx.db.selectFrom('products').select('id').where('handle', 'like', 'hoodie%').execute();
    expect(count).toHaveLength(1);
  });

  it('lets one of two products made at once with the same handle or SKU in, and answers the other as a conflict', async () => {
    const twins = await Promise.all(
      ['one', 'two'].map((n) =>
        call('POST', '/api/v1/products', {
          handle: 'twin',
          title: `Twin ${n}`,
          variants: [{ sku: `TWIN-${n}`, title: 'Twin', priceAmount: 100, currency: 'EUR' }],
        }),
      ),
    );
    expect(twins.map((r) => r.statusCode).sort()).toEqual([201, expect.any(Number)]);
    const loser = twins.find((r) => r.statusCode !== 201);
    expect(['HANDLE_TAKEN', 'CATALOGUE_KEY_TAKEN']).toContain(loser?.json().errors?.[0]?.code ?? loser?.json().code);
    const rows = await t.ctx.db.selectFrom('products').select('id').where('handle', '=', 'twin').execute();
    expect(rows).toHaveLength(1);
  });

  it('edits a product and its variants, renames options in place, reorders and removes variants', async () => {
    const p = (
      await call('POST', '/api/v1/products', {
        ...hoodie,
        handle: 'zip-hoodie',
        variants: hoodie.variants.map((v) => ({ ...v, sku: `Z${v.sku}` })),
      })
    ).json();
    const renamed = await call('PATCH', `/api/v1/products/${p.id}`, {
      options: ['Maat', 'Kleur'],
      flags: { hygieneSealed: true },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json().options).toEqual(['Maat', 'Kleur']);
    expect(renamed.json().flags.hygieneSealed).toBe(true);
    expect(renamed.json().variants[0].options).toEqual({ Maat: 'S', Kleur: 'Grey' });

    // Dropping Maat would leave two grey variants alike.
    const fewer = await call('PATCH', `/api/v1/products/${p.id}`, { options: ['Kleur'] });
    expect(fewer.statusCode).toBe(422);
    expect(fewer.json().errors).toEqual([expect.objectContaining({ code: 'DUPLICATE_VARIANT' })]);

    const added = await call('POST', `/api/v1/products/${p.id}/variants`, {
      sku: 'ZHOOD-L-GRY',
      title: 'Hoodie L grey',
      options: { Maat: 'L', Kleur: 'Grey' },
      priceAmount: 6200,
      currency: 'EUR',
    });
    expect(added.statusCode, added.body).toBe(201);
    const [s, m, l] = added.json().variants.map((v: { id: string }) => v.id);
    const twin = await call('POST', `/api/v1/products/${p.id}/variants`, {
      sku: 'ZHOOD-L2',
      title: 'Twin',
      options: { Maat: 'L', Kleur: 'Grey' },
      priceAmount: 6200,
      currency: 'EUR',
    });
    expect(twin.json().errors).toEqual([expect.objectContaining({ path: 'options', code: 'DUPLICATE_VARIANT' })]);

    const changed = await call('PATCH', `/api/v1/products/${p.id}/variants/${l}`, { priceAmount: 6400, sku: 'ZHOOD-S-GRY' });
    expect(changed.json().errors).toEqual([expect.objectContaining({ path: 'sku', code: 'SKU_TAKEN' })]);
    const priced = await call('PATCH', `/api/v1/products/${p.id}/variants/${l}`, { priceAmount: 6400 });
    expect(priced.json().variants[2].priceAmount).toBe(6400);

    const incomplete = await call('PUT', `/api/v1/products/${p.id}/variant-order`, { variantIds: [l, s] });
    expect(incomplete.json()).toMatchObject({ code: 'VARIANT_ORDER_INCOMPLETE', errors: [{ path: 'variantIds' }] });
    const reordered = await call('PUT', `/api/v1/products/${p.id}/variant-order`, { variantIds: [l, s, m] });
    expect(reordered.json().variants.map((v: { id: string }) => v.id)).toEqual([l, s, m]);

    const removed = await call('DELETE', `/api/v1/products/${p.id}/variants/${s}`);
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json().variants.map((v: { id: string; position: number }) => [v.id, v.position])).toEqual([
      [l, 0],
      [m, 1],
    ]);
    const types = (await eventsOf(p.id)).map((e) => e.type);
    expect(types).toEqual(['product.created', ...Array(5).fill('product.updated')]);
  });

  it("keeps every variant's values when options are reordered, and carries them along a rename", async () => {
    const p = (
      await call('POST', '/api/v1/products', {
        ...hoodie,
        handle: 'order-hoodie',
        variants: hoodie.variants.map((v) => ({ ...v, sku: `O${v.sku}` })),
      })
    ).json();
    const reordered = await call('PATCH', `/api/v1/products/${p.id}`, { options: ['Colour', 'Size'] });
    expect(reordered.statusCode, reordered.body).toBe(200);
    expect(reordered.json().options).toEqual(['Colour', 'Size']);
    expect(reordered.json().variants.map((v: { options: object }) => v.options)).toEqual([
      { Colour: 'Grey', Size: 'S' },
      { Colour: 'Grey', Size: 'M' },
    ]);
    const movedAndRenamed = await call('PATCH', `/api/v1/products/${p.id}`, { options: ['Maat', 'Colour'] });
    expect(movedAndRenamed.json().variants.map((v: { options: object }) => v.options)).toEqual([
      { Maat: 'S', Colour: 'Grey' },
      { Maat: 'M', Colour: 'Grey' },
    ]);
  });

  it('adds an option to a product that has variants, with their values, and drops one in the same way', async () => {
    const p = (
      await call('POST', '/api/v1/products', {
        ...hoodie,
        handle: 'fit-hoodie',
        options: ['Colour', 'Size'],
        variants: hoodie.variants.map((v) => ({ ...v, sku: `F${v.sku}` })),
      })
    ).json();
    const [s, m] = p.variants.map((v: { id: string }) => v.id);
    const valuesOf = (res: { json: () => { variants: { options: object }[] } }) => res.json().variants.map((v) => v.options);

    const unnamed = await call('PATCH', `/api/v1/products/${p.id}`, { options: ['Colour', 'Size', 'Fit'] });
    expect(unnamed.statusCode).toBe(422);
    expect(unnamed.json().errors).toEqual([
      expect.objectContaining({ path: `variantOptions.${s}.Fit`, code: 'OPTION_VALUE_MISSING' }),
      expect.objectContaining({ path: `variantOptions.${m}.Fit`, code: 'OPTION_VALUE_MISSING' }),
    ]);
    const stranger = await call('PATCH', `/api/v1/products/${p.id}`, {
      options: ['Colour', 'Size', 'Fit'],
      optionDefaults: { Fit: 'Regular' },
      variantOptions: { var_elsewhere: { Fit: 'Slim' } },
    });
    expect(stranger.json().errors).toEqual([
      expect.objectContaining({ path: 'variantOptions.var_elsewhere', code: 'UNKNOWN_VARIANT' }),
    ]);
    expect((await call('GET', `/api/v1/products/${p.id}`)).json().options).toEqual(['Colour', 'Size']);

    const added = await call('PATCH', `/api/v1/products/${p.id}`, {
      options: ['Colour', 'Size', 'Fit'],
      optionDefaults: { Fit: 'Regular' },
      variantOptions: { [m]: { Fit: 'Slim' } },
    });
    expect(added.statusCode, added.body).toBe(200);
    expect(valuesOf(added)).toEqual([
      { Colour: 'Grey', Size: 'S', Fit: 'Regular' },
      { Colour: 'Grey', Size: 'M', Fit: 'Slim' },
    ]);
    const another = await call('POST', `/api/v1/products/${p.id}/variants`, {
      sku: 'FHOOD-S-SLIM',
      title: 'Hoodie S grey slim',
      options: { Colour: 'Grey', Size: 'S', Fit: 'Slim' },
      priceAmount: 5900,
      currency: 'EUR',
    });
    expect(another.statusCode, another.body).toBe(201);

    // Without Size, S slim and M slim would be alike; without Colour every variant stays itself.
    const alike = await call('PATCH', `/api/v1/products/${p.id}`, { options: ['Colour', 'Fit'] });
    expect(alike.json().errors).toEqual([expect.objectContaining({ code: 'DUPLICATE_VARIANT' })]);
    const dropped = await call('PATCH', `/api/v1/products/${p.id}`, { options: ['Fit', 'Size'] });
    expect(dropped.statusCode, dropped.body).toBe(200);
    expect(valuesOf(dropped)).toEqual([
      { Fit: 'Regular', Size: 'S' },
      { Fit: 'Slim', Size: 'M' },
      { Fit: 'Slim', Size: 'S' },
    ]);
    const events = await eventsOf(p.id);
    expect(events.at(-1)?.data).toMatchObject({ changed: { options: { from: ['Colour', 'Size', 'Fit'], to: ['Fit', 'Size'] } } });
  });

  it('deletes a product nothing refers to, and refuses one that was sold', async () => {
    const spare = (await call('POST', '/api/v1/products', { handle: 'spare', title: 'Spare', variants: [] })).json();
    const gone = await call('DELETE', `/api/v1/products/${spare.id}`);
    expect(gone.json()).toEqual({ id: spare.id, deleted: true });
    expect((await call('GET', `/api/v1/products/${spare.id}`)).statusCode).toBe(404);
    expect((await eventsOf(spare.id)).map((e) => e.type)).toEqual(['product.created', 'product.deleted']);

    await seedOrders(t.ctx, [orderFixture('C-1', new Date(t.clock.now.getTime() - DAY))]);
    const sold = await call('DELETE', '/api/v1/products/prd_tee');
    expect(sold.statusCode).toBe(409);
    expect(sold.json()).toMatchObject({ code: 'PRODUCT_IN_USE', references: { orderLines: 1 } });
    const soldVariant = await call('DELETE', '/api/v1/products/prd_tee/variants/var_tee_m');
    expect(soldVariant.json().code).toBe('VARIANT_IN_USE');
    expect((await call('GET', '/api/v1/products/prd_tee')).json().variants).toHaveLength(2);
  });

  it('keeps a product a connection owns read-only, with the link to its source', async () => {
    await t.ctx.db
      .insertInto('shop_connections')
      .values({
        id: 'shc_catalogue',
        platform: 'shopify',
        name: 'Shopify',
        channel_id: 'chn_webshop',
        credentials: 'sealed',
        key_hint: 'abcd',
        webhook_token: 'catalogue-token',
        created_at: t.clock.now,
        updated_at: t.clock.now,
      })
      .execute();
    await t.ctx.db
      .updateTable('products')
      .set({ connection_id: 'shc_catalogue', external_id: '7001', source_url: SOURCE_URL })
      .where('id', '=', 'prd_jacket')
      .execute();
    const shown = (await call('GET', '/api/v1/products/prd_jacket')).json();
    expect(shown).toMatchObject({
      readOnly: true,
      owner: { connectionId: 'shc_catalogue', platform: 'shopify', sourceUrl: SOURCE_URL },
    });
    const attempts = [
      call('PATCH', '/api/v1/products/prd_jacket', { title: 'Changed' }),
      call('POST', '/api/v1/products/prd_jacket/variants', { sku: 'J2', title: 'J2', priceAmount: 1, currency: 'EUR' }),
      call('PATCH', '/api/v1/products/prd_jacket/variants/var_jacket', { priceAmount: 1 }),
      call('PUT', '/api/v1/products/prd_jacket/variant-order', { variantIds: ['var_jacket'] }),
      call('DELETE', '/api/v1/products/prd_jacket/variants/var_jacket'),
      call('DELETE', '/api/v1/products/prd_jacket'),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'PRODUCT_OWNED_BY_CONNECTION', sourceUrl: SOURCE_URL });
    }
    expect((await call('GET', '/api/v1/products/prd_jacket')).json().title).toBe('Rain jacket');
    expect(await eventsOf('prd_jacket')).toEqual([]);
  });

  it('creates and moves categories, never into a cycle, and drops the cached tree', async () => {
    const top = await call('POST', '/api/v1/categories', { code: 'apparel', name: 'Apparel' });
    expect(top.statusCode, top.body).toBe(201);
    const sub = (await call('POST', '/api/v1/categories', { code: 'tops', name: 'Tops', parent: 'apparel' })).json();
    expect(sub.parentId).toBe(top.json().id);
    const unknownParent = await call('POST', '/api/v1/categories', { code: 'x', name: 'X', parent: 'nope' });
    expect(unknownParent.json().errors).toEqual([expect.objectContaining({ path: 'parent', code: 'UNKNOWN_CATEGORY' })]);
    const taken = await call('POST', '/api/v1/categories', { code: 'tops', name: 'Again' });
    expect(taken.json().code).toBe('CATEGORY_CODE_TAKEN');

    const cycle = await call('PATCH', `/api/v1/categories/${top.json().id}`, { parent: 'tops' });
    expect(cycle.statusCode).toBe(422);
    expect(cycle.json()).toMatchObject({ code: 'CATEGORY_CYCLE', errors: [{ path: 'parent' }] });

    // The policy's copy of the tree is read before the change and must not outlive it.
    expect((await loadReferenceData(t.ctx.caches, t.ctx.db)).categories.find((c) => c.code === 'tops')?.parent_id).toBe(
      top.json().id,
    );
    const moved = await call('PATCH', `/api/v1/categories/${sub.id}`, { parent: null, name: 'All tops' });
    expect(moved.json()).toMatchObject({ name: 'All tops', parentId: null });
    expect((await loadReferenceData(t.ctx.caches, t.ctx.db)).categories.find((c) => c.code === 'tops')?.parent_id).toBeNull();

    const filed = await call('PATCH', '/api/v1/products/prd_tee', { category: 'tops' });
    expect(filed.json().category).toBe('tops');
    const nowhere = await call('PATCH', '/api/v1/products/prd_tee', { category: 'nope' });
    expect(nowhere.json().errors).toEqual([expect.objectContaining({ path: 'category', code: 'UNKNOWN_CATEGORY' })]);
  });

  it("keeps a shop connection's categories apart from the shop's own: a rename in Retour survives a sync", async () => {
    const conn = await connection('shc_categories');
    const shirt = (categoryName: string): ShopProduct => ({
      ...shopProduct('501', 'FLANNEL-1'),
      category: { code: 'shirts', name: categoryName },
    });
    const ours = (await call('POST', '/api/v1/categories', { code: 'shirts', name: 'Shirts' })).json();
    await upsertShopProducts(t.ctx, conn, [shirt('Shirts')]);
    const renamed = await call('PATCH', `/api/v1/categories/${ours.id}`, { name: 'Our shirts' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    await upsertShopProducts(t.ctx, conn, [shirt('Shirts & blouses')]);

    const listed = (await call('GET', '/api/v1/categories', undefined, agent)).json().items;
    const theirs = listed.find((c: { connectionId: string | null }) => c.connectionId === 'shc_categories');
    expect(listed.find((c: { id: string }) => c.id === ours.id)).toMatchObject({
      code: 'shirts',
      name: 'Our shirts',
      connectionId: null,
    });
    expect(theirs).toMatchObject({ code: 'shirts-shc_categories', name: 'Shirts & blouses' });
    const product = await t.ctx.db
      .selectFrom('products')
      .select('category_id')
      .where('external_id', '=', '501')
      .executeTakeFirst();
    expect(product?.category_id).toBe(theirs.id);
    const refused = await call('PATCH', `/api/v1/categories/${theirs.id}`, { name: 'Mine now' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'CATEGORY_OWNED_BY_CONNECTION', connectionId: 'shc_categories' });
  });

  it('takes only image addresses a page of Retour may load from a platform, plain http as https', async () => {
    const conn = await connection('shc_images');
    const product = shopProduct('601', 'IMG-SYNC-1');
    await upsertShopProducts(t.ctx, conn, [
      {
        ...product,
        images: [
          { url: 'http://shop.example/wp-content/front.jpg', alt: 'Front' },
          { url: 'javascript:alert(1)', alt: null },
          { url: '/api/v1/product-images/pimg_someone_elses', alt: null },
          { url: 'https://cdn.shop.example/back.jpg', alt: null },
        ],
        variants: product.variants.map((v) => ({ ...v, imageUrl: 'data:image/png;base64,AAAA' })),
      },
    ]);
    const stored = await t.ctx.db
      .selectFrom('products')
      .innerJoin('variants', 'variants.product_id', 'products.id')
      .select(['products.images', 'variants.image_url'])
      .where('variants.sku', '=', 'IMG-SYNC-1')
      .executeTakeFirstOrThrow();
    expect(stored.images).toEqual([
      { url: 'https://shop.example/wp-content/front.jpg', alt: 'Front' },
      { url: 'https://cdn.shop.example/back.jpg', alt: null },
    ]);
    expect(stored.image_url).toBeNull();
  });

  it('lets only catalogue managers change it', async () => {
    const denied = await call('POST', '/api/v1/products', { handle: 'agent-made', title: 'No' }, agent);
    expect(denied.statusCode).toBe(403);
    expect((await call('GET', '/api/v1/products', undefined, agent)).statusCode).toBe(200);
  });

  it("shows each line's image to the shopper and on the return: the variant's, else the product's first", async () => {
    await call('PATCH', '/api/v1/products/prd_tee', {
      images: [{ url: 'https://cdn.shop.example/tee.jpg', alt: 'Organic tee, white' }],
    });
    await call('PATCH', '/api/v1/products/prd_pen/variants/var_pen', { imageUrl: 'https://cdn.shop.example/pen.jpg' });
    await seedOrders(t.ctx, [orderFixture('IMG-1', new Date(t.clock.now.getTime() - DAY))]);
    const token = await t.shopperToken('IMG-1', 'img-1@example.nl');
    const order = await t.request({ method: 'GET', url: '/api/v1/shopper/order', bearer: token });
    expect(order.statusCode, order.body).toBe(200);
    const bySku = Object.fromEntries(order.json().lines.map((l: { sku: string; image: unknown }) => [l.sku, l.image]));
    expect(bySku).toEqual({
      'TEE-M': { url: 'https://cdn.shop.example/tee.jpg', alt: 'Organic tee, white' },
      PEN: { url: 'https://cdn.shop.example/pen.jpg', alt: 'Engraved pen' },
      JACKET: null,
      BUDS: null,
    });
    const teeLine = order.json().lines.find((l: { sku: string }) => l.sku === 'TEE-M');
    const requested = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: token,
      payload: { lines: [{ orderLineId: teeLine.id, quantity: 1, reasonCode: 'too_small' }] },
    });
    expect(requested.statusCode, requested.body).toBe(201);
    const detail = (await call('GET', `/api/v1/returns/${requested.json().returnId}`, undefined, agent)).json();
    expect(detail.lines[0].image).toEqual({ url: 'https://cdn.shop.example/tee.jpg', alt: 'Organic tee, white' });
  });
});
