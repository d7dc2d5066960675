import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from './support/databases.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
  exit: Promise<number | null>;
}

/** Starts `retour` as a user would and waits for the line that says where it runs. */
function startRetour(args: string[], env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['bin/retour.js', ...args], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed:\n${out}`)), 90_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = out.match(/Retour is running at (http:\/\/\S+)/);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: match[1], output: () => out, exit });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exit.then((code) => reject(new Error(`exited with ${code}:\n${out}`)));
  });
}

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
      expect(await (await fetch(`${s.url}/api/ready`)).json()).toEqual({ status: 'ready' });
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

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/retour.js', ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('the retour CLI', () => {
  it('migrates, creates a staff user whose login then works, and refuses bad arguments', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'retour-cli-'));
    dirs.push(dataDir);
    const env = { RETOUR_DATA_DIR: dataDir };
    const migrate = await runCli(['migrate'], env);
    expect(migrate.code).toBe(0);
    expect(migrate.out).toContain('Applied: 0001_foundation');
    expect((await runCli(['migrate'], env)).out).toContain('up to date');
    expect((await runCli(['create-user', '--email', 'x@shop.nl'], env)).code).toBe(2);
    expect((await runCli(['frobnicate'], env)).code).toBe(2);
    const created = await runCli(['create-user', '--email', 'Ops@Shop.nl', '--name', 'Ops', '--role', 'agent'], env);
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
  it('seeds the demo shop once, prints an admin login that works, and shows its returns', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'retour-demo-'));
    dirs.push(dataDir);
    const s = await startRetour(['serve', '--demo'], { RETOUR_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    try {
      const login = s.output().match(/Demo admin login: (\S+) \/ (\S+)/);
      expect(login).toBeTruthy();
      const res = await fetch(`${s.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: login?.[1], password: login?.[2] }),
      });
      expect(res.status).toBe(200);
      const cookie = res.headers.get('set-cookie')?.split(';')[0] ?? '';
      const list = (await (await fetch(`${s.url}/api/v1/returns?status=closed&limit=5`, { headers: { cookie } })).json()) as {
        items: unknown[];
      };
      expect(list.items).toHaveLength(5);
    } finally {
      s.child.kill('SIGTERM');
      await s.exit;
    }
    // A second start finds the data and does not seed again.
    const again = await startRetour(['serve', '--demo'], { RETOUR_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    try {
      expect(again.output()).toContain('demo data already present');
    } finally {
      again.child.kill('SIGTERM');
      await again.exit;
    }
  });
});
