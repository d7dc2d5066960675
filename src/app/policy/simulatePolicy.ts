import { notFound, RetourError } from '../../domain/errors.js';
import { isOneOf } from '../../domain/oneOf.js';
import { type PolicyDocument, RETURN_METHODS, type ReturnMethod } from '../../domain/policy/document.js';
import { evaluatePolicy, type LineVerdict, type PolicyVerdict } from '../../domain/policy/evaluate.js';
import type { LineSelection } from '../../domain/policy/facts.js';
import {
  expectedResolution,
  ORDER_REPLAY_DAYS_AFTER_DELIVERY,
  orderLineReplayAt,
  SimulationAccumulator,
  type SimulationResult,
} from '../../domain/policy/simulation.js';
import type { PolicyVersionStatus } from '../../domain/policy/versionStatus.js';
import { RESOLUTIONS, type Resolution } from '../../domain/returnLifecycle.js';
import { getShopSettings } from '../admin/shopSettings.js';
import type { AppContext } from '../kernel/context.js';
import type { OrderEvaluationFacts } from './evaluationFacts.js';
import { type BatchOrderFacts, FACTS_CHUNK_SIZE, factsAsOf, loadFactsBatch } from './loadFactsBatch.js';
import { loadPolicyVersion, type PolicyVersionRef } from './policyVersions.js';

export const SIMULATION_MAX_DAYS = 730;
export { ORDER_REPLAY_DAYS_AFTER_DELIVERY };

const DAY_MS = 86_400_000;

export interface SimulatePolicyInput {
  candidateVersionId: string;
  /** Default: the active version. */
  baselineVersionId?: string | undefined;
  /** The window, 1..730 days back from now. */
  days: number;
}

export interface SimulatedVersion {
  id: string;
  number: number;
  name: string;
  status: PolicyVersionStatus;
  active: boolean;
}

/** The simulation's outcome: `sides.current` is the baseline version, `sides.candidate` the
 * version tried; money in minor units of the shop's currency. */
export interface SimulationReport extends SimulationResult {
  candidate: SimulatedVersion;
  baseline: SimulatedVersion;
  days: number;
  from: string;
  to: string;
  timeZone: string;
  currency: string;
  /** Returns requested in the window and replayed, and their lines. */
  returns: number;
  returnLines: number;
  /** Lines of the orders placed in the window, judged as if all of it came back. */
  orderLines: number;
}

interface ReplayRow {
  id: string;
  number: string;
  orderId: string;
  method: ReturnMethod | null;
  createdAt: Date;
  lines: { orderLineId: string; quantity: number; reasonCode: string | null; resolution: Resolution | null }[];
}

const asResolution = (r: string | null): Resolution | null => (isOneOf(RESOLUTIONS, r) ? r : null);
const asMethod = (m: string | null): ReturnMethod | null =>
  (RETURN_METHODS as readonly string[]).includes(m ?? '') ? (m as ReturnMethod) : null;

/**
 * Replays a policy version against the last `days` days: every return requested then is judged by
 * the baseline (the active version unless given) and by the candidate, as of the moment it was
 * requested, with its lines, quantities, reasons, requested resolutions and method; and every
 * order placed then is judged line by line as a request to return everything, with no reason, when
 * each line really came back, or ORDER_REPLAY_DAYS_AFTER_DELIVERY days after delivery for a line that
 * never did (see orderLineReplayAt). Reads the facts in batches (see loadFactsBatch) and never writes.
 */
export async function simulatePolicy(
  ctx: AppContext,
  input: SimulatePolicyInput,
  onProgress?: (done: number, total: number) => void,
): Promise<SimulationReport> {
  const setup = await loadSimulation(ctx, input);
  const { from, to, settings, baseline, candidate } = setup;
  const window = await readWindow(ctx, from, to);
  const replay: ReplayProgress = {
    accumulator: new SimulationAccumulator(),
    judge: new Judge(settings.timezone, baseline.document, candidate.document),
    returnsReplayed: 0,
    returnLines: 0,
    done: 0,
    total: window.returnCount + window.placedInWindow.size,
    onProgress,
  };
  onProgress?.(replay.done, replay.total);
  for (let start = 0; start < window.orderIds.length; start += FACTS_CHUNK_SIZE) {
    const chunk = window.orderIds.slice(start, start + FACTS_CHUNK_SIZE);
    const facts = await loadFactsBatch(ctx.db, chunk, to, { caches: ctx.caches });
    for (const orderId of chunk) replayOrder(replay, window, orderId, facts.get(orderId), to);
  }

  const result = replay.accumulator.result();
  const present = (v: PolicyVersionRef): SimulatedVersion => ({
    id: v.id,
    number: v.number,
    name: v.name,
    status: v.status,
    active: v.id === settings.activePolicyVersionId,
  });
  return {
    candidate: present(candidate),
    baseline: present(baseline),
    days: setup.days,
    from: from.toISOString(),
    to: to.toISOString(),
    timeZone: settings.timezone,
    currency: settings.currency,
    returns: replay.returnsReplayed,
    returnLines: replay.returnLines,
    orderLines: result.orders.lines,
    ...result,
  };
}

/** The window checked, the shop's settings and the two versions compared. */
async function loadSimulation(ctx: AppContext, input: SimulatePolicyInput) {
  const days = input.days;
  if (!Number.isInteger(days) || days < 1 || days > SIMULATION_MAX_DAYS)
    throw new RetourError(
      'invalid',
      'INVALID_SIMULATION_WINDOW',
      `days must be a whole number from 1 to ${SIMULATION_MAX_DAYS}`,
      [{ path: 'days', message: `from 1 to ${SIMULATION_MAX_DAYS}` }],
    );
  const to = ctx.now();
  const from = new Date(to.getTime() - days * DAY_MS);
  const settings = await getShopSettings(ctx.db);
  const baselineId = input.baselineVersionId ?? settings.activePolicyVersionId;
  if (!baselineId) throw notFound('Policy version', 'active');
  const candidate = await loadPolicyVersion(ctx.db, input.candidateVersionId, ctx.caches);
  if (!candidate) throw notFound('Policy version', input.candidateVersionId);
  const baseline = await loadPolicyVersion(ctx.db, baselineId, ctx.caches);
  if (!baseline) throw notFound('Policy version', baselineId);
  return { days, from, to, settings, candidate, baseline };
}

type SimulationWindow = Awaited<ReturnType<typeof readWindow>>;

/** The returns requested and the orders placed in the window, and every order to load facts of. */
async function readWindow(ctx: AppContext, from: Date, to: Date) {
  const [returnRows, orderRows] = await Promise.all([
    ctx.db
      .selectFrom('returns')
      .innerJoin('return_lines', 'return_lines.return_id', 'returns.id')
      .leftJoin('reasons', 'reasons.id', 'return_lines.reason_id')
      .select([
        'returns.id',
        'returns.number',
        'returns.order_id',
        'returns.method',
        'returns.created_at',
        'return_lines.order_line_id',
        'return_lines.quantity',
        'return_lines.requested_resolution',
        'reasons.code as reason_code',
      ])
      .where('returns.created_at', '>=', from)
      .where('returns.created_at', '<=', to)
      .orderBy('returns.created_at')
      .orderBy('returns.id')
      .orderBy('return_lines.id')
      .execute(),
    ctx.db
      .selectFrom('orders')
      .select('id')
      .where('placed_at', '>=', from)
      .where('placed_at', '<=', to)
      .orderBy('placed_at')
      .orderBy('id')
      .execute(),
  ]);
  const replays = new Map<string, ReplayRow>();
  for (const row of returnRows) {
    let replay = replays.get(row.id);
    if (!replay) {
      replay = {
        id: row.id,
        number: row.number,
        orderId: row.order_id,
        method: asMethod(row.method),
        createdAt: row.created_at,
        lines: [],
      };
      replays.set(row.id, replay);
    }
    replay.lines.push({
      orderLineId: row.order_line_id,
      quantity: row.quantity,
      reasonCode: row.reason_code,
      resolution: asResolution(row.requested_resolution),
    });
  }
  const replaysByOrder = new Map<string, ReplayRow[]>();
  for (const replay of replays.values()) {
    const list = replaysByOrder.get(replay.orderId) ?? [];
    list.push(replay);
    replaysByOrder.set(replay.orderId, list);
  }
  const placedInWindow = new Set(orderRows.map((o) => o.id));
  const orderIds = [...new Set([...replaysByOrder.keys(), ...placedInWindow])];
  return { replaysByOrder, returnCount: replays.size, placedInWindow, orderIds };
}

interface ReplayProgress {
  accumulator: SimulationAccumulator;
  judge: Judge;
  returnsReplayed: number;
  returnLines: number;
  done: number;
  total: number;
  onProgress: ((done: number, total: number) => void) | undefined;
}

/** Judges one order's returns in the window as of their request, and the order itself when it was
 * placed in the window. */
function replayOrder(
  replay: ReplayProgress,
  window: SimulationWindow,
  orderId: string,
  orderFacts: BatchOrderFacts | undefined,
  to: Date,
) {
  const { judge, accumulator } = replay;
  for (const row of window.replaysByOrder.get(orderId) ?? []) {
    if (orderFacts) {
      const asOf = factsAsOf(orderFacts, row.createdAt, { returnId: row.id });
      const known = new Set(asOf.order.lines.map((l) => l.id));
      // Lines of order lines that are gone cannot be judged; the rest pair up with the verdict by position.
      const lines = row.lines.filter((l) => known.has(l.orderLineId));
      if (lines.length > 0) {
        replay.returnsReplayed++;
        replay.returnLines += lines.length;
        accumulator.addReturn({
          returnNumber: row.number,
          requestedAt: row.createdAt,
          chosen: lines.map((l) => ({ orderLineId: l.orderLineId, resolution: l.resolution })),
          current: judge.request('current', asOf, row.createdAt, lines, row.method),
          candidate: judge.request('candidate', asOf, row.createdAt, lines, row.method),
        });
      }
    }
    replay.onProgress?.(++replay.done, replay.total);
  }
  if (window.placedInWindow.has(orderId)) {
    if (orderFacts) {
      const { current, candidate: next, returned } = judge.everything(orderFacts, to);
      accumulator.addOrder(current, next, returned);
    }
    replay.onProgress?.(++replay.done, replay.total);
  }
}

type Side = 'current' | 'candidate';

class Judge {
  constructor(
    private readonly timeZone: string,
    private readonly current: PolicyDocument,
    private readonly candidate: PolicyDocument,
  ) {}

  private run(
    side: Side,
    facts: OrderEvaluationFacts,
    now: Date,
    selection?: { lines: LineSelection[]; method?: ReturnMethod | null },
  ) {
    return evaluatePolicy({
      now,
      timeZone: this.timeZone,
      policy: side === 'current' ? this.current : this.candidate,
      order: facts.order,
      customer: facts.customer,
      reasons: facts.reasons,
      exceptions: facts.exceptions,
      ...(selection ? { selection } : {}),
    });
  }

  /** A past request as made. Fees and bonus depend on the resolution (waivers, a bonus per
   * resolution): a line whose chosen resolution the policy does not allow is judged again with the
   * one it is expected to end in (see expectedResolution), so the money matches the split. */
  request(
    side: Side,
    facts: OrderEvaluationFacts,
    at: Date,
    lines: ReplayRow['lines'],
    method: ReturnMethod | null,
  ): PolicyVerdict {
    const selection: LineSelection[] = lines.map((l) => ({
      orderLineId: l.orderLineId,
      quantity: l.quantity,
      reasonCode: l.reasonCode,
      resolution: l.resolution,
    }));
    const first = this.run(side, facts, at, { lines: selection, method });
    const expected = first.lines.map((v, i) => (v.eligible ? expectedResolution(selection[i]?.resolution, v.resolutions) : null));
    if (expected.every((r, i) => r === null || r === selection[i]?.resolution)) return first;
    return this.run(side, facts, at, {
      lines: selection.map((l, i) => ({ ...l, resolution: expected[i] ?? l.resolution ?? null })),
      method,
    });
  }

  /** Every line of an order as a request for all its returnable units with no reason, made when
   * the line was first asked back (any return of it, whatever became of it), or at the assumed
   * instant for a line that never came back (see orderLineReplayAt). Lines with the same instant
   * are judged together. */
  everything(facts: BatchOrderFacts, now: Date): { current: LineVerdict[]; candidate: LineVerdict[]; returned: Set<string> } {
    const firstReturned = new Map<string, Date>();
    for (const r of facts.returnLines) {
      if (!r.orderLineId) continue;
      const seen = firstReturned.get(r.orderLineId);
      if (!seen || r.createdAt < seen) firstReturned.set(r.orderLineId, r.createdAt);
    }
    const groups = new Map<number, string[]>();
    for (const line of facts.order.lines) {
      const at = orderLineReplayAt(line.deliveredAt, firstReturned.get(line.id) ?? null, now).getTime();
      const list = groups.get(at) ?? [];
      list.push(line.id);
      groups.set(at, list);
    }
    const current: LineVerdict[] = [];
    const candidate: LineVerdict[] = [];
    for (const [time, ids] of groups) {
      const at = new Date(time);
      const asOf = factsAsOf(facts, at);
      const selection: LineSelection[] = asOf.order.lines
        .filter((l) => ids.includes(l.id))
        .map((l) => ({ orderLineId: l.id, quantity: Math.max(l.quantity - l.quantityInReturns, 1) }));
      current.push(...this.run('current', asOf, at, { lines: selection }).lines);
      candidate.push(...this.run('candidate', asOf, at, { lines: selection }).lines);
    }
    return { current, candidate, returned: new Set(firstReturned.keys()) };
  }
}
