import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { countStaleSecrets, resealSecrets, SEALED_COLUMNS } from '../src/app/admin/resealSecrets.js';
import { CredentialBox } from '../src/app/kernel/credentialBox.js';
import { rotateKeyCommand } from '../src/cli/rotateKeyCommand.js';
import { loadConfig } from '../src/config/env.js';
import type { RetourDb } from '../src/db/connection.js';
import { buildServer } from '../src/http/server.js';
import { assembleAppContext } from '../src/runtime/appContext.js';
import { DB_KINDS } from './support/databases.js';
import { seedStaff } from './support/fixtures.js';
import { runRetour } from './support/retourProcess.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';
import { TEST_SHOPPER_SECRET } from './support/testContext.js';

/** Every sealed value stored, by table and column. */
async function sealedValues(db: RetourDb): Promise<{ where: string; value: string }[]> {
  const found: { where: string; value: string }[] = [];
  for (const c of SEALED_COLUMNS) {
    const { rows } = await sql<{ found: string | null }>`select to_regclass(${c.table})::text as found`.execute(db);
    if (!rows[0]?.found) continue;
    const values = await sql<{ v: string }>`select ${sql.ref(c.column)} as v from ${sql.table(c.table)}
      where ${sql.ref(c.column)} is not null`.execute(db);
    for (const { v } of values.rows) found.push({ where: `${c.table}.${c.column}`, value: v });
  }
  return found;
}

/** A server over the same database whose processes run with `keys` (RETOUR_ENCRYPTION_KEY). */
async function serverWith(t: TestApp, keys: string) {
  const config = loadConfig({ RETOUR_ENCRYPTION_KEY: keys, RETOUR_DATA_DIR: t.dataDir, RETOUR_ALLOW_PRIVATE_URLS: '*' });
  const ctx = assembleAppContext(config, t.handle.db, TEST_SHOPPER_SECRET, { now: () => t.clock.now });
  const app = await buildServer({ config, ctx, logger: false });
  await app.ready();
  return { ctx, app };
}

/** Secrets of every kind, saved through the API under the app's key. */
async function seedSecrets(t: TestApp, admin: StaffClient) {
  const made = [
    await t.request({
      method: 'PUT',
      url: '/api/v1/payment-providers/sandbox',
      staff: admin,
      payload: { apiKey: 'sandbox_test', baseUrl: 'https://sandbox.example' },
    }),
    await t.request({
      method: 'POST',
      url: '/api/v1/carriers',
      staff: admin,
      payload: { carrier: 'sendcloud', name: 'Sendcloud', apiKey: 'sc-key-12345', apiSecret: 'sc-secret-12345' },
    }),
    await t.request({
      method: 'POST',
      url: '/api/v1/connections',
      staff: admin,
      payload: {
        platform: 'shopify',
        name: 'Shop',
        shop: 'noord.myshopify.com',
        apiKey: 'shpat_rotate_1234',
        webhookSecret: 'shpss_rotate_1234',
      },
    }),
    await t.request({
      method: 'POST',
      url: '/api/v1/webhook-endpoints',
      staff: admin,
      payload: { url: 'https://hooks.example.com/in', eventTypes: ['return.created'] },
    }),
    await t.request({
      method: 'POST',
      url: '/api/v1/webhook-endpoints',
      staff: admin,
      payload: { url: 'https://hooks.example.com/two', eventTypes: ['return.created'] },
    }),
    await t.request({ method: 'POST', url: '/api/v1/auth/two-factor/enrolment', staff: admin, payload: {} }),
  ];
  for (const res of made) expect(res.statusCode, res.body).toBeLessThan(300);
}

describe.each(DB_KINDS)('retour rotate-key (%s)', (kind) => {
  let t: TestApp;
  let admin: StaffClient;

  beforeAll(async () => {
    t = await createTestApp(kind, { RETOUR_ENCRYPTION_KEY: 'key-A' });
    await seedStaff(t.ctx, ['admin']);
    admin = await t.login('admin');
    await seedSecrets(t, admin);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('re-seals every sealed column under the new key while a server with both keys serves', async () => {
    const before = await sealedValues(t.ctx.db);
    expect(new Set(before.map((b) => b.where))).toEqual(
      new Set([
        'payment_providers.credentials',
        'carrier_connections.credentials',
        'shop_connections.credentials',
        'webhook_endpoints.secret',
        'staff_two_factor.secret_sealed',
      ]),
    );
    const keyA = new CredentialBox('key-A');
    expect(before.every((b) => keyA.sealedUnderSealingKey(b.value))).toBe(true);
    // A value sealed before sealed values named their key (v1) is opened by the old key too.
    const provider = before.find((b) => b.where === 'payment_providers.credentials')?.value ?? '';
    await t.ctx.db
      .updateTable('payment_providers')
      .set({ credentials: provider.replace(/^v2\.[^.]+\./, 'v1.') })
      .execute();

    // The servers restarted with "B,A": they seal with B and open both.
    const serving = await serverWith(t, 'key-B,key-A');
    const readsEverything = async () => {
      const providers = await serving.app.inject({
        method: 'GET',
        url: '/api/v1/payment-providers',
        headers: { cookie: admin.cookie },
      });
      expect(providers.statusCode, providers.body).toBe(200);
      expect(providers.json().items.find((p: { provider: string }) => p.provider === 'sandbox').baseUrl).toBe(
        'https://sandbox.example',
      );
      const carriers = await serving.app.inject({ method: 'GET', url: '/api/v1/carriers', headers: { cookie: admin.cookie } });
      expect(carriers.statusCode, carriers.body).toBe(200);
      for (const { value } of await sealedValues(t.ctx.db)) expect(() => serving.ctx.credentialBox.open(value)).not.toThrow();
    };
    const boxB = new CredentialBox('key-B,key-A');
    const seen: string[] = [];
    const results = await resealSecrets(t.ctx.db, boxB, {
      batchSize: 1,
      onProgress: async (p) => {
        seen.push(`${p.table} ${p.resealed}/${p.total}`);
        // Mid-way: some values under B, the others still under A; the server reads them all.
        if (seen.length === 3) await readsEverything();
      },
    });
    expect(seen.length).toBeGreaterThanOrEqual(6);
    expect(seen).toContain('webhook_endpoints 2/2');
    expect(results.reduce((n, r) => n + r.resealed, 0)).toBe(before.length);
    expect(results.every((r) => r.unreadable === 0)).toBe(true);

    const after = await sealedValues(t.ctx.db);
    expect(after).toHaveLength(before.length);
    for (const { where, value } of after) expect(value, where).toMatch(new RegExp(`^v2\\.${boxB.sealingKeyId}\\.`));
    expect((await countStaleSecrets(t.ctx.db, boxB)).every((c) => c.total === 0)).toBe(true);
    // A second pass has nothing to do.
    expect((await resealSecrets(t.ctx.db, boxB)).reduce((n, r) => n + r.resealed, 0)).toBe(0);
    await serving.app.close();

    // A server with only the new key reads everything; the old key alone reads nothing.
    const onlyB = await serverWith(t, 'key-B');
    const providers = await onlyB.app.inject({
      method: 'GET',
      url: '/api/v1/payment-providers',
      headers: { cookie: admin.cookie },
    });
    expect(providers.statusCode, providers.body).toBe(200);
    const carriers = await onlyB.app.inject({ method: 'GET', url: '/api/v1/carriers', headers: { cookie: admin.cookie } });
    expect(carriers.statusCode, carriers.body).toBe(200);
    for (const { value } of after) expect(() => onlyB.ctx.credentialBox.open(value)).not.toThrow();
    await onlyB.app.close();
    expect(() => new CredentialBox('key-A').open(after[0]?.value ?? '')).toThrow(
      /does not have: add it to RETOUR_ENCRYPTION_KEY/,
    );
  });

  it('fails clearly with a wrong key, changing nothing', async () => {
    const stored = await sealedValues(t.ctx.db);
    const wrong = new CredentialBox('key-C');
    expect(() => wrong.open(stored[0]?.value ?? '')).toThrow(expect.objectContaining({ code: 'CREDENTIALS_UNREADABLE' }));
    // v1 values carry no key id: a wrong key still says it cannot open them.
    expect(() => wrong.open((stored[0]?.value ?? '').replace(/^v2\.[^.]+\./, 'v1.'))).toThrow(/cannot be opened/);
    const results = await resealSecrets(t.ctx.db, new CredentialBox('key-D,key-C'));
    expect(results.reduce((n, r) => n + r.unreadable, 0)).toBe(stored.length);
    expect(results.reduce((n, r) => n + r.resealed, 0)).toBe(0);
    expect(await sealedValues(t.ctx.db)).toEqual(stored);
  });

  it.runIf(kind === 'postgres')('runs as `retour rotate-key` against the database', async () => {
    const run = await runRetour(['rotate-key', '--batch', '1'], {
      DATABASE_URL: t.handle.url ?? '',
      RETOUR_ENCRYPTION_KEY: 'key-E,key-B',
      RETOUR_DATA_DIR: t.dataDir,
    });
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(/webhook_endpoints\.secret\s+2 re-sealed/);
    expect(run.out).toMatch(/old key may be dropped from RETOUR_ENCRYPTION_KEY/);
    const keyE = new CredentialBox('key-E');
    for (const { value } of await sealedValues(t.ctx.db)) expect(keyE.sealedUnderSealingKey(value)).toBe(true);
    // Again: nothing left to do.
    const again = await runRetour(['rotate-key'], {
      DATABASE_URL: t.handle.url ?? '',
      RETOUR_ENCRYPTION_KEY: 'key-E,key-B',
      RETOUR_DATA_DIR: t.dataDir,
    });
    expect(again.code, again.out).toBe(0);
    expect(again.out).toMatch(/webhook_endpoints\.secret\s+0 re-sealed/);
  });
});

describe.each(DB_KINDS)('retour rotate-key with the key file of the data directory (%s)', (kind) => {
  let t: TestApp;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'retour-rotate-'));
    writeFileSync(join(dataDir, 'credentials.key'), 'file-key-A');
    // No RETOUR_ENCRYPTION_KEY: the key file seals.
    t = await createTestApp(kind, { RETOUR_DATA_DIR: dataDir });
    await seedStaff(t.ctx, ['admin']);
    await seedSecrets(t, await t.login('admin'));
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('puts a new key first in the file, re-seals, and the running server goes on reading', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const config = { encryptionKey: undefined, dataDir };
    try {
      expect(await rotateKeyCommand(t.ctx, config, { batch: '2' })).toBe(0);
      const keys = readFileSync(join(dataDir, 'credentials.key'), 'utf8').split(',');
      expect(keys).toHaveLength(2);
      expect(keys[1]).toBe('file-key-A');
      const box = new CredentialBox(keys.join(','));
      for (const { value } of await sealedValues(t.ctx.db)) {
        expect(box.sealedUnderSealingKey(value)).toBe(true);
        // This app loaded the old key alone when it started: it finds the new one in the file.
        expect(() => t.ctx.credentialBox.open(value)).not.toThrow();
      }
      const carriers = await t.request({ method: 'GET', url: '/api/v1/carriers', staff: await t.login('admin') });
      expect(carriers.statusCode, carriers.body).toBe(200);
      expect(log.mock.calls.flat().join('\n')).toMatch(/--drop-old/);

      expect(await rotateKeyCommand(t.ctx, config, { 'drop-old': true })).toBe(0);
      expect(readFileSync(join(dataDir, 'credentials.key'), 'utf8')).toBe(keys[0]);
      const fresh = new CredentialBox(keys[0] ?? '');
      for (const { value } of await sealedValues(t.ctx.db)) expect(() => fresh.open(value)).not.toThrow();
    } finally {
      log.mockRestore();
    }
  });

  it('with RETOUR_ENCRYPTION_KEY of one key, prints a new one and what to do, re-sealing nothing yet', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const stored = await sealedValues(t.ctx.db);
      expect(await rotateKeyCommand(t.ctx, { encryptionKey: 'env-key', dataDir }, {})).toBe(0);
      expect(log.mock.calls.flat().join('\n')).toMatch(/A new encryption key: \S{20,}/);
      expect(await rotateKeyCommand(t.ctx, { encryptionKey: 'env-key', dataDir }, { 'new-key': 'elsewhere' })).toBe(2);
      expect(error.mock.calls.flat().join('\n')).toMatch(/put the new key first in RETOUR_ENCRYPTION_KEY/);
      expect(await sealedValues(t.ctx.db)).toEqual(stored);
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  });
});
