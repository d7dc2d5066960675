import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowPrivateUrls } from '../src/app/kernel/egress.js';
import { postWebhook } from '../src/app/messaging/webhooks/webhookPost.js';
import { apiFetch } from '../src/integrations/http.js';
import { providerFetch } from '../src/integrations/payments/http.js';
import { DB_KINDS } from './support/databases.js';
import { seedStaff } from './support/fixtures.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

/** A receiver on 127.0.0.1 that counts what reaches it; `/moved` redirects to `movedTo`. */
async function receiver() {
  const seen: string[] = [];
  let movedTo = '';
  const server: Server = createServer((req, res) => {
    seen.push(req.url ?? '');
    if (req.url === '/moved') res.writeHead(302, { location: movedTo }).end();
    else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    seen,
    port,
    redirectTo: (url: string) => {
      movedTo = url;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type Receiver = Awaited<ReturnType<typeof receiver>>;

const failure = (_kind: string, code: string, message: string) => Object.assign(new Error(message), { code });

describe.each(DB_KINDS)('URLs staff give are refused when they point inside the network (%s)', (kind) => {
  let t: TestApp;
  let admin: StaffClient;
  let fake: Receiver;

  beforeAll(async () => {
    fake = await receiver();
    // Without RETOUR_ALLOW_PRIVATE_URLS, as an installation starts by default.
    t = await createTestApp(kind, { RETOUR_ALLOW_PRIVATE_URLS: '' });
    await seedStaff(t.ctx, ['admin']);
    admin = await t.login('admin');
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  const refusedOn = (res: { statusCode: number; json: () => unknown; body: string }, field: string) => {
    expect(res.statusCode, res.body).toBe(422);
    const problem = res.json() as { code: string; errors?: { path: string; code?: string }[] };
    expect(problem.code).toBe('URL_NOT_ALLOWED');
    expect(problem.errors?.map((e) => e.path)).toContain(field);
  };

  it('refuses a webhook endpoint at a loopback, private, metadata or credentialed address, and writes nothing', async () => {
    for (const url of [
      `http://127.0.0.1:${fake.port}/hook`,
      `http://localhost:${fake.port}/hook`,
      'http://[::1]/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://10.1.2.3/hook',
      'http://0.0.0.0/hook',
      'https://user:secret@hooks.example.com/in',
    ]) {
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/webhook-endpoints',
        staff: admin,
        payload: { url, eventTypes: ['return.created'] },
      });
      refusedOn(res, 'url');
    }
    expect(await t.ctx.db.selectFrom('webhook_endpoints').select('id').execute()).toEqual([]);
    expect(fake.seen).toEqual([]);
  });

  it('refuses a private address as a carrier, shop, payment API or single sign-on address', async () => {
    const carrier = await t.request({
      method: 'POST',
      url: '/api/v1/carriers',
      staff: admin,
      payload: {
        carrier: 'sendcloud',
        name: 'x',
        apiKey: 'key-12345',
        apiSecret: 'secret-1234',
        baseUrl: 'http://192.168.1.10/',
      },
    });
    refusedOn(carrier, 'baseUrl');
    const shop = await t.request({
      method: 'POST',
      url: '/api/v1/connections',
      staff: admin,
      payload: {
        platform: 'woocommerce',
        name: 'Woo',
        shop: 'http://172.16.0.5',
        apiKey: 'ck_abc123456',
        apiSecret: 'cs_abc123456',
      },
    });
    refusedOn(shop, 'shop');
    const provider = await t.request({
      method: 'PUT',
      url: '/api/v1/payment-providers/sandbox',
      staff: admin,
      payload: { apiKey: 'sandbox_test', baseUrl: `http://127.0.0.1:${fake.port}` },
    });
    refusedOn(provider, 'baseUrl');
    // The single sign-on issuer, though its own rule lets plain http through on this machine.
    const sso = await t.request({
      method: 'PUT',
      url: '/api/v1/settings/sso',
      staff: admin,
      payload: {
        enabled: false,
        issuerUrl: `http://127.0.0.1:${fake.port}/realms/shop`,
        clientId: 'retour',
        displayName: 'Shop login',
        groupsClaim: 'groups',
        roleMappings: [],
        allowedDomains: [],
        createUsers: false,
        passwordLogin: true,
      },
    });
    refusedOn(sso, 'issuerUrl');
    const ssoTest = await t.request({
      method: 'POST',
      url: '/api/v1/settings/sso/test',
      staff: admin,
      payload: { issuerUrl: 'http://localhost/realms/shop', clientId: 'retour' },
    });
    refusedOn(ssoTest, 'issuerUrl');
    expect(fake.seen).toEqual([]);
    expect(await t.ctx.db.selectFrom('carrier_connections').select('id').execute()).toEqual([]);
    expect(await t.ctx.db.selectFrom('shop_connections').select('id').execute()).toEqual([]);
    expect(await t.ctx.db.selectFrom('payment_providers').select('provider').execute()).toEqual([]);
  });
});

describe('every connection is checked again when it is made (a name may resolve elsewhere by then)', () => {
  let fake: Receiver;
  beforeAll(async () => {
    fake = await receiver();
  });
  afterAll(async () => {
    allowPrivateUrls(undefined);
    await fake?.close();
  });

  it('a webhook to a name or an address inside the network is not sent, unless allowed', async () => {
    fake.seen.length = 0;
    allowPrivateUrls(undefined);
    const byName = await postWebhook(`http://localhost:${fake.port}/by-name`, {}, '{}', 5_000);
    expect(byName.status).toBeNull();
    expect(byName.error).toMatch(/localhost resolves to .*loopback/);
    const byAddress = await postWebhook(`http://127.0.0.1:${fake.port}/by-address`, {}, '{}', 5_000);
    expect(byAddress.error).toMatch(/127.0.0.1.*loopback/);
    expect(fake.seen).toEqual([]);

    allowPrivateUrls('localhost,127.0.0.1');
    expect(await postWebhook(`http://127.0.0.1:${fake.port}/allowed`, {}, '{}', 5_000)).toEqual({ status: 200, error: null });
    expect(fake.seen).toEqual(['/allowed']);
  });

  it('an API call to a private address fails as URL_NOT_ALLOWED, and a redirect into the network is not followed', async () => {
    fake.seen.length = 0;
    allowPrivateUrls(undefined);
    const call = (url: string) => apiFetch('Carrier', url, { method: 'GET', headers: {} }, failure);
    await expect(call(`http://localhost:${fake.port}/a`)).rejects.toMatchObject({ code: 'URL_NOT_ALLOWED' });
    await expect(call(`http://127.0.0.1:${fake.port}/b`)).rejects.toMatchObject({ code: 'URL_NOT_ALLOWED' });
    expect(fake.seen).toEqual([]);

    // The receiver is allowed; where it redirects to is checked on its own.
    allowPrivateUrls('127.0.0.1');
    fake.redirectTo(`http://127.0.0.2:${fake.port}/inside`);
    await expect(call(`http://127.0.0.1:${fake.port}/moved`)).rejects.toMatchObject({ code: 'URL_NOT_ALLOWED' });
    expect(fake.seen).toEqual(['/moved']);
    fake.redirectTo(`http://127.0.0.1:${fake.port}/fine`);
    expect((await call(`http://127.0.0.1:${fake.port}/moved`)).status).toBe(200);
    expect(fake.seen).toEqual(['/moved', '/moved', '/fine']);
  });

  it('a payment call answered with a redirect fails as PROVIDER_REDIRECTED, and the API key goes nowhere else', async () => {
    fake.seen.length = 0;
    allowPrivateUrls('127.0.0.1');
    fake.redirectTo(`http://127.0.0.1:${fake.port}/elsewhere`);
    const call = providerFetch('Sandbox', `http://127.0.0.1:${fake.port}/moved`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_secret' },
      body: '{}',
    });
    await expect(call).rejects.toMatchObject({ kind: 'rejected', code: 'PROVIDER_REDIRECTED', status: 302 });
    expect(fake.seen).toEqual(['/moved']);
  });
});
