import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/app/kernel/ids.js';
import { eraseCustomer } from '../src/app/privacy/eraseCustomer.js';
import { runRetention } from '../src/app/privacy/runRetention.js';
import { requestReturn } from '../src/app/returns/requestReturn.js';
import { uploadReturnPhoto } from '../src/app/returns/uploadReturnPhoto.js';
import { DB_KINDS } from './support/databases.js';
import { orderOf, type Person, photoJpeg, traces } from './support/erasureWorld.js';
import { seedCatalogue, seedStaff } from './support/fixtures.js';
import { scanDatabase } from './support/personalDataScan.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

/** A person of a test's own, so no test relies on another's leftovers. */
let people = 0;
const someone = (first: string): Person => {
  people += 1;
  return {
    firstName: `${first}${people}z`,
    lastName: `Ruisdael${people}w`,
    email: `${first.toLowerCase()}${people}@example.net`,
    phone: `+31 6 7770 ${String(2000 + people)}`,
    street: `Bloemgracht ${people}7`,
    postcode: '1016 KE',
  };
};

const staffMeta = { actor: { type: 'staff' as const, id: null } };

/* After an erasure nothing of the person comes back through the portal, and nothing of theirs is
 * left behind: tokens issued before it open nothing, a request in flight finds them erased, a
 * second erasure scrubs again, and photo files the disk refused wait for the retention round. */
describe.each(DB_KINDS)('after an erasure (%s)', (kind) => {
  let t: TestApp;
  let admin: StaffClient;

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin']);
    admin = await t.login('admin');
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const erase = (customerId: string, confirmEmail: string) =>
    t.request({ method: 'POST', url: `/api/v1/customers/${customerId}/erasure`, staff: admin, payload: { confirmEmail } });
  const upload = async (token: string) =>
    t.request({
      method: 'POST',
      url: '/api/v1/shopper/photos',
      bearer: token,
      payload: await photoJpeg(),
      headers: { 'content-type': 'image/jpeg' },
    });
  const photosOf = (orderId: string) =>
    t.ctx.db.selectFrom('return_photos').select('id').where('order_id', '=', orderId).execute();

  it("refuses the shopper's tokens and status links, and finds the order no more", async () => {
    const p = someone('Femke');
    const order = await orderOf(t, p);
    const token = await t.shopperToken(order.number, p.email);
    const statusLink = t.ctx.shopperTokens.statusLink({
      returnId: 'ret_any',
      customerId: order.customerId,
      orderId: order.id,
      createdAt: t.clock.now,
    });
    expect((await erase(order.customerId, p.email)).statusCode).toBe(200);

    for (const [method, url, bearer] of [
      ['GET', '/api/v1/shopper/order', token],
      ['GET', '/api/v1/shopper/returns/ret_any', statusLink],
    ] as const) {
      const res = await t.request({ method, url, bearer });
      expect(res.statusCode, url).toBe(401);
      expect(res.json()).toMatchObject({ code: 'CUSTOMER_ERASED' });
    }
    const uploaded = await upload(token);
    expect(uploaded.statusCode).toBe(401);
    expect(uploaded.json().code).toBe('CUSTOMER_ERASED');
    const asked = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: token,
      payload: {
        method: 'qr',
        lines: [{ orderLineId: order.lineBySku['TEE-M'], quantity: 1, reasonCode: 'defective', resolution: 'refund' }],
      },
    });
    expect(asked.statusCode).toBe(401);
    expect(await photosOf(order.id)).toEqual([]);

    // The order's e-mail is now `<id>@erased.invalid`: it opens nothing, and says no more than a
    // wrong e-mail does.
    const erasedEmail = (await t.ctx.db.selectFrom('orders').select('email').where('id', '=', order.id).executeTakeFirstOrThrow())
      .email;
    const lookup = (email: string) =>
      t.request({ method: 'POST', url: '/api/v1/shopper/lookup', payload: { orderNumber: order.number, email } });
    const [byErased, byOld, byWrong] = [await lookup(erasedEmail), await lookup(p.email), await lookup('nobody@example.net')];
    for (const res of [byErased, byOld, byWrong]) expect(res.statusCode).toBe(404);
    expect(byErased.json()).toEqual({ ...byWrong.json(), instance: byErased.json().instance });
    expect(byErased.json().code).toBe('ORDER_NOT_FOUND');
  });

  it('refuses an upload and a return request that reach the order after the erasure committed', async () => {
    const p = someone('Joris');
    const order = await orderOf(t, p);
    // The token was checked before the erasure: the commands find the person erased under the lock.
    await eraseCustomer(t.ctx, staffMeta, { customerId: order.customerId });
    const shopper = { actor: { type: 'shopper' as const, id: order.customerId } };
    await expect(
      uploadReturnPhoto(t.ctx, shopper, {
        orderId: order.id,
        customerId: order.customerId,
        contentType: 'image/jpeg',
        bytes: await photoJpeg(),
      }),
    ).rejects.toMatchObject({ kind: 'conflict', code: 'CUSTOMER_ERASED' });
    await expect(
      requestReturn(t.ctx, shopper, {
        orderId: order.id,
        source: 'portal',
        method: 'qr',
        lines: [{ orderLineId: order.lineBySku['TEE-M'] as string, quantity: 1, reasonCode: 'defective', resolution: 'refund' }],
      }),
    ).rejects.toMatchObject({ kind: 'conflict', code: 'CUSTOMER_ERASED' });
    expect(await photosOf(order.id)).toEqual([]);
    expect(await t.ctx.db.selectFrom('returns').select('id').where('order_id', '=', order.id).execute()).toEqual([]);
  });

  it('scrubs again on a second request: what reached the person since goes too', async () => {
    const p = someone('Sanne');
    const order = await orderOf(t, p);
    const first = await eraseCustomer(t.ctx, staffMeta, { customerId: order.customerId });
    // What a request in flight before these checks (or a platform's sync) could still have left.
    const photoId = newId('pho');
    await t.ctx.photos.put(photoId, { image: await photoJpeg(), thumbnail: await photoJpeg() });
    await t.ctx.db
      .insertInto('return_photos')
      .values({
        id: photoId,
        order_id: order.id,
        customer_id: order.customerId,
        return_line_id: null,
        uploaded_by: 'shopper',
        content_type: 'image/jpeg',
        bytes: 1,
        width: 800,
        height: 600,
        created_at: t.clock.now,
      })
      .execute();
    await t.ctx.db
      .updateTable('customers')
      .set({ first_name: p.firstName, phone: p.phone })
      .where('id', '=', order.customerId)
      .execute();
    expect(await scanDatabase(t.ctx.db, traces(p), [])).not.toEqual([]);

    const again = await erase(order.customerId, 'anything: it was erased already');
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({
      outcome: 'already_erased',
      erasureId: first.erasureId,
      erasedAt: first.erasedAt.toISOString(),
      filesPending: 0,
    });
    expect(await scanDatabase(t.ctx.db, traces(p), [])).toEqual([]);
    expect(await photosOf(order.id)).toEqual([]);
    expect(await t.ctx.photos.get(photoId, 'image')).toBeNull();
  });

  it('queues the photo files with the erasure, so the retention round removes what the disk refused', async () => {
    const p = someone('Wout');
    const order = await orderOf(t, p);
    const photo = await upload(await t.shopperToken(order.number, p.email));
    expect(photo.statusCode, photo.body).toBe(201);
    const photoId = photo.json().id as string;
    // The disk refuses every removal during the erasure (a read-only volume, or a crash after the commit).
    const refusing = {
      ...t.ctx.photos,
      get: t.ctx.photos.get.bind(t.ctx.photos),
      put: t.ctx.photos.put.bind(t.ctx.photos),
      remove: async () => {
        throw new Error('EROFS: read-only file system');
      },
    };
    const done = await eraseCustomer({ ...t.ctx, photos: refusing }, staffMeta, { customerId: order.customerId });
    expect(done).toMatchObject({ outcome: 'erased', filesPending: 1 });
    const queued = () =>
      t.ctx.db.selectFrom('retention_file_removals').select('photo_id').where('photo_id', '=', photoId).execute();
    expect(await queued()).toHaveLength(1);
    expect(await t.ctx.photos.get(photoId, 'image')).not.toBeNull();

    // Nobody asks again: the hourly round removes it.
    const report = await runRetention(t.ctx, { startedBy: 'round' });
    expect(report.counts.photoFiles).toBeGreaterThanOrEqual(1);
    expect(await t.ctx.photos.get(photoId, 'image')).toBeNull();
    expect(await queued()).toEqual([]);
  });

  it('leaves nothing queued when the files went at once', async () => {
    const p = someone('Lotte');
    const order = await orderOf(t, p);
    const photo = await upload(await t.shopperToken(order.number, p.email));
    const photoId = photo.json().id as string;
    expect(await eraseCustomer(t.ctx, staffMeta, { customerId: order.customerId })).toMatchObject({ filesPending: 0 });
    expect(await t.ctx.photos.get(photoId, 'image')).toBeNull();
    expect(
      await t.ctx.db.selectFrom('retention_file_removals').select('photo_id').where('photo_id', '=', photoId).execute(),
    ).toEqual([]);
  });
});
