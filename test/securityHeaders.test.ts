import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_CSP, adminPolicy, DOCUMENT_CSP, EMAIL_HTML_CSP, portalPolicy } from '../src/http/securityHeaders.js';

// The test app is served over plain http; the policies over https are checked on their own.
const PORTAL_CSP = portalPolicy(false);
const ADMIN_CSP = adminPolicy(false);

import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/testApp.js';

type Headers = Record<string, string | string[] | number | undefined>;

/** The headers every answer carries, whatever it is. */
function expectBaseline(headers: Headers) {
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(headers['permissions-policy']).toMatch(/camera=\(self\)/);
  expect(headers['permissions-policy']).toMatch(/microphone=\(\)/);
  expect(String(headers['content-security-policy'])).toMatch(/frame-ancestors 'none'/);
}

/** Directive name → its sources. */
const directives = (csp: unknown) =>
  Object.fromEntries(
    String(csp)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...sources]) => [name, sources]),
  );

describe('the policies themselves', () => {
  it("sandbox an e-mail's HTML: inline styles and images, nothing that runs or loads otherwise", () => {
    const d = directives(EMAIL_HTML_CSP);
    expect(d.sandbox).toEqual([]);
    expect(d['default-src']).toEqual(["'none'"]);
    expect(d['style-src']).toEqual(["'unsafe-inline'"]);
    expect(d['img-src']).toEqual(['https:', 'data:']);
    expect(d['frame-ancestors']).toEqual(["'self'"]);
  });

  it('let no inline or evaluated script run anywhere', () => {
    for (const csp of [PORTAL_CSP, ADMIN_CSP, portalPolicy(true), adminPolicy(true), DOCUMENT_CSP, API_CSP]) {
      expect(csp).not.toMatch(/unsafe-eval/);
      expect(directives(csp)['script-src'] ?? directives(csp)['default-src']).not.toContain("'unsafe-inline'");
    }
    for (const csp of [PORTAL_CSP, ADMIN_CSP, portalPolicy(true), adminPolicy(true)]) {
      const d = directives(csp);
      expect(d['script-src']).toEqual(["'self'"]);
      expect(d['style-src']).toEqual(["'self'"]);
      // No inline styles either: e-mails' HTML is shown from an address with a policy of its own.
      expect(d['style-src-attr']).toBeUndefined();
      expect(d['connect-src']).toEqual(["'self'"]);
      expect(d['object-src']).toEqual(["'none'"]);
      expect(d['base-uri']).toEqual(["'none'"]);
      expect(d['form-action']).toEqual(["'self'"]);
    }
  });
});

describe.each(DB_KINDS)('security headers (%s)', (kind) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin']);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('serves the shopper portal with its strict policy and no Referer', async () => {
    // A query does not make a portal page another one.
    for (const url of ['/returns/', '/returns/status']) {
      const res = await t.request({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expectBaseline(res.headers);
      expect(res.headers['content-security-policy']).toBe(PORTAL_CSP);
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      // No inline script the policy would block.
      expect(res.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    }
  });

  it('sends no Referer from a portal address with a query either', async () => {
    // `/returns?…` is judged by its path, `/returns`, not as some other page.
    const res = await t.request({ method: 'GET', url: '/returns?lang=nl' });
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves the back office with its strict policy', async () => {
    const res = await t.request({ method: 'GET', url: '/admin/returns' });
    expect(res.statusCode).toBe(200);
    expectBaseline(res.headers);
    expect(res.headers['content-security-policy']).toBe(ADMIN_CSP);
    expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(res.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(res.body).not.toMatch(/<style/);
  });

  it('lets nothing load or run from an API answer, a problem or a script file', async () => {
    const admin = await t.login('admin');
    const json = await t.request({ method: 'GET', url: '/api/v1/returns', staff: admin });
    expect(json.statusCode).toBe(200);
    expectBaseline(json.headers);
    expect(json.headers['content-security-policy']).toBe(API_CSP);
    const problem = await t.request({ method: 'GET', url: '/api/v1/returns' });
    expect(problem.statusCode).toBe(401);
    expect(problem.headers['content-security-policy']).toBe(API_CSP);
    const page = await t.request({ method: 'GET', url: '/admin/' });
    const script = /src="(\/admin\/assets\/[^"]+\.js)"/.exec(page.body)?.[1];
    const asset = await t.request({ method: 'GET', url: script ?? '' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-security-policy']).toBe(API_CSP);
    expect(json.headers['strict-transport-security']).toBeUndefined();
  });

  it("serves an e-mail's HTML for the back office's frame with a sandboxing policy of its own", async () => {
    const [order] = await seedOrders(t.ctx, [orderFixture('9302', new Date(t.clock.now.getTime() - 3 * DAY))]);
    const made = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: await t.shopperToken('9302', '9302@example.nl'),
      payload: {
        method: 'qr',
        lines: [{ orderLineId: order?.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small', resolution: 'refund' }],
      },
    });
    expect(made.statusCode, made.body).toBe(201);
    const email = await t.ctx.db
      .selectFrom('emails')
      .select('id')
      .where('return_id', '=', made.json().returnId)
      .executeTakeFirstOrThrow();
    // As the mail job leaves it once sent.
    const html = '<html><body style="background:#f3f4f6"><p style="color:#111">Je retour is ontvangen</p></body></html>';
    await t.ctx.db.updateTable('emails').set({ html }).where('id', '=', email.id).execute();
    const admin = await t.login('admin');
    for (const url of [`/api/v1/emails/${email.id}/html`, '/api/v1/email-previews/html?kind=approved&locale=de']) {
      const res = await t.request({ method: 'GET', url, staff: admin });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['content-security-policy']).toBe(EMAIL_HTML_CSP);
      // Framed by the back office only.
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['cache-control']).toBe('private, no-store');
      expect(res.body, url).toMatch(/<html|<table|<p/i);
    }
    expect((await t.request({ method: 'GET', url: `/api/v1/emails/${email.id}/html`, staff: admin })).body).toBe(html);
    const anonymous = await t.request({ method: 'GET', url: `/api/v1/emails/${email.id}/html` });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/problem\+json/);
  });

  it('sends a packing slip PDF with the API policy and no Referer', async () => {
    const [order] = await seedOrders(t.ctx, [orderFixture('9301', new Date(t.clock.now.getTime() - 3 * DAY))]);
    const token = await t.shopperToken('9301', '9301@example.nl');
    const made = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: token,
      payload: {
        method: 'qr',
        lines: [{ orderLineId: order?.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small', resolution: 'refund' }],
      },
    });
    expect(made.statusCode, made.body).toBe(201);
    const slip = await t.request({
      method: 'GET',
      url: `/api/v1/shopper/returns/${made.json().returnId}/packing-slip`,
      bearer: made.json().statusToken,
    });
    expect(slip.statusCode, slip.body).toBe(200);
    expect(slip.headers['content-type']).toMatch(/application\/pdf/);
    expectBaseline(slip.headers);
    expect(slip.headers['content-security-policy']).toBe(API_CSP);
    expect(slip.headers['referrer-policy']).toBe('no-referrer');
  });
});

describe('served over HTTPS', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite', { RETOUR_SECURE_COOKIES: 'true' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('tells browsers to use nothing else, and loads images over https only', async () => {
    const res = await t.request({ method: 'GET', url: '/returns/' });
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
    expect(res.headers['content-security-policy']).toBe(portalPolicy(true));
    expect(directives(portalPolicy(true))['img-src']).toEqual(["'self'", 'data:', 'blob:', 'https:']);
  });
});
