import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CredentialBox } from '../src/app/kernel/credentialBox.js';
import { startKeyHeartbeat } from '../src/app/kernel/keyHolders.js';
import { rotateKeyCommand } from '../src/cli/rotateKeyCommand.js';
import { DB_KINDS } from './support/databases.js';
import { seedStaff } from './support/fixtures.js';
import { runRetour, startRetour } from './support/retourProcess.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

const noInput = { env: {}, stdin: Readable.from([]) };

/** Output of console.log and console.error while `run` runs. */
async function quietly<T>(run: () => Promise<T>): Promise<{ result: T; out: string }> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    const result = await run();
    return { result, out: [...log.mock.calls, ...error.mock.calls].flat().join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

async function webhookSecrets(t: TestApp): Promise<string[]> {
  const rows = await t.ctx.db.selectFrom('webhook_endpoints').select('secret').orderBy('created_at').execute();
  return rows.map((r) => r.secret as string);
}

async function addWebhook(t: TestApp, admin: StaffClient, path: string) {
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/webhook-endpoints',
    staff: admin,
    payload: { url: `https://hooks.example.com/${path}`, eventTypes: ['return.created'] },
  });
  expect(res.statusCode, res.body).toBe(201);
}

const fileKeys = (dataDir: string) => readFileSync(join(dataDir, 'credentials.key'), 'utf8').split(',');

describe.each(DB_KINDS)('key file rotation with a server running (%s)', (kind) => {
  let dataDir: string;
  let t: TestApp;
  let admin: StaffClient;
  const fileMode = () => ({ encryptionKey: undefined, dataDir });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'retour-rotate-guard-'));
    writeFileSync(join(dataDir, 'credentials.key'), 'file-key-A');
    t = await createTestApp(kind, { RETOUR_DATA_DIR: dataDir });
    await seedStaff(t.ctx, ['admin']);
    admin = await t.login('admin');
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('seals under the key rotate-key put first, before and after --drop-old, so every secret opens', async () => {
    // The server loads the old key alone by sealing with it.
    await addWebhook(t, admin, 'before');
    expect((await quietly(() => rotateKeyCommand(t.ctx, fileMode(), {}, noInput))).result).toBe(0);
    const [newKey] = fileKeys(dataDir);
    const fresh = new CredentialBox(newKey ?? '');
    // The server has opened nothing under the new key, yet seals with it.
    expect(fresh.sealedUnderSealingKey(t.ctx.credentialBox.seal('whsec_during'))).toBe(true);
    await addWebhook(t, admin, 'during');

    const dropped = await quietly(() => rotateKeyCommand(t.ctx, fileMode(), { 'drop-old': true }, noInput));
    expect(dropped.result, dropped.out).toBe(0);
    expect(fileKeys(dataDir)).toEqual([newKey]);
    expect(fresh.sealedUnderSealingKey(t.ctx.credentialBox.seal('whsec_after'))).toBe(true);
    await addWebhook(t, admin, 'after');
    const secrets = await webhookSecrets(t);
    for (const secret of secrets) expect(() => fresh.open(secret)).not.toThrow();
    for (const secret of secrets) expect(() => t.ctx.credentialBox.open(secret)).not.toThrow();
  });

  it('refuses --drop-old, with the count, while a secret is still under an old key', async () => {
    await addWebhook(t, admin, 'refused');
    expect((await quietly(() => rotateKeyCommand(t.ctx, fileMode(), {}, noInput))).result).toBe(0);
    const keys = fileKeys(dataDir);
    // A value sealed under the old key after the re-sealing (by a process that had not seen the new file).
    const [first] = await t.ctx.db.selectFrom('webhook_endpoints').select('id').limit(1).execute();
    await t.ctx.db
      .updateTable('webhook_endpoints')
      .set({ secret: new CredentialBox(keys[1] ?? '').seal('whsec_late') })
      .where('id', '=', first?.id ?? '')
      .execute();
    const refused = await quietly(() => rotateKeyCommand(t.ctx, fileMode(), { 'drop-old': true }, noInput));
    expect(refused.result).toBe(1);
    expect(refused.out).toMatch(/1 stored secret\(s\) still need an old key \(webhook_endpoints\.secret: 1\)/);
    expect(fileKeys(dataDir)).toEqual(keys);
  });

  it('takes the new key from standard input with --new-key -, or from RETOUR_NEW_ENCRYPTION_KEY', async () => {
    const fromStdin = { env: {}, stdin: Readable.from(['key-from-stdin\n']) };
    expect((await quietly(() => rotateKeyCommand(t.ctx, fileMode(), { 'new-key': '-' }, fromStdin))).result).toBe(0);
    expect(fileKeys(dataDir)[0]).toBe('key-from-stdin');
    const fromEnv = { env: { RETOUR_NEW_ENCRYPTION_KEY: 'key-from-env' }, stdin: Readable.from([]) };
    expect((await quietly(() => rotateKeyCommand(t.ctx, fileMode(), {}, fromEnv))).result).toBe(0);
    expect(fileKeys(dataDir)[0]).toBe('key-from-env');
    const empty = await quietly(() => rotateKeyCommand(t.ctx, fileMode(), { 'new-key': '-' }, noInput));
    expect(empty.result).toBe(2);
    expect(empty.out).toMatch(/standard input, which was empty/);
    expect(fileKeys(dataDir)[0]).toBe('key-from-env');
  });
});

describe.each(DB_KINDS)('rotate-key with RETOUR_ENCRYPTION_KEY and processes running (%s)', (kind) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(kind, { RETOUR_ENCRYPTION_KEY: 'key-A' });
    await seedStaff(t.ctx, ['admin']);
    await addWebhook(t, await t.login('admin'), 'env');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses, naming them, while a live process lacks the new key, and re-seals once none does', async () => {
    const config = { encryptionKey: 'key-B,key-A', dataDir: t.dataDir };
    const before = await webhookSecrets(t);
    const oldOnly = await startKeyHeartbeat(t.ctx.db, () => new CredentialBox('key-A').keyIds);
    const both = await startKeyHeartbeat(t.ctx.db, () => new CredentialBox('key-B,key-A').keyIds);
    try {
      const refused = await quietly(() => rotateKeyCommand(t.ctx, config, {}, noInput));
      expect(refused.result).toBe(1);
      expect(refused.out).toMatch(/1 running process\(es\) do not have the new key/);
      expect(refused.out).toContain(`:${process.pid} (keys ${new CredentialBox('key-A').sealingKeyId})`);
      expect(await webhookSecrets(t)).toEqual(before);
    } finally {
      await oldOnly();
    }
    const done = await quietly(() => rotateKeyCommand(t.ctx, config, {}, noInput));
    await both();
    expect(done.result, done.out).toBe(0);
    const keyB = new CredentialBox('key-B');
    for (const secret of await webhookSecrets(t)) expect(keyB.sealedUnderSealingKey(secret)).toBe(true);
  });

  it.runIf(kind === 'postgres')('counts a `retour serve` started with the old key alone', async () => {
    const env = { DATABASE_URL: t.handle.url ?? '', RETOUR_DATA_DIR: t.dataDir, RETOUR_WORKERS: 'off' };
    // Every key a test here may have sealed under, but the new one.
    const server = await startRetour(['serve'], { ...env, RETOUR_ENCRYPTION_KEY: 'key-C,key-B,key-A' });
    let refused: { code: number | null; out: string };
    try {
      refused = await runRetour(['rotate-key'], { ...env, RETOUR_ENCRYPTION_KEY: 'key-D,key-C,key-B,key-A' });
    } finally {
      await server.stop();
    }
    expect(refused.code, refused.out).toBe(1);
    expect(refused.out).toContain(`:${server.child.pid} (keys ${new CredentialBox('key-C,key-B,key-A').keyIds.join(', ')})`);
    // Stopped, it no longer counts.
    const run = await runRetour(['rotate-key'], { ...env, RETOUR_ENCRYPTION_KEY: 'key-D,key-C,key-B,key-A' });
    expect(run.code, run.out).toBe(0);
  });
});
