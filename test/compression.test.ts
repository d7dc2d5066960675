import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPRESS_MIN_BYTES, chooseEncoding } from '../src/http/compression.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The bytes as they crossed the wire, not decoded. */
  body: Buffer;
}

/** One request over a real socket; the body comes back exactly as sent (fetch would decode it). */
function get(base: string, path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, base), { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The first bytes of a response that does not end (a stream), and its headers. */
function firstBytes(base: string, path: string, headers: Record<string, string>): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, base), { headers }, (res) => {
      res.once('data', (c: Buffer) => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: c });
        req.destroy();
      });
      res.on('error', () => {});
    });
    req.on('error', reject);
    req.end();
  });
}

const decode = (res: RawResponse) =>
  res.headers['content-encoding'] === 'br'
    ? brotliDecompressSync(res.body)
    : res.headers['content-encoding'] === 'gzip'
      ? gunzipSync(res.body)
      : res.body;

describe('choosing an encoding', () => {
  it('prefers brotli, then gzip, honours q=0 and the wildcard', () => {
    expect(chooseEncoding(undefined)).toBeNull();
    expect(chooseEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(chooseEncoding('gzip')).toBe('gzip');
    expect(chooseEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(chooseEncoding('identity')).toBeNull();
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('*;q=0, gzip')).toBe('gzip');
    expect(chooseEncoding('deflate')).toBeNull();
  });
});

describe.each(DB_KINDS)('compressed responses over HTTP (%s)', (kind) => {
  let t: TestApp;
  let base: string;
  let admin: StaffClient;
  let returnId: string;

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin']);
    const [order] = await seedOrders(t.ctx, [orderFixture('8801', new Date(t.clock.now.getTime() - 3 * DAY))]);
    const token = await t.shopperToken('8801', '8801@example.nl');
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: token,
      payload: { method: 'qr', lines: [{ orderLineId: order?.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small' }] },
    });
    expect(created.statusCode, created.body).toBe(201);
    returnId = created.json().returnId;
    admin = await t.login('admin');
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => t?.close());

  for (const [app, prefix] of [
    ['shopper portal', '/returns/'],
    ['back office', '/admin/'],
  ] as const) {
    it(`sends the ${app}'s hashed assets pre-compressed as the browser accepts, cached for a year, and index.html fresh`, async () => {
      const index = await get(base, prefix, { 'accept-encoding': 'gzip, deflate, br' });
      expect(index.status).toBe(200);
      expect(index.headers['cache-control']).toBe('no-cache');
      const html = decode(index).toString('utf8');
      expect(html).toContain(`<link rel="icon" type="image/svg+xml" href="${prefix}favicon.svg"`);
      const script = html.match(/src="([^"]+\/assets\/[^"]+\.js)"/)?.[1];
      expect(script, html).toBeDefined();

      const plain = await get(base, script as string);
      expect(plain.status).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers['content-type']).toMatch(/javascript/);
      expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(plain.headers.vary).toMatch(/accept-encoding/i);

      const br = await get(base, script as string, { 'accept-encoding': 'gzip, deflate, br' });
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers['content-type']).toMatch(/javascript/);
      expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(br.headers.vary).toMatch(/accept-encoding/i);
      expect(br.body.length).toBeLessThan(plain.body.length / 2);
      expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);

      const gz = await get(base, script as string, { 'accept-encoding': 'gzip' });
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);

      const favicon = await get(base, `${prefix}favicon.svg`);
      expect(favicon.status).toBe(200);
      expect(favicon.headers['content-type']).toMatch(/^image\/svg\+xml/);
      expect(favicon.body.toString('utf8')).toContain('<svg');

      // A deep link still lands in the app.
      const deep = await get(base, `${prefix}some/deep/link`);
      expect(deep.status).toBe(200);
      expect(deep.headers['cache-control']).toBe('no-cache');
      expect(deep.body.toString('utf8')).toContain('<div id="root">');
    });
  }

  it('compresses a large JSON answer in the encoding asked for and leaves small ones, streams and PDFs alone', async () => {
    const staff = { cookie: admin.cookie };
    const plain = await get(base, '/api/v1/products', staff);
    expect(plain.status).toBe(200);
    expect(plain.body.length).toBeGreaterThan(COMPRESS_MIN_BYTES);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);

    const gz = await get(base, '/api/v1/products', { ...staff, 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['content-type']).toMatch(/^application\/json/);
    expect(gz.headers.vary).toMatch(/accept-encoding/i);
    expect(gz.body.length).toBeLessThan(plain.body.length);
    expect(JSON.parse(gunzipSync(gz.body).toString('utf8'))).toEqual(JSON.parse(plain.body.toString('utf8')));

    const br = await get(base, '/api/v1/products', { ...staff, 'accept-encoding': 'br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(JSON.parse(brotliDecompressSync(br.body).toString('utf8'))).toEqual(JSON.parse(plain.body.toString('utf8')));

    // An answer stored for an Idempotency-Key is the JSON itself, whichever encoding carried it.
    const batch = JSON.stringify({ orders: Array.from({ length: 30 }, (_, i) => orderFixture(`88${10 + i}`, null)) });
    const post = (headers: Record<string, string>) =>
      fetch(`${base}/api/v1/orders/batch`, {
        method: 'POST',
        headers: {
          cookie: admin.cookie,
          'x-csrf-token': admin.csrf,
          'content-type': 'application/json',
          'idempotency-key': 'create-once',
          ...headers,
        },
        body: batch,
      });
    const first = await post({ 'accept-encoding': 'br' });
    expect(first.status, await first.clone().text()).toBeLessThan(300);
    expect(first.headers.get('content-encoding'), `${(await first.clone().text()).length} bytes`).toBe('br');
    const replayed = await post({ 'accept-encoding': 'identity' });
    expect(
      replayed.headers.get('idempotent-replayed'),
      `${replayed.status} ${(await replayed.clone().text()).slice(0, 300)}`,
    ).toBe('true');
    expect(replayed.headers.get('content-encoding')).toBeNull();
    expect(await replayed.json()).toEqual(await first.json());

    const small = await get(base, '/api/health', { 'accept-encoding': 'gzip, br' });
    expect(small.status).toBe(200);
    expect(small.body.length).toBeLessThan(COMPRESS_MIN_BYTES);
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(small.body.toString('utf8'))).toBeTruthy();

    const label = await get(base, `/api/v1/returns/${returnId}/label`, { ...staff, 'accept-encoding': 'gzip, br' });
    expect(label.status, label.body.toString('utf8').slice(0, 200)).toBe(200);
    expect(label.headers['content-type']).toMatch(/^application\/pdf/);
    expect(label.headers['content-encoding']).toBeUndefined();
    expect(label.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const stream = await firstBytes(base, '/api/v1/events/stream', {
      ...staff,
      accept: 'text/event-stream',
      'accept-encoding': 'gzip, br',
    });
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(stream.headers['content-encoding']).toBeUndefined();
    // Readable as it arrives: plain text lines, not a compressed block waiting to fill.
    expect(stream.body.toString('utf8')).toMatch(/^(:|retry:|id:|data:|event:)/m);
  });
});
