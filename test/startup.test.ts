import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from './support/databases.js';
import { runRetour, startRetour } from './support/retourProcess.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function tempPgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `retour_start_${randomBytes(5).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`drop database if exists ${name} with (force)`);
      await d.end();
    },
  };
}

describe.each(DB_KINDS)('starting Retour (%s)', (kind) => {
  it('migrates, prints the URL, serves health, readiness and the API docs, logs JSON with request ids, and stops gracefully', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'retour-start-'));
    dirs.push(dataDir);
    const pgdb = kind === 'postgres' ? await tempPgDatabase() : null;
    const env: Record<string, string> = pgdb ? { DATABASE_URL: pgdb.url } : { RETOUR_DATA_DIR: dataDir };
    try {
      const s = await startRetour(['serve'], env);
      expect((await fetch(`${s.url}/api/health`)).status).toBe(200);
      expect(await (await fetch(`${s.url}/api/ready`)).json()).toEqual({
        status: 'ready',
        process: expect.stringMatching(/^[0-9a-f]{12}$/),
      });
      const openapi = (await (await fetch(`${s.url}/api/openapi.json`)).json()) as {
        openapi: string;
        paths: Record<string, unknown>;
      };
      expect(openapi.openapi).toMatch(/^3\./);
      expect(Object.keys(openapi.paths)).toContain('/api/v1/returns/{id}/approve');
      expect((await fetch(`${s.url}/api/docs/`)).status).toBe(200);
      const secret = 'hunter2-is-not-a-good-password';
      const login = await fetch(`${s.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'req-from-test' },
        body: JSON.stringify({ email: 'nobody@example.nl', password: secret }),
      });
      expect(login.status).toBe(401);
      expect(login.headers.get('x-request-id')).toBe('req-from-test');

      // In-flight requests finish when the process is told to stop.
      const inflight = Promise.all(Array.from({ length: 20 }, () => fetch(`${s.url}/api/ready`).then((r) => r.status)));
      s.child.kill('SIGTERM');
      const statuses = await inflight.catch(() => []);
      expect(statuses.every((st) => st === 200 || st === 503)).toBe(true);
      expect(await s.exit).toBe(0);

      const logs = s
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'));
      expect(logs.length).toBeGreaterThan(0);
      const entries = logs.map((l) => JSON.parse(l) as { reqId?: string; msg?: string });
      expect(entries.some((e) => e.reqId === 'req-from-test')).toBe(true);
      expect(s.output()).not.toContain(secret);
      expect(s.output()).toContain('shutting down');
    } finally {
      await pgdb?.drop();
    }
  });
});

describe('the retour CLI', () => {
  it('migrates, creates a staff user whose login then works, and refuses bad arguments', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'retour-cli-'));
    dirs.push(dataDir);
    const env = { RETOUR_DATA_DIR: dataDir };
    const migrate = await runRetour(['migrate'], env);
    expect(migrate.code).toBe(0);
    expect(migrate.out).toContain('Applied: 0001_foundation');
    expect((await runRetour(['migrate'], env)).out).toContain('up to date');
    expect((await runRetour(['create-user', '--email', 'x@shop.nl'], env)).code).toBe(2);
    expect((await runRetour(['frobnicate'], env)).code).toBe(2);
    const created = await runRetour(['create-user', '--email', 'Ops@Shop.nl', '--name', 'Ops', '--role', 'agent'], env);
    expect(created.code).toBe(0);
    const password = created.out.match(/with password (\S+)/)?.[1];
    expect(password).toBeTruthy();
    const s = await startRetour(['serve'], env);
    try {
      const res = await fetch(`${s.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'ops@shop.nl', password }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('set-cookie')).toMatch(/retour_session=.*HttpOnly/i);
      expect(((await res.json()) as { user: { role: string } }).user.role).toBe('agent');
    } finally {
      s.child.kill('SIGTERM');
      await s.exit;
    }
  });
});

describe('starting with --demo', () => {
  const post = (url: string, body: object, headers: Record<string, string> = {}) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('seeds the demo shop once, prints orders to try and an admin login that work (also on a restart and with `retour demo`), and refunds through the sandbox', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'retour-demo-'));
    dirs.push(dataDir);
    const env = { RETOUR_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    const s = await startRetour(['serve', '--demo'], env);
    let printed: string[] = [];
    try {
      const login = s.output().match(/Demo admin login: (\S+) \/ (\S+)/);
      expect(login?.slice(1)).toEqual(['admin@demo.retour.dev', 'retour-demo-admin']);
      printed = s.output().match(/^ {2}order .+$/gm) ?? [];
      expect(printed).toHaveLength(3);
      expect(s.output()).toContain('sandbox payment provider');

      // Each printed order opens in the portal with what was printed beside it, and has a line that can come back.
      const tokens: string[] = [];
      for (const line of printed) {
        const [, orderNumber, how, value] = line.match(/order (\S+) and (e-mail|postcode) (.+)$/) ?? [];
        const lookup = await post(`${s.url}/api/v1/shopper/lookup`, {
          orderNumber,
          ...(how === 'e-mail' ? { email: value } : { postcode: value }),
        });
        expect(lookup.status, `${line}: ${await lookup.clone().text()}`).toBe(200);
        const { token } = (await lookup.json()) as { token: string };
        const verdict = (await (
          await fetch(`${s.url}/api/v1/shopper/policy-evaluation`, { headers: { authorization: `Bearer ${token}` } })
        ).json()) as { lines: { orderLineId: string; eligible: boolean; resolutions: string[] }[] };
        expect(verdict.lines.some((l) => l.eligible)).toBe(true);
        tokens.push(token);
      }
      expect(printed.filter((l) => l.includes('postcode'))).toHaveLength(1);

      const res = await post(`${s.url}/api/v1/auth/login`, { email: login?.[1], password: login?.[2] });
      expect(res.status).toBe(200);
      const cookie = res.headers.get('set-cookie')?.split(';')[0] ?? '';
      const { csrfToken } = (await res.json()) as { csrfToken: string };
      const staff = { cookie, 'x-csrf-token': csrfToken };
      const list = (await (await fetch(`${s.url}/api/v1/returns?status=closed&limit=5`, { headers: { cookie } })).json()) as {
        items: unknown[];
      };
      expect(list.items).toHaveLength(5);

      // A return of a printed order is refunded at once through the sandbox, without any keys.
      const verdict = (await (
        await fetch(`${s.url}/api/v1/shopper/policy-evaluation`, { headers: { authorization: `Bearer ${tokens[0]}` } })
      ).json()) as { lines: { orderLineId: string; eligible: boolean; resolutions: string[] }[] };
      const line = verdict.lines.find((l) => l.eligible && l.resolutions.includes('refund'));
      expect(line).toBeTruthy();
      const created = await post(
        `${s.url}/api/v1/shopper/returns`,
        { lines: [{ orderLineId: line?.orderLineId, quantity: 1, reasonCode: 'too_small', resolution: 'refund' }] },
        { authorization: `Bearer ${tokens[0]}` },
      );
      expect(created.status, await created.clone().text()).toBe(201);
      const { returnId } = (await created.json()) as { returnId: string };
      const detail = (await (await fetch(`${s.url}/api/v1/returns/${returnId}`, { headers: { cookie } })).json()) as {
        status: string;
        lines: { id: string }[];
      };
      if (detail.status !== 'approved') {
        const approve = await post(
          `${s.url}/api/v1/returns/${returnId}/approve`,
          { lines: detail.lines.map((l) => ({ returnLineId: l.id })) },
          staff,
        );
        expect(approve.status, await approve.clone().text()).toBe(200);
      }
      const settled = await post(`${s.url}/api/v1/returns/${returnId}/settle`, {}, staff);
      expect(settled.status, await settled.clone().text()).toBe(200);
      const [settlement] = ((await settled.json()) as { settlements: { provider: string; status: string; reference: string }[] })
        .settlements;
      expect(settlement).toMatchObject({ provider: 'sandbox', status: 'succeeded' });
      expect(settlement?.reference).toMatch(/^sbx_re_/);
    } finally {
      await s.stop();
    }

    // A second start finds the data, does not seed again, and prints the demo again (the order
    // returned above is no longer offered).
    const again = await startRetour(['serve', '--demo'], env);
    try {
      expect(again.output()).toContain('demo data already present');
      expect(again.output()).toContain('Demo admin login: admin@demo.retour.dev / retour-demo-admin');
      expect(again.output()).toContain('This password is public');
      const now = again.output().match(/^ {2}order .+$/gm) ?? [];
      expect(now).toHaveLength(3);
      expect(now).not.toContain(printed[0]);

      // `retour demo` beside the running server prints what it printed.
      const demo = await runRetour(['demo'], env);
      expect(demo.code, demo.out).toBe(0);
      expect(demo.out).toContain(`As printed by the server running at ${again.url}`);
      for (const line of now) expect(demo.out).toContain(line);
      expect(demo.out).toContain('Demo admin login: admin@demo.retour.dev / retour-demo-admin');
    } finally {
      await again.stop();
    }
    // And on its own it reads them from the database.
    const alone = await runRetour(['demo'], env);
    expect(alone.code, alone.out).toBe(0);
    expect(alone.out.match(/^ {2}order .+$/gm)).toHaveLength(3);
    expect(alone.out).toContain('Demo admin login: admin@demo.retour.dev / retour-demo-admin');
  });
});
