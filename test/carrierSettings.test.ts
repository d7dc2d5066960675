import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/env.js';
import { buildServer } from '../src/http/server.js';
import { FakeSendcloud } from './support/carriers/fakeSendcloud.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

const PUBLIC_URL = 'https://returns.shop.example';

describe.each(DB_KINDS)('Settings → Carriers and Routing (%s)', (kind) => {
  let t: TestApp;
  let admin: StaffClient;
  const fake = new FakeSendcloud();

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object, as = admin) =>
    t.request({ method, url, staff: as, ...(method === 'GET' ? {} : { payload: payload ?? {} }) });

  async function sendcloudConnection(name = 'Sendcloud NL'): Promise<string> {
    const { apiKey, apiSecret, baseUrl } = fake.credentials();
    const res = await call('POST', '/api/v1/carriers', { carrier: 'sendcloud', name, apiKey, apiSecret, baseUrl });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  }

  beforeAll(async () => {
    await fake.start();
    t = await createTestApp(kind, { RETOUR_ENCRYPTION_KEY: 'carrier-settings-test', RETOUR_PUBLIC_URL: PUBLIC_URL });
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin', 'agent', 'analyst']);
    admin = await t.login('admin');
  });
  afterAll(async () => {
    await t?.close();
    await fake.stop();
  });

  it('stores a connection sealed, shows only a hint, and keeps fields left out on update', async () => {
    const { apiKey, apiSecret } = fake.credentials();
    const id = await sendcloudConnection();
    const row = await t.ctx.db.selectFrom('carrier_connections').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(apiKey);
    expect(JSON.stringify(row)).not.toContain(apiSecret ?? 'no secret');
    expect(row.key_hint).toBe(apiKey.slice(-4));

    const shown = (await call('GET', `/api/v1/carriers/${id}`)).json();
    expect(shown).toMatchObject({
      carrier: 'sendcloud',
      name: 'Sendcloud NL',
      enabled: true,
      keyHint: `…${apiKey.slice(-4)}`,
      fields: [
        { field: 'apiKey', stored: true },
        { field: 'apiSecret', stored: true },
      ],
      check: null,
      webhookUrl: `${PUBLIC_URL}/api/v1/carriers/${id}/webhooks`,
    });
    expect(JSON.stringify(shown)).not.toContain(apiSecret ?? 'no secret');

    const renamed = await call('PATCH', `/api/v1/carriers/${id}`, { name: 'Sendcloud', enabled: false });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Sendcloud', enabled: false, keyHint: `…${apiKey.slice(-4)}` });
    const after = await t.ctx.db
      .selectFrom('carrier_connections')
      .select('credentials')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(t.ctx.carriers.box.open(after.credentials)).toMatchObject({ apiKey, apiSecret });

    const events = await t.ctx.db
      .selectFrom('events')
      .select(['type', 'data'])
      .where('subject_id', '=', id)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.type)).toEqual(['settings.carrier_saved', 'settings.carrier_saved']);
    expect(events[0]?.data).toMatchObject({ created: true, changedFields: ['apiKey', 'apiSecret'] });
    expect(events[1]?.data).toMatchObject({ created: false, changedFields: [], enabled: false });
    expect(JSON.stringify(events)).not.toContain(apiKey);
  });

  it('refuses missing or foreign credential fields, and a change of carrier, with the field at fault', async () => {
    const missing = await call('POST', '/api/v1/carriers', { carrier: 'postnl', name: 'PostNL', apiKey: 'postnl-key-1234' });
    expect(missing.statusCode).toBe(422);
    expect(
      missing
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['customerCode', 'customerNumber']);
    const foreign = await call('POST', '/api/v1/carriers', {
      carrier: 'shippo',
      name: 'Shippo',
      apiKey: 'shippo_test_1234',
      customerCode: 'DEVC',
    });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().errors).toEqual([{ path: 'customerCode', message: 'shippo does not use it' }]);
    const id = await sendcloudConnection('to change');
    const switched = await call('PATCH', `/api/v1/carriers/${id}`, { carrier: 'shippo' });
    expect(switched.statusCode).toBe(422);
    expect(switched.json().code).toBe('CARRIER_CANNOT_CHANGE');
    expect((await call('PATCH', '/api/v1/carriers/cc_missing', { name: 'x' })).statusCode).toBe(404);
  });

  it('asks for every credential again when the API address changes, so stored keys never go to another host', async () => {
    const { apiKey, apiSecret } = fake.credentials();
    const id = await sendcloudConnection('moving');
    const elsewhere = 'http://127.0.0.1:9/sendcloud';
    const moved = await call('PATCH', `/api/v1/carriers/${id}`, { baseUrl: elsewhere });
    expect(moved.statusCode).toBe(422);
    expect(moved.json()).toMatchObject({ code: 'CREDENTIALS_NEEDED_AGAIN' });
    expect(
      moved
        .json()
        .errors.map((e: { path: string; code: string }) => [e.path, e.code])
        .sort(),
    ).toEqual([
      ['apiKey', 'CREDENTIAL_NEEDED_AGAIN'],
      ['apiSecret', 'CREDENTIAL_NEEDED_AGAIN'],
    ]);
    // Only one of them is not enough either; back to the real API (null) is a new address too.
    const half = await call('PATCH', `/api/v1/carriers/${id}`, { baseUrl: elsewhere, apiKey: 'new-public-key' });
    expect(half.json().errors.map((e: { path: string }) => e.path)).toEqual(['apiSecret']);
    expect((await call('PATCH', `/api/v1/carriers/${id}`, { baseUrl: null })).statusCode).toBe(422);
    const stored = async () =>
      t.ctx.carriers.box.open<{ baseUrl?: string }>(
        (await t.ctx.db.selectFrom('carrier_connections').select('credentials').where('id', '=', id).executeTakeFirstOrThrow())
          .credentials,
      );
    expect((await stored()).baseUrl).toBe(fake.url);

    // With the keys entered again the address changes; the same address again keeps the stored keys.
    const whole = await call('PATCH', `/api/v1/carriers/${id}`, {
      baseUrl: elsewhere,
      apiKey: 'new-public-key',
      apiSecret: 's2',
    });
    expect(whole.statusCode, whole.body).toBe(200);
    expect(await stored()).toMatchObject({ baseUrl: elsewhere, apiKey: 'new-public-key', apiSecret: 's2' });
    const same = await call('PATCH', `/api/v1/carriers/${id}`, { baseUrl: elsewhere, name: 'moved' });
    expect(same.statusCode, same.body).toBe(200);
    expect(JSON.stringify(await stored())).not.toContain(apiKey);
    expect(JSON.stringify(await stored())).not.toContain(apiSecret ?? 'no secret');
  });

  it('tests a connection against the carrier and keeps the answer; a wrong key fails with a clear message', async () => {
    const id = await sendcloudConnection('tested');
    const ok = await call('POST', `/api/v1/carriers/${id}/test`);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ ok: true });
    expect((await call('GET', `/api/v1/carriers/${id}`)).json().check).toMatchObject({ ok: true });

    const wrongKey = 'wrong-public-key-9876';
    expect((await call('PATCH', `/api/v1/carriers/${id}`, { apiKey: wrongKey })).statusCode).toBe(200);
    const refused = await call('POST', `/api/v1/carriers/${id}/test`);
    expect(refused.statusCode).toBe(200);
    expect(refused.json().ok).toBe(false);
    expect(refused.json().message).toMatch(/\S/);
    expect(refused.body).not.toContain(wrongKey);
    const row = await t.ctx.db.selectFrom('carrier_connections').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ check_ok: false, checked_at: t.clock.now });
    expect(row.check_message).toBe(refused.json().message);
    expect(row.check_message).not.toContain(wrongKey);
  });

  it('lists the carrier services for the mapping editor', async () => {
    const id = await sendcloudConnection('services');
    const res = await call('GET', `/api/v1/carriers/${id}/services?from=NL&to=NL`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.length).toBeGreaterThan(0);
    expect(res.json().items[0]).toMatchObject({ code: expect.any(String), name: expect.any(String) });
    expect((await call('GET', `/api/v1/carriers/${id}/services?from=nl&to=NL`)).statusCode).toBe(400);
  });

  it('replaces the methods per country in one go and refuses a bad row by its path', async () => {
    const sendcloud = await sendcloudConnection('methods');
    const shippo = await call('POST', '/api/v1/carriers', {
      carrier: 'easyship',
      name: 'Easyship',
      apiKey: 'prod_easyship_1234',
    });
    const easyship = shippo.json().id;
    const good = [
      {
        connectionId: sendcloud,
        method: 'qr',
        country: 'NL',
        serviceCode: 'postnl:qr',
        serviceName: 'PostNL QR',
        needsServicePoint: false,
      },
      {
        connectionId: sendcloud,
        method: 'partner',
        country: 'NL',
        serviceCode: 'dhl:sp',
        serviceName: 'DHL ServicePoint',
        needsServicePoint: true,
        labelFormat: 'zpl',
      },
      { connectionId: easyship, method: 'label', country: 'GB', serviceCode: 'royal_mail', serviceName: 'Royal Mail' },
    ];
    const saved = await call('PUT', '/api/v1/carrier-methods', { methods: good });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().items).toHaveLength(3);
    expect(
      (await call('GET', '/api/v1/carrier-methods'))
        .json()
        .items.map((m: { serviceCode: string }) => m.serviceCode)
        .sort(),
    ).toEqual(['dhl:sp', 'postnl:qr', 'royal_mail']);

    const cases: [object, string, string][] = [
      [{ ...good[0], connectionId: 'cc_missing' }, 'methods.1.connectionId', 'CONNECTION_NOT_FOUND'],
      [{ ...good[2], method: 'qr' }, 'methods.1.method', 'METHOD_NOT_OFFERED'],
      [{ ...good[0], country: 'nl' }, 'methods.1.country', 'COUNTRY_INVALID'],
      [{ ...good[0], country: 'XX' }, 'methods.1.country', 'COUNTRY_INVALID'],
      [{ ...good[2], labelFormat: 'zpl' }, 'methods.1.labelFormat', 'ZPL_NOT_OFFERED'],
      [good[0] as object, 'methods.1', 'DUPLICATE_ROW'],
    ];
    for (const [row, path, code] of cases) {
      const res = await call('PUT', '/api/v1/carrier-methods', { methods: [good[0], row] });
      expect(res.statusCode, `${path}: ${res.body}`).toBe(422);
      expect(res.json().code).toBe('CARRIER_METHODS_INVALID');
      expect(res.json().errors).toEqual([expect.objectContaining({ path, code })]);
    }
    // Nothing of a refused mapping was written.
    expect((await call('GET', '/api/v1/carrier-methods')).json().items).toHaveLength(3);
  });

  it('refuses to delete a connection a return under way still uses, and deletes it once that return is done', async () => {
    const id = await sendcloudConnection('in use');
    await call('PUT', '/api/v1/carrier-methods', {
      methods: [{ connectionId: id, method: 'label', country: 'BE', serviceCode: 'bpost', serviceName: 'bpost' }],
    });
    const [order] = await seedOrders(t.ctx, [orderFixture('7001', new Date(t.clock.now.getTime() - 3 * DAY))]);
    const token = await t.shopperToken('7001', '7001@example.nl');
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: token,
      payload: { lines: [{ orderLineId: order?.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small' }] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const returnId = created.json().returnId;
    await t.ctx.db
      .insertInto('shipments')
      .values({
        id: 'shp_in_use',
        return_id: returnId,
        connection_id: id,
        carrier: 'sendcloud',
        method: 'label',
        service_code: 'bpost',
        reference: 'R-in-use',
        status: 'booked',
        pickup: null,
        customs: null,
        created_at: t.clock.now,
        updated_at: t.clock.now,
      })
      .execute();

    const refused = await call('DELETE', `/api/v1/carriers/${id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'CARRIER_CONNECTION_IN_USE', openShipments: 1 });

    await t.ctx.db.updateTable('returns').set({ status: 'closed' }).where('id', '=', returnId).execute();
    const deleted = await call('DELETE', `/api/v1/carriers/${id}`);
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect((await call('GET', `/api/v1/carriers/${id}`)).statusCode).toBe(404);
    const shipment = await t.ctx.db.selectFrom('shipments').selectAll().where('id', '=', 'shp_in_use').executeTakeFirstOrThrow();
    expect(shipment).toMatchObject({ connection_id: null, carrier: 'sendcloud' });
    const methods = (await call('GET', '/api/v1/carrier-methods')).json().items;
    expect(methods.some((m: { connectionId: string }) => m.connectionId === id)).toBe(false);
    const events = await t.ctx.db.selectFrom('events').select('type').where('subject_id', '=', id).execute();
    expect(events.map((e) => e.type)).toContain('settings.carrier_deleted');
  });

  it('adds, replaces, orders and deletes routing rules, checking what they name', async () => {
    await t.ctx.db.insertInto('categories').values({ id: 'cat_audio', code: 'audio', name: 'Audio', parent_id: null }).execute();
    const hub = {
      name: 'German hub',
      conditions: { countries: ['DE', 'AT'], methods: ['qr', 'label'] },
      destination: { kind: 'warehouse', warehouseId: 'wh_dc' },
    };
    const repair = {
      name: 'Defective audio to repair',
      conditions: { categoryIds: ['cat_audio'], reasonCodes: ['too_small'], defect: true },
      destination: {
        kind: 'repair_partner',
        name: 'FixIt BV',
        address: { line1: 'Werkplaats 3', postcode: '1011 AA', city: 'Amsterdam', country: 'NL' },
        email: 'repairs@fixit.example',
      },
      serviceChoice: 'cheapest',
    };
    const first = await call('POST', '/api/v1/routing-rules', hub);
    expect(first.statusCode, first.body).toBe(201);
    const second = await call('POST', '/api/v1/routing-rules', repair);
    expect(second.statusCode, second.body).toBe(201);
    expect([first.json().position, second.json().position]).toEqual([0, 1]);
    expect(second.json()).toMatchObject({ serviceChoice: 'cheapest', enabled: true, destination: repair.destination });

    const replaced = await call('PUT', `/api/v1/routing-rules/${first.json().id}`, { ...hub, name: 'DACH hub', enabled: false });
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect(replaced.json()).toMatchObject({ name: 'DACH hub', enabled: false, position: 0, serviceChoice: 'configured' });

    const ordered = await call('POST', '/api/v1/routing-rules/order', { ruleIds: [second.json().id, first.json().id] });
    expect(ordered.statusCode, ordered.body).toBe(200);
    expect(ordered.json().items.map((r: { name: string }) => r.name)).toEqual(['Defective audio to repair', 'DACH hub']);
    const partial = await call('POST', '/api/v1/routing-rules/order', { ruleIds: [first.json().id] });
    expect(partial.statusCode).toBe(422);
    expect(partial.json().code).toBe('ROUTING_ORDER_INCOMPLETE');

    const bad: [object, string][] = [
      [{ ...hub, conditions: { countries: ['DE', 'de'] } }, 'conditions.countries.1'],
      [{ ...hub, conditions: { categoryIds: ['cat_missing'] } }, 'conditions.categoryIds.0'],
      [{ ...hub, conditions: { reasonCodes: ['no_such_reason'] } }, 'conditions.reasonCodes.0'],
      [{ ...hub, destination: { kind: 'warehouse', warehouseId: 'wh_missing' } }, 'destination.warehouseId'],
      [
        { ...repair, destination: { ...repair.destination, address: { ...repair.destination.address, city: ' ' } } },
        'destination.address.city',
      ],
      [
        { ...repair, destination: { ...repair.destination, address: { ...repair.destination.address, country: 'ZZ' } } },
        'destination.address.country',
      ],
    ];
    for (const [body, path] of bad) {
      const res = await call('POST', '/api/v1/routing-rules', body);
      expect(res.statusCode, `${path}: ${res.body}`).toBe(422);
      expect(res.json()).toMatchObject({ code: 'ROUTING_RULE_INVALID', errors: [expect.objectContaining({ path })] });
    }
    const unknownKind = await call('POST', '/api/v1/routing-rules', { ...hub, destination: { kind: 'moon' } });
    expect(unknownKind.statusCode).toBe(400);

    const removed = await call('DELETE', `/api/v1/routing-rules/${first.json().id}`);
    expect(removed.statusCode, removed.body).toBe(200);
    expect((await call('DELETE', `/api/v1/routing-rules/${first.json().id}`)).statusCode).toBe(404);
    const left = (await call('GET', '/api/v1/routing-rules')).json().items;
    expect(left.map((r: { id: string }) => r.id)).toEqual([second.json().id]);
    const events = await t.ctx.db.selectFrom('events').select('type').where('subject_type', '=', 'routing_rule').execute();
    expect(events.filter((e) => e.type === 'settings.routing_rule_deleted')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'settings.routing_rule_saved').length).toBeGreaterThanOrEqual(3);
  });

  it('lets admins manage carriers and routing, and other staff only read them', async () => {
    for (const role of ['agent', 'analyst'] as const) {
      const staff = await t.login(role);
      expect((await call('GET', '/api/v1/carriers', undefined, staff)).statusCode).toBe(200);
      expect((await call('GET', '/api/v1/routing-rules', undefined, staff)).statusCode).toBe(200);
      const { apiKey, apiSecret } = fake.credentials();
      const write = await call('POST', '/api/v1/carriers', { carrier: 'sendcloud', name: 'x', apiKey, apiSecret }, staff);
      expect(write.statusCode).toBe(403);
      expect((await call('PUT', '/api/v1/carrier-methods', { methods: [] }, staff)).statusCode).toBe(403);
      const rule = { name: 'x', conditions: {}, destination: { kind: 'nearest_warehouse' } };
      expect((await call('POST', '/api/v1/routing-rules', rule, staff)).statusCode).toBe(403);
    }
  });

  it('never writes a carrier key to the logs', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const config = loadConfig({ RETOUR_DATA_DIR: t.dataDir, RETOUR_PUBLIC_URL: PUBLIC_URL });
    const logged = await buildServer({ config, ctx: t.ctx, logger: { level: 'trace', stream } });
    try {
      const secretKey = 'logged-never-4321';
      const headers = { cookie: admin.cookie, 'x-csrf-token': admin.csrf };
      const made = await logged.inject({
        method: 'POST',
        url: '/api/v1/carriers',
        headers,
        payload: { carrier: 'sendcloud', name: 'logs', apiKey: secretKey, apiSecret: `${secretKey}-secret`, baseUrl: fake.url },
      });
      expect(made.statusCode, made.body).toBe(201);
      // A refused check and a refused save log their errors too.
      await logged.inject({ method: 'POST', url: `/api/v1/carriers/${made.json().id}/test`, headers, payload: {} });
      await logged.inject({
        method: 'POST',
        url: '/api/v1/carriers',
        headers,
        payload: { carrier: 'postnl', name: 'x', apiKey: secretKey },
      });
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.join('')).not.toContain(secretKey);
    } finally {
      await logged.close();
    }
  });
});
