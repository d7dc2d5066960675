import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/app/admin/createApiKey.js';
import { cliActor } from '../src/app/kernel/context.js';
import type { RegisteredRoute } from '../src/http/server.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/testApp.js';

const TABLES = [
  'events',
  'outbox',
  'returns',
  'return_lines',
  'orders',
  'order_lines',
  'customers',
  'idempotency_keys',
  'settlements',
  'policy_versions',
  'policy_experiments',
  'policy_exceptions',
  'return_feedback',
] as const;

interface Case {
  name: string;
  route: RegisteredRoute;
  url: string;
  payload?: string | object;
  contentType?: string;
  idempotencyKey?: string;
  /** A read may answer with an empty result rather than a problem (an unknown id, a filter nothing meets). */
  mayFindNothing?: boolean;
  status: number;
  code: string;
  /** A field path the problem must name. */
  path?: string;
}

/** What is wrong with the answer to a bad request: it must be the case's 4xx problem (or, for a
 * read that may find nothing, an empty answer), complete, naming the field at fault. */
/** Routes that take a platform's signed body as the bytes sent: its adapter checks the signature
 * over them, then parses them, so nothing looks through the body before the connection and the
 * signature are checked. A bad body there gets the 4xx problem those give (here: an unknown
 * connection), or, signed, the adapter's WEBHOOK_MALFORMED (test/tracking.test.ts), not the generic
 * parser's and text guard's codes. */
const READ_AS_SIGNED_BYTES = new Set(['POST /api/v1/carriers/:connectionId/webhooks']);
const BODY_CODES = new Set(['MALFORMED_JSON', 'BODY_TOO_DEEP', 'VALIDATION_FAILED']);

/** The case as the route answers it: on a route of READ_AS_SIGNED_BYTES, a bad body asks for any
 * complete 4xx problem. */
function asAnswered(c: Case | Omit<Case, 'status' | 'code'>): Case | Omit<Case, 'status' | 'code'> {
  if (!READ_AS_SIGNED_BYTES.has(`${c.route.method} ${c.route.url}`) || c.payload === undefined) return c;
  if (!('code' in c) || !BODY_CODES.has(c.code)) return c;
  return { name: c.name, route: c.route, url: c.url, payload: c.payload };
}

function problemMismatches(given: Case | Omit<Case, 'status' | 'code'>, res: LightMyRequestResponse): string[] {
  const c = asAnswered(given);
  const label = `${c.route.method} ${c.route.url} — ${c.name}: got ${res.statusCode} ${res.body.slice(0, 200)}`;
  const problem = res.json() as { type?: string; title?: string; status?: number; code?: string; errors?: { path: string }[] };
  if (c.mayFindNothing && res.statusCode === 200) return [];
  const out: string[] = [];
  if (res.statusCode >= 500) out.push(`${label} (a server error)`);
  else if (res.statusCode < 400) out.push(`${label}; expected a 4xx`);
  else if ('code' in c && (res.statusCode !== c.status || problem.code !== c.code))
    out.push(`${label}; expected ${c.status} ${c.code}`);
  if (!String(res.headers['content-type']).startsWith('application/problem+json')) out.push(`${label}; not problem+json`);
  if (!problem.type || !problem.title || problem.status !== res.statusCode) out.push(`${label}; incomplete problem`);
  if (c.path && !problem.errors?.some((e) => e.path === c.path)) out.push(`${label}; expected the path ${c.path}`);
  return out;
}

/** The part of a JSON schema (as the OpenAPI document publishes it) that bad values are made from. */
interface JsonSchema {
  type?: string;
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  maxLength?: number;
  maxItems?: number;
  maximum?: number;
}

/** A bad value at a path of a request part, and the problem paths it must be named by. */
interface BadValue {
  why: string;
  at: string[];
  value: unknown;
  expect: { status: number; code: string; paths: string[] };
}

const WRONG_TYPE: Record<string, unknown> = {
  string: 12345,
  integer: 'abc',
  number: 'abc',
  boolean: 'yes',
  array: { not: 'a list' },
  object: ['not', 'an', 'object'],
};

/** PostgreSQL stores neither: a NUL character, and (in JSON columns) an unpaired surrogate. */
const UNSTORABLE = { 'a NUL character': 'a\u0000b', 'an unpaired surrogate': 'a\ud800b' };

/** The schema without its `| null` branch. */
const nonNull = (s: JsonSchema): JsonSchema => s.anyOf?.find((b) => b.type !== 'null') ?? s;

/** For every field of a body schema, nested objects and the first item of lists included: no
 * required fields, a value of the wrong type, a string or list one over its limit, unstorable text. */
function badValues(schema: JsonSchema, at: string[] = [], depth = 0): BadValue[] {
  const s = nonNull(schema);
  const failed = (paths: string[]) => ({ status: 400, code: 'VALIDATION_FAILED', paths });
  const out: BadValue[] = [];
  if (s.required?.length)
    out.push({ why: 'no required field', at, value: {}, expect: failed(s.required.map((r) => [...at, r].join('.'))) });
  for (const [name, raw] of Object.entries(s.properties ?? {})) {
    const field = nonNull(raw);
    const path = [...at, name];
    const named = failed([path.join('.')]);
    if (field.type && field.type in WRONG_TYPE)
      out.push({ why: `not a ${field.type}`, at: path, value: WRONG_TYPE[field.type], expect: named });
    if (field.type === 'string') {
      if (field.maxLength !== undefined)
        out.push({ why: 'one over maxLength', at: path, value: 'x'.repeat(field.maxLength + 1), expect: named });
      for (const [why, value] of Object.entries(UNSTORABLE)) out.push({ why, at: path, value, expect: named });
    }
    if (field.type === 'array' && field.maxItems !== undefined) {
      out.push({
        why: 'one over maxItems',
        at: path,
        value: Array.from({ length: field.maxItems + 1 }, () => ({})),
        expect: named,
      });
    }
    if (depth < 3 && field.type === 'object') out.push(...badValues(field, path, depth + 1));
    if (depth < 3 && field.type === 'array' && field.items && nonNull(field.items).type === 'object') {
      out.push(...badValues(field.items, [...path, '0'], depth + 1));
    }
  }
  return out;
}

/** `{}` with `value` set at `at` (a numeric segment makes a list). */
function bodyWith(at: string[], value: unknown): unknown {
  if (at.length === 0) return value;
  const [head, ...rest] = at as [string, ...string[]];
  const child = bodyWith(rest, value);
  if (/^\d+$/.test(head)) return [child];
  return { [head]: child };
}

/** Real values for a route's path parameters: the return made below, a provider Retour knows. */
const SAMPLE_PARAMS: Record<string, string> = { provider: 'mollie' };
const paramOf = (url: string) => url.match(/:(\w+)/)?.[1] ?? 'id';
const sampleUrl = (url: string, id: string) => url.replace(/:(\w+)/g, (_, name: string) => SAMPLE_PARAMS[name] ?? id);
/** The route's URL with its (first) parameter set to a bad value, the others to real ones. */
const withParam = (url: string, id: string, value: string) => sampleUrl(url.replace(`:${paramOf(url)}`, value), id);

describe.each(DB_KINDS)('bad input (%s)', (kind) => {
  let t: TestApp;
  let adminKey: string;
  let shopperToken: string;
  let returnId: string;
  let order: Awaited<ReturnType<typeof seedOrders>>[number];

  async function counts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const table of TABLES) {
      out[table] = (await t.ctx.db.selectFrom(table).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
    }
    return out;
  }

  function send(c: Pick<Case, 'route' | 'url' | 'payload' | 'contentType' | 'idempotencyKey'>) {
    const access = c.route.access?.kind;
    const headers: Record<string, string> = {};
    if (c.idempotencyKey) headers['idempotency-key'] = c.idempotencyKey;
    if (access === 'shopper') headers.authorization = `Bearer ${shopperToken}`;
    else if (access !== 'public') headers.authorization = `Bearer ${adminKey}`;
    if (c.contentType) headers['content-type'] = c.contentType;
    return t.app.inject({
      method: c.route.method as 'POST',
      url: c.url,
      headers,
      ...(c.payload !== undefined ? { payload: c.payload } : {}),
    });
  }

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin']);
    [order] = (await seedOrders(t.ctx, [orderFixture('3001', new Date(t.clock.now.getTime() - 3 * DAY))])) as [typeof order];
    adminKey = (await createApiKey(t.ctx, { actor: cliActor }, { name: 'admin', role: 'admin' })).key;
    shopperToken = await t.shopperToken('3001', '3001@example.nl');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      headers: { authorization: `Bearer ${shopperToken}` },
      payload: { lines: [{ orderLineId: order.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small' }] },
    });
    returnId = created.json().returnId;
  });
  afterAll(() => t?.close());

  function generatedCases(): Case[] {
    const cases: Case[] = [];
    const routes = t.app.retourRoutes.filter((r) => !r.url.startsWith('/api/docs'));
    if (routes.filter((r) => r.paginated).length < 4) throw new Error('the paginated lists were not recognised');
    for (const route of routes) {
      const url = sampleUrl(route.url, returnId);
      if (route.method === 'POST') {
        cases.push({
          name: 'malformed JSON',
          route,
          url,
          payload: '{"lines": [',
          contentType: 'application/json',
          status: 400,
          code: 'MALFORMED_JSON',
        });
        cases.push({
          name: 'not JSON',
          route,
          url,
          payload: 'lines=1',
          contentType: 'text/plain',
          status: 415,
          code: 'UNSUPPORTED_MEDIA_TYPE',
        });
        // A batch of orders and a shop platform's webhook (a large order in Shopify's REST shape) may be larger.
        if (!route.url.endsWith('/orders/batch') && !route.url.startsWith('/api/v1/shop-webhooks/')) {
          const huge = JSON.stringify({ reason: 'x'.repeat(1024 * 1024 + 10) });
          cases.push({
            name: 'body over 1 MiB',
            route,
            url,
            payload: huge,
            contentType: 'application/json',
            status: 413,
            code: 'BODY_TOO_LARGE',
          });
        }
      }
      if (route.validates.body) {
        cases.push({ name: 'an array for the body', route, url, payload: [1, 2], status: 400, code: 'VALIDATION_FAILED' });
        cases.push({
          name: 'a number for the body',
          route,
          url,
          payload: '42',
          contentType: 'application/json',
          status: 400,
          code: 'VALIDATION_FAILED',
        });
        cases.push({
          name: 'an unknown field',
          route,
          url,
          payload: { unexpectedField: true },
          status: 400,
          code: 'VALIDATION_FAILED',
          path: 'unexpectedField',
        });
      }
      if (route.validates.query) {
        cases.push({
          name: 'unknown query parameter',
          route,
          url: `${url}?bogus=1`,
          status: 400,
          code: 'VALIDATION_FAILED',
          path: 'query.bogus',
        });
      }
      if (route.paginated) {
        for (const q of ['limit=0', 'limit=abc', 'limit=1000'])
          cases.push({ name: q, route, url: `${url}?${q}`, status: 400, code: 'VALIDATION_FAILED', path: 'query.limit' });
        cases.push({
          name: 'forged cursor',
          route,
          url: `${url}?cursor=bm90LWEtY3Vyc29y`,
          status: 422,
          code: 'INVALID_CURSOR',
          path: 'query.cursor',
        });
      }
      if (route.validates.params) {
        cases.push({
          name: 'an over-long id',
          route,
          url: withParam(route.url, returnId, 'x'.repeat(65)),
          payload: route.method === 'POST' ? {} : undefined,
          status: 400,
          code: 'VALIDATION_FAILED',
          path: `params.${paramOf(route.url)}`,
        });
      }
    }
    return cases;
  }

  function fieldCases(): Case[] {
    const route = (method: string, url: string) => {
      const r = t.app.retourRoutes.find((x) => x.method === method && x.url === url);
      if (!r) throw new Error(`no route ${method} ${url}`);
      return r;
    };
    const returns = (path: string) => ({
      route: route('POST', `/api/v1/returns/:id/${path}`),
      url: `/api/v1/returns/${returnId}/${path}`,
    });
    const line = order.lineBySku['TEE-M'];
    return [
      { name: 'hold without a reason', ...returns('hold'), payload: {}, status: 400, code: 'VALIDATION_FAILED', path: 'reason' },
      {
        name: 'an over-long hold reason',
        ...returns('hold'),
        payload: { reason: 'x'.repeat(501) },
        status: 400,
        code: 'VALIDATION_FAILED',
        path: 'reason',
      },
      {
        name: 'lines as a string',
        ...returns('approve'),
        payload: { lines: 'all' },
        status: 400,
        code: 'VALIDATION_FAILED',
        path: 'lines',
      },
      { name: 'no lines', ...returns('approve'), payload: { lines: [] }, status: 400, code: 'VALIDATION_FAILED', path: 'lines' },
      {
        name: 'a quantity as text',
        ...returns('receive'),
        payload: { lines: [{ returnLineId: 'rl_x', quantity: '1' }] },
        status: 400,
        code: 'VALIDATION_FAILED',
        path: 'lines.0.quantity',
      },
      {
        name: 'an unknown grade',
        ...returns('inspect'),
        payload: { lines: [{ returnLineId: 'rl_x', grade: 'Z', disposition: 'restock' }] },
        status: 400,
        code: 'VALIDATION_FAILED',
        path: 'lines.0.grade',
      },
      {
        name: 'a negative amount',
        ...returns('settlements'),
        payload: { kind: 'refund', lines: [{ returnLineId: 'rl_x', amount: -1 }] },
        status: 400,
        code: 'VALIDATION_FAILED',
        path: 'lines.0.amount',
      },
      {
        name: 'a fractional amount',
        ...returns('settlements'),
        payload: { kind: 'refund', lines: [{ returnLineId: 'rl_x', amount: 1.5 }] },
        status: 400,
        code: 'VALIDATION_FAILED',
        path: 'lines.0.amount',
      },
      {
        name: 'a line not in the return',
        ...returns('receive'),
        payload: { lines: [{ returnLineId: 'rl_unknown', quantity: 1 }] },
        status: 422,
        code: 'RETURN_LINE_NOT_FOUND',
        path: 'lines.0.returnLineId',
      },
      {
        name: 'lookup without e-mail or postcode',
        route: route('POST', '/api/v1/shopper/lookup'),
        url: '/api/v1/shopper/lookup',
        payload: { orderNumber: '3001' },
        status: 400,
        code: 'VALIDATION_FAILED',
        path: 'email',
      },
      {
        name: 'too many return lines',
        route: route('POST', '/api/v1/shopper/returns'),
        url: '/api/v1/shopper/returns',
        payload: { lines: Array.from({ length: 201 }, () => ({ orderLineId: line, quantity: 1, reasonCode: 'too_small' })) },
        status: 400,
        code: 'VALIDATION_FAILED',
        path: 'lines',
      },
      {
        name: 'a quantity of zero',
        route: route('POST', '/api/v1/shopper/returns'),
        url: '/api/v1/shopper/returns',
        payload: { lines: [{ orderLineId: line, quantity: 0, reasonCode: 'too_small' }] },
        status: 400,
        code: 'VALIDATION_FAILED',
        path: 'lines.0.quantity',
      },
      {
        name: 'an unknown reason',
        route: route('POST', '/api/v1/shopper/returns'),
        url: '/api/v1/shopper/returns',
        payload: { lines: [{ orderLineId: line, quantity: 1, reasonCode: 'bored' }] },
        status: 422,
        code: 'REASON_NOT_FOUND',
        path: 'lines.0.reasonCode',
      },
      {
        name: 'one eligible and one ineligible line',
        route: route('POST', '/api/v1/shopper/returns'),
        url: '/api/v1/shopper/returns',
        payload: {
          lines: [
            { orderLineId: line, quantity: 1, reasonCode: 'too_small' },
            { orderLineId: order.lineBySku.PEN, quantity: 1, reasonCode: 'too_small' },
          ],
        },
        status: 422,
        code: 'LINE_NOT_ELIGIBLE',
        path: 'lines.1.orderLineId',
      },
      {
        name: 'an order line of another order',
        route: route('POST', '/api/v1/returns'),
        url: '/api/v1/returns',
        payload: { orderId: order.id, lines: [{ orderLineId: 'ol_not_here', quantity: 1, reasonCode: 'too_small' }] },
        status: 422,
        code: 'ORDER_LINE_NOT_FOUND',
        path: 'lines.0.orderLineId',
      },
      {
        name: 'an unknown SKU without a title',
        route: route('POST', '/api/v1/orders'),
        url: '/api/v1/orders',
        payload: { ...orderFixture('3002', null), lines: [{ sku: 'NOPE', quantity: 1, unitPriceAmount: 100 }] },
        status: 422,
        code: 'TITLE_REQUIRED',
        path: 'lines.0.title',
      },
      {
        name: 'a Mollie payment without its payment id',
        route: route('POST', '/api/v1/orders'),
        url: '/api/v1/orders',
        payload: { ...orderFixture('3005', null), paymentProvider: 'mollie' },
        status: 400,
        code: 'VALIDATION_FAILED',
        path: 'paymentReference',
      },
      {
        name: 'a batch with one invalid order among valid ones',
        route: route('POST', '/api/v1/orders/batch'),
        url: '/api/v1/orders/batch',
        payload: { orders: [orderFixture('3003', null), { ...orderFixture('3004', null), placedAt: 'yesterday' }] },
        status: 400,
        code: 'VALIDATION_FAILED',
        path: 'orders.1.placedAt',
      },
      {
        name: 'a weak staff password',
        route: route('POST', '/api/v1/staff'),
        url: '/api/v1/staff',
        payload: { email: 'new@shop.test', name: 'New', password: 'short', role: 'agent' },
        status: 400,
        code: 'VALIDATION_FAILED',
        path: 'password',
      },
      {
        name: 'an unknown role',
        route: route('POST', '/api/v1/api-keys'),
        url: '/api/v1/api-keys',
        payload: { name: 'x', role: 'owner' },
        status: 400,
        code: 'VALIDATION_FAILED',
        path: 'role',
      },
    ];
  }

  it('answers every malformed, missing, oversized and wrong-typed input with a 4xx problem and writes nothing', async () => {
    const before = await counts();
    const cases = [...generatedCases(), ...fieldCases()];
    expect(cases.length).toBeGreaterThan(150);
    const mismatches: string[] = [];
    for (const c of cases) mismatches.push(...problemMismatches(c, await send(c)));
    expect(mismatches).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it('derives bad bodies, queries and ids from every route’s published schema: each is a named 4xx problem that writes nothing', async () => {
    const before = await counts();
    const doc = t.app.swagger() as { paths: Record<string, Record<string, { requestBody?: unknown; parameters?: unknown[] }>> };
    const cases: Case[] = [];
    const routes = t.app.retourRoutes.filter((r) => !r.url.startsWith('/api/docs'));
    if (routes.filter((r) => r.paginated).length < 4) throw new Error('the paginated lists were not recognised');
    for (const route of routes) {
      const url = sampleUrl(route.url, returnId);
      const op = doc.paths[route.url.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
      const body = (op?.requestBody as { content?: Record<string, { schema?: JsonSchema }> } | undefined)?.content?.[
        'application/json'
      ]?.schema;
      if (route.validates.body && !body)
        throw new Error(`${route.method} ${route.url} validates a body the OpenAPI document does not show`);
      for (const bad of body ? badValues(body) : []) {
        const path = bad.at.join('.') || '(body)';
        for (const expected of bad.expect.paths) {
          cases.push({
            name: `${path}: ${bad.why}`,
            route,
            url,
            payload: bodyWith(bad.at, bad.value) as object,
            ...bad.expect,
            path: expected,
          });
        }
      }
      if (route.method === 'POST') {
        // Unstorable text is refused on every POST, also where the route reads no body.
        for (const [why, value] of Object.entries(UNSTORABLE)) {
          cases.push({
            name: `${why} in any field`,
            route,
            url,
            payload: { note: value },
            status: 400,
            code: 'VALIDATION_FAILED',
            path: 'note',
          });
        }
      }
      const query = ((op?.parameters ?? []) as { in: string; name: string; schema: JsonSchema }[]).filter(
        (p) => p.in === 'query',
      );
      if (route.validates.query && query.length === 0)
        throw new Error(`${route.method} ${route.url} validates a query the OpenAPI document does not show`);
      for (const param of query) {
        const named = { status: 400, code: 'VALIDATION_FAILED', path: `query.${param.name}` };
        const q = (value: string) => `${url}?${param.name}=${encodeURIComponent(value)}`;
        const schema = nonNull(param.schema);
        if (schema.type === 'integer') cases.push({ name: `query ${param.name} not a number`, route, url: q('abc'), ...named });
        if (schema.type === 'string') {
          if (schema.maxLength !== undefined)
            cases.push({
              name: `query ${param.name} one over maxLength`,
              route,
              url: q('x'.repeat(schema.maxLength + 1)),
              ...named,
            });
          cases.push({ name: `query ${param.name} with a NUL character`, route, url: q('a\u0000b'), ...named });
        }
      }
      if (route.validates.params) {
        const payload = route.method === 'POST' ? {} : undefined;
        const withId = (id: string) => withParam(route.url, returnId, id);
        cases.push({
          name: 'a NUL character in the id',
          route,
          url: withId('ret%00x'),
          payload,
          status: 400,
          code: 'VALIDATION_FAILED',
          path: `params.${paramOf(route.url)}`,
        });
        cases.push({ name: 'a badly encoded id', route, url: withId('%E0%A4%A'), payload, status: 400, code: 'BAD_URL' });
        cases.push({
          name: 'an id beyond the router’s limit',
          route,
          url: withId('x'.repeat(500)),
          payload,
          status: 414,
          code: 'PARAM_TOO_LONG',
        });
      }
    }
    expect(cases.length).toBeGreaterThan(500);
    const mismatches: string[] = [];
    for (const c of cases) mismatches.push(...problemMismatches(c, await send(c)));
    expect(mismatches).toEqual([]);
    expect(await counts()).toEqual(before);
  });
  it('refuses bodies nested too deep and numbers beyond their column on every route, with or without an Idempotency-Key, as a 4xx problem that writes nothing', async () => {
    const before = await counts();
    const doc = t.app.swagger() as { paths: Record<string, Record<string, { requestBody?: unknown; parameters?: unknown[] }>> };
    const routes = t.app.retourRoutes.filter((r) => !r.url.startsWith('/api/docs'));
    const writes = routes.filter((r) => r.method !== 'GET');
    // Every route that takes a JSON body says what it takes (an empty one where it reads none); photo
    // and product image uploads take the image itself, carriers' and shop platforms' webhooks the
    // platform's own JSON (its adapter checks the signature over the raw bytes, then reads it).
    const takesItsOwn = (url: string) =>
      url.endsWith('/photos') ||
      url.endsWith('/product-images') ||
      url.endsWith('/webhooks') ||
      url.startsWith('/api/v1/shop-webhooks/');
    const unchecked = writes.filter((r) => !r.validates.body && !takesItsOwn(r.url)).map((r) => `${r.method} ${r.url}`);
    expect(unchecked).toEqual([]);
    // Those that read none still answer a request without a body (or with an empty one) as before.
    const bodyless = writes.filter((r) => {
      const op = doc.paths[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()];
      const schema = (op?.requestBody as { content?: Record<string, { schema?: JsonSchema }> } | undefined)?.content?.[
        'application/json'
      ]?.schema;
      return r.validates.body && schema && Object.keys(nonNull(schema).properties ?? {}).length === 0;
    });
    expect(bodyless.length).toBeGreaterThanOrEqual(6);
    for (const route of bodyless) {
      for (const payload of [undefined, {}]) {
        const res = await send({ route, url: sampleUrl(route.url, 'ret_unknown'), payload });
        expect(res.json().code, `${route.method} ${route.url} ${res.body}`).not.toBe('VALIDATION_FAILED');
      }
    }

    /** Every number field of a schema, at any depth, with its published bounds. */
    const numberFields = (schema: JsonSchema, at: string[] = []): { at: string[]; schema: JsonSchema }[] => {
      const s = nonNull(schema);
      if (s.type === 'integer' || s.type === 'number') return [{ at, schema: s }];
      const fields = Object.entries(s.properties ?? {}).flatMap(([name, field]) => numberFields(field, [...at, name]));
      if (s.type === 'array' && s.items) fields.push(...numberFields(s.items, [...at, '0']));
      return fields;
    };
    /** Beyond a 32-bit integer column, beyond a bigint column, beyond what a double holds exactly, beyond a double. */
    const HUGE = ['2147483648', '9223372036854775808', '9007199254740993', '1e400'];
    /** The numbers to send a field: one over its published maximum and the huge ones. Those above the
     * maximum must be refused naming the field; one within it (a bigint amount may exceed 2³¹) must
     * be handled like any other value: never a server error. */
    const numbersFor = (schema: JsonSchema) =>
      [...(schema.maximum !== undefined ? [String(schema.maximum + 1)] : []), ...HUGE].map((text) => ({
        text,
        refused: schema.maximum === undefined || Number(text) > schema.maximum,
      }));
    const nestedObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const nestedList = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

    const cases: (Case | Omit<Case, 'code' | 'status'>)[] = [];
    const unbounded: string[] = [];
    for (const route of routes) {
      const url = sampleUrl(route.url, returnId);
      const op = doc.paths[route.url.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
      if (route.method !== 'GET') {
        for (const [shape, payload] of [
          ['objects', nestedObject(10_000)],
          ['lists', nestedList(10_000)],
        ] as const) {
          for (const idempotencyKey of [undefined, `deep-${shape}-${route.method}-${route.url}`]) {
            cases.push({
              name: `${shape} nested 10,000 deep${idempotencyKey ? ' with an Idempotency-Key' : ''}`,
              route,
              url,
              payload,
              contentType: 'application/json',
              idempotencyKey,
              status: 400,
              code: 'BODY_TOO_DEEP',
            });
          }
        }
        // Nested just within the limit: the route's own checks answer, never the server's stack.
        cases.push({
          name: 'objects nested 32 deep with an Idempotency-Key',
          route,
          url,
          payload: nestedObject(32),
          contentType: 'application/json',
          idempotencyKey: `nested-${route.method}-${route.url}`,
        });
      }
      const body = (op?.requestBody as { content?: Record<string, { schema?: JsonSchema }> } | undefined)?.content?.[
        'application/json'
      ]?.schema;
      for (const field of body ? numberFields(body) : []) {
        const path = field.at.join('.');
        if (field.schema.maximum === undefined) unbounded.push(`${route.method} ${route.url} ${path}`);
        for (const { text, refused } of numbersFor(field.schema)) {
          // Raw JSON text, so the number arrives exactly as written (beyond what JavaScript holds).
          const payload = JSON.stringify(bodyWith(field.at, 0)).replace(/:0([}\]])/, `:${text}$1`);
          const named = `${path} = ${text}`;
          const idempotencyKey = `huge-${text}-${route.method}-${route.url}-${path}`;
          const sent = { name: named, route, url, payload, contentType: 'application/json', idempotencyKey };
          cases.push(refused ? { ...sent, status: 400, code: 'VALIDATION_FAILED', path } : sent);
        }
      }
      const query = ((op?.parameters ?? []) as { in: string; name: string; schema: JsonSchema }[]).filter(
        (p) => p.in === 'query' && ['integer', 'number'].includes(nonNull(p.schema).type ?? ''),
      );
      for (const param of query) {
        const schema = nonNull(param.schema);
        if (schema.maximum === undefined) unbounded.push(`${route.method} ${route.url} query.${param.name}`);
        for (const { text, refused } of numbersFor(schema)) {
          const sent = { name: `query ${param.name} = ${text}`, route, url: `${url}?${param.name}=${text}` };
          cases.push(
            refused
              ? { ...sent, status: 400, code: 'VALIDATION_FAILED', path: `query.${param.name}` }
              : { ...sent, mayFindNothing: route.method === 'GET' },
          );
        }
      }
      if (route.validates.params) {
        for (const huge of ['9223372036854775808', '99999999999999999999999999999999']) {
          cases.push({
            name: `the number ${huge} as the id`,
            route,
            url: withParam(route.url, returnId, huge),
            payload: route.method === 'GET' ? undefined : {},
            mayFindNothing: route.method === 'GET',
          });
        }
      }
    }
    // Every number a request carries has a published bound.
    expect(unbounded).toEqual([]);
    expect(cases.length).toBeGreaterThan(500);
    const mismatches: string[] = [];
    for (const c of cases) mismatches.push(...problemMismatches(c, await send(c)));
    expect(mismatches).toEqual([]);
    expect(await counts()).toEqual(before);
  });
  it('takes a return of an order at the limits of every amount: its value is a bigint like every amount, and filters find it', async () => {
    const delivered = new Date(t.clock.now.getTime() - 3 * DAY);
    const big = orderFixture('3099', delivered);
    big.lines = big.lines.slice(0, 1).map((l) => ({ ...l, quantity: 10_000, unitPriceAmount: 1_000_000_000 }));
    const headers = { authorization: `Bearer ${adminKey}` };
    const imported = await t.app.inject({ method: 'POST', url: '/api/v1/orders', headers, payload: big });
    expect(imported.statusCode, imported.body).toBe(201);
    const { orderId } = imported.json() as { orderId: string };
    const bigOrder = (await t.app.inject({ method: 'GET', url: `/api/v1/orders/${orderId}`, headers })).json();
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/returns',
      headers,
      payload: { orderId, lines: [{ orderLineId: bigOrder.lines[0].id, quantity: 3, reasonCode: 'too_small' }] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const found = await t.app.inject({ method: 'GET', url: '/api/v1/returns?minValue=2147483648', headers });
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json().items.map((r: { id: string; value: number }) => [r.id, r.value])).toEqual([
      [created.json().returnId, 3_000_000_000],
    ]);
  });
});
