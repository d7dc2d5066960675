import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { claimDataDir, DataDirInUseError, OWNER_LOCK_FILE } from '../src/db/dataDirOwner.js';
import { runRetour, startRetour } from './support/retourProcess.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'retour-owner-'));
  dirs.push(d);
  return d;
};

/** The pid of a process that has ended. */
function deadPid(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', '']);
    child.on('exit', () => resolve(child.pid as number));
  });
}

describe('one process owns an embedded database', () => {
  it('a CLI command and a second server on the data dir of a running server refuse at once, naming it, and write nothing', async () => {
    const dataDir = tempDir();
    const env = { RETOUR_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    const server = await startRetour(['serve'], env);
    try {
      const lock = JSON.parse(readFileSync(join(dataDir, OWNER_LOCK_FILE), 'utf8'));
      expect(lock).toMatchObject({ pid: server.child.pid, command: 'retour serve', url: server.url });

      const password = 'a-password-of-the-ops-user';
      const created = await runRetour(['create-user', '--email', 'ops@shop.nl', '--role', 'admin', '--password', password], env);
      expect(created.code).toBe(1);
      expect(created.out).not.toContain('Created');
      expect(created.out).toContain('is in use by `retour serve`');
      expect(created.out).toContain(`pid ${server.child.pid}`);
      expect(created.out).toContain(`serving ${server.url}`);
      expect(created.out).not.toContain(password);

      const migrate = await runRetour(['migrate'], env);
      expect(migrate.code).toBe(1);
      expect(migrate.out).toContain('is in use by `retour serve`');
      const worker = await runRetour(['worker'], env);
      expect(worker.code).toBe(1);
      expect(worker.out).toContain(`is in use by \`retour serve\` (pid ${server.child.pid}`);

      const second = await startRetour(['serve'], env).then(
        async (s) => {
          await s.stop();
          return null;
        },
        (err: Error) => err,
      );
      expect(second?.message).toContain('exited with 1');
      expect(second?.message).toContain(`is in use by \`retour serve\` (pid ${server.child.pid}`);

      // The running server is unharmed and still the owner; the refused user exists nowhere.
      expect((await fetch(`${server.url}/api/ready`)).status).toBe(200);
      const login = await fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'ops@shop.nl', password }),
      });
      expect(login.status).toBe(401);
      expect(JSON.parse(readFileSync(join(dataDir, OWNER_LOCK_FILE), 'utf8')).pid).toBe(server.child.pid);
    } finally {
      expect(await server.stop()).toBe(0);
    }

    // A clean stop gives the directory up: the same command now works, and its user can log in.
    expect(existsSync(join(dataDir, OWNER_LOCK_FILE))).toBe(false);
    const password = 'a-password-of-the-ops-user';
    const created = await runRetour(['create-user', '--email', 'ops@shop.nl', '--role', 'admin', '--password', password], env);
    expect(created.code, created.out).toBe(0);
    expect(existsSync(join(dataDir, OWNER_LOCK_FILE))).toBe(false);
    const again = await startRetour(['serve'], env);
    try {
      const login = await fetch(`${again.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'ops@shop.nl', password }),
      });
      expect(login.status).toBe(200);
    } finally {
      await again.stop();
    }
  });

  it('takes over the lock a killed process left behind', async () => {
    const dataDir = tempDir();
    const lockPath = join(dataDir, OWNER_LOCK_FILE);
    const server = await startRetour(['serve'], { RETOUR_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    server.child.kill('SIGKILL');
    await server.exit;
    expect(JSON.parse(readFileSync(lockPath, 'utf8')).pid).toBe(server.child.pid);

    const migrate = await runRetour(['migrate'], { RETOUR_DATA_DIR: dataDir });
    expect(migrate.code, migrate.out).toBe(0);
    expect(migrate.out).not.toContain('in use');
    expect(existsSync(lockPath)).toBe(false);
  });
});

describe('the data dir owner lock', () => {
  it('refuses a second claim while the first holds, and is free again once released', () => {
    const dir = tempDir();
    const first = claimDataDir(dir, 'retour serve');
    first.update({ url: 'http://127.0.0.1:3999' });
    let refused: unknown;
    try {
      claimDataDir(dir, 'retour migrate');
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(DataDirInUseError);
    expect((refused as DataDirInUseError).owner).toMatchObject({
      pid: process.pid,
      command: 'retour serve',
      url: 'http://127.0.0.1:3999',
    });
    first.release();
    expect(existsSync(join(dir, OWNER_LOCK_FILE))).toBe(false);
    const second = claimDataDir(dir, 'retour migrate');
    expect(JSON.parse(readFileSync(join(dir, OWNER_LOCK_FILE), 'utf8')).command).toBe('retour migrate');
    second.release();
  });

  it('takes over the lock of a pid that is gone, of an earlier run of this pid, and an unreadable one', async () => {
    const dir = tempDir();
    const lockPath = join(dir, OWNER_LOCK_FILE);
    const left = (pid: number, token = 'old') =>
      writeFileSync(
        lockPath,
        JSON.stringify({ pid, host: hostname(), command: 'retour serve', startedAt: '2026-01-01T00:00:00Z', token }),
      );
    for (const write of [async () => left(await deadPid()), () => left(process.pid), () => writeFileSync(lockPath, '{')]) {
      await write();
      const claim = claimDataDir(dir, 'retour migrate');
      expect(JSON.parse(readFileSync(lockPath, 'utf8'))).toMatchObject({ pid: process.pid, command: 'retour migrate' });
      claim.release();
    }
    // A live process's lock stands (this test runner's parent is alive).
    left(process.ppid);
    expect(() => claimDataDir(dir, 'retour migrate')).toThrow(DataDirInUseError);
  });

  it('judges a lock of another host by whether its owner still touches it', () => {
    const dir = tempDir();
    const lockPath = join(dir, OWNER_LOCK_FILE);
    writeFileSync(
      lockPath,
      JSON.stringify({ pid: 1, host: 'elsewhere', command: 'retour serve', startedAt: '2026-01-01T00:00:00Z', token: 'x' }),
    );
    expect(() => claimDataDir(dir, 'retour migrate')).toThrow(/on elsewhere/);
    const longAgo = new Date(Date.now() - 10 * 60_000);
    utimesSync(lockPath, longAgo, longAgo);
    const claim = claimDataDir(dir, 'retour migrate');
    expect(JSON.parse(readFileSync(lockPath, 'utf8')).host).toBe(hostname());
    claim.release();
  });
});
