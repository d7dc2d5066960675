import type { BenchOrder } from '../fixtures.js';
import { REASON_CODE } from '../fixtures.js';
import { expectStatus, loadReturn, loadStation, type StaffSession } from '../staffHttp.js';
import type { SoakHttp } from './http.js';
import { NOTHING_TO_DO, type OpenLoop } from './load.js';

/** A return on its way through the warehouse and the back office. */
interface ReturnInFlow {
  id: string;
  number: string;
  lineIds: string[];
  /** When its goods were graded (performance.now()), for the settling step. */
  gradedAt?: number;
}

/** How long the worker may take to pay a graded return before the soak calls it an error. */
const PAY_WITHIN_MS = 120_000;
/** Settling looks at a return this long after it was graded at the earliest: the worker pays it. */
const SETTLE_AFTER_MS = 2_000;
/** Recent returns the back office opens (a window, so what it reads stays as hot as in a shop). */
const RECENT = 200;

/** Operations per second of each kind at scale 1 (the soak multiplies them by BENCH_SOAK_SCALE),
 * about 50 HTTP calls a second in all and every return's e-mails, webhooks and refund behind them:
 * a steady day's load with room to spare on two cores, so the latencies are those of a server
 * that keeps up, not of a queue. Returns arrive faster than the warehouse takes them, so it
 * always finds a parcel; settling keeps pace with the warehouse. */
export const RATES = {
  /** A shopper looks the order up and asks to return both lines (as bench/run.ts createReturn). */
  'portal.request': 4,
  /** A shopper who asked earlier looks the order up again and reads their returns. */
  'portal.status': 2,
  /** The back office's queue: its first page and the counts per status. */
  'office.queue': 1,
  /** The back office opens a recent return. */
  'office.detail': 2,
  /** The warehouse scans a parcel, opens it, receives both lines and grades them (restock). */
  'warehouse.receive': 3,
  /** The back office opens a graded return, checks that its money went out (the worker refunds
   * it through the sandbox provider at inspection, as the policy says) and closes it. */
  'office.settle': 3,
} as const;

export type FlowKind = keyof typeof RATES;

/** Counts of the pipeline's queues, for the per-minute report. */
export interface FlowQueues {
  toReceive: number;
  toSettle: number;
  closed: number;
}

/**
 * The soak's mixed load: shoppers make returns, the warehouse receives and grades what they sent
 * (oldest first), the back office reads its queue and returns and closes what was paid. Each
 * kind's operation is independent of the rates: a step with nothing to work on yet says so.
 */
export function soakFlows(
  http: SoakHttp,
  staff: { office: StaffSession; warehouse: StaffSession },
  orders: readonly BenchOrder[],
  scale: number,
): { loops: OpenLoop[]; queues: () => FlowQueues; ordersLeft: () => number } {
  let nextOrder = 0;
  const asked: BenchOrder[] = [];
  const toReceive: ReturnInFlow[] = [];
  const toSettle: ReturnInFlow[] = [];
  const recent: string[] = [];
  let closed = 0;
  const pick = <T>(list: readonly T[]): T | undefined => list[Math.floor(Math.random() * list.length)];

  const lookup = async (order: BenchOrder): Promise<string> => {
    const found = await http.shopper(
      'POST',
      '/api/v1/shopper/lookup',
      { orderNumber: order.number, email: order.email },
      undefined,
      order.headers,
    );
    expectStatus(found, 200, `lookup ${order.number}`);
    return (found.json as { token: string }).token;
  };

  const request = async () => {
    const order = orders[nextOrder++];
    if (!order) throw new Error('ran out of prepared orders');
    const token = await lookup(order);
    const lines = order.lineIds.map((id) => ({ orderLineId: id, quantity: 1, reasonCode: REASON_CODE, resolution: 'refund' }));
    const created = await http.shopper('POST', '/api/v1/shopper/returns', { method: 'qr', lines }, token, order.headers);
    expectStatus(created, 201, `return for ${order.number}`);
    const ret = created.json as { returnId: string; number: string; status: string; lines: { id: string }[] };
    if (ret.status !== 'approved') throw new Error(`return ${ret.number} is ${ret.status}, not approved`);
    asked.push(order);
    toReceive.push({ id: ret.returnId, number: ret.number, lineIds: ret.lines.map((l) => l.id) });
    recent.push(ret.returnId);
    if (recent.length > RECENT) recent.shift();
  };

  const status = async () => {
    const order = pick(asked);
    if (!order) return NOTHING_TO_DO;
    const token = await lookup(order);
    const mine = await http.shopper('GET', '/api/v1/shopper/returns', undefined, token, order.headers);
    expectStatus(mine, 200, `returns of ${order.number}`);
  };

  const queue = async () => {
    const [page, counts] = await Promise.all([
      staff.office.get('/api/v1/returns?limit=25'),
      staff.office.get('/api/v1/returns/counts'),
    ]);
    expectStatus(page, 200, 'queue');
    expectStatus(counts, 200, 'queue counts');
  };

  const detail = async () => {
    const id = pick(recent);
    if (!id) return NOTHING_TO_DO;
    expectStatus(await staff.office.get(`/api/v1/returns/${id}`), 200, `return ${id}`);
  };

  const receive = async () => {
    const ret = toReceive.shift();
    if (!ret) return NOTHING_TO_DO;
    await receiveAndGrade(staff.warehouse, ret);
    ret.gradedAt = performance.now();
    toSettle.push(ret);
  };

  const settle = async () => {
    const ret = toSettle[0];
    if (!ret || performance.now() - (ret.gradedAt ?? 0) < SETTLE_AFTER_MS) return NOTHING_TO_DO;
    toSettle.shift();
    const opened = await staff.office.get(`/api/v1/returns/${ret.id}`);
    expectStatus(opened, 200, `return ${ret.number}`);
    const detail = opened.json as { status: string; settlements: { status: string }[] };
    if (detail.settlements.length === 0 || detail.settlements.some((s) => s.status !== 'succeeded')) {
      if (performance.now() - (ret.gradedAt ?? 0) > PAY_WITHIN_MS) {
        throw new Error(`${ret.number} not paid ${PAY_WITHIN_MS / 1000} s after grading: ${JSON.stringify(detail.settlements)}`);
      }
      toSettle.push(ret); // the worker has not paid it yet: looked at again later
      return NOTHING_TO_DO;
    }
    // Paid in full, the return resolves itself; one paid before its last line was graded waits for
    // staff. The detail's reads are not one snapshot: it may show the refund made and the return
    // still inspected when the worker committed between them, and then the return resolved itself.
    if (detail.status === 'inspected') {
      const resolved = await staff.office.post(`/api/v1/returns/${ret.id}/resolve`, {});
      if (resolved.status !== 409 || (resolved.json as { returnStatus?: string }).returnStatus !== 'resolved') {
        expectStatus(resolved, 200, `resolve ${ret.number}`);
      }
    }
    expectStatus(await staff.office.post(`/api/v1/returns/${ret.id}/close`, {}), 200, `close ${ret.number}`);
    closed++;
  };

  const ops: Record<FlowKind, OpenLoop['op']> = {
    'portal.request': request,
    'portal.status': status,
    'office.queue': queue,
    'office.detail': detail,
    'warehouse.receive': receive,
    'office.settle': settle,
  };
  return {
    loops: (Object.keys(RATES) as FlowKind[]).map((kind) => ({ kind, perSecond: RATES[kind] * scale, op: ops[kind] })),
    queues: () => ({ toReceive: toReceive.length, toSettle: toSettle.length, closed }),
    ordersLeft: () => orders.length - nextOrder,
  };
}

/** The warehouse's calls for one parcel, as the back office's receive screen makes them (the same
 * station as bench/warehouseReceiving.ts, for the soak's two-line returns): the scan, the station
 * opened (the return and its inspection setup), what arrived (every line, once), the return
 * again, the grade (A: the rules suggest a restock, which moves stock) and the return with the
 * result. */
async function receiveAndGrade(warehouse: StaffSession, ret: ReturnInFlow): Promise<void> {
  const scan = await warehouse.get(`/api/v1/returns/scan?code=${encodeURIComponent(ret.number)}`);
  expectStatus(scan, 200, `scan ${ret.number}`);
  if (!(scan.json as { items: { id: string }[] }).items.some((i) => i.id === ret.id)) {
    throw new Error(`scan ${ret.number} did not find the return`);
  }
  await loadStation(warehouse, ret.id, ret.number);
  const received = await warehouse.post(`/api/v1/returns/${ret.id}/receive`, {
    lines: ret.lineIds.map((returnLineId) => ({ returnLineId, quantity: 1 })),
  });
  expectStatus(received, 200, `receive ${ret.number}`);
  await loadReturn(warehouse, ret.id, ret.number);
  const graded = await warehouse.post(`/api/v1/returns/${ret.id}/inspect`, {
    lines: ret.lineIds.map((returnLineId) => ({ returnLineId, grade: 'A' })),
  });
  expectStatus(graded, 200, `grade ${ret.number}`);
  const done = await loadReturn(warehouse, ret.id, ret.number);
  // The worker may have refunded and resolved it already: both are past inspection.
  if (!['inspected', 'resolved'].includes(done.status) || done.lines.some((l) => l.disposition !== 'restock')) {
    throw new Error(`return ${ret.number} ended ${done.status} with lines ${JSON.stringify(done.lines)}`);
  }
}
