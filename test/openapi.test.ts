import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/testApp.js';

describe('OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite');
  });
  afterAll(() => t?.close());

  it('documents every API route with a summary, and its request schemas', async () => {
    const res = await t.request({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as {
      openapi: string;
      paths: Record<string, Record<string, { summary?: string; requestBody?: unknown }>>;
    };
    expect(doc.openapi).toMatch(/^3\./);
    const missing: string[] = [];
    for (const route of t.app.retourRoutes) {
      if (!route.url.startsWith('/api/v1')) continue;
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      const op = doc.paths[path]?.[route.method.toLowerCase()];
      if (!op?.summary) missing.push(`${route.method} ${route.url}`);
    }
    expect(missing).toEqual([]);
    expect(doc.paths['/api/v1/shopper/returns']?.post?.requestBody).toBeTruthy();
  });

  it('serves the browsable docs', async () => {
    const res = await t.request({ method: 'GET', url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger');
  });
});
