import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSyncJob, type SyncJob } from '../src/app/catalog/sync/syncQueue.js';
import { cliActor } from '../src/app/kernel/context.js';
import { newId } from '../src/app/kernel/ids.js';
import { inUnit } from '../src/app/kernel/transaction.js';
import { staffNotificationTitle } from '../src/domain/staffNotifications.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { FakeChannelEngine } from './support/shops/fakeChannelEngine.js';
import { FakeShopify } from './support/shops/fakeShopify.js';
import { FakeWooCommerce } from './support/shops/fakeWooCommerce.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

const PUBLIC_URL = 'https://returns.shop.example';
const SHOPIFY_TOKEN = 'shpat_0123456789abcdef0123456789abcdef';
const SHOPIFY_SECRET = 'shpss_secret_fedcba9876543210';

describe.each(DB_KINDS)('Settings → Connections (%s)', (kind) => {
  let t: TestApp;
  const staff: Record<string, StaffClient> = {};
  const ce = new FakeChannelEngine();
  const woo = new FakeWooCommerce();
  const shopify = new FakeShopify();

  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, as = 'admin') =>
    t.request({ method, url, staff: staff[as], ...(method === 'GET' ? {} : { payload: payload ?? {} }) });

  async function connectChannelEngine(name: string, over: Record<string, unknown> = {}): Promise<string> {
    const res = await call('POST', '/api/v1/connections', {
      platform: 'channelengine',
      name,
      shop: ce.tenant,
      apiKey: ce.apiKey,
      baseUrl: ce.url,
      ...over,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  }

  const countRows = async (table: 'shop_connections' | 'channels') =>
    Number((await t.ctx.db.selectFrom(table).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    await ce.start();
    await woo.start();
    await shopify.start();
    t = await createTestApp(kind, { RETOUR_ENCRYPTION_KEY: 'shop-connections-test', RETOUR_PUBLIC_URL: PUBLIC_URL });
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin', 'agent', 'analyst']);
    for (const role of ['admin', 'agent', 'analyst']) staff[role] = await t.login(role);
  });
  afterAll(async () => {
    await t?.close();
    await ce.stop();
    await woo.stop();
    await shopify.stop();
  });

  it('stores a Shopify connection sealed, shows a hint and the webhook URL, and keeps secrets left out on a change', async () => {
    const res = await call('POST', '/api/v1/connections', {
      platform: 'shopify',
      name: 'Webshop',
      shop: 'https://Example-Store.myshopify.com/admin',
      apiKey: SHOPIFY_TOKEN,
      webhookSecret: SHOPIFY_SECRET,
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    const row = await t.ctx.db.selectFrom('shop_connections').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(SHOPIFY_TOKEN);
    expect(JSON.stringify(row)).not.toContain(SHOPIFY_SECRET);
    expect(row.key_hint).toBe(SHOPIFY_TOKEN.slice(-4));
    expect(row.webhook_token.length).toBeGreaterThanOrEqual(32);

    const shown = (await call('GET', `/api/v1/connections/${id}`)).json();
    expect(shown).toMatchObject({
      platform: 'shopify',
      name: 'Webshop',
      enabled: true,
      shop: 'example-store.myshopify.com',
      keyHint: `…${SHOPIFY_TOKEN.slice(-4)}`,
      channel: { code: 'shopify' },
      fields: [
        { field: 'apiKey', stored: true },
        { field: 'webhookSecret', stored: true },
      ],
      check: null,
      webhookUrl: `${PUBLIC_URL}/api/v1/shop-webhooks/${row.webhook_token}`,
      status: { ordersReceived: 0, webhooksReceived: 0, webhooksRejected: 0, lastError: null, latestRun: null },
    });
    expect(JSON.stringify(shown)).not.toContain(SHOPIFY_SECRET);
    const channel = await t.ctx.db.selectFrom('channels').selectAll().where('code', '=', 'shopify').executeTakeFirstOrThrow();
    expect(channel.kind).toBe('webshop');

    const changed = await call('PUT', `/api/v1/connections/${id}`, {
      name: 'Shopify NL',
      enabled: false,
      settings: { pushReturns: true, refundThroughPlatform: true, locations: { wh_dc: 'gid://shopify/Location/1' } },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ name: 'Shopify NL', enabled: false, settings: { pushReturns: true } });
    const after = await t.ctx.db
      .selectFrom('shop_connections')
      .select('credentials')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(t.ctx.shops.box.open(after.credentials)).toMatchObject({ apiKey: SHOPIFY_TOKEN, webhookSecret: SHOPIFY_SECRET });

    const events = await t.ctx.db
      .selectFrom('events')
      .select(['type', 'data'])
      .where('subject_id', '=', id)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.type)).toEqual(['settings.connection_saved', 'settings.connection_saved']);
    expect(events[0]?.data).toMatchObject({ created: true, changedFields: ['apiKey', 'webhookSecret'] });
    expect(JSON.stringify(events)).not.toContain(SHOPIFY_TOKEN);
  });

  it('refuses missing, foreign and impossible fields with the path at fault, and writes nothing', async () => {
    const before = [await countRows('shop_connections'), await countRows('channels')];
    const missing = await call('POST', '/api/v1/connections', {
      platform: 'woocommerce',
      name: 'Woo',
      shop: 'not a url',
      apiKey: 'ck_1234',
    });
    expect(missing.statusCode).toBe(422);
    expect(
      missing
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['apiSecret', 'shop']);

    const foreign = await call('POST', '/api/v1/connections', {
      platform: 'channelengine',
      name: 'CE',
      shop: ce.tenant,
      apiKey: ce.apiKey,
      apiSecret: 'not used',
      channelCode: 'bol',
    });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().errors).toEqual([{ path: 'apiSecret', message: 'ChannelEngine does not use it' }]);

    const impossible = await call('POST', '/api/v1/connections', {
      platform: 'channelengine',
      name: 'CE',
      shop: ce.tenant,
      apiKey: ce.apiKey,
      channelCode: 'bol',
      settings: { refundThroughPlatform: true, locations: { wh_nowhere: 'x' }, reasonMap: { WRONG_SIZE: 'no_such_reason' } },
    });
    expect(impossible.statusCode).toBe(422);
    expect(
      impossible
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual([
      'settings.locations',
      'settings.locations.wh_nowhere',
      'settings.reasonMap.WRONG_SIZE',
      'settings.refundThroughPlatform',
    ]);
    const unknownSetting = await call('POST', '/api/v1/connections', {
      platform: 'channelengine',
      name: 'CE',
      shop: ce.tenant,
      apiKey: ce.apiKey,
      settings: { refundEverything: true },
    });
    expect(unknownSetting.statusCode).toBe(400);
    // The channel "bol" a refused save would have made is not there either.
    expect([await countRows('shop_connections'), await countRows('channels')]).toEqual(before);

    const id = await connectChannelEngine('to change');
    const switched = await call('PUT', `/api/v1/connections/${id}`, { platform: 'shopify' });
    expect(switched.json().code).toBe('PLATFORM_CANNOT_CHANGE');
    const moved = await call('PUT', `/api/v1/connections/${id}`, { shop: 'another-tenant' });
    expect(moved.statusCode).toBe(422);
    expect(moved.json()).toMatchObject({ code: 'CREDENTIALS_NEEDED_AGAIN', errors: [{ path: 'apiKey' }] });
    expect((await call('PUT', '/api/v1/connections/shc_missing', { name: 'x' })).statusCode).toBe(404);
  });

  it('lands a marketplace connection in a channel of its own, made for it or chosen by code', async () => {
    const made = await connectChannelEngine('bol.com via ChannelEngine', { channelCode: 'bol', channelName: 'bol.com' });
    const channel = await t.ctx.db.selectFrom('channels').selectAll().where('code', '=', 'bol').executeTakeFirstOrThrow();
    expect(channel).toMatchObject({ name: 'bol.com', kind: 'marketplace' });
    const same = await connectChannelEngine('bol.com again', { channelCode: 'bol' });
    const shown = (await call('GET', '/api/v1/connections')).json().items as { id: string; channel: { id: string } }[];
    expect(shown.find((c) => c.id === made)?.channel.id).toBe(channel.id);
    expect(shown.find((c) => c.id === same)?.channel.id).toBe(channel.id);
  });

  it('tests a connection against the platform and keeps the answer; a wrong key says so in plain words', async () => {
    const id = await connectChannelEngine('tested');
    const ok = await call('POST', `/api/v1/connections/${id}/test`);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ ok: true, message: expect.stringContaining('Retour Test BV') });

    const wrong = await call('PUT', `/api/v1/connections/${id}`, { apiKey: 'ce-wrong-key-000' });
    expect(wrong.statusCode, wrong.body).toBe(200);
    const refused = await call('POST', `/api/v1/connections/${id}/test`);
    expect(refused.statusCode).toBe(200);
    expect(refused.json()).toMatchObject({ ok: false, message: expect.stringContaining('refused the credentials') });
    expect(refused.json().message).not.toContain('ce-wrong-key-000');
    const shown = (await call('GET', `/api/v1/connections/${id}`)).json();
    expect(shown.check).toMatchObject({ ok: false, message: refused.json().message });
  });

  it('tests a WooCommerce connection with its REST keys; a wrong consumer key is refused in plain words', async () => {
    const { shop, apiKey, apiSecret, webhookSecret, baseUrl } = woo.credentials();
    const res = await call('POST', '/api/v1/connections', {
      platform: 'woocommerce',
      name: 'Woo shop',
      shop: `https://${shop}/`,
      apiKey,
      apiSecret,
      webhookSecret,
      baseUrl,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ shop: `https://${shop}`, channel: { code: 'woocommerce' } });
    const id = res.json().id;
    expect((await call('POST', `/api/v1/connections/${id}/test`)).json()).toMatchObject({ ok: true });
    expect(woo.seen.some((r) => r.path.endsWith('/system_status'))).toBe(true);

    await call('PUT', `/api/v1/connections/${id}`, { apiKey: 'ck_not_the_right_one' });
    const refused = (await call('POST', `/api/v1/connections/${id}/test`)).json();
    expect(refused).toMatchObject({ ok: false, message: expect.stringMatching(/^WooCommerce refused the credentials/) });
    expect(refused.message).not.toContain('ck_not_the_right_one');
  });

  it("tests a Shopify connection and shows the shop's name and the app's scopes", async () => {
    const { shop, apiKey, webhookSecret, baseUrl } = shopify.credentials();
    const res = await call('POST', '/api/v1/connections', {
      platform: 'shopify',
      name: 'Shopify',
      shop,
      apiKey,
      webhookSecret,
      baseUrl,
    });
    expect(res.statusCode, res.body).toBe(201);
    const checked = (await call('POST', `/api/v1/connections/${res.json().id}/test`)).json();
    expect(checked).toMatchObject({ ok: true, message: expect.stringContaining('scopes: read_orders, write_orders') });
  });

  it('shows how the sync goes: counters, the newest run with its progress, runs and errors newest first', async () => {
    const id = await connectChannelEngine('observed');
    const now = t.clock.now;
    await t.ctx.db
      .updateTable('shop_connections')
      .set({
        orders_received: 42,
        webhooks_received: 7,
        webhooks_rejected: 2,
        last_sync_at: now,
        last_error: 'Too many requests',
        last_error_at: now,
      })
      .where('id', '=', id)
      .execute();
    const run = (minutes: number, status: 'succeeded' | 'running', processed: number) => ({
      id: newId('ssr', now.getTime() + minutes * 60_000),
      connection_id: id,
      kind: 'backfill' as const,
      resource: 'orders' as const,
      status,
      processed,
      total: 300,
      started_at: new Date(now.getTime() + minutes * 60_000),
      updated_at: new Date(now.getTime() + minutes * 60_000),
    });
    await t.ctx.db
      .insertInto('shop_sync_runs')
      .values([run(-60, 'succeeded', 300), run(-1, 'running', 120)])
      .execute();
    const error = (hours: number, message: string) => ({
      id: newId('sse', now.getTime() - hours * 3_600_000),
      connection_id: id,
      subject: 'order',
      external_id: 'CE-1',
      code: 'VALIDATION',
      message,
      created_at: new Date(now.getTime() - hours * 3_600_000),
    });
    await t.ctx.db
      .insertInto('shop_sync_errors')
      .values([error(30, 'old one'), error(2, 'Order has no lines'), error(1, 'Product unknown')])
      .execute();

    const shown = (await call('GET', `/api/v1/connections/${id}`, undefined, 'analyst')).json();
    expect(shown.status).toMatchObject({
      ordersReceived: 42,
      webhooksReceived: 7,
      webhooksRejected: 2,
      lastError: { message: 'Too many requests' },
      recentErrors: 2,
      latestRun: { status: 'running', processed: 120, total: 300 },
    });
    const runs = (await call('GET', `/api/v1/connections/${id}/runs?limit=5`, undefined, 'analyst')).json();
    expect(runs.items.map((r: { status: string }) => r.status)).toEqual(['running', 'succeeded']);
    const errors = (await call('GET', `/api/v1/connections/${id}/errors?limit=2`, undefined, 'analyst')).json();
    expect(errors.items.map((e: { message: string }) => e.message)).toEqual(['Product unknown', 'Order has no lines']);
    expect((await call('GET', '/api/v1/connections/shc_missing/runs')).statusCode).toBe(404);
  });

  it('syncs now: queues one run, which reads the platform and shows its progress; a switched-off connection refuses', async () => {
    const id = await connectChannelEngine('sync now', { channelCode: 'bol' });
    ce.addOrder(7101);
    ce.addOrder(7102);
    const asked = await call('POST', `/api/v1/connections/${id}/sync`);
    expect(asked.statusCode, asked.body).toBe(202);
    expect(asked.json()).toEqual({ queued: true, kind: 'backfill', resources: ['orders'] });
    expect((await call('POST', `/api/v1/connections/${id}/sync`)).statusCode).toBe(202);
    const queued = await sql<{
      data: SyncJob;
    }>`select data from pgboss.job where name = 'catalog.sync' and data->>'connectionId' = ${id}`.execute(t.ctx.db);
    // Asked twice, queued once.
    expect(queued.rows).toHaveLength(1);
    await runSyncJob(t.ctx, queued.rows[0]?.data as SyncJob);
    const shown = (await call('GET', `/api/v1/connections/${id}`)).json();
    expect(shown.status.latestRun).toMatchObject({ kind: 'backfill', resource: 'orders', status: 'succeeded' });
    expect(shown.status.latestRun.processed).toBeGreaterThanOrEqual(2);
    expect(shown.status.lastSyncAt).not.toBeNull();

    await call('PUT', `/api/v1/connections/${id}`, { enabled: false });
    const off = await call('POST', `/api/v1/connections/${id}/sync`);
    expect(off.statusCode).toBe(409);
    expect((await call('POST', `/api/v1/connections/${id}/sync`, {}, 'agent')).statusCode).toBe(403);
  });

  it('lets an analyst read (without the webhook token) and keeps an agent from changing anything', async () => {
    const id = await connectChannelEngine('roles');
    const read = await call('GET', '/api/v1/connections', undefined, 'analyst');
    expect(read.statusCode).toBe(200);
    const mine = read.json().items.find((c: { id: string }) => c.id === id);
    expect(mine.webhookUrl).toBeNull();
    expect(JSON.stringify(read.json())).not.toContain(ce.apiKey);
    for (const [method, url] of [
      ['POST', '/api/v1/connections'],
      ['PUT', `/api/v1/connections/${id}`],
      ['DELETE', `/api/v1/connections/${id}`],
      ['POST', `/api/v1/connections/${id}/test`],
    ] as const) {
      const res = await call(method, url, { name: 'taken over' }, 'agent');
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
    expect((await call('GET', `/api/v1/connections/${id}`, undefined, 'agent')).json().name).toBe('roles');
  });

  it('removes a connection that brought nothing in, and refuses one that orders came through', async () => {
    const unused = await connectChannelEngine('unused');
    await t.ctx.db
      .insertInto('shop_sync_errors')
      .values({
        id: newId('sse'),
        connection_id: unused,
        subject: 'order',
        external_id: null,
        code: 'X',
        message: 'x',
        created_at: t.clock.now,
      })
      .execute();
    const gone = await call('DELETE', `/api/v1/connections/${unused}`);
    expect(gone.statusCode, gone.body).toBe(200);
    expect(await t.ctx.db.selectFrom('shop_sync_errors').select('id').where('connection_id', '=', unused).execute()).toEqual([]);

    const used = await connectChannelEngine('used');
    const [order] = await seedOrders(t.ctx, [orderFixture('CE-9001', new Date(t.clock.now.getTime() - 3 * DAY))]);
    await t.ctx.db
      .updateTable('orders')
      .set({ connection_id: used, external_id: 'CE-9001' })
      .where('id', '=', order?.id ?? '')
      .execute();
    const refused = await call('DELETE', `/api/v1/connections/${used}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'CONNECTION_IN_USE' });
    expect(refused.json().title ?? refused.json().detail).toMatch(/switch it off/);
    const off = await call('PUT', `/api/v1/connections/${used}`, { enabled: false });
    expect(off.json().enabled).toBe(false);
    expect(await t.ctx.shops.connection(used)).toBeNull();
  });

  it('tells admins, and only them, once when a sync fails, with the platform and its message', async () => {
    const id = await connectChannelEngine('failing');
    await inUnit(t.ctx, { actor: cliActor }, async (unit) => {
      unit.record({
        type: 'connection.sync_failed',
        subjectType: 'shop_connection',
        subjectId: id,
        data: { kind: 'backfill', resource: 'orders', error: 'ChannelEngine: 503 Service Unavailable' },
      });
    });
    await t.followUps();
    await t.followUps();
    const notes = await t.ctx.db.selectFrom('staff_notifications').selectAll().where('subject_id', '=', id).execute();
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ kind: 'sync_failed', subject_type: 'shop_connection' });
    const list = async (who: string) =>
      (await call('GET', '/api/v1/notifications', undefined, who)).json().items as {
        kind: 'sync_failed';
        facts: Record<string, unknown>;
        path: string;
      }[];
    const admins = (await list('admin')).filter((n) => n.kind === 'sync_failed');
    expect(admins).toHaveLength(1);
    expect(staffNotificationTitle('sync_failed', 'en', admins[0]?.facts ?? {})).toBe(
      'The ChannelEngine connection "failing" could not sync: ChannelEngine: 503 Service Unavailable',
    );
    expect(admins[0]?.path).toBe(`/settings/connections/${id}`);
    expect((await list('agent')).filter((n) => n.kind === 'sync_failed')).toEqual([]);
    expect((await list('analyst')).filter((n) => n.kind === 'sync_failed')).toEqual([]);
  });
  it('tells admins of a real sync that fails on a refused key, with what the platform said', async () => {
    const id = await connectChannelEngine('refused key');
    await call('PUT', `/api/v1/connections/${id}`, { apiKey: 'ce-revoked-key-000' });
    expect((await call('POST', `/api/v1/connections/${id}/sync`)).statusCode).toBe(202);
    const queued = await sql<{
      data: SyncJob;
    }>`select data from pgboss.job where name = 'catalog.sync' and data->>'connectionId' = ${id}`.execute(t.ctx.db);
    await runSyncJob(t.ctx, queued.rows[0]?.data as SyncJob);
    await t.followUps();
    const shown = (await call('GET', `/api/v1/connections/${id}`)).json();
    expect(shown.status.latestRun).toMatchObject({ status: 'failed' });
    expect(shown.status.lastError?.message).toBeTruthy();
    const notes = await t.ctx.db.selectFrom('staff_notifications').selectAll().where('subject_id', '=', id).execute();
    expect(notes).toHaveLength(1);
    expect(notes[0]?.facts).toMatchObject({
      platform: 'ChannelEngine',
      connection: 'refused key',
      error: shown.status.lastError.message,
    });
    expect(JSON.stringify(notes)).not.toContain('ce-revoked-key-000');
  });
});
