import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/testApp.js';

/** A path with its parameters unnamed: the listing names a parameter by every name the routes
 * sharing its segment give it (`:id|:connectionId`). */
const unnamed = (path: string) => path.replace(/:[^/]+/g, ':');

/** The POST routes the router holds, each with the names of its preHandler hooks, read from
 * Fastify's own listing (a tree of path segments, each route followed by its hooks). */
function postRoutesWithPreHandlers(listing: string): Map<string, string[]> {
  const routes = new Map<string, string[]>();
  const paths: string[] = [];
  let current: string | null = null;
  for (const line of listing.split('\n')) {
    const branch = line.indexOf('── ');
    const hook = /• \(preHandler\) (\[.*\])$/.exec(line);
    if (hook && current !== null) {
      routes.set(current, JSON.parse(hook[1] as string) as string[]);
    } else if (branch >= 0 && !line.includes('•')) {
      const depth = (branch - 1) / 4;
      const match = /^(.*) \(([A-Z, ]+)\)$/.exec(line.slice(branch + 3));
      const segment = match ? (match[1] as string) : line.slice(branch + 3);
      paths[depth] = (depth > 0 ? (paths[depth - 1] ?? '') : '') + segment;
      paths.length = depth + 1;
      current = match ? unnamed(paths[depth] as string) : null;
      if (current !== null && !routes.has(current)) routes.set(current, []);
    }
  }
  return routes;
}

describe('Idempotency-Key on POST routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite');
    await t.app.ready();
  });
  afterAll(() => t?.close());

  it('claims the key on every POST route but those marked idempotent: false', () => {
    // The claim is attached as each route is added: a route added before the idempotency hook
    // would silently take keys and run twice on a retry.
    const listed = postRoutesWithPreHandlers(
      t.app.printRoutes({ method: 'POST', includeHooks: true, commonPrefix: false } as Parameters<typeof t.app.printRoutes>[0]),
    );
    const declared = t.app.retourRoutes.filter((r) => r.method === 'POST');
    // Every route the router holds is one the server declared, so none escapes the check below.
    expect([...listed.keys()].sort()).toEqual(declared.map((r) => unnamed(r.url)).sort());
    expect(declared.length).toBeGreaterThan(40);

    const wrong = declared
      .filter((r) => (listed.get(unnamed(r.url)) ?? []).includes('claim()') !== r.idempotent)
      .map((r) => `POST ${r.url} (idempotent: ${r.idempotent})`);
    expect(wrong).toEqual([]);
    // Both kinds exist, so the comparison says something.
    expect(declared.some((r) => !r.idempotent)).toBe(true);
    expect(declared.filter((r) => r.idempotent).length).toBeGreaterThan(40);
  });
});
