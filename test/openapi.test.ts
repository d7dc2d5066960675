import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_CATALOGUE } from '../src/app/messaging/eventCatalogue.js';
import { RETURN_STATUSES } from '../src/domain/returnLifecycle.js';
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

  it('documents the payload of every event type the code records as a webhook', async () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
    const recorded = new Set<string>();
    const pattern = /(?:type: |recordOrderEvent\(unit, \w+, |orderEvent\()'([a-z_]+\.[a-z_.]+)'/g;
    for (const f of files('src').filter((f) => f.endsWith('.ts'))) {
      for (const m of readFileSync(f, 'utf8').matchAll(pattern)) recorded.add(m[1] as string);
    }
    // Status changes are named after the status they reach.
    for (const s of RETURN_STATUSES) if (s !== 'requested' && s !== 'under_review') recorded.add(`return.${s}`);
    expect(recorded.size).toBeGreaterThan(50);
    expect([...recorded].filter((type) => !EVENT_CATALOGUE.has(type))).toEqual([]);

    const doc = (await t.request({ method: 'GET', url: '/api/openapi.json' })).json() as {
      webhooks: Record<string, { post: { requestBody: { content: Record<string, { schema: { required: string[] } }> } } }>;
    };
    for (const type of EVENT_CATALOGUE.keys()) {
      const schema = doc.webhooks[type]?.post.requestBody.content['application/json']?.schema;
      expect(schema?.required, type).toEqual(expect.arrayContaining(['id', 'type', 'data', 'occurredAt']));
    }
    expect(JSON.stringify(doc.webhooks['return.approved'])).toContain('Retour-Signature');
  });

  it('serves the browsable docs', async () => {
    const res = await t.request({ method: 'GET', url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger');
  });
});
