import Fastify from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { registerProblemHandling } from '../src/http/problem.js';
import { jsonDifference, responseSerializerCompiler } from '../src/http/responseSerializer.js';
import { instant } from '../src/http/routes/common.js';
import { createTestApp, type TestApp } from './support/testApp.js';

/** Routes that answer with files Fastify's static plugin or the docs UI serves themselves. */
const SERVED_FILES = /^\/(api\/docs|assets|admin|portal)?(\/|$)|\*/;

describe('response schemas', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite');
  });
  afterAll(() => t?.close());

  it('every API route declares the answer of each success status', () => {
    const missing = t.app.retourRoutes
      .filter((r) => r.url.startsWith('/api/') && !SERVED_FILES.test(r.url))
      .filter((r) => r.responds.length === 0)
      .map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
  });

  it('the OpenAPI document describes every success answer', async () => {
    const doc = (await t.request({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, { responses?: Record<string, { content?: unknown }> }>>;
    };
    const undocumented: string[] = [];
    for (const route of t.app.retourRoutes) {
      if (!route.url.startsWith('/api/v1')) continue;
      const op = doc.paths[route.url.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
      const success = Object.entries(op?.responses ?? {}).filter(([status]) => status.startsWith('2'));
      if (success.length === 0 || success.some(([status, r]) => status !== '204' && !r.content))
        undocumented.push(`${route.method} ${route.url}`);
    }
    expect(undocumented).toEqual([]);
  });
});

describe('a response that does not match its schema', () => {
  const answer = z.object({ id: z.string(), at: instant, total: z.number() });
  const server = async (strict: boolean, body: unknown) => {
    const app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(responseSerializerCompiler({ strict }));
    registerProblemHandling(app, { explainResponseErrors: strict });
    app.get('/x', { schema: { response: { 200: answer } } }, async () => body);
    await app.ready();
    return app;
  };

  it('is refused in strict mode, naming where it differs', async () => {
    const app = await server(true, { id: 'r1', at: new Date(0), total: 5, secret: 'x' });
    const res = await app.inject('/x');
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ code: 'RESPONSE_SCHEMA_MISMATCH' });
    expect(res.json().detail).toContain('.secret (not in the schema)');
    await app.close();
  });

  it('is refused when a value has the wrong type, strict or not', async () => {
    for (const strict of [true, false]) {
      const app = await server(strict, { id: 'r1', at: new Date(0), total: '5' });
      const res = await app.inject('/x');
      expect(res.statusCode).toBe(500);
      expect(res.json().code).toBe('RESPONSE_SCHEMA_MISMATCH');
      await app.close();
    }
  });

  it('leaves only what is declared outside strict mode, with dates as ISO strings', async () => {
    const app = await server(false, { id: 'r1', at: new Date(0), total: 5, secret: 'x' });
    const res = await app.inject('/x');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: 'r1', at: '1970-01-01T00:00:00.000Z', total: 5 });
    await app.close();
  });

  it('compares JSON as the client reads it', () => {
    expect(jsonDifference({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBeNull();
    expect(jsonDifference({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] })).toBe('.a[1].b');
    expect(jsonDifference({ a: 1 }, { a: 1, b: null })).toBe('.b (added by the schema)');
    expect(jsonDifference({ a: 1, u: undefined }, { a: 1 })).toBeNull();
  });
});
