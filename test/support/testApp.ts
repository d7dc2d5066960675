import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { AppContext } from '../../src/app/kernel/context.js';
import { loadConfig } from '../../src/config/env.js';
import type { StaffRole } from '../../src/domain/access.js';
import { buildServer } from '../../src/http/server.js';
import { assembleAppContext } from '../../src/runtime/appContext.js';
import { createTestDb, type DbKind } from './databases.js';
import { PASSWORD } from './fixtures.js';
import { followUpRunner } from './followUps.js';
import { TEST_SHOPPER_SECRET } from './testContext.js';

export interface TestClock {
  now: Date;
  advance(ms: number): void;
}

export interface StaffClient {
  cookie: string;
  csrf: string;
}

export interface TestAppOptions {
  /** `after-each-request` (the default): `request` runs the follow-ups of a change (see
   * test/support/followUps.ts) before it answers; `manual`: only `followUps()` does. */
  followUps?: 'after-each-request' | 'manual';
}

/** A real Retour server (no socket: requests go through Fastify's inject) on a fresh database. */
export async function createTestApp(kind: DbKind, env: Record<string, string> = {}, options: TestAppOptions = {}) {
  const handle = await createTestDb(kind);
  const clock: TestClock = {
    now: new Date('2026-06-15T10:00:00Z'),
    advance(ms) {
      this.now = new Date(this.now.getTime() + ms);
    },
  };
  // Photos and other files go to a directory of this app's own.
  const dataDir = mkdtempSync(join(tmpdir(), 'retour-test-'));
  const config = {
    ...loadConfig({
      RETOUR_STRICT_RESPONSES: 'true',
      RETOUR_LOGIN_RATE_LIMIT: '1000',
      RETOUR_LOOKUP_RATE_LIMIT: '1000',
      RETOUR_DATA_DIR: dataDir,
      // The fakes of carriers, shops, providers and webhook receivers listen on 127.0.0.1.
      RETOUR_ALLOW_PRIVATE_URLS: '*',
      ...env,
    }),
  };
  const ctx: AppContext = assembleAppContext(config, handle.db, TEST_SHOPPER_SECRET, { now: () => clock.now });
  const app: FastifyInstance = await buildServer({ config, ctx, logger: false });
  await app.ready();
  const followUps = followUpRunner(ctx, handle);

  async function request(opts: InjectOptions & { staff?: StaffClient; bearer?: string }): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...(opts.headers as Record<string, string>) };
    if (opts.staff) {
      headers.cookie = opts.staff.cookie;
      if (opts.method && opts.method !== 'GET') headers['x-csrf-token'] = opts.staff.csrf;
    }
    if (opts.bearer) headers.authorization = `Bearer ${opts.bearer}`;
    const res = await app.inject({ ...opts, headers });
    // As the workers of `retour serve` would right after the commit: what follows from the
    // change (a refund due on approval) is done before the test looks.
    if (options.followUps !== 'manual' && opts.method && opts.method !== 'GET') await followUps();
    return res;
  }

  async function login(role: StaffRole | string): Promise<StaffClient> {
    const email = role.includes('@') ? role : `${role}@shop.test`;
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: PASSWORD } });
    if (res.statusCode !== 200) throw new Error(`login ${email} failed: ${res.body}`);
    const setCookie = res.headers['set-cookie'];
    const cookie = (Array.isArray(setCookie) ? setCookie[0] : setCookie)?.split(';')[0] ?? '';
    return { cookie, csrf: res.json().csrfToken };
  }

  async function shopperToken(orderNumber: string, email: string): Promise<string> {
    const res = await app.inject({ method: 'POST', url: '/api/v1/shopper/lookup', payload: { orderNumber, email } });
    if (res.statusCode !== 200) throw new Error(`lookup failed: ${res.body}`);
    return res.json().token;
  }

  return {
    app,
    ctx,
    clock,
    handle,
    dataDir,
    request,
    /** Runs what follows from the events written so far until quiet (see followUpRunner). */
    followUps,
    login,
    shopperToken,
    close: async () => {
      await app.close();
      await handle.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;
