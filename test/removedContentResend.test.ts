import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/app/kernel/ids.js';
import { eraseCustomer } from '../src/app/privacy/eraseCustomer.js';
import { DB_KINDS } from './support/databases.js';
import { orderOf, type Person } from './support/erasureWorld.js';
import { seedCatalogue, seedStaff } from './support/fixtures.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

let people = 0;
const someone = (first: string): Person => {
  people += 1;
  return {
    firstName: `${first}${people}v`,
    lastName: `Mesdag${people}k`,
    email: `${first.toLowerCase()}${people}@example.com`,
    phone: `+31 6 8880 ${String(3000 + people)}`,
    street: `Lauriergracht ${people}3`,
    postcode: '1016 RL',
  };
};

/* What retention or an erasure blanked is not sent again: an e-mail would be rendered anew from
 * today's data or go to `…@erased.invalid`, a webhook would carry a signed `{}`. */
describe.each(DB_KINDS)('resending what was removed (%s)', (kind) => {
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

  async function mail(values: { recipient: string | null; html: string | null; status: 'pending' | 'sent' | 'failed' }) {
    const id = newId('eml');
    const at = t.clock.now;
    await t.ctx.db
      .insertInto('emails')
      .values({
        id,
        dedupe_key: id,
        kind: 'return_received',
        return_id: null,
        locale: 'en',
        subject: 'We received your return',
        text_body: values.html === null ? null : 'Dear shopper',
        created_at: at,
        updated_at: at,
        sent_at: values.status === 'sent' ? at : null,
        ...values,
      })
      .execute();
    return id;
  }
  const resend = (id: string) => t.request({ method: 'POST', url: `/api/v1/emails/${id}/resend`, staff: admin, payload: {} });

  it('refuses to resend an e-mail whose body or recipient was removed, and resends one that has them', async () => {
    const blanked = await mail({ recipient: null, html: null, status: 'sent' });
    const refused = await resend(blanked);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'EMAIL_CONTENT_REMOVED' });
    expect(await t.ctx.db.selectFrom('emails').select('status').where('id', '=', blanked).executeTakeFirstOrThrow()).toEqual({
      status: 'sent',
    });
    const whole = await mail({ recipient: 'someone@example.com', html: '<p>Dear shopper</p>', status: 'failed' });
    const sent = await resend(whole);
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toMatchObject({ resent: true });
  });

  it("marks the person's pending e-mails failed when erasing them, so none goes to the erased address", async () => {
    const p = someone('Mirjam');
    const order = await orderOf(t, p);
    const pending = await mail({ recipient: p.email.toUpperCase(), html: `<p>Dear ${p.firstName}</p>`, status: 'pending' });
    const others = await mail({ recipient: 'someone.else@example.com', html: '<p>Dear you</p>', status: 'pending' });
    await eraseCustomer(t.ctx, { actor: { type: 'staff', id: null } }, { customerId: order.customerId });
    const row = await t.ctx.db
      .selectFrom('emails')
      .select(['status', 'last_error', 'recipient', 'html'])
      .where('id', '=', pending)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'failed', last_error: 'erased', recipient: null, html: null });
    expect((await resend(pending)).json()).toMatchObject({ code: 'EMAIL_CONTENT_REMOVED' });
    const untouched = await t.ctx.db.selectFrom('emails').select('status').where('id', '=', others).executeTakeFirstOrThrow();
    expect(untouched.status).toBe('pending');
  });

  it('refuses to replay a webhook delivery whose payload retention emptied, and says so in the list', async () => {
    const endpoint = await t.request({
      method: 'POST',
      url: '/api/v1/webhook-endpoints',
      staff: admin,
      payload: { url: 'https://erp.example.com/hooks', description: 'ERP', eventTypes: ['customer.*'] },
    });
    expect(endpoint.statusCode, endpoint.body).toBe(201);
    const p = someone('Koen');
    const order = await orderOf(t, p);
    await eraseCustomer(t.ctx, { actor: { type: 'staff', id: null } }, { customerId: order.customerId });
    const event = await t.ctx.db
      .selectFrom('events')
      .select('id')
      .where('type', '=', 'customer.erased')
      .where('subject_id', '=', order.customerId)
      .executeTakeFirstOrThrow();
    const id = newId('whd');
    await t.ctx.db
      .insertInto('webhook_deliveries')
      .values({
        id,
        endpoint_id: endpoint.json().id,
        event_id: event.id,
        event_type: 'customer.erased',
        payload: '{}',
        status: 'dead',
        created_at: t.clock.now,
        updated_at: t.clock.now,
      })
      .onConflict((oc) => oc.columns(['endpoint_id', 'event_id']).doUpdateSet({ id, payload: '{}', status: 'dead' }))
      .execute();
    const replay = await t.request({ method: 'POST', url: `/api/v1/webhook-deliveries/${id}/replay`, staff: admin, payload: {} });
    expect(replay.statusCode).toBe(409);
    expect(replay.json()).toMatchObject({ code: 'DELIVERY_PAYLOAD_REMOVED' });
    const dead = await t.request({ method: 'GET', url: '/api/v1/webhook-deliveries?status=dead&limit=100', staff: admin });
    expect(dead.json().items.find((d: { id: string }) => d.id === id)).toMatchObject({ payloadRemoved: true, status: 'dead' });
  });
});
