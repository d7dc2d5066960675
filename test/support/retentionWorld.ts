import { newId } from '../../src/app/kernel/ids.js';
import { DAY, orderFixture, seedOrders } from './fixtures.js';
import type { TestApp } from './testApp.js';

// What the retention tests start from: returns with every kind of personal data a return gathers,
// e-mails, log rows and webhook deliveries, each one old enough to be due and one too young.

/** Each of a return's kinds of data, one return old and closed, one young and closed, one old and open. */
export interface World {
  old: Story;
  young: Story;
  open: Story;
  unattachedOld: string;
  unattachedYoung: string;
  leftover: string;
  emails: { old: string; young: string; pending: string };
  accessLog: { old: string; young: string };
  deliveries: { old: string; young: string; pending: string };
  attempts: { old: string; young: string };
}

export interface Story {
  returnId: string;
  orderId: string;
  lineId: string;
  photoId: string;
}

export const IMAGE = Buffer.from('jpeg bytes of a worn sleeve');

/** Rows of every kind the retention round covers, written at chosen ages on `t`'s clock. */
export function retentionRows(t: TestApp) {
  const ago = (days: number) => new Date(t.clock.now.getTime() - days * DAY);
  // The return the e-mails and log rows are about.
  let about = '';

  async function photo(orderId: string, customerId: string, lineId: string | null, at: Date): Promise<string> {
    const id = newId('pho');
    await t.ctx.photos.put(id, { image: IMAGE, thumbnail: IMAGE });
    await t.ctx.db
      .insertInto('return_photos')
      .values({
        id,
        order_id: orderId,
        customer_id: customerId,
        return_line_id: lineId,
        uploaded_by: 'shopper',
        content_type: 'image/jpeg',
        bytes: IMAGE.length,
        width: 10,
        height: 10,
        created_at: at,
      })
      .execute();
    return id;
  }

  /** A return asked for through the portal with a comment, a photo, a message and feedback; then
   * put in `status`, last changed `daysAgo`. */
  async function story(number: string, status: 'closed' | 'requested', daysAgo: number): Promise<Story> {
    const [order] = await seedOrders(t.ctx, [orderFixture(number, ago(3))]);
    const token = await t.shopperToken(number, `${number}@example.nl`);
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: token,
      payload: {
        lines: [{ orderLineId: order?.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small', comment: 'Sanne: too small' }],
      },
    });
    if (created.statusCode !== 201) throw new Error(`return ${number} not made: ${created.body}`);
    const returnId = created.json().returnId as string;
    const ret = await t.ctx.db
      .selectFrom('returns')
      .select(['customer_id', 'order_id'])
      .where('id', '=', returnId)
      .executeTakeFirstOrThrow();
    const line = await t.ctx.db
      .selectFrom('return_lines')
      .select('id')
      .where('return_id', '=', returnId)
      .executeTakeFirstOrThrow();
    const photoId = await photo(ret.order_id, ret.customer_id, line.id, ago(daysAgo));
    await t.ctx.db
      .insertInto('return_notes')
      .values({ id: `note_${number}`, return_id: returnId, kind: 'shopper', body: 'Dear Sanne, …', created_at: ago(daysAgo) })
      .execute();
    await t.ctx.db
      .insertInto('return_feedback')
      .values({
        return_id: returnId,
        customer_id: ret.customer_id,
        rating: 4,
        comment: 'Sanne liked it',
        created_at: ago(daysAgo),
      })
      .execute();
    await t.ctx.db
      .updateTable('returns')
      .set({ status, updated_at: ago(daysAgo) })
      .where('id', '=', returnId)
      .execute();
    return { returnId, orderId: ret.order_id, lineId: line.id, photoId };
  }

  async function email(id: string, status: 'sent' | 'pending', at: Date) {
    await t.ctx.db
      .insertInto('emails')
      .values({
        id,
        dedupe_key: id,
        kind: 'return_received',
        return_id: about,
        recipient: 'sanne@example.nl',
        locale: 'en',
        subject: 'We received your return',
        html: '<p>Dear Sanne</p>',
        text_body: 'Dear Sanne',
        status,
        created_at: at,
        updated_at: at,
        sent_at: status === 'sent' ? at : null,
      })
      .execute();
    return id;
  }

  async function accessLog(id: string, at: Date) {
    await t.ctx.db
      .insertInto('access_log')
      .values({
        id,
        at,
        actor_type: 'staff',
        actor_id: 'usr_x',
        action: 'return.viewed',
        subject_type: 'return',
        subject_id: about,
      })
      .execute();
    return id;
  }

  async function delivery(id: string, eventId: string, status: 'delivered' | 'pending', at: Date) {
    await t.ctx.db
      .insertInto('webhook_deliveries')
      .values({
        id,
        endpoint_id: 'whe_retention',
        event_id: eventId,
        event_type: 'return.requested',
        payload: JSON.stringify({ customer: 'Sanne de Vries' }),
        status,
        created_at: at,
        updated_at: at,
      })
      .execute();
    return id;
  }

  async function attempt(id: string, deliveryId: string, at: Date) {
    await t.ctx.db
      .insertInto('webhook_attempts')
      .values({ id, delivery_id: deliveryId, attempted_at: at, status_code: 200, error: null, duration_ms: 5 })
      .execute();
    return id;
  }

  /** Three stories (old and closed, young and closed, old and open), photos never attached, a
   * photo's leftover files, e-mails, access-log rows, webhook deliveries and attempts, a refund. */
  async function world(): Promise<World> {
    const old = await story('5001', 'closed', 800);
    const young = await story('5002', 'closed', 10);
    const open = await story('5003', 'requested', 800);
    const w = { old, young, open } as World;
    about = old.returnId;
    const customer = await t.ctx.db
      .selectFrom('returns')
      .select('customer_id')
      .where('id', '=', old.returnId)
      .executeTakeFirstOrThrow();
    w.unattachedOld = await photo(old.orderId, customer.customer_id, null, ago(400));
    w.unattachedYoung = await photo(old.orderId, customer.customer_id, null, ago(20));
    // Files whose row went in a run that died before it removed them.
    w.leftover = newId('pho');
    await t.ctx.photos.put(w.leftover, { image: IMAGE, thumbnail: IMAGE });
    await t.ctx.db
      .insertInto('retention_file_removals')
      .values({ photo_id: w.leftover, queued_at: ago(1) })
      .execute();
    w.emails = {
      old: await email('eml_old', 'sent', ago(200)),
      young: await email('eml_young', 'sent', ago(20)),
      pending: await email('eml_pending', 'pending', ago(200)),
    };
    w.accessLog = { old: await accessLog('acc_old', ago(400)), young: await accessLog('acc_young', ago(20)) };
    await t.ctx.db
      .insertInto('webhook_endpoints')
      .values({
        id: 'whe_retention',
        url: 'https://hooks.example.com/retour',
        event_types: JSON.stringify(['*']),
        secret: 'sealed',
        secret_hint: 'abcd',
        created_at: ago(900),
        updated_at: ago(900),
      })
      .execute();
    const events = await t.ctx.db
      .selectFrom('events')
      .select('id')
      .where('type', '=', 'return.requested')
      .orderBy('id')
      .execute();
    w.deliveries = {
      old: await delivery('whd_old', events[0]?.id ?? '', 'delivered', ago(400)),
      young: await delivery('whd_young', events[1]?.id ?? '', 'delivered', ago(20)),
      pending: await delivery('whd_pending', events[2]?.id ?? '', 'pending', ago(400)),
    };
    w.attempts = {
      old: await attempt('wha_old', w.deliveries.old, ago(400)),
      young: await attempt('wha_young', w.deliveries.young, ago(20)),
    };
    await t.ctx.db
      .insertInto('settlements')
      .values({
        id: 'stl_retention',
        return_id: old.returnId,
        kind: 'refund',
        provider: 'manual',
        status: 'succeeded',
        amount: 2000,
        currency: 'EUR',
        reference: 'REF-5001',
        lines: JSON.stringify([]),
        note: null,
        created_by: null,
        created_at: ago(801),
        succeeded_at: ago(801),
        idempotency_key: null,
        payment_reference: null,
        provider_refund_id: null,
        breakdown: null,
        provider_claim: null,
        provider_claimed_until: null,
      })
      .execute();
    return w;
  }

  /** Everything the run may touch, as it is now. */
  async function snapshot(w: World) {
    const db = t.ctx.db;
    const files = await Promise.all(
      [w.old.photoId, w.young.photoId, w.open.photoId, w.unattachedOld, w.unattachedYoung, w.leftover].map(
        async (id) => (await t.ctx.photos.get(id, 'image')) !== null,
      ),
    );
    return {
      returns: await db.selectFrom('returns').selectAll().orderBy('id').execute(),
      lines: await db.selectFrom('return_lines').select(['id', 'comment']).orderBy('id').execute(),
      notes: await db.selectFrom('return_notes').selectAll().orderBy('id').execute(),
      feedback: await db.selectFrom('return_feedback').selectAll().orderBy('return_id').execute(),
      photos: await db.selectFrom('return_photos').select('id').orderBy('id').execute(),
      orders: await db.selectFrom('orders').select(['id', 'shipping_address', 'email']).orderBy('id').execute(),
      emails: await db.selectFrom('emails').selectAll().orderBy('id').execute(),
      accessLog: await db.selectFrom('access_log').select('id').orderBy('id').execute(),
      deliveries: await db.selectFrom('webhook_deliveries').select(['id', 'payload']).orderBy('id').execute(),
      attempts: await db.selectFrom('webhook_attempts').select('id').orderBy('id').execute(),
      settlements: await db.selectFrom('settlements').selectAll().orderBy('id').execute(),
      removals: await db.selectFrom('retention_file_removals').selectAll().execute(),
      runs: await db.selectFrom('retention_runs').select('id').execute(),
      files,
    };
  }

  return { ago, photo, email, accessLog, world, snapshot };
}
