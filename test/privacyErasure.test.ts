import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eraseCustomer } from '../src/app/privacy/eraseCustomer.js';
import { gdprEraseCommand } from '../src/cli/gdprEraseCommand.js';
import { DB_KINDS } from './support/databases.js';
import {
  askWithPhoto,
  closeWithEverything,
  OTHER,
  openErasureApp,
  orderOf,
  type Person,
  SHOPPER,
  traces,
} from './support/erasureWorld.js';
import { scanDatabase, scanFiles } from './support/personalDataScan.js';
import type { StaffClient, TestApp } from './support/testApp.js';
import { untilSettled } from './support/until.js';

/** A person of a test's own, so no test relies on another's leftovers. */
let people = 0;
const someone = (first: string): Person => {
  people += 1;
  return {
    firstName: `${first}${people}x`,
    lastName: `Achterberg${people}q`,
    email: `${first.toLowerCase()}${people}@example.com`,
    phone: `+31 6 5550 ${String(1000 + people)}`,
    street: `Lindengracht ${people}1`,
    postcode: '1015 KA',
  };
};

describe.each(DB_KINDS)('GDPR erasure (%s)', (kind) => {
  let t: TestApp;
  let admin: StaffClient;
  let agent: StaffClient;
  let close: () => Promise<void> = async () => {};

  beforeAll(async () => {
    ({ t, admin, agent, close } = await openErasureApp(kind, ['admin', 'agent', 'warehouse', 'analyst']));
  }, 60_000);
  afterAll(() => close());

  const erase = (customerId: string, confirmEmail: string, staff = admin) =>
    t.request({ method: 'POST', url: `/api/v1/customers/${customerId}/erasure`, staff, payload: { confirmEmail } });

  it('erases a shopper from every table and their photo files, keeps the bookkeeping, leaves others be', async () => {
    const order = await orderOf(t, SHOPPER);
    // The same mailbox spelled with a +tag: a customer row of its own, the same person.
    const alias = await orderOf(t, SHOPPER, SHOPPER.email.replace('@', '+shop@'));
    expect(alias.customerId).not.toBe(order.customerId);
    const asked = await askWithPhoto(t, SHOPPER, order);
    await closeWithEverything(t, SHOPPER, asked.returnId, order.customerId, agent);
    const credit = await t.request({
      method: 'POST',
      url: `/api/v1/customers/${order.customerId}/store-credit/adjustments`,
      staff: agent,
      payload: { kind: 'issue', amount: 1500, currency: 'EUR', note: `Goodwill for ${SHOPPER.firstName} ${SHOPPER.lastName}` },
    });
    expect(credit.statusCode, credit.body).toBe(201);
    const listed = await t.request({
      method: 'POST',
      url: '/api/v1/risk/lists',
      staff: agent,
      headers: { 'idempotency-key': 'block-list-entry-1' },
      payload: { list: 'block', kind: 'phone', value: SHOPPER.phone, reason: `${SHOPPER.lastName} sends back worn items` },
    });
    expect(listed.statusCode, listed.body).toBe(201);
    const other = await orderOf(t, OTHER);
    const otherAsked = await askWithPhoto(t, OTHER, other);
    await untilSettled(t.ctx.db);

    // What there was to erase: e-mails in the mailbox, webhook bodies, what the portal saw, photos.
    const mails = await t.ctx.db
      .selectFrom('emails')
      .select(['recipient', 'html'])
      .where('return_id', '=', asked.returnId)
      .execute();
    expect(mails.some((m) => m.recipient === SHOPPER.email && m.html)).toBe(true);
    const deliveries = await t.ctx.db.selectFrom('webhook_deliveries').select('payload').execute();
    expect(JSON.stringify(deliveries)).toContain(`${SHOPPER.firstName} ${SHOPPER.lastName}`);
    expect(
      await t.ctx.db.selectFrom('portal_sightings').select('id').where('customer_id', '=', order.customerId).execute(),
    ).not.toEqual([]);
    const image = (await t.ctx.photos.get(asked.photoId, 'image')) as Buffer;
    const thumbnail = (await t.ctx.photos.get(asked.photoId, 'thumbnail')) as Buffer;
    const photoBytes = [
      image.subarray(image.length >> 1, (image.length >> 1) + 256),
      thumbnail.subarray(thumbnail.length >> 1, (thumbnail.length >> 1) + 256),
    ];
    expect(await scanDatabase(t.ctx.db, traces(SHOPPER), photoBytes)).not.toEqual([]);

    const money = () =>
      t.ctx.db
        .selectFrom('settlements')
        .select(['kind', 'amount', 'currency', 'reference', 'created_at', 'status'])
        .where('return_id', '=', asked.returnId)
        .orderBy('id')
        .execute();
    const ledger = () =>
      t.ctx.db
        .selectFrom('store_credit_entries')
        .innerJoin('store_credit_accounts', 'store_credit_accounts.id', 'store_credit_entries.account_id')
        .select([
          'store_credit_entries.kind',
          'store_credit_entries.amount',
          'store_credit_entries.created_at',
          'store_credit_accounts.code',
        ])
        .where('store_credit_accounts.customer_id', '=', order.customerId)
        .orderBy('store_credit_entries.id')
        .execute();
    const orderMoney = () =>
      t.ctx.db
        .selectFrom('orders')
        .select(['order_number', 'total_amount', 'placed_at', 'shipping_country'])
        .where('id', 'in', [order.id, alias.id])
        .orderBy('id')
        .execute();
    const otherRows = async () => ({
      customer: await t.ctx.db.selectFrom('customers').selectAll().where('id', '=', other.customerId).executeTakeFirst(),
      order: await t.ctx.db.selectFrom('orders').selectAll().where('id', '=', other.id).executeTakeFirst(),
      lines: await t.ctx.db.selectFrom('return_lines').select(['comment']).where('return_id', '=', otherAsked.returnId).execute(),
      photo: await t.ctx.photos.get(otherAsked.photoId, 'image'),
    });
    const before = { money: await money(), ledger: await ledger(), orders: await orderMoney(), other: await otherRows() };
    expect(before.money.map((m) => m.amount)).toContain(2000);

    const res = await erase(order.customerId, SHOPPER.email.toUpperCase());
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ outcome: 'erased', filesPending: 0 });
    expect(res.json().customerIds.sort()).toEqual([order.customerId, alias.customerId].sort());
    await untilSettled(t.ctx.db);

    // The scan: every text, JSON and byte column of every table, and every file Retour writes under
    // the data directory (the photos). Not the database's own files: these tests run PGlite in
    // memory, and old row versions and the WAL keep values until overwritten (docs/erasure.md).
    expect(await scanDatabase(t.ctx.db, traces(SHOPPER), photoBytes)).toEqual([]);
    expect(await scanFiles(t.dataDir, traces(SHOPPER), photoBytes)).toEqual([]);
    expect(await t.ctx.photos.get(asked.photoId, 'image')).toBeNull();

    // The bookkeeping stays: amounts, dates and references of the refund, the credit ledger, the orders.
    expect(await money()).toEqual(before.money);
    expect(await ledger()).toEqual(before.ledger);
    expect(await orderMoney()).toEqual(before.orders);
    // The other shopper is as they were, and still found by the same scan.
    expect(await otherRows()).toEqual(before.other);
    expect(await scanDatabase(t.ctx.db, traces(OTHER), [])).not.toEqual([]);

    // Webhook subscribers hear of it, without whom it was about.
    const told = await t.ctx.db
      .selectFrom('webhook_deliveries')
      .select('payload')
      .where('event_type', '=', 'customer.erased')
      .execute();
    expect(told).toHaveLength(1);
    expect(told[0]?.payload).toMatchObject({ type: 'customer.erased', data: { erasureId: res.json().erasureId } });
    const recorded = await t.ctx.db
      .selectFrom('privacy_erasures')
      .selectAll()
      .where('id', '=', res.json().erasureId)
      .executeTakeFirstOrThrow();
    expect(recorded).toMatchObject({ requested_by_type: 'staff', pending_files: [] });
    expect(recorded.counts).toMatchObject({ customers: 2, orders: 2, photos: 1 });
  }, 120_000);

  it('answers a second request with the erasure already done, scrubs again and removes files an earlier run could not', async () => {
    const p = someone('Ilse');
    const order = await orderOf(t, p);
    // A photo uploaded in the portal and never sent with a return: the person's all the same.
    const token = await t.shopperToken(order.number, p.email);
    const { photoJpeg } = await import('./support/erasureWorld.js');
    const photo = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/photos',
      bearer: token,
      payload: await photoJpeg(),
      headers: { 'content-type': 'image/jpeg' },
    });
    const photoId = photo.json().id as string;
    // The disk refuses the first removal (a full or read-only volume): the erasure still commits.
    let refusals = 1;
    const photos = {
      ...t.ctx.photos,
      get: t.ctx.photos.get.bind(t.ctx.photos),
      put: t.ctx.photos.put.bind(t.ctx.photos),
      remove: async (id: string) => {
        if (refusals-- > 0) throw new Error('EROFS: read-only file system');
        return t.ctx.photos.remove(id);
      },
    };
    const first = await eraseCustomer(
      { ...t.ctx, photos },
      { actor: { type: 'staff', id: null } },
      { customerId: order.customerId },
    );
    expect(first).toMatchObject({ outcome: 'erased', filesPending: 1 });
    expect(await t.ctx.photos.get(photoId, 'image')).not.toBeNull();
    expect((await t.ctx.db.selectFrom('return_photos').select('id').where('id', '=', photoId).execute()).length).toBe(0);

    const again = await erase(order.customerId, 'anything: it was erased already');
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ outcome: 'already_erased', erasureId: first.erasureId, filesPending: 0 });
    expect(await t.ctx.photos.get(photoId, 'image')).toBeNull();
    expect(await scanDatabase(t.ctx.db, traces(p), [])).toEqual([]);
    const events = await t.ctx.db
      .selectFrom('events')
      .select('id')
      .where('type', '=', 'customer.erased')
      .where('subject_id', '=', order.customerId)
      .execute();
    expect(events).toHaveLength(1);
  });

  it('refuses while a return is open (409 with its number) or the e-mail typed does not match (422), changing nothing', async () => {
    const p = someone('Joost');
    const order = await orderOf(t, p);
    const asked = await askWithPhoto(t, p, order);
    await untilSettled(t.ctx.db);
    const snapshot = async () => ({
      customer: await t.ctx.db.selectFrom('customers').selectAll().where('id', '=', order.customerId).executeTakeFirst(),
      order: await t.ctx.db.selectFrom('orders').selectAll().where('id', '=', order.id).executeTakeFirst(),
      lines: await t.ctx.db.selectFrom('return_lines').selectAll().where('return_id', '=', asked.returnId).execute(),
      notes: await t.ctx.db.selectFrom('emails').select(['recipient', 'html']).where('return_id', '=', asked.returnId).execute(),
      photo: await t.ctx.photos.get(asked.photoId, 'image'),
    });
    const before = await snapshot();

    const status = await t.request({ method: 'GET', url: `/api/v1/customers/${order.customerId}/erasure`, staff: admin });
    expect(status.json()).toMatchObject({
      erasedAt: null,
      blockedBy: 'ERASURE_BLOCKED_OPEN_RETURNS',
      blockers: { openReturns: [asked.number] },
      holds: { orders: 1, returns: 1, photos: 1 },
    });
    const blocked = await erase(order.customerId, p.email);
    expect(blocked.statusCode).toBe(409);
    expect(blocked.headers['content-type']).toContain('application/problem+json');
    expect(blocked.json()).toMatchObject({ code: 'ERASURE_BLOCKED_OPEN_RETURNS', returnNumbers: [asked.number] });
    expect(blocked.json().title).toContain(asked.number);

    const unconfirmed = await erase(order.customerId, 'someone.else@example.com');
    expect(unconfirmed.statusCode).toBe(422);
    expect(unconfirmed.json()).toMatchObject({ code: 'ERASURE_NOT_CONFIRMED', errors: [{ path: 'confirmEmail' }] });
    expect((await erase(order.customerId, '')).statusCode).toBe(400);

    expect(await snapshot()).toEqual(before);
    const recorded = await t.ctx.db.selectFrom('privacy_erasures').select('id').execute();
    expect(JSON.stringify(recorded)).not.toContain(order.customerId);
  });

  it('is for admins alone', async () => {
    const p = someone('Noor');
    const order = await orderOf(t, p);
    for (const role of ['agent', 'warehouse', 'analyst'] as const) {
      const who = await t.login(role);
      expect((await erase(order.customerId, p.email, who)).statusCode).toBe(403);
      expect(
        (await t.request({ method: 'GET', url: `/api/v1/customers/${order.customerId}/erasure`, staff: who })).statusCode,
      ).toBe(403);
    }
    expect((await erase('cus_missing', p.email)).statusCode).toBe(404);
    const row = await t.ctx.db
      .selectFrom('customers')
      .select(['email', 'erased_at'])
      .where('id', '=', order.customerId)
      .executeTakeFirst();
    expect(row).toEqual({ email: p.email, erased_at: null });
  });

  it('erases from the command line: says what it would take without --yes, erases with it', async () => {
    const p = someone('Sem');
    await orderOf(t, p);
    const said: string[] = [];
    const out = { write: (text: string) => said.push(text) };
    expect(await gdprEraseCommand(t.ctx, { email: p.email }, out)).toBe(2);
    expect(said.join('')).toContain('Would erase 1 customer row(s): 1 order(s)');
    expect(await gdprEraseCommand(t.ctx, { email: p.email, yes: true }, out)).toBe(0);
    expect(said.join('')).toMatch(/Erased 1 customer row\(s\)/);
    expect(await scanDatabase(t.ctx.db, traces(p), [])).toEqual([]);
    expect(await gdprEraseCommand(t.ctx, {}, out)).toBe(2);
  });
});
