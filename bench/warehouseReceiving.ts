import type { AddressInfo } from 'node:net';
import { createStaffUser } from '../src/app/admin/createStaffUser.js';
import { createWarehouse } from '../src/app/catalog/createWarehouse.js';
import { type AppContext, cliActor } from '../src/app/kernel/context.js';
import { markInTransit } from '../src/app/returns/markInTransit.js';
import { requestReturn } from '../src/app/returns/requestReturn.js';
import { loadConfig } from '../src/config/env.js';
import { openDb } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { buildServer } from '../src/http/server.js';
import { createAppContext } from '../src/runtime/appContext.js';
import { boot } from '../src/runtime/boot.js';
import { type BackendCpu, machineBusyPercent, machineCpuMs, watchBackendCpu } from './cpu.js';
import { type BenchOrder, prepareOrders, REASON_CODE } from './fixtures.js';
import { measureJobCost } from './jobCost.js';
import { type Answer, type LevelResult, runLevel } from './loadClient.js';
import { startServer } from './serverProcess.js';
import { expectStatus, loadReturn, loadStation, type StaffSession, staffSessionAt } from './staffHttp.js';

/** The warehouse worker the bench signs in as. */
export const WAREHOUSE_EMAIL = 'dock@bench.example';
export const WAREHOUSE_PASSWORD = 'bench dock password';
/** Every item passes every check of the default checklist, as a good parcel does. */
const CHECKS_PASSED = { tags_attached: true, unworn: true, original_packaging: true, no_damage: true };

/** An approved return in transit with one line, as its label's QR code reads. */
export interface ParcelAtDock {
  returnId: string;
  returnLineId: string;
  /** What the scanner reads off the label: RETOUR:<return number>:<order number>. */
  qrCode: string;
}

/** The dock: a default warehouse to restock into and the warehouse worker the bench signs in as. */
export async function setUpDock(ctx: AppContext): Promise<void> {
  const meta = { actor: cliActor };
  await createWarehouse(ctx, meta, {
    code: 'dc',
    name: 'Bench DC',
    isDefault: true,
    address: { line1: 'Retourweg 1', postcode: '3542 AD', city: 'Utrecht', country: 'NL' },
  });
  await createStaffUser(ctx, meta, { email: WAREHOUSE_EMAIL, name: 'Dock', password: WAREHOUSE_PASSWORD, role: 'warehouse' });
}

/** For each of `orders` (delivered, untouched), a return of its first line, approved and in
 * transit, made through the commands a shop's requests go through, four at a time. */
export async function sendParcelsToDock(ctx: AppContext, orders: BenchOrder[]): Promise<ParcelAtDock[]> {
  const meta = { actor: cliActor };
  const ids = await ctx.db
    .selectFrom('orders')
    .select(['id', 'order_number'])
    .where(
      'order_number',
      'in',
      orders.map((o) => o.number),
    )
    .execute();
  const orderId = new Map(ids.map((o) => [o.order_number, o.id]));
  const parcels: ParcelAtDock[] = new Array(orders.length);
  const made = await runLevel(4, { maxOps: orders.length, maxMs: 3_600_000 }, async (i) => {
    const order = orders[i] as BenchOrder;
    const created = await requestReturn(ctx, meta, {
      orderId: orderId.get(order.number) as string,
      source: 'api',
      lines: [{ orderLineId: order.lineIds[0] as string, quantity: 1, reasonCode: REASON_CODE, resolution: 'refund' }],
    });
    if (created.status !== 'approved') throw new Error(`bench return of ${order.number} is ${created.status}, not approved`);
    await markInTransit(ctx, meta, { returnId: created.returnId });
    const line = created.lines[0];
    if (!line) throw new Error(`bench return of ${order.number} has no line`);
    parcels[i] = { returnId: created.returnId, returnLineId: line.id, qrCode: `RETOUR:${created.number}:${order.number}` };
  });
  if (made.failures > 0) throw new Error(`sending parcels to the dock: ${made.failures} failed (${made.firstFailure})`);
  return parcels;
}

/** The dock (setUpDock) and `count` parcels on their way to it (sendParcelsToDock), each of its own
 * order. The outbox of what went before is taken as relayed: the parcels were booked days ago,
 * and what followed then is not what receiving costs. */
export async function prepareParcelsAtDock(ctx: AppContext, count: number): Promise<ParcelAtDock[]> {
  const orders = await prepareOrders(ctx, count);
  await setUpDock(ctx);
  const parcels = await sendParcelsToDock(ctx, orders);
  await ctx.db.updateTable('outbox').set({ published_at: new Date() }).where('published_at', 'is', null).execute();
  return parcels;
}

/** Signs in as the bench's warehouse worker at `baseUrl`; `connections` keep-alive sockets at most. */
export function signInAtDock(baseUrl: string, connections: number): Promise<StaffSession & { close: () => void }> {
  return staffSessionAt(baseUrl, connections, WAREHOUSE_EMAIL, WAREHOUSE_PASSWORD);
}

function expectOk(what: string, answer: Answer): unknown {
  expectStatus(answer, 200, what);
  return answer.json;
}

/** The HTTP calls receiveParcel makes per parcel. */
export const STATION_CALLS = 7;

/**
 * One parcel through the receiving station, call for call as the back office's screen makes them:
 * the scan finds the return, the station opens it (the return and its inspection setup), the
 * counted line is received, the station loads the return again, the line is graded A with its
 * checklist (the rules suggest the disposition: restock, which moves stock), and the station loads
 * the result. Throws unless the return ends inspected with its line restocked.
 */
export async function receiveParcel(session: StaffSession, parcel: ParcelAtDock): Promise<void> {
  const scan = expectOk('scan', await session.get(`/api/v1/returns/scan?code=${encodeURIComponent(parcel.qrCode)}`)) as {
    items: { id: string }[];
  };
  if (scan.items.length !== 1 || scan.items[0]?.id !== parcel.returnId) {
    throw new Error(`scan ${parcel.qrCode}: found ${JSON.stringify(scan.items)}`);
  }
  const opened = await loadStation(session, parcel.returnId, parcel.qrCode);
  expectOk(
    'receive',
    await session.post(`/api/v1/returns/${parcel.returnId}/receive`, {
      lines: [{ returnLineId: parcel.returnLineId, quantity: 1 }],
    }),
  );
  await loadReturn(session, parcel.returnId, parcel.qrCode);
  expectOk(
    'inspect',
    await session.post(`/api/v1/returns/${parcel.returnId}/inspect`, {
      warehouseId: opened.setup.warehouseId,
      lines: [{ returnLineId: parcel.returnLineId, grade: 'A', disposition: null, checklist: CHECKS_PASSED, note: null }],
    }),
  );
  const done = await loadReturn(session, parcel.returnId, parcel.qrCode);
  const line = done.lines.find((l) => l.id === parcel.returnLineId);
  if (done.status !== 'inspected' || line?.disposition !== 'restock') {
    throw new Error(`return ${parcel.returnId} ended ${done.status} with its line ${JSON.stringify(line)}`);
  }
}

export interface ReceivingResult extends LevelResult {
  /** CPU the server's processes used per line, in ms. */
  serverCpuMsPerLine: number;
  /** CPU the PostgreSQL backends of the database used per line, in ms. */
  dbCpuMsPerLine: number;
  /** The same less what the server and its backends spend idle meanwhile (the workers' polling,
   * timers), which weighs per line in proportion to how slow a busy machine makes the run. */
  serverCpuMsPerLineBeyondIdle: number;
  dbCpuMsPerLineBeyondIdle: number;
  /** How busy the whole machine was while it ran, 0–100. */
  machineBusyPercent: number;
  /** Statements the server sent per line on its request path (countRequestStatements). */
  statementsPerLine: number;
}

/** Parcels taken through the station before statements are counted (the caches fill). */
const UNCOUNTED_PARCELS = 5;

/**
 * The statements the server sends per line while it answers the station's calls: the server runs
 * in this process (as a server process of `retour serve` does, its background work off), so the
 * `pg` clients' statements are counted as they are sent; one worker takes `parcels` (the first
 * few not counted) through the station one after the other. With BENCH_STATEMENTS=1 it prints
 * how often each statement was sent. What the background process does after the commits (e-mails,
 * the outbox, follow-ups) is not counted here: its cost is in the CPU figures.
 */
async function countRequestStatements(databaseUrl: string, parcels: ParcelAtDock[]): Promise<number> {
  const config = loadConfig({ DATABASE_URL: databaseUrl, RETOUR_WORKERS: 'false' });
  const runtime = await boot(config);
  const app = await buildServer({ config, ctx: runtime.ctx, logger: false });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const session = await signInAtDock(`http://127.0.0.1:${port}`, 2);
    for (const parcel of parcels.slice(0, UNCOUNTED_PARCELS)) await receiveParcel(session, parcel);
    const cost = await measureJobCost(undefined);
    for (const parcel of parcels.slice(UNCOUNTED_PARCELS)) await receiveParcel(session, parcel);
    const { statements } = await cost.stop();
    session.close();
    return statements / (parcels.length - UNCOUNTED_PARCELS);
  } finally {
    await app.close();
    await runtime.handle.close();
  }
}

/**
 * Lines received and graded per second over HTTP: `lines` approved one-line returns in transit
 * wait at the dock of a server (`retour serve` as by default: on PostgreSQL a server process per
 * core (RETOUR_PROCESSES) and a background process for the outbox and the jobs; its CPU is all of
 * them) on the PostgreSQL database at `databaseUrl` (empty, on this machine); `concurrency` warehouse workers, signed in
 * as the back office signs in, each take the next parcel through the station (receiveParcel)
 * until the parcels or `seconds` run out. The first `warmup` parcels are not timed; then the
 * server idles `idleSeconds` to measure what it spends with nothing to do.
 */
export async function measureWarehouseReceiving(
  databaseUrl: string,
  options: {
    lines?: number;
    concurrency?: number;
    seconds?: number;
    warmup?: number;
    idleSeconds?: number;
    /** Lines whose statements are counted, on parcels of their own (countRequestStatements). */
    countedLines?: number;
  },
  log: (line: string) => void,
): Promise<ReceivingResult> {
  const warmup = options.warmup ?? 50;
  const setAside = UNCOUNTED_PARCELS + (options.countedLines ?? 40);
  const count = warmup + (options.lines ?? 3000) + setAside;
  const t0 = performance.now();
  const handle = await openDb({ databaseUrl });
  let parcels: ParcelAtDock[];
  try {
    await migrateToLatest(handle.db);
    parcels = await prepareParcelsAtDock(await createAppContext(loadConfig({ DATABASE_URL: databaseUrl }), handle.db), count);
  } finally {
    await handle.close();
  }
  const counted = parcels.splice(parcels.length - setAside);
  log(
    `[receive] ${count} approved one-line returns in transit in ${((performance.now() - t0) / 1000).toFixed(1)} s; starting the server…`,
  );
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const server = await startServer({ DATABASE_URL: databaseUrl }, nodeArgs);
  let backends: BackendCpu | null = null;
  try {
    backends = await watchBackendCpu(databaseUrl);
    const concurrency = options.concurrency ?? 8;
    const session = await signInAtDock(server.url, concurrency * 2);
    let next = 0;
    const take = () => {
      const parcel = parcels[next++];
      if (!parcel) throw new Error('ran out of prepared parcels');
      return parcel;
    };
    const warm = await runLevel(concurrency, { maxOps: warmup, maxMs: 60_000 }, () => receiveParcel(session, take()));
    if (warm.failures) throw new Error(`warm-up: ${warm.failures} failed (${warm.firstFailure})`);
    // What the server and its backends spend with nothing to do, per second, measured idle.
    const idleMs = (options.idleSeconds ?? 2) * 1000;
    const idleCpu0 = server.cpuMs();
    const idleDb0 = await backends.cpuMs();
    if (idleMs > 0) await new Promise((r) => setTimeout(r, idleMs));
    const idleServerPerMs = idleMs > 0 ? (server.cpuMs() - idleCpu0) / idleMs : 0;
    const idleDbPerMs = idleMs > 0 ? ((await backends.cpuMs()) - idleDb0) / idleMs : 0;
    const cpu0 = server.cpuMs();
    const db0 = await backends.cpuMs();
    const machine0 = machineCpuMs();
    const result = await runLevel(concurrency, { maxOps: parcels.length - warmup, maxMs: (options.seconds ?? 8) * 1000 }, () =>
      receiveParcel(session, take()),
    );
    const lines = Math.max(result.ops, 1);
    const serverCpuMsPerLine = (server.cpuMs() - cpu0) / lines;
    const dbCpuMsPerLine = ((await backends.cpuMs()) - db0) / lines;
    const idlePerLine = (result.seconds * 1000) / lines;
    const machineBusy = machineBusyPercent(machine0);
    session.close();
    const code = await server.stop();
    if (code !== 0) throw new Error(`the server did not shut down cleanly (exit ${code}):\n${server.output().slice(-2000)}`);
    const statementsPerLine = await countRequestStatements(databaseUrl, counted);
    return {
      statementsPerLine,
      ...result,
      serverCpuMsPerLine,
      dbCpuMsPerLine,
      serverCpuMsPerLineBeyondIdle: serverCpuMsPerLine - idleServerPerMs * idlePerLine,
      dbCpuMsPerLineBeyondIdle: dbCpuMsPerLine - idleDbPerMs * idlePerLine,
      machineBusyPercent: machineBusy,
    };
  } finally {
    await backends?.close();
    await server.stop();
  }
}
