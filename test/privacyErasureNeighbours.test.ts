import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from './support/databases.js';
import {
  askWithPhoto,
  closeWithEverything,
  openErasureApp,
  orderOf,
  type Person,
  placeTraces,
  traces,
} from './support/erasureWorld.js';
import { scanDatabase, valuesMissing } from './support/personalDataScan.js';
import type { StaffClient, TestApp } from './support/testApp.js';
import { untilSettled } from './support/until.js';

/* Two shoppers of one household: the other's e-mail holds the shopper's whole (joann@ holds
 * ann@), and they share the street and the postcode. Erasing the shopper must not touch a byte
 * of the other's. */
const ANN: Person = {
  firstName: 'Annemarie',
  lastName: 'Oosterbeek',
  email: 'ann@example.com',
  phone: '+31 6 4242 1717',
  street: 'Damrak 12',
  postcode: '1012 LG',
};
const JOANN: Person = {
  firstName: 'Joanna',
  lastName: 'Westerhout',
  email: 'joann@example.com',
  phone: '+31 6 9898 3131',
  street: 'Damrak 12',
  postcode: '1012 LG',
};

describe.each(DB_KINDS)('GDPR erasure beside a neighbour (%s)', (kind) => {
  let t: TestApp;
  let admin: StaffClient;
  let agent: StaffClient;
  let close: () => Promise<void> = async () => {};

  beforeAll(async () => {
    ({ t, admin, agent, close } = await openErasureApp(kind, ['admin', 'agent']));
  }, 60_000);
  afterAll(() => close());

  it('erases ann@ and leaves joann@ at the same street and postcode exactly as she was', async () => {
    const other = await orderOf(t, JOANN);
    const otherAsked = await askWithPhoto(t, JOANN, other);
    await closeWithEverything(t, JOANN, otherAsked.returnId, other.customerId, agent);
    const order = await orderOf(t, ANN);
    const alias = await orderOf(t, ANN, ANN.email.replace('@', '+shop@'));
    const asked = await askWithPhoto(t, ANN, order);
    await closeWithEverything(t, ANN, asked.returnId, order.customerId, agent);
    await blockList(t, agent, { kind: 'phone', value: ANN.phone, reason: `Returns worn items, see ${ANN.email}` });
    await untilSettled(t.ctx.db);

    const db = t.ctx.db;
    const hers = async () => ({
      mailbox: await db
        .selectFrom('emails')
        .selectAll()
        .where((eb) => eb.or([eb('recipient', '=', JOANN.email), eb('return_id', '=', otherAsked.returnId)]))
        .orderBy('id')
        .execute(),
      customer: await db.selectFrom('customers').selectAll().where('id', '=', other.customerId).execute(),
      order: await db.selectFrom('orders').selectAll().where('id', '=', other.id).execute(),
      returned: await db.selectFrom('returns').selectAll().where('id', '=', otherAsked.returnId).execute(),
      lines: await db.selectFrom('return_lines').selectAll().where('return_id', '=', otherAsked.returnId).orderBy('id').execute(),
      notes: await db.selectFrom('return_notes').selectAll().where('return_id', '=', otherAsked.returnId).orderBy('id').execute(),
      settlements: await db
        .selectFrom('settlements')
        .selectAll()
        .where('return_id', '=', otherAsked.returnId)
        .orderBy('id')
        .execute(),
      assessments: await db
        .selectFrom('risk_assessments')
        .selectAll()
        .where((eb) => eb.or([eb('return_id', '=', otherAsked.returnId), eb('customer_id', '=', other.customerId)]))
        .orderBy('id')
        .execute(),
      events: await db
        .selectFrom('events')
        .selectAll()
        .where((eb) => eb.or([eb('return_id', '=', otherAsked.returnId), eb('subject_id', 'in', [other.customerId, other.id])]))
        .orderBy('id')
        .execute(),
    });
    const before = await hers();
    // There is something of hers to spoil: mail to her, notes naming the shared street, a refund.
    expect(before.mailbox.some((m) => m.recipient === JOANN.email)).toBe(true);
    expect(before.settlements).not.toEqual([]);
    expect(JSON.stringify(before.notes)).toContain(JOANN.street);
    expect(before.events.length).toBeGreaterThan(3);
    // Every trace of the shopper searched for afterwards is there before: the scan can fail.
    expect(await valuesMissing(db, traces(ANN))).toEqual([]);

    const res = await t.request({
      method: 'POST',
      url: `/api/v1/customers/${order.customerId}/erasure`,
      staff: admin,
      payload: { confirmEmail: ANN.email },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().customerIds.sort()).toEqual([order.customerId, alias.customerId].sort());
    await untilSettled(db);

    expect(await hers()).toEqual(before);
    // What was only the shopper's is gone everywhere; what they shared stays only in her rows.
    const shared = [ANN.street, ANN.postcode].map((v) => v.toLowerCase());
    const own = traces(ANN).filter((v) => !shared.includes(v) && !v.startsWith('nl|'));
    expect(await scanDatabase(db, own, [])).toEqual([]);
    const annRows = JSON.stringify({
      customer: await db.selectFrom('customers').selectAll().where('id', '=', order.customerId).execute(),
      order: await db.selectFrom('orders').selectAll().where('id', '=', order.id).execute(),
      notes: await db.selectFrom('return_notes').selectAll().where('return_id', '=', asked.returnId).execute(),
      mail: await db.selectFrom('emails').selectAll().where('return_id', '=', asked.returnId).execute(),
    }).toLowerCase();
    for (const value of [...traces(ANN), ...placeTraces(ANN)]) expect(annRows).not.toContain(value);
  }, 120_000);

  it('finds every trace before the erasure, the postcode, the phone with separators and the address normal form among them, and none after', async () => {
    const p: Person = {
      firstName: 'Pieternella',
      lastName: 'Heemskerck',
      email: 'p.heemskerck@example.nl',
      phone: '+31 6 1357 2468',
      street: 'Herengracht 502',
      postcode: '1017 CB',
    };
    const order = await orderOf(t, p);
    await orderOf(t, p, p.email.replace('@', '+shop@'));
    const asked = await askWithPhoto(t, p, order);
    await closeWithEverything(t, p, asked.returnId, order.customerId, agent);
    await blockList(t, agent, { kind: 'phone', value: p.phone, reason: `${p.lastName} sends back worn items` });
    await blockList(t, agent, {
      kind: 'address',
      value: { line1: p.street, postcode: p.postcode, country: 'NL' },
      reason: 'Parcels refused',
    });
    await untilSettled(t.ctx.db);
    const searched = [...traces(p), ...placeTraces(p)];
    expect(await valuesMissing(t.ctx.db, searched)).toEqual([]);

    const res = await t.request({
      method: 'POST',
      url: `/api/v1/customers/${order.customerId}/erasure`,
      staff: admin,
      payload: { confirmEmail: p.email },
    });
    expect(res.statusCode, res.body).toBe(200);
    await untilSettled(t.ctx.db);
    expect(await scanDatabase(t.ctx.db, searched, [])).toEqual([]);
  }, 120_000);

  it('reads the person by index and sweeps the tables without a key to them after the commit, by e-mail and phone alone', async () => {
    const db = t.ctx.db;
    // The look-ups inside the erasure can use the expression indexes (no sequential scan left to choose).
    const plan = async (query: string) =>
      db.transaction().execute(async (tx) => {
        await sql`set local enable_seqscan = off`.execute(tx);
        const { rows } = await sql<Record<string, string>>`explain ${sql.raw(query)}`.execute(tx);
        return rows.map((r) => Object.values(r).join(' ')).join('\n');
      });
    expect(
      await plan(`select id from customers where retour_normal_email(email) = retour_normal_email('a@b.nl') or email = 'a@b.nl'`),
    ).toContain('customers_normal_email_idx');
    expect(await plan(`select id from emails where retour_normal_email(recipient) in ('a@b.nl')`)).toContain(
      'emails_normal_recipient_idx',
    );

    const p: Person = {
      firstName: 'Roosmarijn',
      lastName: 'Vlietstra',
      email: 'ros@example.com',
      phone: '+31 6 2222 3333',
      street: 'Spui 7',
      postcode: '1012 WX',
    };
    const order = await orderOf(t, p);
    // More than one batch of the sweep, and searches staff made: of her, of a neighbour, of her first name.
    await sql`insert into access_log (id, at, actor_type, actor_id, action, filters)
      select 'acl_fill_' || lpad(i::text, 4, '0'), now(), 'cli', 'cli', 'customers.search', '{"q": "marked_received"}'::jsonb
        from generate_series(1, 520) as i`.execute(db);
    const searches = {
      acl_zz_1: { q: 'ros@example.com', page: 2 },
      acl_zz_2: { q: 'miros@example.com' },
      acl_zz_3: { q: 'call 06-2222 3333', returnId: 'ret_1' },
      acl_zz_4: { q: 'Roosmarijn' },
    };
    for (const [id, filters] of Object.entries(searches))
      await sql`insert into access_log (id, at, actor_type, actor_id, action, filters)
        values (${id}, now(), 'cli', 'cli', 'customers.search', ${JSON.stringify(filters)}::jsonb)`.execute(db);

    const res = await t.request({
      method: 'POST',
      url: `/api/v1/customers/${order.customerId}/erasure`,
      staff: admin,
      payload: { confirmEmail: p.email },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().counts).toMatchObject({ access_log: 2 });
    const rows = await db
      .selectFrom('access_log')
      .select(['id', 'filters'])
      .where('id', 'like', 'acl_zz_%')
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { id: 'acl_zz_1', filters: { q: 'erased', page: 2 } },
      { id: 'acl_zz_2', filters: searches.acl_zz_2 },
      { id: 'acl_zz_3', filters: { q: 'erased', returnId: 'ret_1' } },
      // A first name alone picks out nobody in a table not tied to her.
      { id: 'acl_zz_4', filters: searches.acl_zz_4 },
    ]);
    const untouched = await db
      .selectFrom('access_log')
      .select('id')
      .where(sql<boolean>`filters = '{"q": "marked_received"}'::jsonb`)
      .execute();
    expect(untouched).toHaveLength(520);
    const recorded = await db
      .selectFrom('privacy_erasures')
      .select('counts')
      .where('id', '=', res.json().erasureId)
      .executeTakeFirstOrThrow();
    expect(recorded.counts).toMatchObject({ access_log: 2 });
  });
});

let listed = 0;

/** A block-list entry made by staff through the API (its stored answer is kept for retries). */
async function blockList(t: TestApp, staff: StaffClient, entry: { kind: string; value: unknown; reason: string }) {
  listed += 1;
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/risk/lists',
    staff,
    headers: { 'idempotency-key': `neighbour-list-${listed}` },
    payload: { list: 'block', ...entry },
  });
  expect(res.statusCode, res.body).toBe(201);
}
