import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_PROCESSES,
  loadConfig,
  postgresIsLocal,
  serverProcessCount,
  serverProcessPoolSize,
} from '../src/config/env.js';
import { createTestDb, DB_KINDS, postgresOnly } from './support/databases.js';
import { DAY, orderFixture, PASSWORD, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { startRetour } from './support/retourProcess.js';
import { testContext } from './support/testContext.js';
import { until } from './support/until.js';

describe('RETOUR_PROCESSES', () => {
  it('is read as a count, unset or 0 meaning the default', () => {
    expect(loadConfig({}).processes).toBeUndefined();
    expect(loadConfig({ RETOUR_PROCESSES: '0' }).processes).toBeUndefined();
    expect(loadConfig({ RETOUR_PROCESSES: '3' }).processes).toBe(3);
    expect(() => loadConfig({ RETOUR_PROCESSES: 'many' })).toThrow(/RETOUR_PROCESSES must be a non-negative integer/);
    expect(() => loadConfig({ RETOUR_PROCESSES: '-2' })).toThrow(/RETOUR_PROCESSES/);
  });

  it('defaults to one process per core up to 4 on PostgreSQL elsewhere, and is always 1 on the embedded database, saying so', () => {
    const url = 'postgres://retour@db/retour';
    expect(serverProcessCount({ processes: undefined, databaseUrl: url }, 2, undefined, 'app')).toBe(2);
    expect(serverProcessCount({ processes: undefined, databaseUrl: url }, 4, undefined, 'app')).toBe(4);
    expect(serverProcessCount({ processes: undefined, databaseUrl: url }, 16, undefined, 'app')).toBe(DEFAULT_MAX_PROCESSES);
    expect(serverProcessCount({ processes: 8, databaseUrl: url }, 2)).toBe(8);
    expect(serverProcessCount({ processes: 3, databaseUrl: url }, 4)).toBe(3);
    expect(serverProcessCount({ processes: undefined, databaseUrl: url }, 0, undefined, 'app')).toBe(1);
    const warnings: string[] = [];
    expect(serverProcessCount({ processes: undefined, databaseUrl: undefined }, 4, (w) => warnings.push(w))).toBe(1);
    expect(warnings).toEqual([]);
    expect(serverProcessCount({ processes: 4, databaseUrl: undefined }, 4, (w) => warnings.push(w))).toBe(1);
    expect(warnings).toEqual([expect.stringMatching(/RETOUR_PROCESSES=4 needs PostgreSQL.*1 runs/)]);
  });

  it('leaves half the cores to a PostgreSQL on the same machine: one process on 2 cores, unless RETOUR_PROCESSES says', () => {
    const local = 'postgres://retour@127.0.0.1:5432/retour';
    const count = (databaseUrl: string, cores: number, processes?: number) =>
      serverProcessCount({ processes, databaseUrl }, cores, undefined, 'app-1');
    expect([1, 2, 3, 4, 6, 8, 16].map((cores) => count(local, cores))).toEqual([1, 1, 1, 2, 3, 4, 4]);
    expect(count(local, 2, 2)).toBe(2);
    // The same machine however the URL names it; another host (a container, a managed service) not.
    expect(count('postgres://localhost/retour', 4)).toBe(2);
    expect(count('postgres://u:p@[::1]:5432/retour', 4)).toBe(2);
    expect(count('postgresql:///retour?host=/var/run/postgresql', 4)).toBe(2);
    expect(count('postgres://%2Frun%2Fpostgresql/retour', 4)).toBe(2);
    expect(count('postgres://retour@APP-1:5432/retour', 4)).toBe(2);
    expect(count('postgres://retour@db.internal:5432/retour', 4)).toBe(4);
    expect(count('postgres://retour@10.0.0.5/retour', 2)).toBe(2);
    expect(postgresIsLocal('not a url', 'app-1')).toBe(false);
    // A bad percent escape in the host is no host node-postgres can reach: elsewhere, not a crash.
    expect(postgresIsLocal('postgres://%zz/retour', 'app-1', undefined)).toBe(false);
    expect(count('postgres://%zz/retour', 4)).toBe(4);
    // No host in the URL: node-postgres goes to PGHOST, else to localhost.
    expect(postgresIsLocal('postgres:///retour', 'app-1', undefined)).toBe(true);
    expect(postgresIsLocal('postgres:///retour', 'app-1', 'db.internal')).toBe(false);
    expect(postgresIsLocal('postgres:///retour', 'app-1', '/var/run/postgresql')).toBe(true);
    expect(postgresIsLocal('postgres:///retour', 'app-1', '127.0.0.1')).toBe(true);
    // A host in the URL goes before PGHOST, as in node-postgres.
    expect(postgresIsLocal('postgres://localhost/retour', 'app-1', 'db.internal')).toBe(true);
    expect(postgresIsLocal('postgres://db.internal/retour', 'app-1', 'localhost')).toBe(false);
  });

  it('shares out the default pool between the server processes, keeping a few connections each', () => {
    expect([1, 2, 3, 4, 8, 16].map(serverProcessPoolSize)).toEqual([10, 10, 7, 5, 3, 3]);
  });
});

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  /** The client's end of the connection that carried it. */
  port: number;
}

/** One request over `agent`: a keep-alive connection stays with the server process that took it. */
function call(agent: Agent, base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return new Promise<Answer>((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      `${base}${path}`,
      { method, agent, headers: { ...headers, ...(payload ? { 'content-type': 'application/json' } : {}) } },
      (res) => {
        // Read now: once the answer ends, a keep-alive socket goes back to the agent and leaves it.
        const port = res.socket.localPort ?? 0;
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: text ? JSON.parse(text) : {},
            headers: res.headers,
            port,
          }),
        );
      },
    );
    req.on('error', reject);
    // A connection the primary handed to a process just as it died is never answered.
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer to ${method} ${path}`)));
    req.end(payload);
  });
}

const ready = (agent: Agent, base: string) => call(agent, base, 'GET', '/api/ready');
const processOf = async (agent: Agent, base: string) => (await ready(agent, base)).body.process as string;
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const childrenOf = (pid: number) =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(' ').filter(Boolean).map(Number);
/** The process among `candidates` that holds the server's end of the local TCP connection whose
 * client end is `clientPort` (the answers name a process by a random id, not its pid). */
function pidServing(clientPort: number, candidates: number[]): number | undefined {
  const port = `:${clientPort.toString(16).toUpperCase().padStart(4, '0')}`;
  const sockets = ['/proc/net/tcp', '/proc/net/tcp6']
    .flatMap((file) => readFileSync(file, 'utf8').trim().split('\n').slice(1))
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[2]?.endsWith(port))
    .map((fields) => `socket:[${fields[9]}]`);
  const holds = (pid: number) =>
    readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return sockets.includes(readlinkSync(`/proc/${pid}/fd/${fd}`));
      } catch {
        return false;
      }
    });
  return candidates.find(holds);
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe.skipIf(!DB_KINDS.includes('postgres'))(postgresOnly('retour serve with RETOUR_PROCESSES=2'), () => {
  it('answers from both processes, which share settings, sessions and the lookup limit, restarts one that dies, and stops on SIGTERM', async () => {
    const db = await createTestDb('postgres');
    const dataDir = mkdtempSync(join(tmpdir(), 'retour-processes-'));
    dirs.push(dataDir);
    const agents: Agent[] = [];
    const agent = () => {
      const a = new Agent({ keepAlive: true, maxSockets: 1 });
      agents.push(a);
      return a;
    };
    try {
      const ctx = testContext(db.db);
      await seedCatalogue(ctx);
      await seedStaff(ctx, ['admin']);
      const [order] = await seedOrders(ctx, [orderFixture('P-1001', new Date(Date.now() - 3 * DAY))]);
      const shopper = { orderNumber: order?.number, email: 'p-1001@example.nl' };

      const s = await startRetour(['serve'], {
        DATABASE_URL: db.url ?? '',
        RETOUR_DATA_DIR: dataDir,
        RETOUR_PROCESSES: '2',
        RETOUR_LOOKUP_RATE_LIMIT: '6',
        LOG_LEVEL: 'warn',
      });
      expect(s.output().match(/Retour is running at/g)).toHaveLength(1);
      const primary = s.child.pid as number;

      // The primary hands each new connection to the next process: two connections, two processes.
      const first = agent();
      const r1 = await ready(first, s.url);
      const p1 = r1.body.process as string;
      let second = agent();
      let r2 = await ready(second, s.url);
      while (r2.body.process === p1) {
        second = agent();
        r2 = await ready(second, s.url);
      }
      const p2 = r2.body.process as string;
      expect(p1).toMatch(/^[0-9a-f]{12}$/);
      expect(await processOf(first, s.url)).toBe(p1);
      expect(await processOf(second, s.url)).toBe(p2);
      const pid1 = pidServing(r1.port, childrenOf(primary));
      const pid2 = pidServing(r2.port, childrenOf(primary));
      expect(pid1).toEqual(expect.any(Number));
      expect(pid2).toEqual(expect.any(Number));
      expect(pid1).not.toBe(pid2);

      // A staff session made through one process works through the other.
      const login = await call(first, s.url, 'POST', '/api/v1/auth/login', { email: 'admin@shop.test', password: PASSWORD });
      expect(login.status).toBe(200);
      const staff = {
        cookie: String([login.headers['set-cookie']].flat()[0]).split(';')[0] ?? '',
        'x-csrf-token': String(login.body.csrfToken),
      };
      expect((await call(second, s.url, 'GET', '/api/v1/settings/shop', undefined, staff)).status).toBe(200);

      // The first process keeps the shop's settings; a change saved through the second (a write
      // guarded by the CSRF token of the session made through the first) reaches the first within
      // milliseconds (PostgreSQL's NOTIFY, handled on the first's own event loop).
      const lookup = await call(second, s.url, 'POST', '/api/v1/shopper/lookup', shopper);
      expect(lookup.status).toBe(200);
      const bearer = { authorization: `Bearer ${lookup.body.token}` };
      const before = await call(first, s.url, 'GET', '/api/v1/shopper/pickup-slots', undefined, bearer);
      expect(before.body.timeZone).toBe('Europe/Amsterdam');
      const saved = await call(second, s.url, 'PATCH', '/api/v1/settings/shop', { timezone: 'Europe/Lisbon' }, staff);
      expect(saved.status).toBe(200);
      await until(
        async () =>
          (await call(first, s.url, 'GET', '/api/v1/shopper/pickup-slots', undefined, bearer)).body.timeZone === 'Europe/Lisbon',
        { what: 'the other process to see the new time zone' },
      );

      // The lookup limit (6 a minute) holds across both processes: one lookup was made above.
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        statuses.push((await call(i % 2 ? first : second, s.url, 'POST', '/api/v1/shopper/lookup', shopper)).status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);

      // A process that dies is replaced; the other goes on answering meanwhile.
      process.kill(pid1 as number, 'SIGKILL');
      expect(await processOf(second, s.url)).toBe(p2);
      const replacement = await until(
        async () => {
          const answer = await ready(agent(), s.url).catch(() => null);
          return answer && answer.body.process !== p2 ? answer : null;
        },
        { what: 'a new server process in place of the one killed', ms: 120_000 },
      );
      expect([p1, p2]).not.toContain(replacement.body.process);
      expect(s.output()).toContain('a Retour process died; starting another');

      const processes = childrenOf(primary);
      expect(processes).toEqual(expect.arrayContaining([pid2, pidServing(replacement.port, processes)]));
      expect(processes).not.toContain(pid1);
      for (const a of agents) a.destroy();
      expect(await s.stop()).toBe(0);
      expect(processes.filter(alive)).toEqual([]);
    } finally {
      for (const a of agents) a.destroy();
      await db.close();
    }
  }, 400_000);

  it('exits 0 when told to stop while its processes are still starting', async () => {
    const db = await createTestDb('postgres');
    const dataDir = mkdtempSync(join(tmpdir(), 'retour-processes-'));
    dirs.push(dataDir);
    try {
      const s = await startRetour(
        ['serve'],
        { DATABASE_URL: db.url ?? '', RETOUR_DATA_DIR: dataDir, RETOUR_PROCESSES: '2', LOG_LEVEL: 'info' },
        /starting the server processes/,
      );
      const processes = childrenOf(s.child.pid as number);
      expect(await s.stop()).toBe(0);
      expect(processes.filter(alive)).toEqual([]);
    } finally {
      await db.close();
    }
  }, 120_000);
});
