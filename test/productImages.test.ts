import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneProductImages } from '../src/app/catalog/products/pruneProductImages.js';
import { newId } from '../src/app/kernel/ids.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

describe.each(DB_KINDS)('product images Retour keeps (%s)', (kind) => {
  let t: TestApp;
  let admin: StaffClient;
  let agent: StaffClient;
  let png: Buffer;

  const send = (bytes: Buffer, type: string, as: StaffClient) =>
    t.request({ method: 'POST', url: '/api/v1/product-images', staff: as, headers: { 'content-type': type }, payload: bytes });

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin', 'agent']);
    admin = await t.login('admin');
    agent = await t.login('agent');
    png = await sharp({ create: { width: 3000, height: 1500, channels: 4, background: '#2a7a4b' } })
      .png()
      .toBuffer();
  });
  afterAll(() => t?.close());

  it('takes an upload, shrinks and re-encodes it, and serves it to anyone with its square for lists', async () => {
    const res = await send(png, 'image/png', admin);
    expect(res.statusCode, res.body).toBe(201);
    const { url, width, height } = res.json();
    expect(url).toMatch(/^\/api\/v1\/product-images\/pimg_[0-9a-z]{26}$/);
    expect([width, height]).toEqual([2048, 1024]);

    const image = await t.app.inject({ method: 'GET', url });
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/jpeg');
    expect((await sharp(image.rawPayload).metadata()).width).toBe(2048);
    const square = await t.app.inject({ method: 'GET', url: `${url}/thumbnail` });
    expect(square.headers['content-type']).toBe('image/webp');
    expect(await sharp(square.rawPayload).metadata()).toMatchObject({ width: 320, height: 320 });

    // Saved on a product, the shopper's order shows its square.
    const saved = await t.request({
      method: 'PATCH',
      url: '/api/v1/products/prd_tee',
      staff: admin,
      payload: { images: [{ url, alt: 'Organic tee on a hanger' }] },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    await seedOrders(t.ctx, [orderFixture('PI-1', new Date(t.clock.now.getTime() - DAY))]);
    const token = await t.shopperToken('PI-1', 'pi-1@example.nl');
    const order = (await t.request({ method: 'GET', url: '/api/v1/shopper/order', bearer: token })).json();
    const tee = order.lines.find((l: { sku: string }) => l.sku === 'TEE-M');
    expect(tee.image).toEqual({ url: `${url}/thumbnail`, alt: 'Organic tee on a hanger' });
  });

  it('refuses what is not an image, other roles, and never serves a return photo by this route', async () => {
    const fake = await send(Buffer.from('not an image at all'), 'image/png', admin);
    expect(fake.statusCode).toBe(422);
    expect(fake.json().code).toBe('PHOTO_INVALID');
    const json = await t.request({ method: 'POST', url: '/api/v1/product-images', staff: admin, payload: {} });
    expect(json.json().code).toBe('PHOTO_TYPE_NOT_ALLOWED');
    expect((await send(png, 'image/png', agent)).statusCode).toBe(403);

    const returnPhoto = newId('pho');
    await t.ctx.photos.put(returnPhoto, { image: png, thumbnail: png });
    const peek = await t.app.inject({ method: 'GET', url: `/api/v1/product-images/${returnPhoto}` });
    expect(peek.statusCode).toBe(404);
    expect(peek.json().code).toBe('IMAGE_NOT_FOUND');
    const outside = await t.app.inject({ method: 'GET', url: '/api/v1/product-images/..%2F..%2Fphotos' });
    expect(outside.statusCode).toBe(404);
  });

  it('removes an upload no product or variant uses once it is a day old, and keeps the ones in use', async () => {
    const small = await sharp({ create: { width: 40, height: 40, channels: 3, background: '#c0ffee' } })
      .jpeg()
      .toBuffer();
    const [unused, onProduct, onVariant] = (await Promise.all(
      [1, 2, 3].map(async () => (await send(small, 'image/jpeg', admin)).json().url as string),
    )) as [string, string, string];
    const shown = async (url: string) => (await t.app.inject({ method: 'GET', url })).statusCode;
    const made = await t.request({
      method: 'POST',
      url: '/api/v1/products',
      staff: admin,
      payload: {
        handle: 'pruned-mug',
        title: 'Mug',
        images: [{ url: onProduct, alt: null }],
        variants: [{ sku: 'MUG-PRUNE', title: 'Mug', priceAmount: 1200, currency: 'EUR', imageUrl: onVariant }],
      },
    });
    expect(made.statusCode, made.body).toBe(201);

    // Uploaded just now: a form may still be about to save it.
    await pruneProductImages(t.ctx, { storedBefore: new Date(Date.now() - DAY) });
    expect(await shown(unused)).toBe(200);

    await pruneProductImages(t.ctx, { storedBefore: new Date(Date.now() + 60_000) });
    expect(await shown(unused)).toBe(404);
    expect(await shown(`${unused}/thumbnail`)).toBe(404);
    expect(await shown(onProduct)).toBe(200);
    expect(await shown(onVariant)).toBe(200);
  });
});
